package hostapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"unicode/utf8"

	"github.com/minihost/minihost/app"
)

// A call whose arguments hold bytes that are not UTF-8 must not make the
// call log API answer invalid JSON: strict clients (Python's json, jq) fail.
func TestCallLogAPIIsValidUTF8(t *testing.T) {
	e := newEnv(t, true)
	e.host.RecordCall(app.CallRecord{AppID: appID, API: "setStorage", Args: json.RawMessage("{\"key\":\"k\xff\xfe\"}"), ErrMsg: "setStorage:ok"})
	req, err := http.NewRequest("GET", e.srv.URL+"/_minihost/calls", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+control)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET calls: %d %v %s", res.StatusCode, err, body)
	}
	if !utf8.Valid(body) {
		t.Fatalf("the call log API answers invalid UTF-8: %q", body)
	}
	if !bytes.Contains(body, []byte("k\uFFFD\uFFFD")) {
		t.Fatalf("the invalid bytes are not replaced by U+FFFD: %s", body)
	}
}
