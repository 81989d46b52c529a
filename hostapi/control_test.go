package hostapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/biometrics/sim"
	"github.com/minihost/minihost/hostapi"
)

// newControlEnv is newEnv with a prompt broker answering by def.
func newControlEnv(t *testing.T, def string) (*env, *app.Broker) {
	t.Helper()
	pol, err := app.ParsePromptPolicy(def)
	if err != nil {
		t.Fatal(err)
	}
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	quiet := quietLogger()
	b := app.NewBroker(nil, pol, quiet)
	h, err := app.New(context.Background(), app.Options{Store: db, Keys: db.Keys(), Prompter: b, Auth: sim.New(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Load(context.Background(), testProgram(t, appID)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hostapi.New(h, hostapi.Options{ControlToken: control, WXJS: []byte("/* wx.js */"), Logger: quiet, Prompts: b, Version: "test-1"}))
	h.SetBaseURL(srv.URL)
	t.Cleanup(func() { srv.Close(); h.Close(); db.Close() })
	a, _ := h.App(appID)
	return &env{t: t, srv: srv, host: h, token: a.Token, secret: a.Secret}, b
}

func testProgram(t *testing.T, id string) *app.MiniProgram {
	t.Helper()
	dir := writeProgram(t, id)
	mp, err := app.LoadMiniProgramDir(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return mp
}

// writeProgram writes a mini program directory with scope.userLocation asked in app.json.
func writeProgram(t *testing.T, id string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"project.config.json":    `{"appid":"` + id + `","projectname":"Test ` + id + `"}`,
		"app.json":               `{"pages":["pages/index/index"],"permission":{"scope.userLocation":{"desc":"Shops near you"}}}`,
		"pages/index/index.html": `<script src="/wx.js"></script>`,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ctl sends a control request with the control token and a JSON body.
func (e *env) ctl(method, path, body string) resp {
	e.t.Helper()
	return e.do(method, path, body, map[string]string{"Authorization": "Bearer " + control})
}

func (e *env) wantStatus(r resp, want int, what string) {
	e.t.Helper()
	if r.status != want {
		e.t.Fatalf("%s: status %d, want %d (%v)", what, r.status, want, r.body)
	}
}

func (e *env) wantError(r resp, status int, contains, what string) {
	e.t.Helper()
	msg, _ := r.body["error"].(string)
	if r.status != status || !strings.Contains(msg, contains) {
		e.t.Fatalf("%s: %d %q, want %d and an error containing %q", what, r.status, msg, status, contains)
	}
}

// controlRoutes are every control endpoint, for the guard test.
var controlRoutes = []struct{ method, path string }{
	{"GET", "/_minihost/status"},
	{"GET", "/_minihost/apps"},
	{"POST", "/_minihost/apps"},
	{"PATCH", "/_minihost/apps/" + appID},
	{"DELETE", "/_minihost/apps/" + appID},
	{"POST", "/_minihost/apps/" + appID + "/reset"},
	{"GET", "/_minihost/apps/" + appID + "/settings"},
	{"PUT", "/_minihost/apps/" + appID + "/settings"},
	{"GET", "/_minihost/personas"},
	{"POST", "/_minihost/personas"},
	{"PATCH", "/_minihost/personas/bob"},
	{"DELETE", "/_minihost/personas/bob"},
	{"POST", "/_minihost/personas/bob/switch"},
	{"PUT", "/_minihost/personas/bob/avatar"},
	{"DELETE", "/_minihost/personas/bob/avatar"},
	{"GET", "/_minihost/personas/export"},
	{"POST", "/_minihost/personas/import"},
	{"GET", "/_minihost/prompts"},
	{"GET", "/_minihost/prompts/next?timeout=1ms"},
	{"POST", "/_minihost/prompts/1/answer"},
	{"GET", "/_minihost/policies"},
	{"PUT", "/_minihost/policies/authorize"},
	{"DELETE", "/_minihost/policies/authorize"},
	{"DELETE", "/_minihost/policies"},
	{"GET", "/_minihost/sessions/" + appID},
	{"POST", "/_minihost/sessions/" + appID + "/expire"},
	{"DELETE", "/_minihost/sessions/" + appID},
	{"GET", "/_minihost/timeouts"},
	{"PUT", "/_minihost/timeouts"},
	{"GET", "/_minihost/faults"},
	{"POST", "/_minihost/faults"},
	{"DELETE", "/_minihost/faults"},
	{"DELETE", "/_minihost/faults/1"},
	{"GET", "/_minihost/calls"},
	{"GET", "/_minihost/calls/stream"},
	{"GET", "/_minihost/screenshot"},
	{"GET", "/_minihost/device"},
	{"PUT", "/_minihost/device"},
	{"GET", "/_minihost/logs"},
	{"GET", "/_minihost/logs/stream"},
	{"GET", "/_minihost/no-such-endpoint"},
}

// TestControlGuard: every control endpoint refuses a missing or wrong token
// (401), an app token (403) and a web page (403), and only then does anything.
func TestControlGuard(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	guards := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"no token", nil, 401},
		{"wrong token", map[string]string{"Authorization": "Bearer wrong"}, 401},
		{"not bearer", map[string]string{"Authorization": "Basic " + control}, 401},
		{"app token", map[string]string{"Authorization": "Bearer " + e.token}, 403},
		{"from another site", map[string]string{"Authorization": "Bearer " + control, "Origin": "http://evil.example"}, 403},
		{"cross-site fetch", map[string]string{"Authorization": "Bearer " + control, "Sec-Fetch-Site": "cross-site"}, 403},
	}
	for _, rt := range controlRoutes {
		for _, g := range guards {
			t.Run(rt.method+" "+rt.path+" "+g.name, func(t *testing.T) {
				r := e.do(rt.method, rt.path, `{}`, g.header)
				if r.status != g.want {
					t.Fatalf("status %d, want %d (%v)", r.status, g.want, r.body)
				}
				if _, ok := r.body["error"].(string); !ok {
					t.Fatalf("no error message: %v", r.body)
				}
			})
		}
	}
	// None of it changed anything.
	if _, ok := e.host.App(appID); !ok {
		t.Fatal("a refused request unloaded the app")
	}
	if ps, _ := e.host.Personas(); len(ps) != 3 {
		t.Fatalf("a refused request changed personas: %v", ps)
	}
	r := e.ctl("GET", "/_minihost/no-such-endpoint", "")
	e.wantError(r, 404, "no control endpoint", "unknown endpoint with the token")
}

func TestControlStatus(t *testing.T) {
	e, b := newControlEnv(t, "allow")
	b.SetPolicy("scope.camera", app.Policy{Kind: app.PolicyDeny})
	e.host.InjectFault(app.FaultSpec{API: "login", Times: 1, ErrMsg: "x"})
	r := e.ctl("GET", "/_minihost/status", "")
	e.wantStatus(r, 200, "status")
	pol := r.body["policies"].(map[string]any)
	if r.body["version"] != "test-1" || r.body["persona"] != "alice" || r.body["faults"] != float64(1) || r.body["pendingPrompts"] != float64(0) ||
		pol["default"] != "allow" || pol["rules"].(map[string]any)["scope.camera"] != "deny" {
		t.Fatalf("status %v", r.body)
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestControlPersonas(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	r := e.ctl("GET", "/_minihost/personas", "")
	e.wantStatus(r, 200, "list")
	if r.body["current"] != "alice" || len(r.body["personas"].([]any)) != 3 {
		t.Fatalf("list %v", r.body)
	}
	r = e.ctl("POST", "/_minihost/personas", `{"id":"carol","nickName":"Carol","language":"zh_CN"}`)
	e.wantStatus(r, 201, "create")
	if r.body["nickName"] != "Carol" || r.body["current"] != false || r.body["customAvatar"] != false || !strings.HasSuffix(r.body["avatarUrl"].(string), "/avatar/carol/132") {
		t.Fatalf("create %v", r.body)
	}
	e.wantError(e.ctl("POST", "/_minihost/personas", `{"id":"carol","nickName":"Again"}`), 409, "exists", "create twice")
	e.wantError(e.ctl("POST", "/_minihost/personas", `{"id":"Carol!","nickName":"x"}`), 400, "persona id", "bad id")
	e.wantError(e.ctl("POST", "/_minihost/personas", `{"id":"zed","nick":"typo"}`), 400, "unknown field", "unknown field")
	e.wantError(e.ctl("POST", "/_minihost/personas", `{"id":`), 400, "request body", "malformed")

	r = e.ctl("PATCH", "/_minihost/personas/carol", `{"nickName":"Caroline","gender":2}`)
	e.wantStatus(r, 200, "edit")
	if r.body["nickName"] != "Caroline" || r.body["language"] != "zh_CN" || r.body["gender"] != float64(2) {
		t.Fatalf("edit %v", r.body)
	}
	e.wantError(e.ctl("PATCH", "/_minihost/personas/carol", `{"language":"fr"}`), 400, "language", "bad edit")
	e.wantError(e.ctl("PATCH", "/_minihost/personas/nobody", `{"nickName":"x"}`), 404, "nobody", "edit unknown")

	// Avatar upload: re-encoded and served at every avatar size.
	r = e.do("PUT", "/_minihost/personas/carol/avatar", string(pngBytes(t, 200, 100)), map[string]string{"Authorization": "Bearer " + control, "Content-Type": "image/png"})
	e.wantStatus(r, 200, "avatar")
	if r.body["customAvatar"] != true {
		t.Fatalf("avatar %v", r.body)
	}
	res, err := http.Get(e.srv.URL + "/avatar/carol/46")
	if err != nil {
		t.Fatal(err)
	}
	img, format, err := image.Decode(res.Body)
	res.Body.Close()
	if err != nil || format != "png" || img.Bounds().Dx() != 46 || img.Bounds().Dy() != 46 {
		t.Fatalf("served avatar: %s %v %v", format, img, err)
	}
	e.wantError(e.do("PUT", "/_minihost/personas/carol/avatar", "GIF89a...", map[string]string{"Authorization": "Bearer " + control}), 400, "PNG or JPEG", "avatar not an image")
	e.wantError(e.do("PUT", "/_minihost/personas/carol/avatar", strings.Repeat("x", app.MaxAvatarBytes+1), map[string]string{"Authorization": "Bearer " + control}), 413, "larger", "avatar too large")
	e.wantError(e.do("PUT", "/_minihost/personas/nobody/avatar", string(pngBytes(t, 4, 4)), map[string]string{"Authorization": "Bearer " + control}), 404, "nobody", "avatar unknown persona")

	// Export with the avatar, import into a fresh host.
	r = e.ctl("GET", "/_minihost/personas/export?id=carol", "")
	e.wantStatus(r, 200, "export")
	file, _ := json.Marshal(r.body)
	if r.body["format"] != hostapi.PersonaFileFormat || len(r.body["personas"].([]any)) != 1 || r.body["personas"].([]any)[0].(map[string]any)["avatarPng"] == nil {
		t.Fatalf("export %s", file)
	}
	e.wantError(e.ctl("GET", "/_minihost/personas/export?id=nobody", ""), 404, "nobody", "export unknown")
	other, _ := newControlEnv(t, "allow")
	r = other.ctl("POST", "/_minihost/personas/import", string(file))
	other.wantStatus(r, 200, "import")
	if p, err := other.host.Persona("carol"); err != nil || p.NickName != "Caroline" || !other.host.CustomAvatar("carol") {
		t.Fatalf("imported %+v %v", p, err)
	}
	other.wantError(other.ctl("POST", "/_minihost/personas/import", `{"format":"other","personas":[]}`), 400, "format", "import wrong format")
	other.wantError(other.ctl("POST", "/_minihost/personas/import", `{"format":"`+hostapi.PersonaFileFormat+`","personas":[{"id":"x!","nickName":"x"}]}`), 400, "personas[0]", "import bad persona")

	r = e.ctl("DELETE", "/_minihost/personas/carol/avatar", "")
	if e.wantStatus(r, 200, "clear avatar"); r.body["customAvatar"] != false {
		t.Fatalf("clear avatar %v", r.body)
	}

	// Switch, then delete: never the current one.
	r = e.ctl("POST", "/_minihost/personas/carol/switch", "")
	if e.wantStatus(r, 200, "switch"); r.body["current"] != "carol" || e.host.CurrentPersona().ID != "carol" {
		t.Fatalf("switch %v", r.body)
	}
	e.wantError(e.ctl("POST", "/_minihost/personas/nobody/switch", ""), 404, "nobody", "switch unknown")
	e.wantError(e.ctl("DELETE", "/_minihost/personas/carol", ""), 409, "current persona", "delete current")
	e.wantStatus(e.ctl("DELETE", "/_minihost/personas/bob", ""), 200, "delete bob")
	e.wantError(e.ctl("DELETE", "/_minihost/personas/bob", ""), 404, "bob", "delete twice")
}

func TestControlApps(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	dir := writeProgram(t, "wxsecond000001")
	body, _ := json.Marshal(hostapi.LoadRequest{Dir: dir})
	r := e.ctl("POST", "/_minihost/apps", string(body))
	e.wantStatus(r, 201, "load")
	if r.body["appid"] != "wxsecond000001" || r.body["token"] == "" || r.body["secret"] == "" || r.body["url"] != app.OriginURL(e.srv.URL, "wxsecond000001") {
		t.Fatalf("load %v", r.body)
	}
	e.wantError(e.ctl("POST", "/_minihost/apps", `{"dir":"relative/path"}`), 400, "absolute", "load relative")
	e.wantError(e.ctl("POST", "/_minihost/apps", `{"dir":"`+t.TempDir()+`"}`), 400, "project.config.json", "load empty dir")
	// A hostile project (app.json a FIFO) is refused at once; the loaded apps keep running.
	fifoDir := writeProgram(t, "wxfifo00000001")
	os.Remove(filepath.Join(fifoDir, "app.json"))
	if err := syscall.Mkfifo(filepath.Join(fifoDir, "app.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	body, _ = json.Marshal(hostapi.LoadRequest{Dir: fifoDir})
	e.wantError(e.ctl("POST", "/_minihost/apps", string(body)), 400, "app.json: not a regular file", "load a FIFO app.json")
	if got := e.call("login", `{}`).body["errMsg"]; got != "login:ok" {
		t.Fatalf("the loaded app after a refused load: %v", got)
	}
	r = e.ctl("GET", "/_minihost/apps", "")
	if apps := r.body["apps"].([]any); len(apps) != 2 {
		t.Fatalf("list %v", r.body)
	}

	r = e.ctl("PATCH", "/_minihost/apps/"+appID, `{"envVersion":"release","userInfoPolicy":"anonymous"}`)
	if e.wantStatus(r, 200, "patch"); r.body["envVersion"] != "release" || r.body["userInfoPolicy"] != "anonymous" {
		t.Fatalf("patch %v", r.body)
	}
	if got := e.call("getUserProfile", `{"desc":"Show profile"}`).body["userInfo"].(map[string]any)["nickName"]; got != app.AnonymousNickName {
		t.Fatalf("anonymous policy: nickName %v", got)
	}
	e.wantError(e.ctl("PATCH", "/_minihost/apps/"+appID, `{"envVersion":"beta","userInfoPolicy":"full"}`), 400, "envVersion", "bad env")
	if a, _ := e.host.App(appID); a.UserInfoPolicy != "anonymous" {
		t.Fatal("a refused patch changed the app")
	}
	e.wantError(e.ctl("PATCH", "/_minihost/apps/wxnope", `{"envVersion":"trial"}`), 404, "not loaded", "patch unknown")

	// Settings: get, put, and what reset forgets.
	e.wantStatus(e.ctl("PUT", "/_minihost/apps/"+appID+"/settings", `{"authSetting":{"scope.userLocation":false}}`), 200, "put settings")
	r = e.ctl("GET", "/_minihost/apps/"+appID+"/settings", "")
	if e.wantStatus(r, 200, "get settings"); r.body["authSetting"].(map[string]any)["scope.userLocation"] != false || r.body["persona"] != "alice" {
		t.Fatalf("settings %v", r.body)
	}
	if got := e.call("authorize", `{"scope":"scope.userLocation"}`).body["errMsg"]; got != "authorize:fail auth deny" {
		t.Fatalf("authorize after settings off: %v", got)
	}
	e.wantError(e.ctl("PUT", "/_minihost/apps/"+appID+"/settings", `{"authSetting":{"scope.bogus":true}}`), 400, "unknown scope", "bad settings")
	e.wantError(e.ctl("GET", "/_minihost/apps/"+appID+"/settings?persona=nobody", ""), 404, "nobody", "settings unknown persona")
	r = e.ctl("GET", "/_minihost/apps/"+appID+"/settings?persona=bob", "")
	if len(r.body["authSetting"].(map[string]any)) != 0 {
		t.Fatalf("bob's settings %v", r.body)
	}
	e.call("login", `{}`)
	e.wantStatus(e.ctl("POST", "/_minihost/apps/"+appID+"/reset", `{}`), 200, "reset")
	if s, _ := e.host.Settings("alice", appID); len(s.Auth) != 0 {
		t.Fatalf("settings after reset %v", s.Auth)
	}
	if st, _ := e.host.Session("alice", appID); st.LoggedIn {
		t.Fatal("session after reset")
	}
	e.wantError(e.ctl("POST", "/_minihost/apps/"+appID+"/reset", `{"persona":"nobody"}`), 404, "nobody", "reset unknown persona")

	e.wantStatus(e.ctl("DELETE", "/_minihost/apps/wxsecond000001", ""), 200, "unload")
	e.wantError(e.ctl("DELETE", "/_minihost/apps/wxsecond000001", ""), 404, "not loaded", "unload twice")
	if r := e.do("POST", "/wx/wxsecond000001/login", `{}`, nil); r.status != 404 {
		t.Fatalf("a call to an unloaded app: %d", r.status)
	}
}

// startCall runs a wx call in the background, as a mini program waiting on a prompt does.
func (e *env) startCall(api, body string) <-chan resp {
	ch := make(chan resp, 1)
	go func() {
		req, _ := http.NewRequest("POST", e.srv.URL+"/wx/"+appID+"/"+api, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			ch <- resp{status: -1}
			return
		}
		defer res.Body.Close()
		var m map[string]any
		json.NewDecoder(res.Body).Decode(&m)
		ch <- resp{status: res.StatusCode, body: m}
	}()
	return ch
}

func waitResp(t *testing.T, ch <-chan resp) resp {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("the call did not return")
	}
	return resp{}
}

func TestControlPromptsAndPolicies(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	r := e.ctl("GET", "/_minihost/policies", "")
	if e.wantStatus(r, 200, "policies"); r.body["default"] != "allow" || len(r.body["rules"].(map[string]any)) != 0 {
		t.Fatalf("policies %v", r.body)
	}
	r = e.ctl("PUT", "/_minihost/policies/scope.userLocation", `{"policy":"ask"}`)
	if e.wantStatus(r, 200, "set policy"); r.body["rules"].(map[string]any)["scope.userLocation"] != "ask" {
		t.Fatalf("set policy %v", r.body)
	}
	e.wantStatus(e.ctl("PUT", "/_minihost/policies/openSetting", `{"policy":"ask"}`), 200, "set openSetting")
	e.wantError(e.ctl("PUT", "/_minihost/policies/login", `{"policy":"deny"}`), 400, "policy key", "bad key")
	e.wantError(e.ctl("PUT", "/_minihost/policies/authorize", `{"policy":"sometimes"}`), 400, "prompt policy", "bad policy")
	e.wantError(e.ctl("DELETE", "/_minihost/policies/default", ""), 400, "cannot be cleared", "clear default")

	// Nothing pending: next times out with 204.
	e.wantStatus(e.ctl("GET", "/_minihost/prompts/next?timeout=20ms", ""), 204, "next, nothing")
	e.wantError(e.ctl("GET", "/_minihost/prompts/next?timeout=1h", ""), 400, "timeout", "next bad timeout")
	e.wantError(e.ctl("GET", "/_minihost/prompts/next?after=x", ""), 400, "after", "next bad after")

	// Deny, then the same prompt is gone and the call failed.
	call := e.startCall("authorize", `{"scope":"scope.userLocation"}`)
	r = e.ctl("GET", "/_minihost/prompts/next?after=0", "")
	e.wantStatus(r, 200, "next")
	id := int(r.body["id"].(float64))
	if r.body["kind"] != "authorize" || r.body["scope"] != "scope.userLocation" || r.body["desc"] != "Shops near you" || r.body["policy"] != "ask" || r.body["appid"] != appID {
		t.Fatalf("prompt %v", r.body)
	}
	if r := e.ctl("GET", "/_minihost/prompts", ""); len(r.body["prompts"].([]any)) != 1 {
		t.Fatalf("list %v", r.body)
	}
	ans := "/_minihost/prompts/" + itoa(id) + "/answer"
	e.wantError(e.ctl("POST", ans, `{"answer":"match"}`), 400, "want one of", "answer does not fit")
	e.wantError(e.ctl("POST", ans, `{"answr":"deny"}`), 400, "unknown field", "answer typo")
	e.wantStatus(e.ctl("POST", ans, `{"answer":"deny"}`), 200, "answer")
	if r := waitResp(t, call); r.body["errMsg"] != "authorize:fail auth deny" {
		t.Fatalf("authorize %v", r.body)
	}
	e.wantError(e.ctl("POST", ans, `{"answer":"allow"}`), 404, "not pending", "answer twice")
	e.wantError(e.ctl("POST", "/_minihost/prompts/x/answer", `{"answer":"allow"}`), 400, "prompt id", "answer bad id")

	// Allow via the settings page.
	call = e.startCall("openSetting", `{}`)
	r = e.ctl("GET", "/_minihost/prompts/next?after="+itoa(id), "")
	if e.wantStatus(r, 200, "next settings"); r.body["kind"] != "settings" {
		t.Fatalf("settings prompt %v", r.body)
	}
	e.wantStatus(e.ctl("POST", "/_minihost/prompts/"+itoa(int(r.body["id"].(float64)))+"/answer", `{"answer":"allow","authSetting":{"scope.userLocation":true}}`), 200, "answer settings")
	if r := waitResp(t, call); r.body["errMsg"] != "openSetting:ok" || r.body["authSetting"].(map[string]any)["scope.userLocation"] != true {
		t.Fatalf("openSetting %v", r.body)
	}
	if r := e.call("authorize", `{"scope":"scope.userLocation"}`); r.body["errMsg"] != "authorize:ok" {
		t.Fatalf("authorize after settings %v", r.body)
	}

	e.wantStatus(e.ctl("DELETE", "/_minihost/policies/openSetting", ""), 200, "clear one")
	r = e.ctl("DELETE", "/_minihost/policies", "")
	if e.wantStatus(r, 200, "clear all"); len(r.body["rules"].(map[string]any)) != 0 || r.body["default"] != "allow" {
		t.Fatalf("clear all %v", r.body)
	}
	e.wantStatus(e.ctl("PUT", "/_minihost/policies/default", `{"policy":"deny"}`), 200, "set default")
	if r := e.call("authorize", `{"scope":"scope.camera"}`); r.body["errMsg"] != "authorize:fail auth deny" {
		t.Fatalf("default deny %v", r.body)
	}

	// Without a broker the prompt endpoints say so.
	plain := newEnv(t, true)
	for _, p := range []string{"/_minihost/prompts", "/_minihost/policies"} {
		plain.wantError(plain.ctl("GET", p, ""), 501, "no prompt broker", p)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestControlSoterPrompt(t *testing.T) {
	e, b := newControlEnv(t, "allow")
	b.SetPolicy("startSoterAuthentication", app.Policy{Kind: app.PolicyAsk})
	call := e.startCall("startSoterAuthentication", `{"requestAuthModes":["fingerPrint"],"challenge":"c"}`)
	r := e.ctl("GET", "/_minihost/prompts/next", "")
	if r.body["kind"] != "soter" || r.body["simulated"] != true {
		t.Fatalf("soter prompt %v", r.body)
	}
	ans := "/_minihost/prompts/" + itoa(int(r.body["id"].(float64))) + "/answer"
	e.wantStatus(e.ctl("POST", ans, `{"answer":"no-match"}`), 200, "no-match")
	e.wantStatus(e.ctl("POST", ans, `{"answer":"match"}`), 200, "match")
	if r := waitResp(t, call); r.body["errMsg"] != "startSoterAuthentication:ok" {
		t.Fatalf("soter %v", r.body)
	}
}

func TestControlSessionsAndTimeouts(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	r := e.ctl("GET", "/_minihost/sessions/"+appID, "")
	if e.wantStatus(r, 200, "no session"); r.body["loggedIn"] != false {
		t.Fatalf("session %v", r.body)
	}
	e.wantError(e.ctl("POST", "/_minihost/sessions/"+appID+"/expire", `{}`), 404, "not found", "expire without a session")
	e.call("login", `{}`)
	r = e.ctl("GET", "/_minihost/sessions/"+appID, "")
	if r.body["loggedIn"] != true || r.body["valid"] != true || r.body["persona"] != "alice" {
		t.Fatalf("session %v", r.body)
	}
	r = e.ctl("POST", "/_minihost/sessions/"+appID+"/expire", `{"persona":"alice"}`)
	if e.wantStatus(r, 200, "expire"); r.body["valid"] != false {
		t.Fatalf("expire %v", r.body)
	}
	if got := e.call("checkSession", `{}`).body["errMsg"]; got != "checkSession:fail session time out" {
		t.Fatalf("checkSession after expire: %v", got)
	}
	e.call("login", `{}`)
	e.wantStatus(e.ctl("DELETE", "/_minihost/sessions/"+appID, ""), 200, "forget")
	if st, _ := e.host.Session("alice", appID); st.LoggedIn {
		t.Fatal("forget left the session")
	}

	r = e.ctl("GET", "/_minihost/timeouts", "")
	if d := r.body["defaults"].(map[string]any); d["codeTTL"] != "5m0s" || d["loginExpiry"] != "24h0m0s" || len(r.body["overrides"].(map[string]any)) != 0 {
		t.Fatalf("timeouts %v", r.body)
	}
	r = e.ctl("PUT", "/_minihost/timeouts", `{"codeTTL":"30s","loginExpiry":"2m"}`)
	if o := r.body["overrides"].(map[string]any); o["codeTTL"] != "30s" || o["loginExpiry"] != "2m0s" {
		t.Fatalf("set timeouts %v", r.body)
	}
	if o := e.host.TimeoutOverrides(); o.CodeTTL != 30*time.Second || o.LoginExpiry != 2*time.Minute {
		t.Fatalf("host overrides %+v", o)
	}
	e.wantError(e.ctl("PUT", "/_minihost/timeouts", `{"codeTTL":"soon"}`), 400, "codeTTL", "bad duration")
	e.wantError(e.ctl("PUT", "/_minihost/timeouts", `{"codeTTL":"-5s"}`), 400, "codeTTL", "negative duration")
	r = e.ctl("PUT", "/_minihost/timeouts", `{}`)
	if len(r.body["overrides"].(map[string]any)) != 0 {
		t.Fatalf("clear timeouts %v", r.body)
	}
}

func TestControlFaults(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	r := e.ctl("POST", "/_minihost/faults", `{"api":"login","errMsg":"system busy","errCode":-1}`)
	e.wantStatus(r, 201, "add wx fault")
	wxFault := r.body["id"].(float64)
	if r.body["times"] != float64(1) || r.body["remaining"] != float64(1) {
		t.Fatalf("a fault hits once by default: %v", r.body)
	}
	if got := e.call("login", `{}`).body; got["errMsg"] != "login:fail system busy" || got["errCode"] != float64(-1) {
		t.Fatalf("faulted login %v", got)
	}
	if got := e.call("login", `{}`).body["errMsg"]; got != "login:ok" {
		t.Fatalf("login after the fault is used up: %v", got)
	}
	calls, _ := e.host.Calls(app.CallFilter{API: "login"})
	if len(calls) != 2 || calls[0].Fault != uint64(wxFault) || calls[0].ErrMsg != "login:fail system busy" || calls[1].Fault != 0 {
		t.Fatalf("call log %+v", calls)
	}

	code := e.call("login", `{}`).body["code"].(string)
	e.wantStatus(e.ctl("POST", "/_minihost/faults", `{"api":"server.jscode2session","errCode":45011,"times":1}`), 201, "add server fault")
	q := "/sns/jscode2session?" + url.Values{"appid": {appID}, "secret": {e.secret}, "js_code": {code}, "grant_type": {"authorization_code"}}.Encode()
	if r := e.do("GET", q, "", nil); r.body["errcode"] != float64(45011) || !strings.HasPrefix(r.body["errmsg"].(string), "api minute-quota reach limit mustslower retry next minute rid: ") {
		t.Fatalf("faulted jscode2session %v", r.body)
	}
	// The fault answered before the code was used: the retry succeeds.
	if r := e.do("GET", q, "", nil); r.body["session_key"] == nil {
		t.Fatalf("retry %v", r.body)
	}

	e.wantStatus(e.ctl("POST", "/_minihost/faults", `{"api":"checkSession","delay":"10ms","times":0}`), 201, "add delay")
	r = e.ctl("POST", "/_minihost/faults", `{"api":"server.token","hang":true}`)
	hang := itoa(int(r.body["id"].(float64)))
	r = e.ctl("GET", "/_minihost/faults", "")
	if fs := r.body["faults"].([]any); len(fs) != 2 || fs[0].(map[string]any)["delay"] != "10ms" || fs[1].(map[string]any)["hang"] != true {
		t.Fatalf("list %v", r.body)
	}
	e.wantStatus(e.ctl("DELETE", "/_minihost/faults/"+hang, ""), 200, "remove")
	e.wantError(e.ctl("DELETE", "/_minihost/faults/"+hang, ""), 404, "no fault", "remove twice")
	if r := e.ctl("DELETE", "/_minihost/faults?api=checkSession", ""); r.body["cleared"] != float64(1) {
		t.Fatalf("clear by api %v", r.body)
	}

	for body, want := range map[string]string{
		`{"api":"notAnAPI","errMsg":"x"}`:              "fault api",
		`{"api":"server.nope","errCode":1}`:            "fault api",
		`{"api":"login"}`:                              "needs errMsg",
		`{"api":"server.jscode2session","errMsg":"x"}`: "errcode",
		`{"api":"login","delay":"soon"}`:               "delay",
		`{"api":"login","errMsg":"x","times":-2}`:      "times",
	} {
		e.wantError(e.ctl("POST", "/_minihost/faults", body), 400, want, body)
	}
}

// TestControlHangFault: a hanging fault holds the call until its caller gives up.
func TestControlHangFault(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	e.ctl("POST", "/_minihost/faults", `{"api":"checkSession","hang":true}`)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", e.srv.URL+"/wx/"+appID+"/checkSession", strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer "+e.token)
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatal("a hanging call answered")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		calls, _ := e.host.Calls(app.CallFilter{API: "checkSession"})
		if len(calls) == 1 && calls[0].Fault != 0 && strings.Contains(calls[0].ErrMsg, "hang ended") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the abandoned call is not logged: %+v", calls)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestControlCalls(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	e.call("login", `{}`)
	e.call("authorize", `{"scope":"scope.bogus"}`)
	e.host.SwitchPersona(context.Background(), "bob")
	e.call("login", `{}`)
	tests := []struct {
		query string
		want  []string // errMsgs in order
	}{
		{"", []string{"login:ok", "authorize:fail invalid scope", "login:ok"}},
		{"api=login", []string{"login:ok", "login:ok"}},
		{"failed=true", []string{"authorize:fail invalid scope"}},
		{"persona=bob", []string{"login:ok"}},
		{"limit=1", []string{"login:ok"}},
		{"after=1", []string{"authorize:fail invalid scope", "login:ok"}},
		{"appid=wxother", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.ctl("GET", "/_minihost/calls?"+tt.query, "")
			e.wantStatus(r, 200, tt.query)
			var got []string
			for _, c := range r.body["calls"].([]any) {
				got = append(got, c.(map[string]any)["errMsg"].(string))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	for _, q := range []string{"limit=0", "limit=x", "after=-1", "failed=maybe"} {
		e.wantError(e.ctl("GET", "/_minihost/calls?"+q, ""), 400, strings.Split(q, "=")[0], q)
	}
}

// sseEvents reads "call" events from a stream into a channel.
func sseEvents(t *testing.T, body io.Reader) <-chan app.CallRecord {
	ch := make(chan app.CallRecord, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(body)
		var event, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && data != "":
				var r app.CallRecord
				if event == "call" && json.Unmarshal([]byte(data), &r) == nil {
					ch <- r
				}
				event, data = "", ""
			}
		}
	}()
	return ch
}

func nextEvent(t *testing.T, ch <-chan app.CallRecord) app.CallRecord {
	t.Helper()
	select {
	case r, ok := <-ch:
		if !ok {
			t.Fatal("the stream ended")
		}
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return app.CallRecord{}
}

func TestControlCallStream(t *testing.T) {
	e, _ := newControlEnv(t, "allow")
	e.call("login", `{}`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func(query string, header http.Header) <-chan app.CallRecord {
		req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/_minihost/calls/stream?"+query, nil)
		req.Header.Set("Authorization", "Bearer "+control)
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		t.Cleanup(func() { res.Body.Close() })
		return sseEvents(t, res.Body)
	}
	all := open("after=0", nil)             // the stored login first, then live
	checks := open("api=checkSession", nil) // live only, filtered
	resumed := open("", http.Header{"Last-Event-ID": {"1"}})
	if r := nextEvent(t, all); r.API != "login" || r.Seq != 1 {
		t.Fatalf("backlog %+v", r)
	}
	time.Sleep(50 * time.Millisecond) // let the live-only stream subscribe
	e.call("authorize", `{"scope":"scope.bogus"}`)
	e.call("checkSession", `{}`)
	if r := nextEvent(t, all); r.API != "authorize" || r.Seq != 2 {
		t.Fatalf("live %+v", r)
	}
	if r := nextEvent(t, all); r.API != "checkSession" {
		t.Fatalf("live %+v", r)
	}
	if r := nextEvent(t, checks); r.API != "checkSession" {
		t.Fatalf("filtered %+v", r)
	}
	if r := nextEvent(t, resumed); r.Seq != 2 {
		t.Fatalf("Last-Event-ID 1 resumed at %+v", r)
	}
	e.wantError(e.ctl("GET", "/_minihost/calls/stream?limit=x", ""), 400, "limit", "bad stream query")
}
