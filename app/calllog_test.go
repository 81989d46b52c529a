package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"minihost/app"
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
