package project_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/project"
)

// post sends body to path with header pairs.
func (e *env) post(t *testing.T, path, body string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestShellInlines: the shell page names the manifest at its ETag (served
// immutable there) and carries it and inlines the boot answer; it loads no
// wx.js (runtime.js carries the client); it is never stored (it holds the
// token).
func TestShellInlines(t *testing.T) {
	mp, _ := copyShop(t)
	var asked *http.Request
	h := project.New(mp, project.Options{Runtime: runtimeFS,
		Boot: func(r *http.Request) ([]byte, error) { asked = r; return []byte(`{"token":"t</script>"}`), nil }})
	e := &env{h: h, mp: mp}
	e.srv = newServer(t, h)
	resp, shell := e.get(t, "/")
	if resp.Header.Get("Cache-Control") != "no-store" || asked == nil {
		t.Errorf("Cache-Control %q, boot asked: %v", resp.Header.Get("Cache-Control"), asked != nil)
	}
	// runtime.js is preloaded from the headers, at the runtime's version
	// (the ?v= of its tag); engine.js is not (see preloadLinks)
	links := resp.Header.Values("Link")
	rt := runtimeVersion(t, shell)
	if want := []string{"</__minihost/runtime/runtime.js?v=" + rt + ">; rel=preload; as=script"}; !slices.Equal(links, want) {
		t.Errorf("Link headers %q, want %q", links, want)
	}
	m, mresp := e.manifest(t)
	v := strings.Trim(mresp.Header.Get("ETag"), `"`)
	for _, want := range []string{
		`window.__minihostBoot={"token":"t\u003c/script\u003e"}`,
		`window.__minihostManifest="/__minihost/project.json?v=` + v + `"`,
	} {
		if !strings.Contains(shell, want) && !strings.Contains(shell, strings.ReplaceAll(want, `\u003c`, `<`)) {
			t.Errorf("shell lacks %s:\n%s", want, shell)
		}
	}
	if strings.Count(shell, "</script>") != 3 {
		t.Errorf("a boot answer ended its script early:\n%s", shell)
	}
	if strings.Contains(shell, "wx.js") {
		t.Errorf("the shell loads wx.js, which runtime.js carries:\n%s", shell)
	}
	if strings.Contains(shell, `rel="preload"`) {
		t.Errorf("the manifest is inlined and preloaded:\n%s", shell)
	}
	if got := inlinedManifest(t, shell); got.AppID != m.AppID || len(got.WXML) != len(m.WXML) || len(got.JS) != len(m.JS) {
		t.Errorf("inlined manifest: app %q, %d wxml, %d js; served: %q, %d, %d", got.AppID, len(got.WXML), len(got.JS), m.AppID, len(m.WXML), len(m.JS))
	}
	r, body := e.get(t, "/__minihost/project.json?v="+v)
	if r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(body, m.AppID) {
		t.Errorf("project.json?v=<etag>: Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	if r, _ := e.get(t, "/__minihost/project.json?v=0000"); r.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("project.json at another v: Cache-Control %q, want no-cache", r.Header.Get("Cache-Control"))
	}
}

// TestShellEngine: engine.js (glass-easel) is a plain script right before
// runtime.js for a browser whose cookie names this runtime's version; for
// any other it has no tag (the runtime adds it); only such a browser gets
// runtime.js preloaded from the headers, and never engine.js.
func TestShellEngine(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	_, shell := e.get(t, "/")
	rt := runtimeVersion(t, shell)
	engine := `/__minihost/runtime/engine.js?v=` + rt
	plain := `<script src="` + engine + `"></script>
<script src="/__minihost/runtime/runtime.js?v=` + rt + `"></script>`
	for _, tt := range []struct {
		name, cookie string
		cached       bool
	}{
		{"no cookie", "", false},
		{"this version", "minihost_engine=" + rt, true},
		{"another version", "minihost_engine=0123456789abcdef", false},
		{"another cookie", "other=" + rt, false},
	} {
		var header []string
		if tt.cookie != "" {
			header = []string{"Cookie", tt.cookie}
		}
		resp, shell := e.get(t, "/", header...)
		head, _, _ := strings.Cut(shell, "</head>")
		if strings.Contains(head, engine) || strings.Contains(shell, plain) != tt.cached || strings.Count(shell, engine) != map[bool]int{true: 1}[tt.cached] {
			t.Errorf("%s: engine.js plain before runtime.js %v, want %v, and nowhere else:\n%s", tt.name, strings.Contains(shell, plain), tt.cached, shell)
		}
		var want []string
		if !tt.cached {
			want = []string{"</__minihost/runtime/runtime.js?v=" + rt + ">; rel=preload; as=script"}
		}
		if links := resp.Header.Values("Link"); !slices.Equal(links, want) {
			t.Errorf("%s: Link headers %q, want %q", tt.name, links, want)
		}
	}
	if r, body := e.get(t, engine); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(body, "__minihostEngine") {
		t.Errorf("GET %s: %d %q", engine, r.StatusCode, r.Header.Get("Cache-Control"))
	}
}

// inlinedManifest parses the manifest the shell page carries.
func inlinedManifest(t *testing.T, shell string) project.Manifest {
	t.Helper()
	const open = `<script id="minihost-manifest" type="application/json">`
	i := strings.Index(shell, open)
	if i < 0 {
		t.Fatalf("no inlined manifest:\n%s", shell)
	}
	body, _, ok := strings.Cut(shell[i+len(open):], "</script>")
	var m project.Manifest
	if err := json.Unmarshal([]byte(body), &m); !ok || err != nil {
		t.Fatalf("inlined manifest: %v", err)
	}
	return m
}

// TestShellLargeManifest: a manifest too large to carry in a page that is
// never cached is preloaded at its immutable URL instead; text that would
// end a script is escaped either way.
func TestShellLargeManifest(t *testing.T) {
	page := "<view>" + strings.Repeat("</script><b>x</b>", 40<<10) + "</view>" // ~680 kB
	for _, tt := range []struct {
		name   string
		wxml   string
		inline bool
	}{{"small", "<view>a</script><b>b</b></view>", true}, {"large", page, false}} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, loadFS(t, map[string]string{
				"app.json": `{"pages":["pages/a/a"]}`, "app.js": "App({})",
				"pages/a/a.js": "Page({})", "pages/a/a.wxml": tt.wxml,
			}), project.Limits{})
			_, shell := e.get(t, "/")
			if got := strings.Contains(shell, `id="minihost-manifest"`); got != tt.inline {
				t.Errorf("inlined: %v, want %v", got, tt.inline)
			}
			if got := strings.Contains(shell, `<link rel="preload" as="fetch" crossorigin href="/__minihost/project.json?v=`); got == tt.inline {
				t.Errorf("preloaded: %v, want %v", got, !tt.inline)
			}
			if strings.Contains(shell, "</script><b>") {
				t.Error("the manifest's text ends a script of the shell page")
			}
			if tt.inline && inlinedManifest(t, shell).WXML["pages/a/a.wxml"] != tt.wxml {
				t.Error("the inlined manifest lost the page's WXML")
			}
		})
	}
}

// TestShellRecheck: reloads within Recheck reuse the last walk; after it, or
// after Invalidate, a changed file is in the page's manifest.
func TestShellRecheck(t *testing.T) {
	mp, dir := copyShop(t)
	h := project.New(mp, project.Options{Runtime: runtimeFS, Recheck: 300 * time.Millisecond})
	e := &env{h: h, mp: mp}
	e.srv = newServer(t, h)
	manifestOf := func() string {
		_, shell := e.get(t, "/")
		i := strings.Index(shell, "project.json?v=")
		return shell[i : i+len("project.json?v=")+16]
	}
	first := manifestOf()
	os.WriteFile(filepath.Join(dir, "miniprogram/pages/logs/extra.wxml"), []byte("<view/>"), 0o644)
	if got := manifestOf(); got != first {
		t.Errorf("a reload within Recheck walked the folder: %s -> %s", first, got)
	}
	time.Sleep(350 * time.Millisecond)
	second := manifestOf()
	if second == first {
		t.Errorf("a reload after Recheck still names the old manifest %s", first)
	}
	os.WriteFile(filepath.Join(dir, "miniprogram/pages/logs/extra2.wxml"), []byte("<view/>"), 0o644)
	h.Invalidate()
	if manifestOf() == second {
		t.Error("a reload after Invalidate names the old manifest")
	}
}

// TestCompiledCache: the page's own origin stores compiled templates and
// gets them back; other origins and bad input are refused; the shell page
// inlines what was stored for its manifest, escaped for a script.
func TestCompiledCache(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	host := strings.TrimPrefix(e.srv.URL, "http://")
	own := []string{"Origin", "http://" + host, "Content-Type", "application/json"}
	key := strings.Repeat("ab", 32)
	_, mresp := e.manifest(t)
	etag := strings.Trim(mresp.Header.Get("ETag"), `"`)
	entry := `{"source":"{\"a\":\"</script><b>\"}","problems":[]}`

	if r, _ := e.get(t, "/__minihost/compiled?key="+key); r.StatusCode != 404 {
		t.Fatalf("before a store: %d, want 404", r.StatusCode)
	}
	refused := []struct {
		name, key, body string
		header          []string
		want            int
	}{
		{"another origin", key, entry, []string{"Origin", "http://evil.localhost:1", "Content-Type", "application/json"}, 403},
		{"no origin", key, entry, []string{"Content-Type", "application/json"}, 403},
		{"a form's content type", key, entry, []string{"Origin", "http://" + host, "Content-Type", "text/plain"}, 403},
		{"a bad key", "../x", entry, own, 400},
		{"not JSON", key, "nope", own, 400},
		{"too large", key, `"` + strings.Repeat("x", project.MaxCompiled) + `"`, own, 413},
	}
	for _, tt := range refused {
		if r := e.post(t, "/__minihost/compiled?key="+tt.key, tt.body, tt.header...); r.StatusCode != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, r.StatusCode, tt.want)
		}
	}
	if r, _ := e.get(t, "/__minihost/compiled?key="+key); r.StatusCode != 404 {
		t.Fatalf("a refused store was kept: %d", r.StatusCode)
	}
	// stored by another runtime (a page of an older minihost still open):
	// kept, but not inlined for the manifest, as the runtime trusts what is
	// inlined without checking it against the sources
	_, shell := e.get(t, "/")
	rt := runtimeVersion(t, shell)
	if r := e.post(t, "/__minihost/compiled?key="+key+"&manifest="+etag+"&runtime=0123456789abcdef", entry, own...); r.StatusCode != 204 {
		t.Fatalf("store: %d", r.StatusCode)
	}
	if _, shell := e.get(t, "/"); strings.Contains(shell, "__minihostCompiled") {
		t.Errorf("output of another runtime is inlined:\n%s", shell)
	}
	if r := e.post(t, "/__minihost/compiled?key="+key+"&manifest="+etag+"&runtime="+rt, entry, own...); r.StatusCode != 204 {
		t.Fatalf("store: %d", r.StatusCode)
	}
	r, body := e.get(t, "/__minihost/compiled?key="+key)
	if r.StatusCode != 200 || body != entry {
		t.Errorf("get: %d %s", r.StatusCode, body)
	}
	_, shell = e.get(t, "/")
	if !strings.Contains(shell, `"key":"`+key+`"`) || strings.Contains(shell, "</script><b>") || strings.Count(shell, "</script>") != 3 {
		t.Errorf("shell page's inlined templates:\n%s", shell)
	}
	// older entries go first
	for i := range 5 {
		e.post(t, "/__minihost/compiled?key="+strings.Repeat("c", 63)+string(rune('0'+i)), entry, own...)
	}
	if r, _ := e.get(t, "/__minihost/compiled?key="+key); r.StatusCode != 404 {
		t.Errorf("the oldest entry is still kept: %d", r.StatusCode)
	}
}

// runtimeVersion is the ?v= of runtime.js in a shell page: the runtime's
// version, which the runtime sends with what it stores.
func runtimeVersion(t *testing.T, shell string) string {
	t.Helper()
	m := regexp.MustCompile(`runtime\.js\?v=([0-9a-f]+)`).FindStringSubmatch(shell)
	if m == nil {
		t.Fatalf("no runtime.js?v= in the shell page:\n%s", shell)
	}
	return m[1]
}

func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestManifestRequires: each module's literal requires are listed, as
// esbuild wrote them from imports and as the author wrote require.
func TestManifestRequires(t *testing.T) {
	mp := loadFS(t, map[string]string{
		"app.json":       `{"pages":["pages/a/a"]}`,
		"app.js":         "import { x } from './utils/x'\nconst y = require('./utils/y.js')\nconst again = require(\"./utils/y.js\")\nconst dyn = require(name)\nApp({})\n",
		"pages/a/a.js":   "Page({})\n",
		"pages/a/a.wxml": "<view/>",
		"utils/x.js":     "export const x = 1\n",
		"utils/y.js":     "module.exports = 2\n",
	})
	e := newEnv(t, mp, project.Limits{})
	m, _ := e.manifest(t)
	if got := strings.Join(m.Requires["app.js"], ","); got != "./utils/x,./utils/y.js" {
		t.Errorf("app.js requires %q", got)
	}
	if got, ok := m.Requires["pages/a/a.js"]; !ok || len(got) != 0 {
		t.Errorf("pages/a/a.js requires %q (listed: %v), want none", got, ok)
	}
}

// TestCompiledCacheKept: with CacheDir, what a page stored survives a
// restart of the host (a new Handler), for the same app only, and the
// folder keeps a bounded number of outputs.
func TestCompiledCacheKept(t *testing.T) {
	cache := t.TempDir()
	mp, _ := copyShop(t)
	start := func(mp *app.MiniProgram) *env {
		e := &env{mp: mp, h: project.New(mp, project.Options{Runtime: runtimeFS, CacheDir: cache})}
		e.srv = newServer(t, e.h)
		return e
	}
	first := start(mp)
	host := strings.TrimPrefix(first.srv.URL, "http://")
	_, mresp := first.manifest(t)
	etag := strings.Trim(mresp.Header.Get("ETag"), `"`)
	key := strings.Repeat("ab", 32)
	entry := `{"source":"{}","problems":[]}`
	_, shell := first.get(t, "/")
	if r := first.post(t, "/__minihost/compiled?key="+key+"&manifest="+etag+"&runtime="+runtimeVersion(t, shell), entry, "Origin", "http://"+host, "Content-Type", "application/json"); r.StatusCode != 204 {
		t.Fatalf("store: %d", r.StatusCode)
	}

	again := start(mp)
	if r, body := again.get(t, "/__minihost/compiled?key="+key); r.StatusCode != 200 || body != entry {
		t.Errorf("after a restart: %d %s", r.StatusCode, body)
	}
	if _, shell := again.get(t, "/"); !strings.Contains(shell, `window.__minihostCompiled={"key":"`+key+`"`) {
		t.Errorf("after a restart the shell page does not inline the stored output:\n%s", shell)
	}

	other := start(loadFS(t, map[string]string{
		"app.json": `{"pages":["pages/a/a"]}`, "pages/a/a.js": "Page({})", "pages/a/a.wxml": "<view/>",
	}))
	if r, _ := other.get(t, "/__minihost/compiled?key="+key); r.StatusCode != 404 {
		t.Errorf("another app reads the output: %d", r.StatusCode)
	}

	for i := range 12 {
		k := strings.Repeat("c", 63) + strconv.FormatInt(int64(i), 16)
		again.post(t, "/__minihost/compiled?key="+k, entry, "Origin", "http://"+strings.TrimPrefix(again.srv.URL, "http://"), "Content-Type", "application/json")
	}
	files, _ := filepath.Glob(filepath.Join(cache, mp.AppID, "*.json"))
	if len(files) != 8 {
		t.Errorf("%d outputs kept, want 8", len(files))
	}
}

// TestPrepare: Prepare builds the app's manifest before any request, so
// the first shell page (within Recheck) names that manifest rather than
// building one itself.
func TestPrepare(t *testing.T) {
	mp, dir := copyShop(t)
	hs := project.NewHandlers(project.Options{Runtime: runtimeFS, Recheck: time.Minute})
	a := app.LoadedApp{MiniProgram: mp}
	hs.Prepare(a)
	if err := os.WriteFile(filepath.Join(dir, "miniprogram/pages/logs/later.wxml"), []byte("<view/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &env{mp: mp, h: nil}
	e.srv = newServer(t, hs.For(a))
	_, shell := e.get(t, "/")
	m := inlinedManifest(t, shell)
	if len(m.WXML) == 0 {
		t.Fatal("the prepared manifest has no WXML")
	}
	if _, ok := m.WXML["pages/logs/later.wxml"]; ok {
		t.Error("the first shell page built its own manifest: Prepare did not")
	}
}
