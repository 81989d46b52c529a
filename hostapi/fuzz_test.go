package hostapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/minihost/minihost/hostapi"
)

// fuzzAPIs are the wx calls fuzzed with arbitrary bodies. Interactive ones
// are answered at once by the allow policy, so no fuzz input can hang.
func fuzzAPIs() []string {
	apis := hostapi.APIs()
	slices.Sort(apis)
	return apis
}

// FuzzWxCall sends arbitrary bodies to every wx API decoder: the answer must
// be a JSON object whose errMsg belongs to that API, with a documented status.
func FuzzWxCall(f *testing.F) {
	apis := fuzzAPIs()
	// Seeds are real request bodies, one file per API: testdata/requests/<api>.json.
	seeds, _ := filepath.Glob("testdata/requests/*.json")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		i := slices.Index(apis, strings.TrimSuffix(filepath.Base(s), ".json"))
		if i < 0 {
			f.Fatalf("%s names no API", s)
		}
		f.Add(uint8(i), b)
	}
	for i, body := range []string{`{}`, ``, `{"scope":"scope.camera"}`, `{"desc":"x","_userGesture":true}`, `{"requestAuthModes":["fingerPrint"],"challenge":"c"}`, `[]`, `null`, `{"withCredentials":"yes"}`, `{"a":` + strings.Repeat("[", 1000)} {
		f.Add(uint8(i), []byte(body))
	}
	e := newEnv(f, true)
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		api := apis[int(which)%len(apis)]
		req := httptest.NewRequest("POST", "/wx/"+appID+"/"+api, bytes.NewReader(body))
		req.Host = "127.0.0.1:7878"
		req.Header.Set("Authorization", "Bearer "+e.token)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		checkWxAnswer(t, api, rec)
	})
}

func checkWxAnswer(t *testing.T, api string, rec *httptest.ResponseRecorder) {
	t.Helper()
	switch rec.Code {
	case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
	default:
		t.Fatalf("%s: status %d: %s", api, rec.Code, rec.Body)
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s: answer is not a JSON object: %q", api, rec.Body)
	}
	msg, _ := out["errMsg"].(string)
	if !strings.HasPrefix(msg, api+":ok") && !strings.HasPrefix(msg, api+":fail ") {
		t.Fatalf("%s: errMsg %q", api, msg)
	}
}

// FuzzVerifySignature fuzzes the one JSON body of the server emulation.
func FuzzVerifySignature(f *testing.F) {
	f.Add([]byte(`{"openid":"o","json_string":"{}","json_signature":"AA=="}`))
	f.Add([]byte(`{"openid":1}`))
	f.Add([]byte(`{`))
	e := newEnv(f, true)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/cgi-bin/soter/verify_signature?access_token=x", bytes.NewReader(body))
		req.Host = "127.0.0.1:7878"
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		var out map[string]any
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			t.Fatalf("status %d body %q", rec.Code, rec.Body)
		}
		if _, ok := out["errcode"]; !ok {
			if _, ok := out["is_ok"]; !ok {
				t.Fatalf("neither errcode nor is_ok: %v", out)
			}
		}
	})
}
