package hostapi_test

// Issue 13 points 1, 2, 6 and 11: each app on its own origin, project files
// that cannot lead out of the project, private files not served, and headers
// that keep other sites from framing or sniffing.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi"
)

// loadDir loads a mini program from a directory, as main and the control
// API do.
func (e *env) loadDir(dir string) app.LoadedApp {
	e.t.Helper()
	mp, err := app.LoadMiniProgramDir(e.t.Context(), dir)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.host.Load(context.Background(), mp); err != nil {
		e.t.Fatal(err)
	}
	a, _ := e.host.App(mp.AppID)
	return a
}

// TestAppOriginsAreIsolated: app A's pages (on A's origin) get neither B's
// boot answer nor B's interfaces, whichever origin they ask.
func TestAppOriginsAreIsolated(t *testing.T) {
	e := newEnv(t, true)
	b := e.loadDir(writeProgram(t, "wxother000000002"))
	aHost, bHost := e.appHost(appID), e.appHost(b.AppID)
	fromA := map[string]string{"Origin": "http://" + aHost}
	tests := []struct {
		name, method, path string
		header             map[string]string
		want               int
	}{
		{"B's boot on A's origin", "GET", "/wx/" + b.AppID + "/boot", map[string]string{"Host": aHost, "Sec-Fetch-Site": "same-origin"}, 403},
		{"B's boot on B's origin from A's page", "GET", "/wx/boot", map[string]string{"Host": bHost, "Origin": fromA["Origin"], "Sec-Fetch-Site": "same-site"}, 403},
		{"B's boot on B's origin, no-cors from A's page", "GET", "/wx/" + b.AppID + "/boot", map[string]string{"Host": bHost, "Sec-Fetch-Site": "same-site"}, 403},
		{"B's call on A's origin with B's token", "POST", "/wx/" + b.AppID + "/getSetting", map[string]string{"Host": aHost, "Origin": fromA["Origin"], "Sec-Fetch-Site": "same-origin", "Authorization": "Bearer " + b.Token}, 403},
		{"B's call on B's origin from A's page", "POST", "/wx/" + b.AppID + "/getSetting", map[string]string{"Host": bHost, "Origin": fromA["Origin"], "Sec-Fetch-Site": "same-site", "Authorization": "Bearer " + b.Token}, 403},
		{"B's call on the host's origin from A's page", "POST", "/wx/" + b.AppID + "/getSetting", map[string]string{"Origin": fromA["Origin"], "Sec-Fetch-Site": "cross-site", "Authorization": "Bearer " + b.Token}, 403},
		{"B's own page", "POST", "/wx/" + b.AppID + "/getSetting", map[string]string{"Host": bHost, "Origin": "http://" + bHost, "Sec-Fetch-Site": "same-origin", "Authorization": "Bearer " + b.Token}, 200},
		{"B's boot on B's origin", "GET", "/wx/boot", map[string]string{"Host": bHost, "Sec-Fetch-Site": "same-origin"}, 200},
		{"B from Node, host origin", "POST", "/wx/" + b.AppID + "/getSetting", map[string]string{"Authorization": "Bearer " + b.Token}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.path, `{}`, tt.header)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d (%v)", r.status, tt.want, r.body)
			}
			if tok, _ := r.body["token"].(string); tt.want != 200 && tok != "" {
				t.Fatalf("refused, yet the answer holds a token: %v", r.body)
			}
		})
	}
	if r := e.do("GET", "/wx/boot", "", map[string]string{"Host": bHost}); r.body["token"] != b.Token || r.body["appid"] != b.AppID {
		t.Errorf("B's origin boots B: %v", r.body)
	}
	// An app's page may not drive the host, with any token.
	for _, h := range []map[string]string{
		{"Host": aHost, "Authorization": "Bearer " + control},
		{"Origin": fromA["Origin"], "Sec-Fetch-Site": "same-site", "Authorization": "Bearer " + control},
	} {
		if r := e.do("PUT", "/_minihost/policies/authorize", `{"policy":"allow"}`, h); r.status != 403 {
			t.Errorf("control API with %v: %d, want 403", h, r.status)
		}
	}
}

// TestProjectFiles: a project's links, "..", FIFOs and private files are
// not served; its pages and assets are.
func TestProjectFiles(t *testing.T) {
	e := newEnv(t, true)
	dir := writeProgram(t, "wxfiles000000003")
	outside := t.TempDir()
	secret := filepath.Join(outside, "control.token")
	must(t, os.WriteFile(secret, []byte("SECRET-CONTROL-TOKEN"), 0o600))
	must(t, os.MkdirAll(filepath.Join(outside, "linked"), 0o755))
	must(t, os.WriteFile(filepath.Join(outside, "linked", "a.png"), []byte("SECRET-IN-FOLDER"), 0o600))
	files := map[string]string{
		"img/logo.png": "PNG", "pages/index/index.wxss": "page{}", "pages/index/index.json": "{}",
		"fonts/f.WOFF2": "font", ".env": "SECRET=1", ".git/config": "[core]", "pages/.hidden/a.js": "x",
		"project.private.config.json": `{"x":1}`, "minihost.json": `{}`, "sub/project.config.json": "{}",
		"notes.md": "# private notes", "key.pem": "KEY", "server.go": "package main",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(data), 0o644))
	}
	must(t, os.Symlink(secret, filepath.Join(dir, "t.txt")))
	must(t, os.Symlink(secret, filepath.Join(dir, "img", "t.png")))
	rel, err := filepath.Rel(dir, secret)
	must(t, err)
	must(t, os.Symlink(rel, filepath.Join(dir, "rel.txt")))
	must(t, os.Symlink(filepath.Join(outside, "linked"), filepath.Join(dir, "linked")))
	must(t, os.Symlink("logo.png", filepath.Join(dir, "img", "inside.png"))) // stays in the project
	must(t, syscall.Mkfifo(filepath.Join(dir, "pages", "index", "fifo.html"), 0o644))
	a := e.loadDir(dir)
	host := e.appHost(a.AppID)

	want := map[string]int{
		"/pages/index/index.html": 200, "/img/logo.png": 200, "/img/inside.png": 200,
		"/pages/index/index.wxss": 200, "/pages/index/index.json": 200, "/fonts/f.WOFF2": 200,
		"/t.txt": 404, "/img/t.png": 404, "/rel.txt": 404, "/linked/a.png": 404,
		"/pages/index/fifo.html": 404,
		"/.env":                  404, "/.git/config": 404, "/pages/.hidden/a.js": 404,
		"/project.config.json": 404, "/project.private.config.json": 404, "/minihost.json": 404,
		"/sub/project.config.json": 404, "/notes.md": 404, "/key.pem": 404, "/server.go": 404,
		"/img": 404, "/img/": 404,
	}
	for path, code := range want {
		done := make(chan page, 1)
		go func() { done <- e.get(host, path) }()
		select {
		case r := <-done:
			if r.StatusCode != code {
				t.Errorf("%s: %d, want %d", path, r.StatusCode, code)
			}
			if strings.Contains(r.body, "SECRET") {
				t.Errorf("%s served a file from outside the project: %q", path, r.body)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no answer in 5s (a FIFO opened for reading?)", path)
		}
	}
	if r := e.get(host, "/img/logo.png"); r.Header.Get("Content-Type") != "image/png" || r.body != "PNG" {
		t.Errorf("logo: %q %q", r.Header.Get("Content-Type"), r.body)
	}
}

// TestSecurityHeaders: every answer, whatever its status and origin, carries
// nosniff and a frame-ancestors policy naming only the host's own pages.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, true)
	port := e.srv.URL[strings.LastIndexByte(e.srv.URL, ':'):]
	wantCSP := "frame-ancestors 'self' http://127.0.0.1" + port + " http://localhost" + port
	for _, c := range []struct{ host, path string }{
		{"", "/"}, {"", "/wx.js"}, {"", "/_minihost/apps"}, {"", "/nothing"}, {"", "/app/" + appID + "/"},
		{"evil.example" + port, "/"}, {e.appHost(appID), "/pages/index/index.html"}, {e.appHost(appID), "/"},
		{e.appHost(appID), "/missing.png"}, {e.appHost(appID), "/wx/boot"},
	} {
		r := e.get(c.host, c.path)
		if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s%s (%d): X-Content-Type-Options %q", c.host, c.path, r.StatusCode, got)
		}
		if got := r.Header.Get("Content-Security-Policy"); got != wantCSP {
			t.Errorf("%s%s (%d): Content-Security-Policy %q, want %q", c.host, c.path, r.StatusCode, got, wantCSP)
		}
	}
}

// TestAppRuntimeHook: the runtime's paths and a WXML app's root go to
// Options.AppRuntime for the app named by the Host.
func TestAppRuntimeHook(t *testing.T) {
	e := newEnv(t, true)
	dir := writeProgram(t, "wxwxml000000004")
	must(t, os.WriteFile(filepath.Join(dir, "pages", "index", "index.wxml"), []byte("<view/>"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "pages", "index", "index.js"), []byte("Page({})"), 0o644))
	a := e.loadDir(dir)
	var got []string
	handler := hostapi.New(e.host, hostapi.Options{AppRuntime: func(la app.LoadedApp) http.Handler {
		appID := la.AppID
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = append(got, appID+" "+r.Method+" "+r.URL.Path)
			w.WriteHeader(299)
		})
	}})
	for _, c := range []struct{ method, path string }{{"GET", "/"}, {"GET", "/__minihost/project.json"}, {"POST", "/__minihost/log"}} {
		req, _ := http.NewRequest(c.method, "http://"+e.appHost(a.AppID)+c.path, nil)
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, req)
		if w.Code != 299 {
			t.Errorf("%s %s: %d, want the runtime's 299", c.method, c.path, w.Code)
		}
	}
	want := []string{a.AppID + " GET /", a.AppID + " GET /__minihost/project.json", a.AppID + " POST /__minihost/log"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("runtime saw %q, want %q", got, want)
	}
	// The host's origin has no runtime paths; without a runtime they are 404.
	if r := e.get("", "/__minihost/project.json"); r.StatusCode != 404 {
		t.Errorf("host origin /__minihost/: %d", r.StatusCode)
	}
	if r := e.get(e.appHost(a.AppID), "/"); r.StatusCode != 404 {
		t.Errorf("WXML root without a runtime: %d, want 404", r.StatusCode)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
