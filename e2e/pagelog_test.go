package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/hostapi/project"
)

// TestCompileProblemsLoggedOnce: every load of a project runs or takes from
// the cache the same WXML compile, with the same warnings, and finds the
// same things to say of its app.json. The host's log (ctl logs, the window,
// its stderr) has each once per run, and a compile warning again once its
// file has changed; a console warning of page code comes every load.
func TestCompileProblemsLoggedOnce(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"project.config.json": `{"appid":"wx6f6e63656c6f6701"}`,
		"app.json":            `{"pages":["pages/a/a"],"sitemapLocation":"sitemap.json"}`,
		"sitemap.json":        `{"rules":[]}`,
		"app.js":              "App({})\n",
		"pages/a/a.js":        "Page({ onReady() { console.warn('ready ' + Date.now()) } })\n",
		"pages/a/a.wxml":      "<view id=\"v\" class=\"a\" class=\"b\">v1</view>\n",
	})
	h := startProject(t, dir)
	p := newMPTab(t, 90*time.Second)
	// count waits until the page's console warnings of `loads` loads are in
	// the log, and returns how many compile warnings and app.json warnings
	// are there with them
	count := func(loads int) (int, int) {
		t.Helper()
		var dup, ready int
		var out string
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			var err error
			if out, err = ctlRun(t, h.DataDir, "logs", "--json"); err != nil {
				t.Fatal(err)
			}
			dup, ready = 0, 0
			for line := range strings.Lines(out) {
				var e struct{ Message, File string }
				if json.Unmarshal([]byte(line), &e) != nil {
					continue
				}
				if strings.Contains(e.Message, "duplicated attribute") && e.File == "pages/a/a.wxml" {
					dup++
				}
				if strings.HasPrefix(e.Message, "ready ") {
					ready++
				}
			}
			if ready >= loads {
				time.Sleep(300 * time.Millisecond) // a compile batch posted beside the last warning
				out, _ = ctlRun(t, h.DataDir, "logs", "--json")
				return strings.Count(out, "duplicated attribute"), strings.Count(out, "sitemapLocation")
			}
		}
		t.Fatalf("%d of %d loads' console warnings in ctl logs:\n%s", ready, loads, out)
		return 0, 0
	}
	for i := 1; i <= 3; i++ {
		p.open(t, h.app().URL+"/")
		p.waitText(t, "v", "v1")
		if wxml, appJSON := count(i); wxml != 1 || appJSON != 1 {
			t.Fatalf("after load %d: the compile warning is in the log %d times, app.json's %d times, want each once", i, wxml, appJSON)
		}
	}
	// the file changes (the warning stays where it was; a new size, which
	// the host notices without a file watcher): the files' warnings are
	// logged again, once
	if err := os.WriteFile(filepath.Join(dir, "pages/a/a.wxml"), []byte("<view id=\"v\" class=\"a\" class=\"b\">v2, longer</view>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(project.DefaultRecheck + 100*time.Millisecond) // the shell page walks the folder at most this often
	for i := 4; i <= 5; i++ {
		p.open(t, h.app().URL+"/")
		p.waitText(t, "v", "v2, longer")
		if wxml, appJSON := count(i); wxml != 2 || appJSON != 2 {
			t.Fatalf("after load %d (a file changed before load 4): the compile warning is in the log %d times, app.json's %d times, want each twice", i, wxml, appJSON)
		}
	}
}
