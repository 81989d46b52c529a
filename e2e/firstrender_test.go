package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestWXMLFirstPageMeasured: the runtime shows its chrome only once the
// first page is rendered in it (so the browser does not lay out an empty
// one first); built-ins that measure or scroll themselves while that page
// renders still do: an auto-height textarea with a value gets its height,
// a scroll-view with scroll-top starts scrolled.
func TestWXMLFirstPageMeasured(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"project.config.json": `{"appid":"wx6669727374706167"}`,
		"app.json":            `{"pages":["pages/a/a"]}`,
		"app.js":              "App({})\n",
		"pages/a/a.js":        "Page({ data: { v: 'one\\ntwo\\nthree\\nfour\\nfive\\nsix' } })\n",
		"pages/a/a.wxml": `<textarea id="grown" auto-height value="{{v}}"></textarea>
<scroll-view id="sv" scroll-y scroll-top="{{150}}" style="height: 100px"><view style="height: 1000px">tall</view></scroll-view>
<text id="done">done</text>`,
	})
	h := startProject(t, dir)
	p := newMPTab(t, 60*time.Second)
	p.open(t, h.app().URL+"/")
	p.waitText(t, "done", "done")
	var got struct{ Height, ScrollTop float64 }
	const measure = `({Height: document.querySelector('#grown textarea').getBoundingClientRect().height,
  ScrollTop: [...document.querySelectorAll('#sv *')].reduce((m, el) => Math.max(m, el.scrollTop), 0)})`
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		p.eval(t, measure, &got)
		if got.Height > 60 && got.ScrollTop == 150 {
			return
		}
	}
	t.Errorf("first page: the auto-height textarea is %.0f px high (want its six lines, > 60); the scroll-view is scrolled to %.0f (want 150)", got.Height, got.ScrollTop)
}

// TestLaunchAsksNoBoot: app.js reading the storage and the system info at
// launch, as most published apps do (a saved token, the language), gets both
// from the shell page's inlined boot answer: the page makes no synchronous
// GET /wx/boot before its first render, and reads what the previous load
// stored.
func TestLaunchAsksNoBoot(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"project.config.json": `{"appid":"wx6e6f626f6f740001"}`,
		"app.json":            `{"pages":["pages/a/a"]}`,
		"app.js": "App({ globalData: {}, onLaunch() {\n" +
			"  this.globalData.token = wx.getStorageSync('token') || 'none'\n" +
			"  this.globalData.language = wx.getSystemInfoSync().language\n" +
			"  wx.setStorageSync('token', 'saved')\n} })\n",
		"pages/a/a.js":   "Page({ onLoad() { const g = getApp().globalData; this.setData({ v: g.token + ' ' + g.language }) } })\n",
		"pages/a/a.wxml": `<text id="v">{{v}}</text>`,
	})
	h := startProject(t, dir)
	p := newMPTab(t, 60*time.Second)
	const asked = `performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'xmlhttprequest' && new URL(r.name).pathname === '/wx/boot').length`
	for i, want := range []string{"none en", "saved en"} {
		p.open(t, h.app().URL+"/")
		p.waitText(t, "v", want)
		var n int
		p.eval(t, asked, &n)
		if n != 0 {
			t.Errorf("load %d: %d synchronous GET /wx/boot before the first render, want none", i+1, n)
		}
	}
}

// TestNoFrameBeforeParsed: the shell page renders no frame while its
// document is still being parsed, that is before runtime.js has run: those
// frames showed nothing and cost a cold load the time of 2–4 frames
// (hostapi/project/shell.go). A requestAnimationFrame loop started before
// the page's own scripts records the document's readyState at each frame;
// the first must not be "loading". Both a fresh browser context (nothing
// cached) and a reload with everything cached are checked.
func TestNoFrameBeforeParsed(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"project.config.json": `{"appid":"wx6e6f6672616d6501"}`,
		"app.json":            `{"pages":["pages/a/a"]}`,
		"app.js":              "App({})\n",
		"pages/a/a.js":        "Page({ data: { v: 'shown' } })\n",
		"pages/a/a.wxml":      `<text id="v">{{v}}</text>`,
	})
	h := startProject(t, dir)
	p := newMPTab(t, 60*time.Second)
	const probe = `window.__frames = [];
requestAnimationFrame(function f() { if (window.__frames.push(document.readyState) < 3) requestAnimationFrame(f); });`
	tab := p.fresh(t)
	err := chromedp.Do(tab.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: probe})
		return err
	}))
	if err != nil {
		t.Fatalf("add the frame probe: %v", err)
	}
	for _, load := range []string{"cold", "cached"} {
		tab.open(t, h.app().URL+"/")
		tab.waitText(t, "v", "shown")
		frames, ok, err := poll(tab, `window.__frames.length >= 3 ? window.__frames : null`, 10*time.Second, func(f []string) bool { return f != nil })
		if !ok {
			t.Fatalf("%s load: fewer than 3 frames after the render (%v): %s", load, err, tab.diag())
		}
		if frames[0] == "loading" {
			t.Errorf("%s load: a frame was rendered while the shell page was still being parsed (readyState at the first frames: %v)", load, frames)
		}
	}
}
