package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"session_key":"k","openid":"o"}`, `{"openid":"o","session_key":"[redacted]"}`},
		{`{"a":{"secret":"s"},"b":[{"access_token":"t"}]}`, `{"a":{"secret":"[redacted]"},"b":[{"access_token":"[redacted]"}]}`},
		{`{"scope":"scope.camera"}`, `{"scope":"scope.camera"}`},
		{`not json session_key=abc`, `"[24 bytes of invalid JSON]"`},
		{`{"Session_Key":"k","TOKEN":"t"}`, `{"Session_Key":"[redacted]","TOKEN":"[redacted]"}`},
		// A name spelt with a JSON escape, or with a rune that folds to an
		// ASCII letter (long s, the Kelvin sign), is still that name.
		{`{"session\u005fkey":"k"}`, `{"session_key":"[redacted]"}`},
		{`{"\u0073ecret":"s"}`, `{"secret":"[redacted]"}`},
		{"{\"\u017fecret\":\"s\"}", "{\"\u017fecret\":\"[redacted]\"}"},
		{"{\"session_\u212aey\":\"k\"}", "{\"session_\u212aey\":\"[redacted]\"}"},
		{`{"nickName":"小明","lang":"zh_CN"}`, `{"nickName":"小明","lang":"zh_CN"}`},
	}
	for _, tt := range tests {
		got := string(app.Redact(json.RawMessage(tt.in)))
		if got != tt.want {
			t.Errorf("Redact(%s) = %s, want %s", tt.in, got, tt.want)
		}
		if strings.Contains(got, "abc") {
			t.Errorf("secret leaked: %s", got)
		}
	}
}

func TestCallLog(t *testing.T) {
	th := newTestHost(t, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	live := th.SubscribeCalls(ctx)
	for i, api := range []string{"login", "authorize", "login"} {
		th.RecordCall(app.CallRecord{Time: time.Now(), AppID: testAppID, API: api, Args: json.RawMessage(`{"n":` + string(rune('0'+i)) + `}`),
			Result: json.RawMessage(`{"session_key":"SECRET"}`), ErrMsg: api + ":ok"})
	}
	select {
	case rec := <-live:
		if rec.API != "login" || rec.Seq == 0 {
			t.Fatalf("live record %+v", rec)
		}
	case <-time.After(time.Second):
		t.Fatal("no live record")
	}
	got, err := th.Calls(app.CallFilter{API: "login"})
	if err != nil || len(got) != 2 {
		t.Fatalf("filtered calls: %d %v", len(got), err)
	}
	if strings.Contains(string(got[0].Result), "SECRET") {
		t.Fatal("session_key stored in the call log")
	}
	// Records survive a restart, and numbering continues.
	th.Close()
	th.open(t)
	all, _ := th.Calls(app.CallFilter{})
	if len(all) != 3 {
		t.Fatalf("%d records after restart, want 3", len(all))
	}
	rec := th.RecordCall(app.CallRecord{API: "x"})
	if rec.Seq != all[2].Seq+1 {
		t.Fatalf("seq %d after restart, want %d", rec.Seq, all[2].Seq+1)
	}
}

// newLogHost is a Host keeping at most size call records.
func newLogHost(t testing.TB, st app.Store, size int) *app.Host {
	t.Helper()
	h, err := app.New(context.Background(), app.Options{Store: st, Keys: &memKeys{}, Prompter: &fakePrompter{allow: true},
		CallLogSize: size, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The call log keeps the newest CallLogSize records, whether they arrive one
// by one or in a burst far longer than the log (a writer that fell behind).
func TestCallLogKeepsTheNewest(t *testing.T) {
	const size = 5
	tests := []struct {
		name   string
		bursts []int // records added before each wait for the writer
	}{
		{"fewer than the size", []int{3}},
		{"exactly the size", []int{5}},
		{"one at a time past the size", []int{1, 1, 1, 1, 1, 1, 1, 1}},
		{"small bursts past the size", []int{3, 3, 3}},
		{"one burst of many times the size", []int{23}},
		{"a long burst after a full log", []int{5, 17}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			h := newLogHost(t, st, size)
			total := 0
			for _, n := range tt.bursts {
				for range n {
					total++
					h.RecordCall(app.CallRecord{API: "login", ErrMsg: "login:ok"})
				}
				if _, err := h.Calls(app.CallFilter{}); err != nil { // waits for the writer
					t.Fatal(err)
				}
			}
			check := func(when string, h *app.Host) {
				got, err := h.Calls(app.CallFilter{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				want := min(total, size)
				if len(got) != want {
					t.Fatalf("%s: %d records, want %d", when, len(got), want)
				}
				for i, r := range got {
					if wantSeq := uint64(total - want + 1 + i); r.Seq != wantSeq {
						t.Fatalf("%s: record %d has seq %d, want %d (the newest, oldest first)", when, i, r.Seq, wantSeq)
					}
				}
			}
			check("live", h)
			h.Close()
			check("after a restart", newLogHost(t, st, size))
		})
	}
}

// newBoltLogHost is newLogHost on a bbolt store in a temp dir.
func newBoltLogHost(b *testing.B, size int) *app.Host {
	b.Helper()
	db, err := boltstore.Open(b.TempDir(), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	h := newLogHost(b, db, size)
	b.Cleanup(func() { h.Close(); db.Close() })
	return h
}

// BenchmarkCallLogBurst stores a burst of three times the log's size in bbolt,
// as when the writer fell behind a busy host: records that would be trimmed
// at once must not cost more than the ones kept.
func BenchmarkCallLogBurst(b *testing.B) {
	const size = 10000
	h := newBoltLogHost(b, size)
	rec := app.CallRecord{API: "getSetting", AppID: testAppID, Args: json.RawMessage(`{}`), Result: json.RawMessage(`{"authSetting":{"scope.userInfo":true}}`), ErrMsg: "getSetting:ok"}
	for b.Loop() {
		for range 3 * size {
			h.RecordCall(rec)
		}
		if _, err := h.Calls(app.CallFilter{Limit: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCalls queries a full 10000-record log in bbolt the ways QA and
// the window do: the newest few, and what came after a recent record (a
// scenario's expectCalls polls that every 50 ms).
func BenchmarkCalls(b *testing.B) {
	const size = 10000
	h := newBoltLogHost(b, size)
	var last app.CallRecord
	for i := range size {
		api := "getSetting"
		if i%10 == 0 {
			api = "login"
		}
		last = h.RecordCall(app.CallRecord{API: api, AppID: testAppID, Args: json.RawMessage(`{}`), Result: json.RawMessage(`{"authSetting":{"scope.userInfo":true}}`), ErrMsg: api + ":ok"})
	}
	if _, err := h.Calls(app.CallFilter{Limit: 1}); err != nil { // waits for the writer: not timed below
		b.Fatal(err)
	}
	for _, q := range []struct {
		name string
		f    app.CallFilter
	}{
		{"newest 100", app.CallFilter{}},
		{"newest 10 logins", app.CallFilter{API: "login", Limit: 10}},
		{"after a recent record", app.CallFilter{AfterSeq: last.Seq - 20, Limit: size}},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := h.Calls(q.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Calls returns the newest Limit records that match, oldest first.
func TestCallsSelects(t *testing.T) {
	st := newMemStore()
	h := newLogHost(t, st, 100)
	defer h.Close()
	// seq 1..12: login at 1, 4, 7, 10; getSetting otherwise; 6 and 9 failed.
	for i := 1; i <= 12; i++ {
		api, msg := "getSetting", "getSetting:ok"
		if i%3 == 1 {
			api, msg = "login", "login:ok"
		}
		if i == 6 || i == 9 {
			msg = "getSetting:fail auth deny"
		}
		h.RecordCall(app.CallRecord{API: api, AppID: testAppID, ErrMsg: msg})
	}
	if _, err := h.Calls(app.CallFilter{}); err != nil { // stored
		t.Fatal(err)
	}
	// A damaged entry among them is skipped.
	if err := st.Update(func(tx app.Tx) error { return tx.Put("calls", fmt.Sprintf("%020d", 11), []byte("{not json")) }); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    app.CallFilter
		want []uint64
	}{
		{"all (default limit)", app.CallFilter{}, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12}},
		{"newest 3", app.CallFilter{Limit: 3}, []uint64{9, 10, 12}},
		{"logins", app.CallFilter{API: "login"}, []uint64{1, 4, 7, 10}},
		{"newest 2 logins", app.CallFilter{API: "login", Limit: 2}, []uint64{7, 10}},
		{"after 8", app.CallFilter{AfterSeq: 8}, []uint64{9, 10, 12}},
		{"getSetting after 4, newest 2", app.CallFilter{API: "getSetting", AfterSeq: 4, Limit: 2}, []uint64{9, 12}},
		{"failed", app.CallFilter{Failed: true}, []uint64{6, 9}},
		{"after the last", app.CallFilter{AfterSeq: 12}, nil},
		{"another app", app.CallFilter{AppID: "wx0000000000000000"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := h.Calls(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []uint64
			for _, r := range recs {
				got = append(got, r.Seq)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("seqs %v, want %v", got, tt.want)
			}
		})
	}
}

// A call's arguments may hold bytes that are not UTF-8 (a page can send
// anything); the log must still be valid JSON for strict clients.
func TestCallLogSanitisesInvalidUTF8(t *testing.T) {
	th := newTestHost(t, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	live := th.SubscribeCalls(ctx)
	th.RecordCall(app.CallRecord{AppID: testAppID, API: "setStorage",
		Args: json.RawMessage("{\"key\":\"k\xff\xfe\",\"data\":[\"\xc3\"]}"), Result: json.RawMessage("{\"v\":\"\xed\xa0\x80\"}"), ErrMsg: "setStorage:ok"})
	strict := func(what string, v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !utf8.Valid(b) {
			t.Fatalf("%s is not valid UTF-8: %q", what, b)
		}
		if !strings.Contains(string(b), "k\uFFFD\uFFFD") {
			t.Fatalf("%s: the invalid bytes are not replaced by U+FFFD: %s", what, b)
		}
	}
	select {
	case rec := <-live:
		strict("live record", rec)
	case <-time.After(time.Second):
		t.Fatal("no live record")
	}
	got, err := th.Calls(app.CallFilter{})
	if err != nil || len(got) != 1 {
		t.Fatalf("calls: %v %v", got, err)
	}
	strict("stored record", got)
	if !utf8.Valid(got[0].Args) || !utf8.Valid(got[0].Result) {
		t.Fatalf("stored args/result hold invalid UTF-8: %q %q", got[0].Args, got[0].Result)
	}
}
