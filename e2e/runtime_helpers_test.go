package e2e

// Helpers of runtime_test.go: minihost started on a fixture project (not the embedded demo), and one
// Chromium tab that finds elements only by their WXML id (or, for the host's own tab bar, by its
// label), reads textContent and computed style, and acts with real input events: a mouse press and
// release at the element's box centre, key events into whatever that click focused.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// fixtureDir is a fixture mini program under e2e/testdata/miniprograms, as an absolute path.
func fixtureDir(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(repoRoot(t), "e2e", "testdata", "miniprograms", name)
}

// writeProject writes a mini program's files (slash-separated paths) into a
// new temporary folder and returns it.
func writeProject(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// launchURL is the app's URL with the host's launch path: ?path=<page>&query=<url-encoded query>.
func launchURL(t testing.TB, appURL, page, query string) string {
	t.Helper()
	u, err := url.Parse(appURL)
	if err != nil {
		t.Fatalf("app URL %q: %v", appURL, err)
	}
	u.Path = "/"
	u.RawQuery = ""
	if page == "" {
		return u.String()
	}
	q := "path=" + url.QueryEscape(page)
	if query != "" {
		q += "&query=" + url.QueryEscape(query)
	}
	u.RawQuery = q
	return u.String()
}

// mpTab is one Chromium tab on a WXML app. Its methods take the (sub)test they report to.
type mpTab struct {
	ctx context.Context
	*browserLog
}

// newMPTab starts one headless Chromium with a phone-sized viewport, for the whole test.
func newMPTab(t *testing.T, timeout time.Duration) *mpTab {
	t.Helper()
	ctx, log := startChromium(t, timeout, 414, 896)
	p := &mpTab{ctx: ctx, browserLog: log}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(414, 896)); err != nil {
		t.Fatalf("chromium viewport: %v", err)
	}
	return p
}

// fresh opens a tab of p's browser in a new browser context (empty caches
// and storage: a cold load), closed when the test ends.
func (p *mpTab) fresh(t testing.TB) *mpTab {
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return &mpTab{ctx: ctx, browserLog: p.browserLog}
}

// takeExceptions returns and forgets the uncaught exceptions seen so far.
func (p *mpTab) takeExceptions() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.exceptions
	p.exceptions = nil
	return e
}

// open loads a URL in the tab (a full page load: a fresh runtime).
func (p *mpTab) open(t testing.TB, u string) {
	t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
}

// try evaluates expr and decodes its JSON value into v; a failed evaluation (say, during a page
// load) is an error, not a test failure, so polls can go on.
func (p *mpTab) try(expr string, v any) error {
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		raw = []byte("null")
	}
	return json.Unmarshal(raw, v)
}

// eval evaluates expr and decodes its value into v.
func (p *mpTab) eval(t testing.TB, expr string, v any) {
	t.Helper()
	if err := p.try(expr, v); err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
}

// byID is a JS expression for the element with that WXML id (null when absent).
func byID(id string) string { return "document.getElementById(" + jsString(id) + ")" }

// textOf is a JS expression for the element's textContent with white space collapsed, or null.
func textOf(id string) string {
	return "((el) => el ? el.textContent.replace(/\\s+/g, ' ').trim() : null)(" + byID(id) + ")"
}

// poll evaluates expr until cond accepts its value or timeout passes; it returns the last value.
func poll[T any](p *mpTab, expr string, timeout time.Duration, cond func(T) bool) (T, bool, error) {
	end := time.Now().Add(timeout)
	var v T
	var err error
	for {
		var cur T
		if err = p.try(expr, &cur); err == nil {
			v = cur
			if cond(v) {
				return v, true, nil
			}
		}
		if time.Now().After(end) {
			return v, false, err
		}
		time.Sleep(40 * time.Millisecond)
	}
}

const waitLong = 15 * time.Second

// waitText waits until #id's text is want.
func (p *mpTab) waitText(t testing.TB, id, want string) {
	t.Helper()
	got, ok, err := poll(p, textOf(id), waitLong, func(s *string) bool { return s != nil && *s == want })
	if !ok {
		t.Fatalf("#%s: text %s, want %q (after %v; last error %v)\n%s", id, showText(got), want, waitLong, err, p.diag())
	}
}

// waitTextContains waits until #id's text contains each of parts.
func (p *mpTab) waitTextContains(t testing.TB, id string, parts ...string) string {
	t.Helper()
	got, ok, err := poll(p, textOf(id), waitLong, func(s *string) bool {
		if s == nil {
			return false
		}
		for _, part := range parts {
			if !strings.Contains(*s, part) {
				return false
			}
		}
		return true
	})
	if !ok {
		t.Fatalf("#%s: text %s, want it to contain %q (after %v; last error %v)\n%s", id, showText(got), parts, waitLong, err, p.diag())
	}
	return *got
}

// waitNonEmpty waits until #id has some text and returns it.
func (p *mpTab) waitNonEmpty(t testing.TB, id string) string {
	t.Helper()
	got, ok, err := poll(p, textOf(id), 30*time.Second, func(s *string) bool { return s != nil && *s != "" })
	if !ok {
		t.Fatalf("#%s: text %s, want a result (last error %v)\n%s", id, showText(got), err, p.diag())
	}
	return *got
}

// waitGone waits until no element has that id.
func (p *mpTab) waitGone(t testing.TB, id string) {
	t.Helper()
	if _, ok, err := poll(p, byID(id)+" === null", waitLong, func(b bool) bool { return b }); !ok {
		t.Fatalf("#%s is still in the document after %v (last error %v)", id, waitLong, err)
	}
}

// diag describes the page for a failure message: its URL and the start of what it shows (an
// error overlay included).
func (p *mpTab) diag() string {
	var d struct{ URL, Text string }
	if err := p.try(`({URL: location.href, Text: document.body ? document.body.innerText.replace(/\s+/g, ' ').slice(0, 400) : ''})`, &d); err != nil {
		return "(page not readable: " + err.Error() + ")"
	}
	return fmt.Sprintf("page %s shows: %q", d.URL, d.Text)
}

func showText(s *string) string {
	if s == nil {
		return "(no such element)"
	}
	return fmt.Sprintf("%q", *s)
}

// text is #id's text now (fails when absent).
func (p *mpTab) text(t testing.TB, id string) string {
	t.Helper()
	var s *string
	p.eval(t, textOf(id), &s)
	if s == nil {
		t.Fatalf("no element #%s", id)
	}
	return *s
}

// style is a computed style property of #id, e.g. "color".
func (p *mpTab) style(t testing.TB, id, prop string) string {
	t.Helper()
	var s *string
	p.eval(t, "((el) => el ? getComputedStyle(el).getPropertyValue("+jsString(prop)+") : null)("+byID(id)+")", &s)
	if s == nil {
		t.Fatalf("no element #%s", id)
	}
	return *s
}

// width is #id's rendered width in CSS pixels.
func (p *mpTab) width(t testing.TB, id string) float64 {
	t.Helper()
	var w *float64
	p.eval(t, "((el) => el ? el.getBoundingClientRect().width : null)("+byID(id)+")", &w)
	if w == nil {
		t.Fatalf("no element #%s", id)
	}
	return *w
}

// rendered reports whether #id exists and takes up space (not display:none, nor inside it).
func (p *mpTab) rendered(t testing.TB, id string) bool {
	t.Helper()
	var b bool
	p.eval(t, "((el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none')("+byID(id)+")", &b)
	return b
}

// box is where to click: the centre of the element's box, after scrolling it into view, and what
// the browser would hit there.
type box struct {
	X, Y, W, H float64
	Hit        bool   // the element at (X, Y) is the element or inside it
	HitDesc    string // what is there otherwise
}

const boxJS = `((el) => {
  if (!el) return null;
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const at = document.elementFromPoint(x, y);
  const desc = at ? (at.id ? '#' + at.id : '') + ' "' + at.textContent.trim().slice(0, 40) + '"' : 'nothing';
  return {X: x, Y: y, W: r.width, H: r.height, Hit: !!at && (at === el || el.contains(at)), HitDesc: desc};
})`

// tap clicks the middle of #id with the mouse (a real press and release: the page gets a trusted
// click with user activation, as from a finger).
func (p *mpTab) tap(t testing.TB, id string) {
	t.Helper()
	p.click(t, "#"+id, boxJS+"("+byID(id)+")")
}

// labelJS finds the element showing exactly this text that is deepest in the tree and, among
// those, lowest on the screen: the tab bar's item label, which is no WXML element and has no id.
const labelJS = `((want) => {
  let found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.textContent.trim() !== want) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    found = found.filter((f) => !f.contains(el));
    if (!found.some((f) => el.contains(f))) found.push(el);
  }
  found.sort((a, b) => b.getBoundingClientRect().top - a.getBoundingClientRect().top);
  return found[0] || null;
})`

// tapLabel clicks the visible text label (a tab bar item).
func (p *mpTab) tapLabel(t testing.TB, label string) {
	t.Helper()
	p.click(t, "label "+strconvQuote(label), boxJS+"("+labelJS+"("+jsString(label)+"))")
}

// labelStyle is a computed style property of that visible label.
func (p *mpTab) labelStyle(t testing.TB, label, prop string) string {
	t.Helper()
	var s *string
	p.eval(t, "((el) => el ? getComputedStyle(el).getPropertyValue("+jsString(prop)+") : null)("+labelJS+"("+jsString(label)+"))", &s)
	if s == nil {
		t.Fatalf("no visible label %q", label)
	}
	return *s
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

func (p *mpTab) click(t testing.TB, what, boxExpr string) {
	t.Helper()
	b, ok, err := poll(p, boxExpr, waitLong, func(b *box) bool { return b != nil && b.W > 0 && b.H > 0 && b.Hit })
	if !ok {
		switch {
		case b == nil:
			t.Fatalf("tap %s: not in the document after %v (last error %v)\n%s", what, waitLong, err, p.diag())
		case b.W == 0 || b.H == 0:
			t.Fatalf("tap %s: it has no size (%vx%v)", what, b.W, b.H)
		default:
			t.Fatalf("tap %s: something else is at its centre (%v,%v): %s", what, b.X, b.Y, b.HitDesc)
		}
	}
	if err := chromedp.Do(p.ctx, chromedp.MouseClickXY(b.X, b.Y)); err != nil {
		t.Fatalf("tap %s: %v", what, err)
	}
}

// typeInto taps #id (an input) and types s with key events into what the tap focused.
func (p *mpTab) typeInto(t testing.TB, id, s string) {
	t.Helper()
	p.tap(t, id)
	focused := "((el) => !!el && !!document.activeElement && (el === document.activeElement || el.contains(document.activeElement)))(" + byID(id) + ")"
	if _, ok, err := poll(p, focused, 5*time.Second, func(b bool) bool { return b }); !ok {
		t.Fatalf("type into #%s: the tap did not focus it (last error %v)", id, err)
	}
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent(s)); err != nil {
		t.Fatalf("type into #%s: %v", id, err)
	}
}

// jsonOf waits until #id shows a JSON object (a demo result box) and decodes it.
func (p *mpTab) jsonOf(t testing.TB, id string) map[string]any {
	t.Helper()
	raw, ok, err := poll(p, "((el) => el ? el.textContent : null)("+byID(id)+")", 60*time.Second, func(s *string) bool {
		return s != nil && json.Valid([]byte(*s)) && strings.HasPrefix(strings.TrimSpace(*s), "{")
	})
	if !ok {
		t.Fatalf("#%s: %s, want a JSON object (last error %v)\n%s", id, showText(raw), err, p.diag())
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(*raw), &m); err != nil {
		t.Fatalf("#%s: %v", id, err)
	}
	return m
}

// emulateDark makes the page see prefers-color-scheme: dark (or light again).
func (p *mpTab) emulateDark(t testing.TB, dark bool) {
	t.Helper()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
	if err != nil {
		t.Fatalf("emulate prefers-color-scheme %s: %v", scheme, err)
	}
}
