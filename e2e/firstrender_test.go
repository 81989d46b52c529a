package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWXMLFirstPageMeasured: the runtime shows its chrome only once the
// first page is rendered in it (so the browser does not lay out an empty
// one first); a built-in that measures itself while that page renders, an
// auto-height textarea with a value, still gets its height.
func TestWXMLFirstPageMeasured(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"project.config.json": `{"appid":"wx6669727374706167"}`,
		"app.json":            `{"pages":["pages/a/a"]}`,
		"app.js":              "App({})\n",
		"pages/a/a.js":        "Page({ data: { v: 'one\\ntwo\\nthree\\nfour\\nfive\\nsix' } })\n",
		"pages/a/a.wxml":      `<textarea id="grown" auto-height value="{{v}}"></textarea><text id="done">done</text>`,
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := startProject(t, dir)
	p := newMPTab(t, 60*time.Second)
	p.open(t, h.app().URL+"/")
	p.waitText(t, "done", "done")
	var height float64
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		p.eval(t, `document.querySelector('#grown textarea').getBoundingClientRect().height`, &height)
		if height > 60 {
			return
		}
	}
	t.Errorf("the auto-height textarea of the first page is %.0f px high, want its six lines (> 60)", height)
}
