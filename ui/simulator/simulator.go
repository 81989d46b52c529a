// Package simulator shows each opened mini program in a phone-shaped
// Chromium/Chrome window (app mode) that minihost launches and drives over
// the DevTools protocol: the device's viewport, pixel ratio, touch and user
// agent, reload on save, screenshots, and the page's console.
package simulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ConsoleMessage is one console call or uncaught exception of a simulated
// page. File is relative to the mini program folder when the code is the
// project's (a /__minihost/js/ module), else the script's URL.
type ConsoleMessage struct {
	AppID   string
	Level   string // "log", "info", "debug", "warn", "error"
	Text    string
	File    string
	Line    int // 1-based; 0 when unknown
	Column  int
	Console bool // false for an uncaught exception
}

// Options configure a Manager.
type Options struct {
	Browser  string // the browser's executable (FindBrowser)
	Headless bool
	Device   Device // the starting device; the zero value is DefaultDevice
	Logger   *slog.Logger
	// Console receives the pages' console messages; nil drops them.
	Console func(ConsoleMessage)
	// Flags are extra browser flags ("no-sandbox" → true), e.g. for tests.
	Flags map[string]any
	// ProfileDir, when set, keeps each app's browser profile in a folder of
	// its own under it, so the HTTP cache, V8's code cache and the page's
	// storage last from one start to the next (the runtime is then not
	// compiled again on every start); empty: a new temporary profile per
	// window.
	ProfileDir string
}

// Manager holds one simulator browser per opened app.
type Manager struct {
	opts Options
	log  *slog.Logger

	mu     sync.Mutex
	device Device
	sims   map[string]*sim
	// bindings are the page bindings (Bind) by app and name; a simulator
	// (re)launched for the app gets them too.
	bindings map[string]map[string]func(payload string)
}

type sim struct {
	appID, name, url string
	devtools         bool
	ctx              context.Context // the page's chromedp context
	cancel           context.CancelFunc
	pid              int
	done             chan struct{}   // closed when the browser has exited
	bound            map[string]bool // the page bindings added (Manager.mu)
}

// New returns a Manager; it starts nothing until Open.
func New(opts Options) *Manager {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Device.Name == "" {
		opts.Device, _ = LookupDevice(DefaultDevice)
	}
	return &Manager{opts: opts, log: opts.Logger, device: opts.Device, sims: map[string]*sim{}, bindings: map[string]map[string]func(string){}}
}

// Device is the device being emulated.
func (m *Manager) Device() Device {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.device
}

// Open shows appID's page at url (its origin, with ?path=&query= when a
// launch path is wanted) in a simulator window titled name, returning once
// a new window's document is parsed (not loaded). An app already open is
// navigated to url instead.
func (m *Manager) Open(ctx context.Context, appID, name, url string) error {
	m.mu.Lock()
	s := m.sims[appID]
	m.mu.Unlock()
	if s != nil {
		return m.run(ctx, s, chromedp.Navigate(url))
	}
	return m.launch(ctx, appID, name, url, false)
}

func (m *Manager) launch(ctx context.Context, appID, name, pageURL string, devtools bool) error {
	dev := m.Device()
	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(m.opts.Browser),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// Crashpad's handler leaves the browser's process group and would
		// outlive a killed minihost.
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-crash-reporter", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter"),
		chromedp.Flag("password-store", "basic"),
		// a kept profile after a kill: no "restore pages?" bubble
		chromedp.Flag("hide-crash-restore-bubble", true),
		chromedp.Flag("use-mock-keychain", true),
		// A phone shows the mini program in front. Without this, a window
		// Chromium takes for covered (always, on an X server with no
		// compositing window manager, as under Xvfb in CI) is a hidden
		// page: no animation frames, so onReady never comes, and timers
		// throttled to once a second.
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		// A mini program plays sound (InnerAudioContext, autoplay video)
		// without a tap first, as on the phone.
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.WindowSize(dev.Width, dev.Height),
		chromedp.ModifyCmdFunc(tieToHost),
	}
	if m.opts.Headless {
		flags = append(flags, chromedp.Headless, chromedp.DisableGPU)
	} else {
		// App mode: a window with no tabs and no address bar. A tiny page
		// with the app's name comes first so the title is right at once and
		// the real page loads only after the device emulation is in place.
		flags = append(flags, chromedp.Flag("app", "data:text/html,"+url.PathEscape("<title>"+htmlEscape(name)+"</title>")))
	}
	if devtools {
		flags = append(flags, chromedp.Flag("auto-open-devtools-for-tabs", true))
	}
	for k, v := range m.opts.Flags {
		flags = append(flags, chromedp.Flag(k, v))
	}
	if m.opts.ProfileDir != "" {
		// One browser per app at a time (Close waits for it to exit), so
		// no two share a profile.
		flags = append(flags, chromedp.UserDataDir(filepath.Join(m.opts.ProfileDir, profileName(appID))))
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), flags...)
	cctx, ccancel := chromedp.NewContext(actx)
	s := &sim{appID: appID, name: name, url: pageURL, devtools: devtools, ctx: cctx, done: make(chan struct{}), bound: map[string]bool{}}
	s.cancel = func() {
		ccancel()
		acancel()
	}
	start := func() error {
		// Listen starts the browser and attaches to its page.
		if err := chromedp.Listen(cctx, func(ev any) { m.onEvent(s, ev) }); err != nil {
			return err
		}
		if c := chromedp.FromContext(cctx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
			s.pid = c.Browser.Process().Pid
		}
		return chromedp.Do(cctx, Quiet(), emulate(dev), grantMedia(pageURL, m.log), m.addBindings(appID, s), navigateParsed(pageURL))
	}
	errc := make(chan error, 1)
	go func() { errc <- start() }()
	select {
	case err := <-errc:
		if err != nil {
			s.cancel()
			killGroup(s.pid)
			return fmt.Errorf("simulator for %s: %w", appID, err)
		}
	case <-ctx.Done():
		s.cancel()
		killGroup(s.pid)
		return ctx.Err()
	}
	m.mu.Lock()
	if old := m.sims[appID]; old != nil {
		m.mu.Unlock()
		s.stop()
		return fmt.Errorf("simulator for %s: opened twice at once", appID)
	}
	m.sims[appID] = s
	m.mu.Unlock()
	// A Bind while the browser started is not in the page yet.
	if err := m.run(ctx, s, m.addBindings(appID, s)); err != nil {
		m.log.Warn("simulator: page bindings", "app", appID, "err", err)
	}
	// Closing the window ends the browser: forget this app's view then.
	go func() {
		if c := chromedp.FromContext(cctx); c != nil && c.Allocator != nil {
			c.Allocator.Wait()
		}
		// its helpers (renderers, GPU, network) go with it before Close
		// hears of it: a quitting minihost leaves no process behind that
		// still writes to the profile
		killGroup(s.pid)
		close(s.done)
		m.mu.Lock()
		if m.sims[appID] == s {
			delete(m.sims, appID)
		}
		m.mu.Unlock()
		s.cancel()
		m.log.Debug("simulator closed", "app", appID)
	}()
	m.log.Info("simulator open", "app", appID, "device", dev.Name, "headless", m.opts.Headless)
	return nil
}

// profileName is appID as a folder name: itself when it is a plain name,
// else a hash of it.
func profileName(appID string) string {
	if plainName.MatchString(appID) {
		return appID
	}
	sum := sha256.Sum256([]byte(appID))
	return "app-" + hex.EncodeToString(sum[:8])
}

var plainName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (s *sim) stop() {
	s.cancel()
	killGroup(s.pid)
}

// navigateParsed navigates to u and waits until its document is parsed
// (DOMContentLoaded), not for its load event: a WXML app's page loads the
// rest of its package's code and images after its first render, and the
// caller knows better what "drawn" means (simHost waits for the runtime's
// first render).
func navigateParsed(u string) chromedp.Action[chromedp.Void] {
	parsed := chromedp.WaitEvent(page.DomContentEventFired, nil, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: u})
		if err == nil && res.ErrorText != "" {
			err = fmt.Errorf("navigate to %s: %s", u, res.ErrorText)
		}
		return err
	}))
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := parsed(ctx, t)
		return err
	})
}

// Quiet turns off the DevTools domains chromedp enables on every page and
// the simulator does not use: with Network on, each request the page makes
// records its initiator's stack; with CSS and DOM on, each <style> the
// runtime adds (one per WXSS file) is reported and tracked. The page pays
// for that while it starts; the simulator needs only Runtime (console,
// exceptions, bindings) and Page (navigation, screenshots). A DevTools
// window has a session of its own and enables what it shows. The bench
// loads its pages the same way.
func Quiet() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, method := range []string{css.Disable.Method, dom.Disable.Method, network.Disable.Method} {
			if err := t.Call(ctx, method, nil, nil); err != nil {
				return fmt.Errorf("%s: %w", method, err)
			}
		}
		return nil
	})
}

// emulate applies dev's metrics, touch and user agent to the page.
func emulate(dev Device) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(dev.Width), Height: int64(dev.Height), DeviceScaleFactor: dev.DPR, Mobile: true,
			ScreenWidth: int64(dev.Width), ScreenHeight: int64(dev.Height),
			ScreenOrientation: &emulation.ScreenOrientation{Type: emulation.ScreenOrientationTypePortraitPrimary},
		}); err != nil {
			return fmt.Errorf("device metrics: %w", err)
		}
		if _, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
			return fmt.Errorf("touch: %w", err)
		}
		if _, err := cdp.Call(ctx, t, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: dev.UA, Platform: platformOf(dev)}); err != nil {
			return fmt.Errorf("user agent: %w", err)
		}
		return nil
	})
}

// grantMedia lets the app's own origin use the camera and the microphone
// without Chromium's prompt: the host has asked first (scope.camera,
// scope.record), as WeChat asks before the phone's own permission. Pages of
// other origins (a web-view's) still get Chromium's prompt. A browser that
// refuses the grant still opens the app: its pages then meet its prompt.
func grantMedia(pageURL string, log *slog.Logger) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		u, err := url.Parse(pageURL)
		if err != nil || u.Host == "" {
			log.Warn("simulator: no camera grant: the page URL has no origin", "url", pageURL)
			return nil
		}
		c := chromedp.FromContext(ctx)
		for _, name := range []string{"camera", "microphone"} {
			if _, err := cdp.Call(ctx, c.Browser, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: u.Scheme + "://" + u.Host,
			}); err != nil {
				log.Warn("simulator: the browser refused the "+name+" grant; its own prompt will ask", "err", err)
			}
		}
		return nil
	})
}

// reload reloads the page without waiting for its load (the caller does
// not need it, and a page that never finishes loading must not block).
func reload() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.Reload, page.ReloadParams{})
		return err
	})
}

func platformOf(d Device) string {
	if strings.Contains(d.UA, "Android") {
		return "Linux armv8l"
	}
	return "iPhone"
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// ErrNotOpen is returned for an app with no simulator.
var ErrNotOpen = errors.New("no simulator open for this app")

func (m *Manager) get(appID string) (*sim, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if appID == "" && len(m.sims) == 1 {
		for _, s := range m.sims {
			return s, nil
		}
	}
	s := m.sims[appID]
	if s == nil {
		return nil, fmt.Errorf("%w: %q", ErrNotOpen, appID)
	}
	return s, nil
}

func (m *Manager) run(ctx context.Context, s *sim, actions ...chromedp.Action[chromedp.Void]) error {
	_, err := runOn(ctx, s, chromedp.Steps(actions...))
	return err
}

// runOn runs a on s's page, bounded by ctx and 10 s, and ends early when
// the simulator closes.
func runOn[T any](ctx context.Context, s *sim, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return runOnCtx(ctx, s, a)
}

// runOnCtx runs a on s's page, bounded by ctx only, and ends early when
// the simulator closes.
func runOnCtx[T any](ctx context.Context, s *sim, a chromedp.Action[T]) (T, error) {
	type result struct {
		v   T
		err error
	}
	rc := make(chan result, 1)
	go func() {
		v, err := chromedp.Run(s.ctx, a)
		rc <- result{v, err}
	}()
	var zero T
	select {
	case r := <-rc:
		return r.v, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	case <-s.done:
		return zero, ErrNotOpen
	}
}

// Reload reloads appID's page, keeping its URL (the runtime keeps the
// current page's path and query in it).
func (m *Manager) Reload(ctx context.Context, appID string) error {
	s, err := m.get(appID)
	if err != nil {
		return err
	}
	return m.run(ctx, s, reload())
}

// ReloadAll reloads every simulator, logging failures.
func (m *Manager) ReloadAll(ctx context.Context) {
	for _, id := range m.Apps() {
		if err := m.Reload(ctx, id); err != nil {
			m.log.Warn("simulator reload", "app", id, "err", err)
		}
	}
}

// Apps lists the apps with a simulator open.
func (m *Manager) Apps() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for id := range m.sims {
		ids = append(ids, id)
	}
	return ids
}

// Eval evaluates a JS expression in appID's page into res (tests, QA).
func (m *Manager) Eval(ctx context.Context, appID, expr string, res any) error {
	s, err := m.get(appID)
	if err != nil {
		return err
	}
	raw, err := runOn(ctx, s, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, res)
}

// Screenshot returns a PNG of appID's page as shown (device pixels).
// Chromium can leave a capture unanswered when a frame is dropped while the
// page reloads, so a capture that takes too long is tried again.
func (m *Manager) Screenshot(ctx context.Context, appID string) ([]byte, error) {
	s, err := m.get(appID)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, 4*time.Second)
		png, err := runOn(actx, s, chromedp.CaptureScreenshot())
		cancel()
		switch {
		case err == nil:
			return png, nil
		case attempt < 3 && errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			m.log.Debug("screenshot: no frame in time; trying again", "app", s.appID)
			continue
		}
		return nil, fmt.Errorf("screenshot: %w", err)
	}
}

// SetDevice switches every simulator to the named device and reloads them,
// so getSystemInfoSync answers for it from the start.
func (m *Manager) SetDevice(ctx context.Context, name string) (Device, error) {
	dev, err := LookupDevice(name)
	if err != nil {
		return Device{}, err
	}
	m.mu.Lock()
	m.device = dev
	sims := make([]*sim, 0, len(m.sims))
	for _, s := range m.sims {
		sims = append(sims, s)
	}
	m.mu.Unlock()
	var errs []error
	for _, s := range sims {
		actions := []chromedp.Action[chromedp.Void]{emulate(dev)}
		if !m.opts.Headless {
			actions = append(actions, resizeWindow(dev))
		}
		actions = append(actions, reload())
		if err := m.run(ctx, s, actions...); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.appID, err))
		}
	}
	return dev, errors.Join(errs...)
}

// resizeWindow fits the window to the device's viewport, keeping the
// window frame's own size.
func resizeWindow(dev Device) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		frame, err := chromedp.Evaluate[[2]int64](`[outerWidth-innerWidth, outerHeight-innerHeight]`)(ctx, t)
		if err != nil {
			return err
		}
		c := chromedp.FromContext(ctx)
		w, err := cdp.Call(ctx, c.Browser, browser.GetWindowForTarget, browser.GetWindowForTargetParams{TargetID: t.TargetID})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, c.Browser, browser.SetWindowBounds, browser.SetWindowBoundsParams{WindowID: w.WindowID, Bounds: &browser.Bounds{
			Width: int64(dev.Width) + max(frame[0], 0), Height: int64(dev.Height) + max(frame[1], 0),
		}})
		return err
	})
}

// DevTools relaunches appID's simulator with the developer tools open
// (a CDP client cannot open the browser's own DevTools window; the
// --auto-open-devtools-for-tabs flag can). The page's URL is kept.
func (m *Manager) DevTools(ctx context.Context, appID string) error {
	s, err := m.get(appID)
	if err != nil {
		return err
	}
	cur, err := runOn(ctx, s, chromedp.Location())
	if err != nil || cur == "" || strings.HasPrefix(cur, "data:") {
		cur = s.url
	}
	m.Close(s.appID)
	return m.launch(ctx, s.appID, s.name, cur, true)
}

// Close closes appID's simulator, if open.
func (m *Manager) Close(appID string) {
	m.mu.Lock()
	s := m.sims[appID]
	delete(m.sims, appID)
	m.mu.Unlock()
	if s != nil {
		s.stop()
		select {
		case <-s.done:
		case <-time.After(3 * time.Second):
			killGroup(s.pid) // not closed in time: it and its helpers end now
		}
	}
}

// CloseAll closes every simulator (minihost is quitting).
func (m *Manager) CloseAll() {
	for _, id := range m.Apps() {
		m.Close(id)
	}
}

// onEvent passes console calls and uncaught exceptions to Options.Console.
func (m *Manager) onEvent(s *sim, ev any) {
	if ev, ok := ev.(*cdpruntime.EventBindingCalled); ok {
		m.bindingCalled(s.appID, ev.Name, ev.Payload)
		return
	}
	if m.opts.Console == nil {
		return
	}
	switch ev := ev.(type) {
	case *cdpruntime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, argText(a))
		}
		msg := ConsoleMessage{AppID: s.appID, Level: consoleLevel(ev.Type), Text: strings.Join(parts, " "), Console: true}
		msg.File, msg.Line, msg.Column = topFrame(ev.StackTrace)
		m.opts.Console(msg)
	case *cdpruntime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text = d.Exception.Description
		}
		msg := ConsoleMessage{AppID: s.appID, Level: "error", Text: text, File: projectFile(d.URL), Line: int(d.LineNumber) + 1, Column: int(d.ColumnNumber) + 1}
		if f, l, c := topFrame(d.StackTrace); f != "" {
			msg.File, msg.Line, msg.Column = f, l, c
		}
		m.opts.Console(msg)
	}
}

func consoleLevel(t cdpruntime.ConsoleAPICalledType) string {
	switch t {
	case cdpruntime.ConsoleAPICalledTypeWarning:
		return "warn"
	case cdpruntime.ConsoleAPICalledTypeError, cdpruntime.ConsoleAPICalledTypeAssert:
		return "error"
	case cdpruntime.ConsoleAPICalledTypeInfo:
		return "info"
	case cdpruntime.ConsoleAPICalledTypeDebug:
		return "debug"
	}
	return "log"
}

func argText(a *cdpruntime.RemoteObject) string {
	switch {
	case a == nil:
		return ""
	case a.Type == cdpruntime.RemoteObjectTypeString:
		var s string
		if err := jsonUnmarshal(a.Value, &s); err == nil {
			return s
		}
	case len(a.Value) > 0:
		return string(a.Value)
	case a.UnserializableValue != "":
		return string(a.UnserializableValue)
	case a.Description != "":
		return a.Description
	}
	return string(a.Type)
}

func topFrame(st *cdpruntime.StackTrace) (file string, line, col int) {
	if st == nil || len(st.CallFrames) == 0 {
		return "", 0, 0
	}
	f := st.CallFrames[0]
	return projectFile(f.URL), int(f.LineNumber) + 1, int(f.ColumnNumber) + 1
}

// projectFile turns a project module's URL into its path in the project
// (what the author knows); other URLs are kept.
func projectFile(u string) string {
	const prefix = "/__minihost/js/"
	if i := strings.Index(u, prefix); i >= 0 {
		p := u[i+len(prefix):]
		if j := strings.IndexAny(p, "?#"); j >= 0 {
			p = p[:j]
		}
		return p
	}
	return u
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
