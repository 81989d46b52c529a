package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/cli"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/project"
	"github.com/minihost/minihost/ui/simulator"
)

// simFile remembers the chosen device in the data dir.
const simFile = "simulator.json"

// simHost wires the simulator (ui/simulator) to the host: it opens a
// simulator per loaded app, passes the pages' console to the page log,
// reloads on save, and answers the control API (hostapi.Simulator).
type simHost struct {
	m       *simulator.Manager // nil when no browser was found
	missing error              // why m is nil
	host    *app.Host
	base    string
	dataDir string
	log     *slog.Logger

	mu      sync.Mutex
	opening map[string]*sync.Mutex // one Open at a time per app
}

func newSimHost(f cli.HostArgs, headless bool, host *app.Host, pageLog *app.PageLog, log *slog.Logger) *simHost {
	s := &simHost{host: host, dataDir: f.DataDir, log: log, opening: map[string]*sync.Mutex{}}
	browser, err := simulator.FindBrowser(f.Browser)
	if err != nil {
		s.missing = err
		return s
	}
	dev, _ := simulator.LookupDevice(simulator.DefaultDevice)
	if saved, err := s.savedDevice(); err == nil {
		dev = saved
	}
	if f.Device != "" {
		d, err := simulator.LookupDevice(f.Device)
		if err != nil {
			s.missing = fmt.Errorf("--device: %w", err)
			return s
		}
		dev = d
	}
	opts := simulator.Options{Browser: browser, Headless: headless, Device: dev, Logger: log,
		Console:    func(c simulator.ConsoleMessage) { s.console(pageLog, c) },
		ProfileDir: filepath.Join(f.DataDir, "simulator")}
	if os.Getuid() == 0 {
		// test-type: no "unsupported command-line flag" bar over the phone.
		opts.Flags = map[string]any{"no-sandbox": true, "test-type": true}
	}
	s.m = simulator.New(opts)
	return s
}

// console keeps a console message in the page log. The runtime of a WXML
// app already reports console.warn/error and uncaught exceptions itself
// (with source-mapped positions), so only the rest is taken from CDP there.
func (s *simHost) console(pageLog *app.PageLog, c simulator.ConsoleMessage) {
	if a, ok := s.host.App(c.AppID); ok && a.Kind == app.KindWXML {
		if !c.Console || c.Level == "warn" || c.Level == "error" {
			return
		}
	}
	level := c.Level
	if level == "log" || level == "debug" {
		level = "info"
	}
	pageLog.Add(app.PageMessage{AppID: c.AppID, Level: level, Message: c.Text, File: c.File, Line: c.Line, Column: c.Column, Source: "console"})
}

func (s *simHost) savedDevice() (simulator.Device, error) {
	b, err := os.ReadFile(filepath.Join(s.dataDir, simFile))
	if err != nil {
		return simulator.Device{}, err
	}
	var v struct {
		Device string `json:"device"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return simulator.Device{}, err
	}
	return simulator.LookupDevice(v.Device)
}

// openAll opens a simulator for every loaded app (minihost's start).
func (s *simHost) openAll(ctx context.Context, stdout io.Writer) {
	if s.m == nil {
		fmt.Fprintf(stdout, "minihost: simulator: %v\n", s.missing)
		return
	}
	for _, a := range s.host.Apps() {
		if err := s.ensureOpen(ctx, a.AppID); err != nil {
			s.log.Warn("simulator", "app", a.AppID, "err", err)
			continue
		}
		fmt.Fprintf(stdout, "minihost: simulator %s %s\n", a.AppID, s.m.Device().Name)
	}
}

// ensureOpen opens appID's simulator unless it is open.
func (s *simHost) ensureOpen(ctx context.Context, appID string) error {
	if s.m == nil {
		return fmt.Errorf("%w: %v", hostapi.ErrNoSimulator, s.missing)
	}
	a, ok := s.host.App(appID)
	if !ok {
		return fmt.Errorf("no app %q loaded", appID)
	}
	s.mu.Lock()
	mu := s.opening[appID]
	if mu == nil {
		mu = &sync.Mutex{}
		s.opening[appID] = mu
	}
	s.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	if slices.Contains(s.m.Apps(), appID) {
		return nil
	}
	if err := s.m.Open(ctx, appID, a.Name, app.OriginURL(s.host.BaseURL(), appID)+"/"); err != nil {
		return err
	}
	// The first screenshot should show the page, not the blank before the
	// runtime's first render.
	waitDrawn(ctx, s.m, appID)
	return nil
}

// waitDrawn waits (at most 3 s) until the page has drawn something: a
// WXML app's page once the runtime has rendered it (its "minihost:rendered"
// mark; the rest of its package loads after that), another page once it
// has loaded. This wait is what minihost's start is timed by, so the page
// says when (a performance observer) instead of being asked every few ms;
// if that evaluation fails (the page navigated meanwhile), it asks every
// 10 ms.
func waitDrawn(ctx context.Context, m *simulator.Manager, appID string) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	const drawn = `(window.__minihost ? performance.getEntriesByName("minihost:rendered").length > 0 :
  document.readyState === "complete" && !!document.body && document.body.children.length > 0)`
	const whenDrawn = `new Promise((resolve) => {
  const check = () => { if (` + drawn + `) { po.disconnect(); resolve(true); } };
  const po = new PerformanceObserver(check);
  po.observe({ type: "mark" });
  addEventListener("load", check);
  check();
})`
	if _, err := m.Await(ctx, appID, whenDrawn, false); err == nil {
		return
	}
	for ctx.Err() == nil {
		var ok bool
		if m.Eval(ctx, appID, drawn, &ok) == nil && ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// onlyApp is the app meant when none is named: the only loaded one.
func (s *simHost) onlyApp(appID string) (string, error) {
	if appID != "" {
		return appID, nil
	}
	apps := s.host.Apps()
	if len(apps) != 1 {
		return "", fmt.Errorf("%d apps are loaded: name the appid", len(apps))
	}
	return apps[0].AppID, nil
}

// Screenshot implements hostapi.Simulator; a headless run opens the
// simulator on first use.
func (s *simHost) Screenshot(ctx context.Context, appID string) ([]byte, error) {
	appID, err := s.onlyApp(appID)
	if err != nil {
		return nil, err
	}
	if err := s.ensureOpen(ctx, appID); err != nil {
		return nil, err
	}
	return s.m.Screenshot(ctx, appID)
}

// Device implements hostapi.Simulator.
func (s *simHost) Device() (string, []string) {
	var known []string
	for _, d := range simulator.Devices() {
		known = append(known, d.Name)
	}
	if s.m == nil {
		return "", known
	}
	return s.m.Device().Name, known
}

// SetDevice implements hostapi.Simulator and remembers the choice.
func (s *simHost) SetDevice(ctx context.Context, name string) (string, error) {
	if s.m == nil {
		return "", fmt.Errorf("%w: %v", hostapi.ErrNoSimulator, s.missing)
	}
	dev, err := simulator.LookupDevice(name)
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(map[string]string{"device": dev.Name})
	if err := writeFileAtomic(filepath.Join(s.dataDir, simFile), b); err != nil {
		s.log.Warn("remember the simulator device", "err", err)
	}
	_, err = s.m.SetDevice(ctx, dev.Name)
	return dev.Name, err
}

// DevTools opens the developer tools of appID's simulator.
func (s *simHost) DevTools(ctx context.Context, appID string) error {
	if err := s.ensureOpen(ctx, appID); err != nil {
		return err
	}
	return s.m.DevTools(ctx, appID)
}

// close closes every simulator (minihost quits).
func (s *simHost) close() {
	if s.m != nil {
		s.m.CloseAll()
	}
}

// watch reloads on save: a change in mp's folder rebuilds the manifest and
// reloads the simulator (keeping its path and query); an app.json or
// project config change loads the app again first, so its pages list
// follows. Embedded projects have no folder and are not watched.
func (s *simHost) watch(ctx context.Context, mp *app.MiniProgram, pages *project.Handlers) error {
	if mp.Dir == "" {
		return nil
	}
	dir, appID := mp.Dir, mp.AppID
	return simulator.Watch(ctx, dir, simulator.DefaultDebounce, func(changed []string) {
		start := time.Now()
		if slices.ContainsFunc(changed, isAppConfig) {
			if mp, err := app.LoadMiniProgramDir(ctx, dir); err != nil {
				s.log.Warn("reload app", "app", appID, "err", err)
			} else if mp.AppID != appID {
				s.log.Warn("reload app: the appid changed; restart minihost to load it", "was", appID, "now", mp.AppID)
			} else if err := s.host.Load(ctx, mp); err != nil {
				s.log.Warn("reload app", "app", appID, "err", err)
			}
		}
		pages.Invalidate()
		if s.m == nil || !slices.Contains(s.m.Apps(), appID) {
			return
		}
		if err := s.m.Reload(ctx, appID); err != nil && !errors.Is(err, simulator.ErrNotOpen) {
			s.log.Warn("simulator reload", "app", appID, "err", err)
			return
		}
		s.log.Info("reloaded", "app", appID, "files", len(changed), "took", time.Since(start).Round(time.Millisecond))
	})
}

func isAppConfig(p string) bool {
	switch path.Base(p) {
	case "app.json", "project.config.json", "project.private.config.json", "minihost.json":
		return true
	}
	return false
}

// Show opens appID's simulator unless it is open (the window's button).
func (s *simHost) Show(ctx context.Context, appID string) error { return s.ensureOpen(ctx, appID) }

// OpenPage shows url in appID's simulator (a message's or a page's launch URL).
func (s *simHost) OpenPage(ctx context.Context, appID, url string) error {
	if s.m == nil {
		return fmt.Errorf("%w: %v", hostapi.ErrNoSimulator, s.missing)
	}
	a, ok := s.host.App(appID)
	if !ok {
		return fmt.Errorf("no app %q loaded", appID)
	}
	return s.m.Open(ctx, appID, a.Name, url)
}
