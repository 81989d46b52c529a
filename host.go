package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/assets"
	"github.com/minihost/minihost/biometrics"
	"github.com/minihost/minihost/biometrics/keyring"
	"github.com/minihost/minihost/biometrics/sim"
	"github.com/minihost/minihost/cli"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/project"
	"github.com/minihost/minihost/ui"
)

// runHost assembles the host from its parts (state file, keystore,
// biometrics, domain, HTTP server, window, simulator) and runs it until ctx
// ends: `minihost [flags] [MINIPROGRAM_DIR]`, whose flags cli parses.
func runHost(ctx context.Context, f cli.HostArgs, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: f.LogLevel}))
	if err := checkListenAddr(f.Addr, f.UnsafeListen, log); err != nil {
		return err
	}

	mp, err := loadMiniProgram(ctx, f.Dirs)
	if err != nil {
		return err
	}

	if err := tightenDataDir(f.DataDir, log); err != nil {
		return err
	}
	if f.RestoreState {
		if err := restoreState(f.DataDir, stdout); err != nil {
			return err
		}
	}
	db, err := boltstore.Open(f.DataDir, time.Second)
	if errors.Is(err, boltstore.ErrLocked) {
		return fmt.Errorf("%w\n(another minihost is running on %s; stop it or use another --data-dir)", err, f.DataDir)
	}
	if errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.DataDir, err)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	controlToken, err := loadOrCreateToken(filepath.Join(f.DataDir, "control.token"), log)
	if err != nil {
		return err
	}
	keys, keysInfo, err := keyring.Open(ctx, f.DataDir, log)
	if err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	defer keys.Close()
	if n, err := db.MoveSecrets(ctx, keys); errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.DataDir, err)
	} else if err != nil {
		return fmt.Errorf("move secrets out of the state file: %w", err)
	} else if n > 0 {
		log.Info("moved secrets from the state file to the keystore", "count", n, "keystore", keysInfo.Name)
	}
	auth, err := biometrics.Select(ctx, f.Biometrics, sim.New(), log)
	if err != nil {
		return fmt.Errorf("--biometrics: %w", err)
	}
	if c, ok := auth.(io.Closer); ok {
		defer c.Close()
	}

	window := newWindowUI(f.Headless, log) // gui.go; nil when headless
	// The broker answers prompts by policy, shows "ask" ones in the window
	// (if any) and lets the control API answer them (app/broker.go).
	var display app.Prompter
	if window != nil {
		display = window
	}
	policy := f.Policy(window != nil)
	prompts := app.NewBroker(display, policy, log)
	var prompter app.Prompter = prompts
	host, err := app.New(ctx, app.Options{
		Store: db, Keys: keys, Prompter: prompter, Auth: auth, Logger: log,
		LoginExpiry: f.LoginExpiry, Device: deviceInfo(),
		PhotosDir: filepath.Join(f.DataDir, "photos"),
	})
	if errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.DataDir, err)
	}
	if err != nil {
		return err
	}
	defer host.Close()
	// A clean start is worth keeping: bbolt cannot repair a damaged file, so
	// a good copy is what --restore-state goes back to.
	if p, err := db.Backup(); errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.DataDir, err)
	} else if err != nil {
		log.Warn("state backup", "err", err)
	} else {
		log.Debug("state backup", "path", p)
	}
	stopBackups := db.KeepBackups(ctx, stateBackupEvery, log)
	defer stopBackups()
	if f.Persona != "" {
		if err := host.SwitchPersona(ctx, f.Persona); err != nil {
			return fmt.Errorf("--persona: %w", err)
		}
	}
	if err := host.Load(ctx, mp); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", f.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	base := "http://" + ln.Addr().String()
	host.SetBaseURL(base)
	// What the apps' pages report (compile errors, uncaught exceptions) is logged by
	// project's handler and kept for the window's Pages tab.
	pageLog := app.NewPageLog(app.DefaultPageLogLimit)
	// The shell page inlines the wx boot answer, which the API server makes
	// (it is built below, before any request arrives).
	var api *hostapi.Server
	pages := project.NewHandlers(project.Options{Runtime: assets.Runtime(), Logger: log, Sink: func(e project.LogEntry) {
		pageLog.Add(app.PageMessage{AppID: e.AppID, Level: e.Level, Message: e.Message, File: e.File, Line: e.Line, Column: e.Column, Stack: e.Stack})
	}, Boot: func(r *http.Request) ([]byte, error) { return api.BootAnswer(r) },
		CacheDir: filepath.Join(f.DataDir, "cache", "compiled")})
	// The simulator: a phone-shaped browser window per app (headless without
	// the host's window), reloaded on save (simulator.go).
	var sims *simHost
	var simAPI hostapi.Simulator
	if f.Simulator != "off" {
		sims = newSimHost(f, window == nil, host, pageLog, log)
		defer sims.close()
		simAPI = sims
		if err := sims.watch(ctx, mp, pages); err != nil {
			log.Warn("live reload off", "err", err)
		}
	}
	api = hostapi.New(host, hostapi.Options{
		ControlToken: controlToken, WXJS: assets.WXJS, Logger: log, Prompts: prompts,
		Version: currentBuild().String(), AppRuntime: pages.For,
		Simulator: simAPI, PageLog: pageLog,
	})
	for _, a := range host.Apps() {
		go pages.Prepare(a) // while the simulator's browser starts
	}
	srv := api.HTTPServer()
	if f.AutoPort != 0 {
		stopAuto, err := startAutomation(ctx, f, mp.AppID, host, prompts, sims, stdout, log) // auto.go
		if err != nil {
			return err
		}
		defer stopAuto()
	}
	if err := writeInstance(f.DataDir, base); err != nil {
		return err
	}
	defer os.Remove(filepath.Join(f.DataDir, client.InstanceFile))

	fmt.Fprintf(stdout, "minihost: listening on %s\n", base)
	for _, a := range host.Apps() {
		fmt.Fprintf(stdout, "minihost: app %s %q url=%s token=%s secret=%s\n", a.AppID, a.Name, app.OriginURL(base, a.AppID), a.Token, a.Secret)
	}
	printLoadWarnings(stdout, mp)
	fmt.Fprintf(stdout, "minihost: persona %s\n", host.CurrentPersona().ID)
	fmt.Fprintf(stdout, "minihost: data dir %s\n", f.DataDir)
	fmt.Fprintf(stdout, "minihost: keystore %s (%s)\n", keysInfo.Name, keysInfo.Detail)
	if keysInfo.Warning != "" {
		fmt.Fprintf(stdout, "minihost: warning: %s\n", keysInfo.Warning)
	}
	for _, w := range host.Warnings() {
		fmt.Fprintf(stdout, "minihost: warning: %s\n", w)
	}
	if bi, err := auth.Info(ctx); err == nil {
		fmt.Fprintf(stdout, "minihost: biometrics %s (%s; modes %v)\n", bi.Name, bi.Device, bi.Modes)
	}
	if window == nil {
		fmt.Fprintf(stdout, "minihost: headless (%s); prompts answered %q\n", headlessReason(f.Headless), policy.String())
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if sims != nil && (f.Simulator == "on" || window != nil) {
		go sims.openAll(ctx, stdout)
	}
	if window != nil {
		// Blocks on this (the main) goroutine until the window is closed or ctx ends.
		info := ui.Info{BaseURL: base, AppID: mp.AppID, KeyStore: keysInfo.Name + " (" + keysInfo.Detail + ")", DataDir: f.DataDir, Prompts: prompts, PageLog: pageLog}
		if sims != nil {
			info.Simulator = sims
		}
		if err := runWindow(ctx, window, host, info, errc, stdout); err != nil {
			srv.Close()
			return err
		}
	} else {
		select {
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-ctx.Done():
		}
	}
	log.Info("shutting down")
	shCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shCtx); err != nil {
		srv.Close() // prompts still waiting for a person are abandoned
	}
	return nil
}

// headlessReason says why no window is shown.
func headlessReason(asked bool) string {
	switch {
	case asked:
		return "--headless"
	case !displayAvailable():
		return ui.DisplayProblem()
	}
	return "no window"
}

func checkListenAddr(addr string, unsafe bool, log *slog.Logger) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	if !unsafe {
		return fmt.Errorf("--addr %q is not a loopback address; minihost holds session keys and answers for a user, so it listens on 127.0.0.1 unless --unsafe-listen is given", addr)
	}
	log.Warn("listening beyond loopback: anyone who can reach this address can act as the mini program's user", "addr", addr)
	return nil
}

// loadMiniProgram loads the project folder named on the command line (a
// project root or the mini program folder itself), or the embedded demo.
func loadMiniProgram(ctx context.Context, rest []string) (*app.MiniProgram, error) {
	if len(rest) == 0 {
		mp, err := app.LoadMiniProgram(assets.Demo())
		if err != nil {
			return nil, fmt.Errorf("embedded demo: %w", err)
		}
		return mp, nil
	}
	dir, err := filepath.Abs(rest[0])
	if err != nil {
		return nil, fmt.Errorf("mini program directory: %w", err)
	}
	return app.LoadMiniProgramDir(ctx, dir)
}

// printLoadWarnings prints what a loaded project does that minihost
// tolerates, one `minihost: warning:` line each.
func printLoadWarnings(w io.Writer, mp *app.MiniProgram) {
	for _, warn := range mp.Warnings {
		fmt.Fprintf(w, "minihost: warning: %s: %s\n", warn.File, warn.Message)
	}
}

func deviceInfo() app.DeviceInfo {
	id, err := os.ReadFile("/etc/machine-id")
	if err != nil {
		host, _ := os.Hostname()
		id = []byte(host)
	}
	sum := sha256.Sum256(append([]byte("minihost cpu_id "), id...))
	return app.DeviceInfo{CPUID: hex.EncodeToString(sum[:8]), UID: strconv.Itoa(os.Getuid()), HostVersion: currentBuild().Version}
}

// loadOrCreateToken reads a 0600 token file, creating it on first use. A
// token others could read is tightened to 0600 first: anyone holding it can
// answer prompts and change policies through the control API.
func loadOrCreateToken(path string, log *slog.Logger) (string, error) {
	if err := tighten(path, 0o600, "control token", log); err != nil {
		return "", err
	}
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) > 0 {
		return strings.TrimSpace(string(b)), nil
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := hex.EncodeToString(b)
	if err := writeFileAtomic(path, []byte(tok+"\n")); err != nil {
		return "", fmt.Errorf("control token: %w", err)
	}
	return tok, nil
}

// writeInstance tells other minihost commands (ctl, run, apps) where this
// one listens; hostapi/client reads it.
func writeInstance(dataDir, url string) error {
	b, _ := json.Marshal(client.Instance{PID: os.Getpid(), URL: url})
	return writeFileAtomic(filepath.Join(dataDir, client.InstanceFile), b)
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
