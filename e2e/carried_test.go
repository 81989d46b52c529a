package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCarriedLaunchScripts: after a first render, the host carries the
// launch page's scripts in the shell page it gives the next browser without
// the runtime cached (hostapi/project/first.go). Three loads of one launch
// URL, each in a fresh browser context but the last: the first fetches the
// scripts and has nothing carried; the second carries app.js, the page's
// JS and what it requires and fetches none of them; a browser that has the
// runtime cached (the third load, in the second's context) gets nothing
// carried. On all three the page renders, and an exception in the page's
// onLoad is shown at the same file, line and column, so carried code still
// runs under its own script URL and source map. (Fetched counts script
// elements only: the overlay's source mapping fetches the failing file.)
func TestCarriedLaunchScripts(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"project.config.json": `{"appid":"wx6361727269656421"}`,
		"app.json":            `{"pages":["pages/a/a"]}`,
		"app.js":              "import { greet } from './utils/greet'\nApp({ globalData: { hello: greet('app') } })\n",
		"utils/greet.js":      "export function greet(who) {\n  return `hello ${who}`\n}\n",
		"pages/a/a.js": "const { greet } = require('../../utils/greet')\nPage({\n  data: { v: '' },\n" +
			"  onLoad() { this.setData({ v: greet(getApp().globalData.hello) }); undefinedFunction() },\n})\n",
		"pages/a/a.wxml": `<text id="v">{{v}}</text>`,
	})
	h := startProject(t, dir)
	u := launchURL(t, h.app().URL, "pages/a/a", "")
	p := newMPTab(t, 90*time.Second)

	type load struct {
		Carried, Fetched []string
		Where            string
	}
	const state = `(() => {
  const where = document.querySelector('.mh-overlay-where');
  if (!where) return null;
  return {
    Carried: Object.keys(window.__minihostFirst || {}).sort(),
    Fetched: performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'script').map((r) => new URL(r.name).pathname)
      .filter((p) => p.startsWith('/__minihost/js/')).map((p) => p.slice('/__minihost/js/'.length)),
    Where: where.textContent,
  };
})()`
	open := func(tab *mpTab) load {
		t.Helper()
		tab.open(t, u)
		tab.waitText(t, "v", "hello hello app")
		got, ok, err := poll(tab, state, 20*time.Second, func(l *load) bool { return l != nil })
		if !ok {
			t.Fatalf("no error overlay for the exception in onLoad (%v): %s", err, tab.diag())
		}
		return *got
	}
	launch := []string{"app.js", "pages/a/a.js", "utils/greet.js"}
	const where = "pages/a/a.js:4:"

	first := open(p.fresh(t))
	if len(first.Carried) != 0 {
		t.Errorf("first load: carried %v before any render told the host what the launch page loads", first.Carried)
	}
	for _, f := range launch {
		if !slices.Contains(first.Fetched, f) {
			t.Errorf("first load: %s was not fetched (fetched %v)", f, first.Fetched)
		}
	}
	if !strings.HasPrefix(first.Where, where) {
		t.Errorf("first load: the overlay names %q, want %s…", first.Where, where)
	}

	// The runtime posts the list after its first render; the host may not
	// have it yet when the next browser asks.
	var second load
	tab := p.fresh(t)
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		second = open(tab)
		if len(second.Carried) > 0 || time.Now().After(end) {
			break
		}
		tab = p.fresh(t)
	}
	if !slices.Equal(second.Carried, launch) {
		t.Errorf("second load in a fresh browser: carried %v, want %v", second.Carried, launch)
	}
	for _, f := range launch {
		if slices.Contains(second.Fetched, f) {
			t.Errorf("second load: %s was fetched although the shell page carried it (fetched %v)", f, second.Fetched)
		}
	}
	if second.Where != first.Where {
		t.Errorf("second load: the overlay names %q, the first load %q", second.Where, first.Where)
	}

	// the same browser again: it has the runtime (and the scripts) cached
	third := open(tab)
	if len(third.Carried) != 0 {
		t.Errorf("a browser with the runtime cached was given %v carried", third.Carried)
	}
	if third.Where != first.Where {
		t.Errorf("third load: the overlay names %q, the first load %q", third.Where, first.Where)
	}
}
