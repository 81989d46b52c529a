package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"minihost/app"
	"minihost/app/boltstore"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"session_key":"k","openid":"o"}`, `{"openid":"o","session_key":"[redacted]"}`},
		{`{"a":{"secret":"s"},"b":[{"access_token":"t"}]}`, `{"a":{"secret":"[redacted]"},"b":[{"access_token":"[redacted]"}]}`},
		{`{"scope":"scope.camera"}`, `{"scope":"scope.camera"}`},
		{`not json session_key=abc`, `"[24 bytes of invalid JSON]"`},
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

// BenchmarkCallLogBurst stores a burst of three times the log's size in bbolt,
// as when the writer fell behind a busy host: records that would be trimmed
// at once must not cost more than the ones kept.
func BenchmarkCallLogBurst(b *testing.B) {
	const size = 10000
	db, err := boltstore.Open(b.TempDir(), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	h := newLogHost(b, db, size)
	defer h.Close()
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
