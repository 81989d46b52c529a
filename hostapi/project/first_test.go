package project_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/minihost/minihost/hostapi/project"
)

// TestFirstScripts: the app's own page says which scripts its launch page
// loaded; the shell page for that launch path then carries their code
// (the host's transform, escaped for a script) to a browser without the
// runtime cached, and to no other; bad posts are refused and kept nowhere.
func TestFirstScripts(t *testing.T) {
	mp, _ := copyShop(t)
	e := newEnv(t, mp, project.Limits{})
	host := strings.TrimPrefix(e.srv.URL, "http://")
	own := []string{"Origin", "http://" + host, "Content-Type", "application/json"}
	_, mresp := e.manifest(t)
	etag := strings.Trim(mresp.Header.Get("ETag"), `"`)
	_, shell := e.get(t, "/")
	rt := runtimeVersion(t, shell)
	at := func(path, manifest, runtime string) string {
		return "/__minihost/first?path=" + path + "&manifest=" + manifest + "&runtime=" + runtime
	}
	list := `["app.js","pages/logs/logs.js","utils/util.js"]`

	for _, tt := range []struct {
		name, path, body string
		header           []string
		want             int
	}{
		{"another origin", at("pages/logs/logs", etag, rt), list, []string{"Origin", "http://evil.localhost:1", "Content-Type", "application/json"}, 403},
		{"a form's content type", at("pages/logs/logs", etag, rt), list, []string{"Origin", "http://" + host, "Content-Type", "text/plain"}, 403},
		{"not a list", at("pages/logs/logs", etag, rt), `{"app.js":1}`, own, 400},
		{"an empty list", at("pages/logs/logs", etag, rt), `[]`, own, 400},
		{"a file the project lacks", at("pages/logs/logs", etag, rt), `["app.js","../../etc/passwd"]`, own, 400},
		{"another runtime", at("pages/logs/logs", etag, "0123456789abcdef"), list, own, 400},
		{"no manifest", at("pages/logs/logs", "", rt), list, own, 400},
		{"too large", at("pages/logs/logs", etag, rt), `["` + strings.Repeat("x", 70<<10) + `"]`, own, 413},
	} {
		if r := e.post(t, tt.path, tt.body, tt.header...); r.StatusCode != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, r.StatusCode, tt.want)
		}
	}
	if _, shell := e.get(t, "/?path=pages/logs/logs"); strings.Contains(shell, "__minihostFirst") {
		t.Fatalf("a refused post is carried:\n%s", shell)
	}

	if r := e.post(t, at("pages/logs/logs", etag, rt), list, own...); r.StatusCode != 204 {
		t.Fatalf("store: %d", r.StatusCode)
	}
	carried := func(t *testing.T, url string, header ...string) map[string]string {
		t.Helper()
		_, shell := e.get(t, url, header...)
		_, rest, ok := strings.Cut(shell, "window.__minihostFirst=")
		if !ok {
			return nil
		}
		js, _, _ := strings.Cut(rest, ";</script>")
		if strings.Contains(js, "</") {
			t.Errorf("the carried code can end its script: %s", js)
		}
		var code map[string]string
		if err := json.Unmarshal([]byte(js), &code); err != nil {
			t.Fatalf("window.__minihostFirst is not JSON: %v\n%s", err, js)
		}
		return code
	}
	code := carried(t, "/?path=pages/logs/logs")
	for _, f := range []string{"app.js", "pages/logs/logs.js", "utils/util.js"} {
		_, served := e.get(t, "/__minihost/js/"+f)
		if code[f] == "" || code[f] != served {
			t.Errorf("%s carried %q, want what /__minihost/js/ serves (%d bytes)", f, code[f], len(served))
		}
	}
	if len(code) != 3 {
		t.Errorf("carried %d scripts, want 3", len(code))
	}
	// another launch path, and a browser with the runtime cached (it has
	// the scripts in its cache), get none
	if c := carried(t, "/?path=pages/index/index"); c != nil {
		t.Errorf("another launch path carries %v", c)
	}
	if c := carried(t, "/?path=pages/logs/logs", "Cookie", "minihost_engine="+rt); c != nil {
		t.Errorf("a browser with the runtime cached is carried %d scripts", len(c))
	}
}
