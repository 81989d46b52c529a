package hostapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
)

// loadNetApp loads a second app whose project has urlCheck off, and returns
// a function calling its wx APIs.
func (e *env) loadNetApp(id string, urlCheck bool) func(api, body string) resp {
	e.t.Helper()
	cfg, _ := json.Marshal(map[string]any{"appid": id, "setting": map[string]any{"urlCheck": urlCheck}})
	mp, err := app.LoadMiniProgram(fstest.MapFS{
		"project.config.json":    {Data: cfg},
		"app.json":               {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"pages/index/index.html": {Data: []byte(``)},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.host.Load(context.Background(), mp); err != nil {
		e.t.Fatal(err)
	}
	a, _ := e.host.App(id)
	return func(api, body string) resp {
		return e.do("POST", "/wx/"+id+"/"+api, body, map[string]string{"Authorization": "Bearer " + a.Token})
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestRequestThroughTheHost(t *testing.T) {
	e := newEnv(t, true)
	var hits atomic.Int32
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Set-Cookie", "sid=1")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]string{"method": r.Method, "query": r.URL.RawQuery, "x": r.Header.Get("X-Test"), "body": string(body), "referer": r.Header.Get("Referer")})
	}))
	defer backend.Close()
	call := e.loadNetApp("wxnetoff", false)

	args, _ := json.Marshal(map[string]any{"url": backend.URL + "/echo?q=1", "method": "POST", "header": map[string]string{"X-Test": "yes"}, "body64": b64("hello")})
	r := call("request", string(args))
	if r.body["errMsg"] != "request:ok" || r.body["statusCode"] != float64(201) {
		t.Fatalf("request: %d %v", r.status, r.body)
	}
	raw, _ := base64.StdEncoding.DecodeString(r.body["body64"].(string))
	var got map[string]string
	json.Unmarshal(raw, &got)
	if got["method"] != "POST" || got["query"] != "q=1" || got["x"] != "yes" || got["body"] != "hello" || !strings.Contains(got["referer"], "servicewechat.com/wxnetoff/") {
		t.Fatalf("the backend saw %v", got)
	}
	if c, _ := r.body["cookies"].([]any); len(c) != 1 || c[0] != "sid=1" {
		t.Errorf("cookies %v", r.body["cookies"])
	}

	// urlCheck on (the test app's default): plain http on loopback is refused
	// before anything is sent.
	before := hits.Load()
	r = e.call("request", string(args))
	if r.body["errMsg"] != "request:fail url not in domain list" {
		t.Fatalf("urlCheck on: %v", r.body)
	}
	r = e.call("downloadFile", `{"url":"`+backend.URL+`/f"}`)
	if r.body["errMsg"] != "downloadFile:fail url not in domain list" {
		t.Fatalf("urlCheck on, downloadFile: %v", r.body)
	}
	if hits.Load() != before {
		t.Fatal("a refused request reached the server")
	}

	// The call log has method, URL, status and time, not the body.
	calls, err := e.host.Calls(app.CallFilter{API: "request", AppID: "wxnetoff"})
	if err != nil || len(calls) != 1 {
		t.Fatalf("calls %v %v", calls, err)
	}
	c := calls[0]
	if string(c.Args) != `{"method":"POST","url":"`+backend.URL+`/echo?q=1"}` || !strings.Contains(string(c.Result), `"statusCode":201`) || c.Duration <= 0 {
		t.Errorf("call log: %s %s %v", c.Args, c.Result, c.Duration)
	}

	// QA faults fail or delay requests like other calls.
	if _, err := e.host.InjectFault(app.FaultSpec{API: "request", Times: 1, ErrMsg: "timeout"}); err != nil {
		t.Fatal(err)
	}
	if r := call("request", string(args)); r.body["errMsg"] != "request:fail timeout" {
		t.Fatalf("fault: %v", r.body)
	}
	if _, err := e.host.InjectFault(app.FaultSpec{API: "request", Times: 1, Delay: 300 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if r := call("request", string(args)); r.body["errMsg"] != "request:ok" || time.Since(start) < 300*time.Millisecond {
		t.Fatalf("delay fault: %v after %v", r.body, time.Since(start))
	}

	// Upload: a multipart form with the file and the other fields.
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, h, err := r.FormFile("photo")
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		data, _ := io.ReadAll(f)
		io.WriteString(w, h.Filename+":"+string(data)+":"+r.FormValue("user"))
	}))
	defer up.Close()
	uargs, _ := json.Marshal(map[string]any{"url": up.URL, "name": "photo", "file64": b64("PNGDATA"), "fileName": "a.png", "formData": map[string]string{"user": "alice"}})
	r = call("uploadFile", string(uargs))
	if raw, _ := base64.StdEncoding.DecodeString(r.body["body64"].(string)); string(raw) != "a.png:PNGDATA:alice" {
		t.Fatalf("upload: %v %q", r.body, raw)
	}

	// connectSocket: the host checks the URL; the page opens the socket.
	if r := call("connectSocket", `{"url":"ws://127.0.0.1:1/chat"}`); r.body["errMsg"] != "connectSocket:ok" {
		t.Errorf("connectSocket, urlCheck off: %v", r.body)
	}
	if r := e.call("connectSocket", `{"url":"ws://127.0.0.1:1/chat"}`); r.body["errMsg"] != "connectSocket:fail url not in domain list" {
		t.Errorf("connectSocket, urlCheck on: %v", r.body)
	}
	if r := call("connectSocket", `{"url":"http://127.0.0.1:1/chat"}`); !strings.HasPrefix(r.body["errMsg"].(string), "connectSocket:fail invalid url") {
		t.Errorf("connectSocket to http: %v", r.body)
	}

	// Bad input gets a clear error.
	for body, want := range map[string]string{
		`{"url":"` + backend.URL + `","method":"BREW"}`: `request:fail invalid method "BREW"`,
		`{"url":"/relative"}`:                           "request:fail invalid url",
		`{"url":"` + backend.URL + `","body64":"!!"}`:   "request:fail body:",
	} {
		if r := call("request", body); !strings.HasPrefix(r.body["errMsg"].(string), want) {
			t.Errorf("%s: %v, want %q", body, r.body, want)
		}
	}
}

func TestStorageCallsAndControl(t *testing.T) {
	e := newEnv(t, true)
	if r := e.call("setStorage", `{"key":"a","data":{"n":1},"_persona":"alice"}`); r.body["errMsg"] != "setStorage:ok" {
		t.Fatalf("set: %v", r.body)
	}
	if r := e.call("getStorage", `{"key":"a"}`); r.body["errMsg"] != "getStorage:ok" || r.body["data"].(map[string]any)["n"] != float64(1) {
		t.Fatalf("get: %v", r.body)
	}
	// A page loaded for alice must not write into bob's storage.
	if r := e.call("setStorage", `{"key":"a","data":2,"_persona":"bob"}`); !strings.Contains(r.body["errMsg"].(string), "setStorage:fail the persona changed") {
		t.Fatalf("stale persona: %v", r.body)
	}
	big := `{"key":"big","data":"` + strings.Repeat("x", app.StorageItemLimit) + `"}`
	if r := e.call("setStorage", big); r.body["errMsg"] != "setStorage:fail exceed storage item max length" {
		t.Fatalf("big: %d %v", r.status, r.body["errMsg"])
	}
	// The control API sees and edits the same storage.
	r := e.ctl("GET", "/_minihost/storage/"+appID, "")
	if items, _ := r.body["items"].([]any); r.status != 200 || len(items) != 1 || r.body["persona"] != "alice" {
		t.Fatalf("control list: %d %v", r.status, r.body)
	}
	e.wantStatus(e.ctl("PUT", "/_minihost/storage/"+appID+"/b%20c?persona=bob", `{"data":[1,2]}`), 200, "put for bob")
	if r := e.ctl("GET", "/_minihost/storage/"+appID+"/b%20c?persona=bob", ""); r.status != 200 || r.body["key"] != "b c" {
		t.Fatalf("control get: %v", r.body)
	}
	e.wantStatus(e.ctl("GET", "/_minihost/storage/"+appID+"/b%20c", ""), 404, "alice has no b c")
	e.wantStatus(e.ctl("DELETE", "/_minihost/storage/"+appID, ""), 204, "clear")
	if r := e.call("getStorageInfo", `{}`); r.body["errMsg"] != "getStorageInfo:ok" || len(r.body["keys"].([]any)) != 0 || r.body["limitSize"] != float64(10240) {
		t.Fatalf("info after clear: %v", r.body)
	}
	e.wantStatus(e.ctl("PUT", "/_minihost/storage/"+appID+"/k?persona=nobody", `{"data":1}`), 404, "missing persona")
	e.wantStatus(e.ctl("PUT", "/_minihost/storage/"+appID+"/k", `{"data":}`), 400, "bad JSON")
}

// TestRequestNeverReachesTheHostItself: with urlCheck off a page may reach
// any address (a local backend too), but not minihost's own listener, where
// the control API and the other apps' origins are.
func TestRequestNeverReachesTheHostItself(t *testing.T) {
	e := newEnv(t, true)
	call := e.loadNetApp("wxnetself", false)
	_, port, _ := strings.Cut(strings.TrimPrefix(e.srv.URL, "http://"), ":")
	for _, u := range []string{
		e.srv.URL + "/_minihost/status",
		"http://localhost:" + port + "/wx.js",
		"http://[::1]:" + port + "/",
		"http://0.0.0.0:" + port + "/",
	} {
		args, _ := json.Marshal(map[string]any{"url": u})
		r := call("request", string(args))
		if msg, _ := r.body["errMsg"].(string); !strings.HasPrefix(msg, "request:fail") || !strings.Contains(msg, "minihost itself") {
			t.Errorf("request to %s: %v, want a fail naming minihost itself", u, r.body)
		}
	}
	// A redirect from an allowed server to the host is refused too.
	redirector := httptest.NewServer(http.RedirectHandler(e.srv.URL+"/_minihost/status", http.StatusFound))
	defer redirector.Close()
	args, _ := json.Marshal(map[string]any{"url": redirector.URL})
	if r := call("request", string(args)); !strings.Contains(r.body["errMsg"].(string), "minihost itself") {
		t.Errorf("redirect to the host: %v", r.body)
	}
}

// TestFileSystemManagerCalls: the runtime's FileSystemManager reaches the
// user folder through one base API; errMsg names the method the page called.
func TestFileSystemManagerCalls(t *testing.T) {
	e := newEnv(t, true)
	usr := app.UserDataPath
	tests := []struct {
		name, body, errMsg string
		check              func(body map[string]any) bool
	}{
		{"write", `{"op":"writeFile","api":"writeFileSync","path":"` + usr + `/a.bin","data64":"` + b64("hi\x00there") + `","_persona":"alice"}`, "writeFileSync:ok", nil},
		{"read", `{"op":"readFile","api":"readFile","path":"` + usr + `/a.bin"}`, "readFile:ok", func(b map[string]any) bool { return b["data64"] == b64("hi\x00there") }},
		{"stat", `{"op":"stat","api":"statSync","path":"` + usr + `"}`, "statSync:ok", func(b map[string]any) bool {
			st, _ := b["stats"].([]any)
			return len(st) == 1 && st[0].(map[string]any)["dir"] == true
		}},
		{"readdir", `{"op":"readdir","api":"readdir","path":"` + usr + `"}`, "readdir:ok", func(b map[string]any) bool {
			f, _ := b["files"].([]any)
			return len(f) == 1 && f[0] == "a.bin"
		}},
		{"a missing file", `{"op":"readFile","api":"readFileSync","path":"` + usr + `/nope"}`, "readFileSync:fail no such file or directory, open " + usr + "/nope", nil},
		{"outside the user folder", `{"op":"writeFile","api":"writeFile","path":"wxfile://tmp/x","data64":""}`, "writeFile:fail permission denied, open wxfile://tmp/x", nil},
		{"a page loaded for another persona", `{"op":"writeFile","api":"writeFile","path":"` + usr + `/b","_persona":"bob"}`, "writeFile:fail the persona changed to alice; reload the page", nil},
		{"an api name that is no method name", `{"op":"readFile","api":"x y","path":"` + usr + `/nope"}`, "fileSystemManager:fail no such file or directory, open " + usr + "/nope", nil},
	}
	for _, tt := range tests {
		r := e.call("fileSystemManager", tt.body)
		if r.body["errMsg"] != tt.errMsg || (tt.check != nil && !tt.check(r.body)) {
			t.Errorf("%s: %d %v, want errMsg %q", tt.name, r.status, r.body, tt.errMsg)
		}
	}
	if r := e.call("fileSystemManager", `{"op":"format"}`); r.status != http.StatusBadRequest {
		t.Errorf("unknown op: %d %v", r.status, r.body)
	}
}
