package project_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/minihost/minihost/hostapi/project"
	"github.com/minihost/minihost/internal/headless"
)

// contractRuntime is a stand-in for the real runtime bundle that does only
// what the contract promises it can rely on: fetch the manifest, load every
// module with a <script> tag at its ?v= URL, then run app.js and a page
// through a CommonJS require that resolves relative, root-absolute and
// miniprogram_npm names. It brings its own wx, as the real one carries the
// wx.js client.
const contractRuntime = `(() => {
  window.wx = { getStorageSync: () => [], setStorageSync() {} };
  const defs = {}, cache = {};
  const norm = (p) => { const out = []; for (const s of p.split('/')) { if (s === '..') out.pop(); else if (s && s !== '.') out.push(s) } return out.join('/') };
  const resolve = (from, req) => {
    let p = req.startsWith('/') ? norm(req) : req.startsWith('.') ? norm(from.split('/').slice(0, -1).join('/') + '/' + req) : 'miniprogram_npm/' + req + '/index';
    return p.endsWith('.js') ? p : p + '.js';
  };
  const load = (p) => {
    if (!cache[p]) { const m = cache[p] = { exports: {} }; defs[p]((r) => load(resolve(p, r)), m, m.exports) }
    return cache[p].exports;
  };
  const failed = [];
  window.__minihost = { define(p, fn) { defs[p] = fn }, moduleError(p) { failed.push(p) } };
  fetch('/__minihost/project.json').then((r) => r.json()).then(async (m) => {
    await Promise.all(Object.entries(m.js).map(([p, v]) => new Promise((ok, bad) => {
      const s = document.createElement('script');
      s.src = '/__minihost/js/' + p + '?v=' + v; s.onload = ok; s.onerror = () => bad(new Error(p));
      document.head.appendChild(s);
    })));
    let app, page;
    Object.assign(window, { App: (o) => { app = o }, getApp: () => app, Page: (o) => { page = o }, Component() {} });
    load('app.js'); app.onLaunch({});
    load('pages/index/index.js');
    page.setData = function (d) { Object.assign(this.data, d) };
    page.onLoad({});
    document.body.dataset.result = JSON.stringify({ launchedAt: app.globalData.launchedAt, today: page.data.today, goods: page.data.goods[0].name, failed, title: document.title });
  }).catch((e) => { document.body.dataset.result = JSON.stringify({ error: String(e) }) });
})();`

// TestInChromium runs the fixture's app.js and index page in real Chromium
// through the shell page, the manifest and the transformed modules.
func TestInChromium(t *testing.T) {
	chromium := os.Getenv("MINIHOST_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil || testing.Short() {
		t.Skip("no Chromium at", chromium)
	}
	mp, _ := copyShop(t)
	h := project.New(mp, project.Options{Runtime: fstest.MapFS{
		"runtime.js":  {Data: []byte(contractRuntime)},
		"runtime.css": {Data: []byte("body{margin:0}")},
	}})
	mux := http.NewServeMux()
	mux.Handle("/", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	opts := headless.Options(chromium, t.TempDir())
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(alloc)
	defer cancelCtx()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?path=pages/index/index"), chromedp.WaitReady(`body[data-result]`)); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.body.dataset.result"))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Error, LaunchedAt, Today, Goods, Title string
		Failed                                 []string
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatal(err, raw)
	}
	if res.Error != "" || len(res.LaunchedAt) != 19 || res.Today == "" || res.Goods != "Tea" || len(res.Failed) != 0 || res.Title != "shop" {
		t.Fatalf("in Chromium: %s", raw)
	}
}
