package main

// The WXML runtime's figures (issue 11): the first render of the shop
// fixture's 200-element page against the same DOM as a static HTML page,
// wx.navigateTo against a static navigation, both in one headless Chromium,
// and the runtime's download size.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/minihost/minihost/assets"
	"github.com/minihost/minihost/internal/headless"
	"github.com/minihost/minihost/ui/simulator"
)

const (
	shopFixture = "e2e/testdata/miniprograms/shop"
	staticBench = "e2e/testdata/static-bench.html"
	benchPage   = "pages/bench/bench"
	// startPage is where wx.navigateTo starts from: a small page of the
	// same fixture that has no #bench-end.
	startPage = "pages/step/step"
)

// renderProbe runs first in every document (Page.addScriptToEvaluateOnNewDocument)
// and sets window.__benchDone to performance.now() (milliseconds since the
// navigation started) at the first moment the page's content is in the DOM:
// the page's last element, #bench-end, holds its text "end", and, on a page
// that loaded the WXML runtime, the runtime has left its "minihost:rendered"
// mark (router.open has returned). The same probe runs on the static page, so
// both pay for it alike.
const renderProbe = `(() => {
  if (window.top !== window) return;
  const runtime = () => !!document.querySelector('script[src*="/__minihost/runtime/"]');
  let mo, po;
  const check = () => {
    if (window.__benchDone !== undefined) return;
    const end = document.getElementById('bench-end');
    if (!end || end.textContent.trim() !== 'end') return;
    if (runtime() && performance.getEntriesByName('minihost:rendered').length === 0) return;
    window.__benchDone = performance.now();
    mo.disconnect();
    po.disconnect();
  };
  mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true, characterData: true });
  po = new PerformanceObserver(check);
  po.observe({ type: 'mark' });
})();`

// phasesJS reads where the time of a page load went: the document's own
// navigation timing, the responses of wx.js's synchronous GET /wx/boot, of
// runtime.js (runtimeJS) and of the runtime's manifest, and the runtime's boot
// marks ("script": runtime.js compiled and starting), in ms since navigation
// start.
const phasesJS = `(() => {
  const out = {};
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) { out.response = nav.responseEnd; out.domContentLoaded = nav.domContentLoadedEventEnd; }
  for (const r of performance.getEntriesByType('resource')) {
    const path = new URL(r.name).pathname;
    if (path === '/wx/boot') out.wxBoot = r.responseEnd;
    if (path === '/__minihost/project.json') out.projectJSON = r.responseEnd;
    if (path.startsWith('/__minihost/runtime/') && path.endsWith('runtime.js')) out.runtimeJS = r.responseEnd;
  }
  for (const m of performance.getEntriesByType('mark')) {
    if (m.name.startsWith('minihost:')) out[m.name.slice(9)] = m.startTime;
  }
  out.content = window.__benchDone;
  out.elements = document.getElementById('bench-root').querySelectorAll('*').length + 1;
  return out;
})()`

// phaseOrder is the order phases are printed in (the runtime's boot order).
var phaseOrder = []string{"response", "wxBoot", "runtimeJS", "script", "boot", "booted", "domContentLoaded", "projectJSON", "manifest", "scanned", "looked-up", "compiler", "compiled", "styled", "engine-script", "engine", "scripts", "rendered", "content"}

type runtimeFigures struct {
	warm, cold             [2][]time.Duration // [runtime, static]
	warmPhases, coldPhases map[string]float64
	elements               [2]float64 // under and with #bench-root: [runtime, static]
	navigateTo, staticNav  []time.Duration
	loads                  int
}

// runtimeRows measures the WXML runtime in headless Chromium against the
// static page and returns its rows, and notes on where the time went to print
// under the table; the download size needs no browser.
func runtimeRows(ctx context.Context, minihost, dir string, loads int) ([]row, []string) {
	rows, sizes := downloadRows()
	f, err := measureRuntime(ctx, minihost, dir, loads)
	if err != nil {
		return append(rows, row{name: "WXML runtime in Chromium: skipped: " + err.Error()}), []string{sizes}
	}
	ratio := func(a, b []time.Duration) float64 { return secs(median(a)) / secs(median(b)) }
	n := fmt.Sprintf("median of %d", f.loads)
	warm, cold, nav := ratio(f.warm[0], f.warm[1]), ratio(f.cold[0], f.cold[1]), ratio(f.navigateTo, f.staticNav)
	rows = append(rows,
		row{name: "WXML page first render (200 elements), warm, " + n,
			value: ms(median(f.warm[0])), baseline: ms(median(f.warm[1])) + " (static HTML)", ratio: warm, target: "≤ 2×", met: verdict(warm <= 2)},
		row{name: "WXML page first render (200 elements), cold, " + n,
			value: ms(median(f.cold[0])), baseline: ms(median(f.cold[1])) + " (static HTML)", ratio: cold, target: "≤ 4×", met: verdict(cold <= 4)},
		row{name: "wx.navigateTo → the new page's content in the DOM, " + n,
			value: ms(median(f.navigateTo)), baseline: ms(median(f.staticNav)) + " (static navigation)", ratio: nav, target: "≤ 2×", met: verdict(nav <= 2)},
	)
	paired := func(a, b []time.Duration) float64 {
		var r []float64
		for i := range min(len(a), len(b)) {
			r = append(r, secs(a[i])/secs(b[i]))
		}
		slices.Sort(r)
		return r[len(r)/2]
	}
	best := func(what string, a, b []time.Duration) string {
		return fmt.Sprintf("%s %s against %s (%.2f×)", what, ms(slices.Min(a)), ms(slices.Min(b)), secs(slices.Min(a))/secs(slices.Min(b)))
	}
	notes := []string{
		sizes,
		fmt.Sprintf("WXML first render: from navigation start to #bench-end holding \"end\" (and the runtime's minihost:rendered mark); %.0f elements from #bench-root down with the runtime, %.0f in the static HTML.", f.elements[0], f.elements[1]),
		"  warm (a tab of its own, cache shared) and cold (a new browser context: empty caches), DevTools' Network, CSS and DOM domains off as in the simulator; the runtime's phases, median ms after navigation start:",
		"  warm: " + phaseText(f.warmPhases),
		"  cold: " + phaseText(f.coldPhases),
		fmt.Sprintf("Paired (the median of the %d ratios of a runtime load to the static load right after it, which the machine's slower moments weigh on alike): warm %.2f×, cold %.2f×.", f.loads, paired(f.warm[0], f.warm[1]), paired(f.cold[0], f.cold[1])),
		"Best of each (the least disturbed by other work on the machine): " + best("warm", f.warm[0], f.warm[1]) + ", " +
			best("cold", f.cold[0], f.cold[1]) + ", " + best("navigateTo", f.navigateTo, f.staticNav) + ".",
	}
	return rows, notes
}

func phaseText(p map[string]float64) string {
	var parts []string
	for _, k := range phaseOrder {
		if v, ok := p[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %.1f", k, v))
		}
	}
	return strings.Join(parts, " · ")
}

// downloadRows are the sizes of what a browser fetches to run a WXML app
// (besides the app's own files): gzip at the default level, and raw.
// minihost serves them uncompressed on loopback; gzip is what they would
// weigh on a network.
func downloadRows() ([]row, string) {
	rt := assets.Runtime()
	var raw, gz int64
	var parts []string
	for _, name := range []string{"runtime.js", "engine.js", "runtime.css", "compiler.js", "template_compiler.wasm"} {
		data, err := fs.ReadFile(rt, name)
		if err != nil {
			return []row{{name: "WXML runtime download size: skipped: " + err.Error()}}, ""
		}
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(data)
		w.Close()
		raw += int64(len(data))
		gz += int64(buf.Len())
		parts = append(parts, fmt.Sprintf("%s %s (%s raw)", name, kb(int64(buf.Len())), kb(int64(len(data)))))
	}
	return []row{
		{name: "WXML runtime download (runtime.js, engine.js, runtime.css, the compiler's .js and .wasm), gzip", value: kb(gz)},
		{name: "WXML runtime download, raw (as served on loopback)", value: kb(raw)},
	}, "WXML runtime download, gzip -6: " + strings.Join(parts, ", ") + "."
}

func kb(b int64) string { return fmt.Sprintf("%.1f kB", float64(b)/1e3) }

func measureRuntime(ctx context.Context, minihost, dir string, loads int) (runtimeFigures, error) {
	loads = max(loads, 1)
	f := runtimeFigures{loads: loads}
	project, err := filepath.Abs(shopFixture)
	if err != nil {
		return f, err
	}
	appURL, stop, err := startProject(ctx, minihost, filepath.Join(dir, "data"), project)
	if err != nil {
		return f, err
	}
	defer stop()
	staticURL, closeStatic, err := serveStatic(staticBench)
	if err != nil {
		return f, err
	}
	defer closeStatic()

	browser, cancel, err := startChromium(ctx, filepath.Join(dir, "chromium"))
	if err != nil {
		return f, err
	}
	defer cancel()

	runtimeURL := appURL + "/?path=" + benchPage
	staticPage := staticURL + "/static-bench.html"
	if f.warm, f.warmPhases, f.elements, err = firstRenders(browser, runtimeURL, staticPage, loads, false); err != nil {
		return f, fmt.Errorf("warm first render: %w", err)
	}
	if f.cold, f.coldPhases, _, err = firstRenders(browser, runtimeURL, staticPage, loads, true); err != nil {
		return f, fmt.Errorf("cold first render: %w", err)
	}
	if f.navigateTo, err = navigateTo(browser, appURL+"/?path="+startPage, loads); err != nil {
		return f, fmt.Errorf("navigateTo: %w", err)
	}
	if f.staticNav, err = staticNavigation(browser, staticURL, loads); err != nil {
		return f, fmt.Errorf("static navigation: %w", err)
	}
	return f, nil
}

// startProject runs the built minihost headless on the project and returns
// the app's URL (its own origin) once the startup lines are printed.
func startProject(ctx context.Context, bin, dataDir, project string) (string, func(), error) {
	lines, stop, err := startHeadless(ctx, bin, "--data-dir", dataDir, project)
	if err != nil {
		return "", nil, err
	}
	for _, line := range lines {
		if strings.HasPrefix(line, "minihost: app ") {
			for _, f := range strings.Fields(line) {
				if v, ok := strings.CutPrefix(f, "url="); ok {
					return strings.TrimRight(v, "/"), stop, nil
				}
			}
		}
	}
	stop()
	return "", nil, fmt.Errorf("minihost %s: no app url= line", project)
}

// startHeadless runs the built minihost with --headless on a free port and
// args, and returns its startup lines once the last one ("minihost:
// headless", docs/protocol.md) is printed; stop interrupts it and waits.
func startHeadless(ctx context.Context, bin string, args ...string) ([]string, func(), error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"--headless", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	stop := func() {
		cmd.Process.Signal(os.Interrupt)
		go io.Copy(io.Discard, out)
		cmd.Wait()
	}
	var lines []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.HasPrefix(sc.Text(), "minihost: headless") {
			go io.Copy(io.Discard, out) // keep the pipe drained
			return lines, stop, nil
		}
	}
	stop()
	return nil, nil, fmt.Errorf("minihost %q: no headless line (%v)", args, sc.Err())
}

// serveStatic serves the static page (and an empty start page at /) with a
// plain net/http server on loopback, revalidated on every load as minihost
// serves an app's shell page (Cache-Control: no-cache).
func serveStatic(file string) (string, func(), error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", nil, err
	}
	modTime := time.Now()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><meta charset=utf-8><title>start</title><p>start</p>")
	})
	mux.HandleFunc("GET /static-bench.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "static-bench.html", modTime, bytes.NewReader(data))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// startChromium starts headless Chromium with the flags the e2e tests use
// (internal/headless) and a phone-sized window; the returned context is its
// first tab.
func startChromium(ctx context.Context, profile string) (context.Context, func(), error) {
	opts := append(headless.Options("/usr/bin/chromium", profile), chromedp.WindowSize(390, 844))
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	cancel := func() { chromedp.Cancel(browser); cancelBrowser(); cancelAlloc() }
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("start chromium: %w", err)
	}
	return browser, cancel, nil
}

// newTab opens a tab with the render probe installed, as the simulator
// opens its page: without the DevTools domains it does not use
// (simulator.Quiet), whose bookkeeping a user's browser does not do either
// (with Network on, every request the runtime makes records its initiator's
// stack). Cold tabs get a browser context of their own: an empty HTTP
// cache, code cache and storage.
func newTab(browser context.Context, cold bool) (context.Context, context.CancelFunc, error) {
	var tab context.Context
	var cancel context.CancelFunc
	if cold {
		tab, cancel = chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	} else {
		tab, cancel = chromedp.NewContext(browser)
	}
	err := chromedp.Do(tab, simulator.Quiet(), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: renderProbe})
		return err
	}))
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return tab, cancel, nil
}

// firstRenders loads the runtime's page and the static page alternately,
// loads+1 times each, and returns the medians of the time from navigation
// start to the content in the DOM ([runtime, static]) and the medians of the
// runtime's phases. The first load of each is not counted (warm: it fills
// the cache). Warm: each page has its own tab, loaded again and again with
// the browser's cache shared; cold: each load is a new tab in a new browser
// context (empty caches).
func firstRenders(browser context.Context, runtimeURL, staticURL string, loads int, cold bool) (times [2][]time.Duration, _ map[string]float64, elements [2]float64, err error) {
	phases := map[string][]float64{}
	var tabs [2]context.Context
	if !cold {
		for k := range tabs {
			t, cancel, err := newTab(browser, false)
			if err != nil {
				return times, nil, elements, err
			}
			defer cancel()
			tabs[k] = t
		}
	}
	for i := 0; i <= loads; i++ {
		for k, u := range []string{runtimeURL, staticURL} {
			tab := tabs[k]
			if cold {
				t, cancel, err := newTab(browser, true)
				if err != nil {
					return times, nil, elements, err
				}
				defer cancel()
				tab = t
			}
			p, err := loadPage(tab, u)
			if cold {
				chromedp.Cancel(tab) // closes the tab and disposes of its browser context
			}
			if err != nil {
				return times, nil, elements, fmt.Errorf("%s: %w", u, err)
			}
			elements[k] = p["elements"]
			if i == 0 {
				continue
			}
			times[k] = append(times[k], msDuration(p["content"]))
			if k == 0 {
				for name, v := range p {
					phases[name] = append(phases[name], v)
				}
			}
		}
	}
	med := map[string]float64{}
	for name, v := range phases {
		slices.Sort(v)
		med[name] = v[len(v)/2]
	}
	return times, med, elements, nil
}

// loadPage navigates the tab to u and returns its phases once the probe saw
// the content.
func loadPage(tab context.Context, u string) (map[string]float64, error) {
	if err := chromedp.Do(tab, chromedp.Navigate(u)); err != nil {
		return nil, err
	}
	if _, err := waitFor[float64](tab, "window.__benchDone ?? null", 30*time.Second); err != nil {
		return nil, err
	}
	return chromedp.Run(tab, chromedp.Evaluate[map[string]float64](phasesJS))
}

// waitFor evaluates expr until it is not null and returns its value;
// evaluation errors (a document being replaced) are retried.
func waitFor[T any](tab context.Context, expr string, timeout time.Duration) (T, error) {
	var zero T
	end := time.Now().Add(timeout)
	var last error
	for time.Now().Before(end) {
		raw, err := chromedp.Run(tab, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
		if err == nil && len(raw) > 0 && string(raw) != "null" {
			var v T
			err = json.Unmarshal(raw, &v)
			return v, err
		}
		if err != nil {
			last = err
		}
		time.Sleep(5 * time.Millisecond)
	}
	return zero, fmt.Errorf("%s still null after %v (last error: %v)", expr, timeout, last)
}

// navigateJS calls the runtime's wx.navigateTo from the page and resolves
// with the ms from the call to the bench page's content in the DOM.
const navigateJS = `new Promise((resolve, reject) => {
  let done = false;
  const t0 = performance.now();
  const check = () => {
    const end = document.getElementById('bench-end');
    if (done || !end || end.textContent.trim() !== 'end') return;
    done = true;
    mo.disconnect();
    resolve(performance.now() - t0);
  };
  const mo = new MutationObserver(check);
  mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  wx.navigateTo({ url: '/` + benchPage + `', fail: (r) => { mo.disconnect(); reject(new Error(r.errMsg)); } });
  check();
})`

// navigateTo opens the start page once, then loads+1 times navigates to the
// bench page with wx.navigateTo and back with wx.navigateBack (which unloads
// it); the first is not counted.
func navigateTo(browser context.Context, startURL string, loads int) ([]time.Duration, error) {
	tab, cancel, err := newTab(browser, false)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate(startURL)); err != nil {
		return nil, err
	}
	if _, err := waitFor[bool](tab, "(typeof getCurrentPages === 'function' && getCurrentPages().length === 1 && !!document.getElementById('step-via')) || null", 30*time.Second); err != nil {
		return nil, err
	}
	var times []time.Duration
	for i := 0; i <= loads; i++ {
		took, err := chromedp.Run(tab, chromedp.Evaluate[float64](navigateJS, chromedp.EvalAwaitPromise))
		if err != nil {
			return nil, err
		}
		if i > 0 {
			times = append(times, msDuration(took))
		}
		back := `new Promise((resolve, reject) => wx.navigateBack({ success: () => resolve(true), fail: (r) => reject(new Error(r.errMsg)) }))`
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](back, chromedp.EvalAwaitPromise)); err != nil {
			return nil, err
		}
		if _, err := waitFor[bool](tab, "!document.getElementById('bench-end') || null", 10*time.Second); err != nil {
			return nil, errors.New("the bench page stayed in the DOM after navigateBack")
		}
	}
	return times, nil
}

// staticNavigation is the baseline of navigateTo: from a static start page,
// the page sets location.href to the static bench page; the time is from
// that call to the content in the new document's DOM (both read as
// performance.timeOrigin + performance.now(), one clock).
func staticNavigation(browser context.Context, staticURL string, loads int) ([]time.Duration, error) {
	tab, cancel, err := newTab(browser, false)
	if err != nil {
		return nil, err
	}
	defer cancel()
	var times []time.Duration
	for i := 0; i <= loads; i++ {
		if err := chromedp.Do(tab, chromedp.Navigate(staticURL+"/")); err != nil {
			return nil, err
		}
		t0, err := chromedp.Run(tab, chromedp.Evaluate[float64](`(() => { const t = performance.timeOrigin + performance.now(); location.href = '/static-bench.html'; return t; })()`))
		if err != nil {
			return nil, err
		}
		t1, err := waitFor[float64](tab, "(location.pathname === '/static-bench.html' && window.__benchDone !== undefined) ? performance.timeOrigin + window.__benchDone : null", 30*time.Second)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			times = append(times, msDuration(t1-t0))
		}
	}
	return times, nil
}

func msDuration(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
