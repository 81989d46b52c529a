package project_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/project"
)

var runtimeFS = fstest.MapFS{
	"runtime.js":                   {Data: []byte("window.__minihost = {};")},
	"engine.js":                    {Data: []byte("globalThis.__minihostEngine = {};")},
	"runtime.css":                  {Data: []byte("body{margin:0}")},
	"glass_easel_compiler_bg.wasm": {Data: []byte("\x00asm\x01\x00\x00\x00")},
}

// env is a Handler of one app behind a test server, with the log sink's entries.
type env struct {
	srv  *httptest.Server
	h    *project.Handler
	mp   *app.MiniProgram
	mu   sync.Mutex
	logs []project.LogEntry
}

func newEnv(t *testing.T, mp *app.MiniProgram, lim project.Limits) *env {
	t.Helper()
	e := &env{mp: mp}
	e.h = project.New(mp, project.Options{Runtime: runtimeFS, Limits: lim, Sink: func(l project.LogEntry) {
		e.mu.Lock()
		e.logs = append(e.logs, l)
		e.mu.Unlock()
	}})
	e.srv = httptest.NewServer(e.h)
	t.Cleanup(e.srv.Close)
	return e
}

// get fetches path with optional header pairs.
func (e *env) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (e *env) manifest(t *testing.T) (project.Manifest, *http.Response) {
	t.Helper()
	resp, body := e.get(t, "/__minihost/project.json")
	if resp.StatusCode != 200 {
		t.Fatalf("project.json: %d %s", resp.StatusCode, body)
	}
	var m project.Manifest
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return m, resp
}

// copyShop copies the fixture project to a temporary folder and loads it.
func copyShop(t *testing.T) (*app.MiniProgram, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shop")
	if err := os.CopyFS(dir, os.DirFS("testdata/shop")); err != nil {
		t.Fatal(err)
	}
	mp, err := app.LoadMiniProgramDir(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return mp, dir
}

// loadFS loads a project of file texts.
func loadFS(t *testing.T, files map[string]string) *app.MiniProgram {
	t.Helper()
	fsys := fstest.MapFS{"project.config.json": {Data: []byte(`{"appid":"wxtest0000000001"}`)}}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d), ModTime: time.Unix(1, 0)}
	}
	mp, err := app.LoadMiniProgram(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return mp
}

func TestManifest(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	m, resp := e.manifest(t)
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" || resp.Header.Get("ETag") == "" {
		t.Errorf("Cache-Control %q, ETag %q", cc, resp.Header.Get("ETag"))
	}
	if m.AppID != "wxf1c7a00000shop1" || m.Name != "shop" {
		t.Errorf("appid %q name %q", m.AppID, m.Name)
	}
	var appJSON struct{ Pages []string }
	var theme struct{ Light, Dark map[string]string }
	if json.Unmarshal(m.App, &appJSON) != nil || len(appJSON.Pages) != 2 {
		t.Errorf("app %s", m.App)
	}
	if json.Unmarshal(m.Theme, &theme) != nil || theme.Dark["navBg"] != "#191919" {
		t.Errorf("theme %s", m.Theme)
	}
	keys := func(kind string) map[string]bool {
		out := map[string]bool{}
		switch kind {
		case "json":
			for k := range m.JSON {
				out[k] = true
			}
		case "wxml":
			for k := range m.WXML {
				out[k] = true
			}
		case "wxs":
			for k := range m.WXS {
				out[k] = true
			}
		case "wxss":
			for k := range m.WXSS {
				out[k] = true
			}
		case "js":
			for k := range m.JS {
				out[k] = true
			}
		}
		return out
	}
	tests := []struct {
		kind, path string
		want       bool
	}{
		{"json", "pages/index/index.json", true},
		{"json", "pages/logs/logs.json", true},
		{"json", "components/card/card.json", true},
		{"json", "sitemap.json", false},        // no page or component beside it
		{"json", "theme.json", false},          // under "theme"
		{"json", ".cache/state.json", false},   // dot folder
		{"json", "project.config.json", false}, // outside the mini program folder
		{"wxml", "pages/index/index.wxml", true},
		{"wxml", "components/card/card.wxml", true},
		{"wxml", "packageA/pages/cat/cat.wxml", true},
		{"wxs", "utils/format.wxs", true},
		{"wxss", "app.wxss", true},
		{"wxss", "components/card/card.wxss", true},
		{"js", "app.js", true},
		{"js", "utils/util.js", true},
		{"js", "pages/index/index.js", true},
		{"js", "packageA/pages/cat/cat.js", true},
		{"js", "miniprogram_npm/dayjs/index.js", true},
		{"js", "node_modules/leftpad/index.js", false},
		{"js", ".eslintrc.js", false},
	}
	for _, tt := range tests {
		if got := keys(tt.kind)[tt.path]; got != tt.want {
			t.Errorf("%s %s: present %v, want %v", tt.kind, tt.path, got, tt.want)
		}
	}
	src, _ := os.ReadFile("testdata/shop/miniprogram/utils/format.wxs")
	if m.WXS["utils/format.wxs"] != string(src) {
		t.Errorf("wxs not as written: %q", m.WXS["utils/format.wxs"])
	}
	if len(m.Errors) != 0 {
		t.Errorf("errors %v", m.Errors)
	}
	if len(m.Warnings) != 1 || m.Warnings[0].File != "app.json" || !strings.Contains(m.Warnings[0].Message, "sitemapLocation") {
		t.Errorf("warnings %v, want the loader's sitemapLocation one", m.Warnings)
	}
}

// TestManifestETag: the same manifest answers 304; a changed file gives a
// new one, re-transforming only that file.
func TestManifestETag(t *testing.T) {
	mp, dir := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	m1, resp := e.manifest(t)
	etag := resp.Header.Get("ETag")
	if r, body := e.get(t, "/__minihost/project.json", "If-None-Match", etag); r.StatusCode != http.StatusNotModified || body != "" {
		t.Fatalf("If-None-Match the current ETag: %d", r.StatusCode)
	}
	util := filepath.Join(dir, "miniprogram/utils/util.js")
	if err := os.WriteFile(util, []byte("export const changed = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "miniprogram/pages/logs/extra.wxml"), []byte("<view/>"), 0o644)
	r, _ := e.get(t, "/__minihost/project.json", "If-None-Match", etag)
	if r.StatusCode != http.StatusOK || r.Header.Get("ETag") == etag {
		t.Fatalf("after a change: %d, ETag %q (was %q)", r.StatusCode, r.Header.Get("ETag"), etag)
	}
	m2, _ := e.manifest(t)
	if m2.JS["utils/util.js"] == m1.JS["utils/util.js"] || m2.JS["app.js"] != m1.JS["app.js"] {
		t.Errorf("hashes: util %s -> %s, app %s -> %s", m1.JS["utils/util.js"], m2.JS["utils/util.js"], m1.JS["app.js"], m2.JS["app.js"])
	}
	if _, ok := m2.WXML["pages/logs/extra.wxml"]; !ok {
		t.Error("a new file is not in the rebuilt manifest")
	}
	_, js := e.get(t, "/__minihost/js/utils/util.js?v="+m2.JS["utils/util.js"])
	if !strings.Contains(js, "changed") {
		t.Errorf("transformed file not rebuilt: %s", js)
	}
}

// TestTransform: ES modules become CommonJS inside the define wrapper, with
// an inline source map naming the author's file and its text.
func TestTransform(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	m, _ := e.manifest(t)
	v := m.JS["pages/index/index.js"]
	resp, code := e.get(t, "/__minihost/js/pages/index/index.js?v="+v)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(code, `__minihost.define("pages/index/index.js", function (require, module, exports) {`) {
		t.Errorf("no wrapper: %.120s", code)
	}
	for _, want := range []string{`require("dayjs")`, `require("../../utils/util.js")`, "async onBuy(e)", "res?.confirm", "`Buy ${id}?`"} {
		if !strings.Contains(code, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(code, "import ") {
		t.Error("an import statement is left")
	}
	sm := sourceMap(t, code)
	src, _ := os.ReadFile("testdata/shop/miniprogram/pages/index/index.js")
	if len(sm.Sources) != 1 || sm.Sources[0] != "pages/index/index.js" || len(sm.SourcesContent) != 1 || sm.SourcesContent[0] != string(src) {
		t.Errorf("source map sources %q, content matches %v", sm.Sources, len(sm.SourcesContent) == 1 && sm.SourcesContent[0] == string(src))
	}
	if !strings.Contains(code, "\n});\n//# sourceMappingURL=") {
		t.Errorf("wrapper not closed before the map: %s", code[max(0, len(code)-200):])
	}
}

// TestTransformLines: a throw on line N of the author's file maps to line N
// through the source map, and does so in a real JS engine when one is here.
func TestTransformLines(t *testing.T) {
	const src = "import { a } from './b'\n\nexport const x = 1\n\nexport function boom() {\n  // a comment\n  throw new Error('boom')\n}\n"
	const throwLine = 7
	mp := loadFS(t, map[string]string{"app.json": `{"pages":["pages/a/a"]}`, "pages/a/a.wxml": "", "pages/a/a.js": src, "pages/a/b.js": "export const a = 1"})
	e := newEnv(t, mp, project.Limits{})
	m, _ := e.manifest(t)
	_, code := e.get(t, "/__minihost/js/pages/a/a.js?v="+m.JS["pages/a/a.js"])
	genLine := -1
	for i, l := range strings.Split(code, "\n") {
		if strings.Contains(l, "throw new Error") {
			genLine = i
		}
	}
	if genLine < 0 {
		t.Fatalf("no throw in %s", code)
	}
	if got := sourceMap(t, code).originalLine(t, genLine); got != throwLine {
		t.Errorf("generated line %d maps to line %d, want %d", genLine+1, got, throwLine)
	}

	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("no node: the source map is checked by decoding only")
		return
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "pages/a"), 0o755)
	harness := `globalThis.__minihost = { define(name, fn) { const m = { exports: {} }; fn((p) => ({ a: 1 }), m, m.exports); m.exports.boom() } };` + "\n"
	os.WriteFile(filepath.Join(dir, "run.js"), []byte(harness+"require('./pages/a/a.js')\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "pages/a/a.js"), []byte(code), 0o644)
	out, _ := exec.Command(node, "--enable-source-maps", filepath.Join(dir, "run.js")).CombinedOutput()
	if want := "pages/a/a.js:7:"; !strings.Contains(string(out), want) {
		t.Errorf("node's stack does not name %s:\n%s", want, out)
	}
}

// TestTransformSyntaxError: the manifest names file, line and column, and
// the module's URL answers the stub.
func TestTransformSyntaxError(t *testing.T) {
	mp := loadFS(t, map[string]string{"app.json": `{"pages":["pages/a/a"]}`, "pages/a/a.wxml": "",
		"pages/a/a.js": "Page({\n  data: {},\n  onLoad() { let x = 1 y = 2 }\n})\n"})
	e := newEnv(t, mp, project.Limits{})
	for range 2 { // the second build reuses the cached transform and must keep the error
		m, _ := e.manifest(t)
		if len(m.Errors) != 1 || m.Errors[0].File != "pages/a/a.js" || m.Errors[0].Line != 3 || m.Errors[0].Column != 24 || !strings.Contains(m.Errors[0].Message, `Expected ";"`) {
			t.Fatalf("errors %+v", m.Errors)
		}
		_, code := e.get(t, "/__minihost/js/pages/a/a.js?v="+m.JS["pages/a/a.js"])
		if code != "__minihost.moduleError(\"pages/a/a.js\");\n" {
			t.Fatalf("stub %q", code)
		}
		e.h.Invalidate()
	}
}

// TestCaching: ?v=<current hash> responses are immutable, others revalidate.
func TestCaching(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	m, _ := e.manifest(t)
	resp, shell := e.get(t, "/")
	if resp.StatusCode != 200 || !strings.Contains(shell, "<title>shop</title>") {
		t.Fatalf("shell %d %s", resp.StatusCode, shell)
	}
	i := strings.Index(shell, "runtime.js?v=")
	if i < 0 {
		t.Fatalf("shell without runtime.js?v=: %s", shell)
	}
	rtHash := shell[i+len("runtime.js?v=") : i+len("runtime.js?v=")+16]
	const immutable = "public, max-age=31536000, immutable"
	tests := []struct {
		path, wantCC, wantBody string
	}{
		{"/__minihost/js/app.js?v=" + m.JS["app.js"], immutable, "__minihost.define(\"app.js\""},
		{"/__minihost/js/app.js", "no-cache", "__minihost.define(\"app.js\""},
		{"/__minihost/js/app.js?v=0000000000000000", "no-cache", "__minihost.define(\"app.js\""},
		{"/__minihost/runtime/runtime.js?v=" + rtHash, immutable, "window.__minihost"},
		{"/__minihost/runtime/runtime.css?v=" + rtHash, immutable, "body{margin:0}"},
		{"/__minihost/runtime/glass_easel_compiler_bg.wasm?v=" + rtHash, immutable, "asm"},
		{"/__minihost/runtime/runtime.js", "no-cache", "window.__minihost"},
	}
	for _, tt := range tests {
		resp, body := e.get(t, tt.path)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != tt.wantCC || !strings.Contains(body, tt.wantBody) {
			t.Errorf("%s: %d Cache-Control %q, body %.60q", tt.path, resp.StatusCode, resp.Header.Get("Cache-Control"), body)
			continue
		}
		if r, _ := e.get(t, tt.path, "If-None-Match", resp.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", tt.path, r.StatusCode)
		}
	}
	if resp, _ := e.get(t, "/__minihost/runtime/runtime.wasm"); resp.StatusCode != 404 {
		t.Errorf("missing runtime file: %d", resp.StatusCode)
	}
	if resp, _ := e.get(t, "/__minihost/runtime/glass_easel_compiler_bg.wasm"); resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("wasm served as %q (streaming compilation needs application/wasm)", resp.Header.Get("Content-Type"))
	}
}

// TestPathsStayInside: no request reaches a file outside the manifest or
// the runtime bundle: not through .., encoded slashes, dot files,
// node_modules or a link out of the folder.
func TestPathsStayInside(t *testing.T) {
	mp, dir := copyShop(t)
	secret := filepath.Join(t.TempDir(), "secret.js")
	os.WriteFile(secret, []byte("const SECRET = 'do not serve'"), 0o600)
	if err := os.Symlink(secret, filepath.Join(dir, "miniprogram/utils/linked.js")); err != nil {
		t.Fatal(err)
	}
	// A FIFO would block a reader for ever: it must be skipped, not opened.
	if err := syscall.Mkfifo(filepath.Join(dir, "miniprogram/utils/pipe.js"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, mp, project.Limits{})
	m, _ := e.manifest(t)
	if _, ok := m.JS["utils/linked.js"]; ok {
		t.Error("a link out of the project is in the manifest")
	}
	if _, ok := m.JS["utils/pipe.js"]; ok {
		t.Error("a FIFO is in the manifest")
	}
	for _, p := range []string{
		"/__minihost/js/../project.config.json",
		"/__minihost/js/..%2f..%2fproject.config.json",
		"/__minihost/js/%2e%2e/%2e%2e/project.private.config.json",
		"/__minihost/js/.eslintrc.js",
		"/__minihost/js/node_modules/leftpad/index.js",
		"/__minihost/js/utils/linked.js",
		"/__minihost/js/pages/index/index.wxml",
		"/__minihost/runtime/../project.json",
		"/__minihost/runtime/%2e%2e/app.js",
		"/project.config.json",
		"/app.json",
	} {
		resp, body := e.get(t, p)
		if resp.StatusCode == 200 || strings.Contains(body, "do not serve") || strings.Contains(body, "urlCheck") || strings.Contains(body, "leftpad") {
			t.Errorf("%s: %d %.80q", p, resp.StatusCode, body)
		}
	}
}

func TestManifestLimits(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{Entries: 5})
	if resp, body := e.get(t, "/__minihost/project.json"); resp.StatusCode != 500 || !strings.Contains(body, "more than 5 files and folders") {
		t.Errorf("entry limit: %d %s", resp.StatusCode, body)
	}
	e = newEnv(t, mp, project.Limits{FileBytes: 300})
	m, _ := e.manifest(t)
	found := false
	for _, fe := range m.Errors {
		found = found || (fe.File == "pages/index/index.js" && strings.Contains(fe.Message, "more than minihost reads (300)"))
	}
	if !found {
		t.Errorf("a file over FileBytes is not reported: %+v", m.Errors)
	}
	e = newEnv(t, mp, project.Limits{Total: 1000})
	if resp, body := e.get(t, "/__minihost/project.json"); resp.StatusCode != 500 || !strings.Contains(body, "more than 1000 bytes together") {
		t.Errorf("total limit: %d %s", resp.StatusCode, body)
	}
}

func TestRootOfHTMLApp(t *testing.T) {
	mp := loadFS(t, map[string]string{"app.json": `{"pages":["pages/index/index"]}`, "pages/index/index.html": "<p>hi</p>"})
	e := newEnv(t, mp, project.Limits{})
	resp, _ := e.get(t, "/?path=x")
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/pages/index/index.html" {
		t.Errorf("%d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestLog(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	post := func(body, ctype, origin string) int {
		req, _ := http.NewRequest("POST", e.srv.URL+"/__minihost/log", strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	own := e.srv.URL
	tests := []struct {
		name, body, ctype, origin string
		want                      int
	}{
		{"error", `{"level":"error","message":"x is not defined","file":"pages/index/index.js","line":12,"column":5,"stack":"at onLoad"}`, "application/json", own, 204},
		{"warn without origin", `{"level":"warn","message":"w"}`, "application/json; charset=utf-8", "", 204},
		{"unknown level", `{"level":"fatal","message":"m"}`, "application/json", own, 400},
		{"not JSON", `level=error`, "application/json", own, 400},
		{"form post", `{"level":"error","message":"m"}`, "text/plain", own, 415},
		{"another origin", `{"level":"error","message":"m"}`, "application/json", "http://evil.localhost:1", 403},
		{"too large", `{"level":"error","message":"` + strings.Repeat("a", 70<<10) + `"}`, "application/json", own, 400},
	}
	for _, tt := range tests {
		if got := post(tt.body, tt.ctype, tt.origin); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	e.mu.Lock()
	logs := slices.Clone(e.logs)
	e.mu.Unlock()
	if len(logs) != 2 {
		t.Fatalf("sink got %d entries, want 2: %+v", len(logs), logs)
	}
	if l := logs[0]; l.AppID != mp.AppID || l.Level != "error" || l.File != "pages/index/index.js" || l.Line != 12 || l.Column != 5 || l.Stack != "at onLoad" {
		t.Errorf("entry %+v", l)
	}
	for i := range project.MaxRecentLogs + 5 {
		post(`{"level":"info","message":"m`+strconv.Itoa(i)+`"}`, "application/json", "")
	}
	if recent := e.h.RecentLogs(); len(recent) != project.MaxRecentLogs || recent[0].Message != "m5" || recent[len(recent)-1].Message != "m204" {
		t.Errorf("recent logs: %d, from %q to %q", len(recent), recent[0].Message, recent[len(recent)-1].Message)
	}
	if resp, _ := e.get(t, "/__minihost/log"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET log: %d", resp.StatusCode)
	}
}

// TestLogOnce: the runtime posts a compile's problems as one batch, marked
// Once with the manifest's version; each load of the same files posts them
// again, and the host records each only the first time.
func TestLogOnce(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	post := func(body string) int {
		resp, err := http.Post(e.srv.URL+"/__minihost/log", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	messages := func() []string {
		e.mu.Lock()
		defer e.mu.Unlock()
		var out []string
		for _, l := range e.logs {
			out = append(out, l.Level+" "+l.File+":"+strconv.Itoa(l.Line)+" "+l.Message)
		}
		return out
	}
	batch := func(manifest string) string {
		return `[{"level":"warn","message":"WXML: duplicated attribute","file":"a.wxml","line":3,"column":5,"once":true,"manifest":"` + manifest + `"},` +
			`{"level":"warn","message":"WXML: duplicated attribute","file":"b.wxml","line":3,"column":5,"once":true,"manifest":"` + manifest + `"},` +
			`{"level":"error","message":"WXML: unclosed tag","file":"c.wxml","line":1,"column":1,"once":true,"manifest":"` + manifest + `"}]`
	}
	steps := []struct {
		name, body string
		status     int
		want       []string // all entries recorded so far
	}{
		{"first load", batch("m1"), 204, []string{"warn a.wxml:3 WXML: duplicated attribute", "warn b.wxml:3 WXML: duplicated attribute", "error c.wxml:1 WXML: unclosed tag"}},
		{"reload, same files", batch("m1"), 204, nil},
		{"a console warning is not Once: every time", `{"level":"warn","message":"w"}`, 204, []string{"warn :0 w"}},
		{"and again", `[{"level":"warn","message":"w"}]`, 204, []string{"warn :0 w"}},
		{"a batch with a bad level is refused whole", `[{"level":"warn","message":"x","once":true,"manifest":"m9"},{"level":"fatal","message":"y"}]`, 400, nil},
		{"an array of something else", `[1, 2]`, 400, nil},
		{"the files changed: recorded again", batch("m2"), 204, []string{"warn a.wxml:3 WXML: duplicated attribute", "warn b.wxml:3 WXML: duplicated attribute", "error c.wxml:1 WXML: unclosed tag"}},
	}
	var want []string
	for _, st := range steps {
		if got := post(st.body); got != st.status {
			t.Errorf("%s: status %d, want %d", st.name, got, st.status)
		}
		want = append(want, st.want...)
		if got := messages(); !slices.Equal(got, want) {
			t.Errorf("%s: recorded\n%q\nwant\n%q", st.name, got, want)
		}
	}
}

// sourceMap is the part of a source map v3 the tests read.
type sourceMapV3 struct {
	Sources        []string `json:"sources"`
	SourcesContent []string `json:"sourcesContent"`
	Mappings       string   `json:"mappings"`
}

func sourceMap(t *testing.T, code string) sourceMapV3 {
	t.Helper()
	const prefix = "//# sourceMappingURL=data:application/json;base64,"
	i := strings.LastIndex(code, prefix)
	if i < 0 {
		t.Fatal("no inline source map")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(code[i+len(prefix):]))
	if err != nil {
		t.Fatal(err)
	}
	var sm sourceMapV3
	if err := json.Unmarshal(raw, &sm); err != nil {
		t.Fatal(err)
	}
	return sm
}

// originalLine decodes the mappings (base64 VLQ, fields relative to the
// previous segment) and returns the 1-based source line of the first
// segment on generated line gen (0-based).
func (sm sourceMapV3) originalLine(t *testing.T, gen int) int {
	t.Helper()
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	srcLine := 0
	for g, line := range strings.Split(sm.Mappings, ";") {
		for _, seg := range strings.Split(line, ",") {
			var fields []int
			for v, shift := 0, 0; seg != ""; seg = seg[1:] {
				d := strings.IndexByte(digits, seg[0])
				if d < 0 {
					t.Fatal(errors.New("bad VLQ digit"))
				}
				v |= (d & 31) << shift
				shift += 5
				if d&32 == 0 {
					if v&1 == 1 {
						v = -(v >> 1)
					} else {
						v >>= 1
					}
					fields = append(fields, v)
					v, shift = 0, 0
				}
			}
			if len(fields) >= 4 {
				srcLine += fields[2]
				if g == gen {
					return srcLine + 1
				}
			}
		}
	}
	return -1
}

// TestConcurrentRequests: the runtime fetches the manifest and many modules
// at once (run with -race).
func TestConcurrentRequests(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, p := range []string{"/__minihost/project.json", "/__minihost/js/app.js", "/__minihost/js/utils/util.js", "/__minihost/runtime/runtime.js", "/"} {
				if resp, body := e.get(t, p); resp.StatusCode != 200 {
					t.Errorf("%d %s: %d %s", i, p, resp.StatusCode, body)
				}
				if i%4 == 0 {
					e.h.Invalidate()
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkManifest times a manifest request: cold (every file read and
// every JS file transformed) and warm (only the walk that checks sizes and
// modification times).
func BenchmarkManifest(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "shop")
	if err := os.CopyFS(dir, os.DirFS("testdata/shop")); err != nil {
		b.Fatal(err)
	}
	mp, err := app.LoadMiniProgramDir(b.Context(), dir)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/__minihost/project.json", nil)
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			h := project.New(mp, project.Options{Runtime: runtimeFS})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatal(w.Code)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		h := project.New(mp, project.Options{Runtime: runtimeFS})
		h.ServeHTTP(httptest.NewRecorder(), req)
		for b.Loop() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatal(w.Code)
			}
		}
	})
}

// Styles in less or sass (useCompilerPlugins) are not compiled: one warning
// names them, the rest of the manifest is as usual, and a .less with its
// compiled .wxss beside it is no reason to warn.
func TestManifestStyleLanguages(t *testing.T) {
	mp := loadFS(t, map[string]string{
		"app.json":            `{"pages":["pages/a/a","pages/b/b"]}`,
		"app.less":            `@c: red; page { color: @c; }`,
		"pages/a/a.wxml":      `<view>a</view>`,
		"pages/a/a.js":        `Page({})`,
		"pages/b/b.js":        `Page({})`,
		"pages/a/a.less":      `.x { .y { color: red; } }`,
		"pages/b/b.wxml":      `<view>b</view>`,
		"pages/b/b.scss":      `$c: red; .x { color: $c; }`,
		"components/c/c.less": `.c {}`,
		"components/c/c.wxss": `.c {}`,
		"components/c/c.wxml": `<view/>`,
	})
	m, _ := newEnv(t, mp, project.Limits{}).manifest(t)
	var got []app.Warning
	for _, w := range m.Warnings {
		if strings.Contains(w.Message, "less/sass") {
			got = append(got, w)
		}
	}
	if len(got) != 1 || got[0].File != "app.less" || !strings.HasPrefix(got[0].Message, "3 style files") {
		t.Errorf("style warnings %+v, want one naming app.less and counting 3", got)
	}
	if _, ok := m.WXSS["components/c/c.wxss"]; !ok || len(m.WXSS) != 1 {
		t.Errorf("wxss %v, want only components/c/c.wxss", m.WXSS)
	}
}
