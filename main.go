// Command minihost stands in for a mini program's host client on a
// developer's desktop: it loads a mini program, serves the wx open interfaces
// to it on localhost, and emulates the WeChat server for its backend.
//
//	minihost [flags] [MINIPROGRAM_DIR]   run the host (the embedded demo without a directory)
//	minihost apps [--data-dir DIR]       list apps, AppSecrets and tokens
//	minihost version                     print the version
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/assets"
	"github.com/minihost/minihost/biometrics"
	"github.com/minihost/minihost/biometrics/keyring"
	"github.com/minihost/minihost/biometrics/sim"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/project"
	"github.com/minihost/minihost/ui"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "minihost:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "version":
			fmt.Fprintln(stdout, "minihost", currentBuild())
			return nil
		case "apps":
			return runApps(ctx, args[1:], stdout, stderr)
		case "ctl":
			return runCtl(ctx, args[1:], stdout, stderr) // ctl.go
		case "run":
			return runScenarios(ctx, args[1:], stdout, stderr) // runscenario.go
		}
	}
	return runHost(ctx, args, stdout, stderr)
}

func defaultDataDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ".minihost"
	}
	return filepath.Join(dir, "minihost")
}

type hostFlags struct {
	headless     bool
	addr         string
	dataDir      string
	persona      string
	promptPolicy string
	biometrics   string
	loginExpiry  time.Duration
	unsafeListen bool
	logLevel     string
	restoreState bool
	browser      string
	device       string
	simulator    string
}

func parseHostFlags(args []string, stderr io.Writer) (hostFlags, []string, error) {
	var f hostFlags
	fs := flag.NewFlagSet("minihost", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: minihost [flags] [MINIPROGRAM_DIR]\n       minihost apps [--data-dir DIR]\n       minihost ctl [flags] COMMAND ...   (minihost ctl -h)\n       minihost run [flags] SCENARIO.yaml ...\n       minihost version\n\nWithout a directory the embedded demo mini program is loaded.\n\nflags:\n")
		fs.PrintDefaults()
	}
	fs.BoolVar(&f.headless, "headless", false, "run without a window; prompts are answered by --prompt-policy")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:7878", "listen address (loopback only; port 0 picks a free port)")
	fs.StringVar(&f.dataDir, "data-dir", defaultDataDir(), "where state, secrets fallback and the control token live")
	fs.StringVar(&f.persona, "persona", "", "switch to this persona (test user) at start, e.g. alice, bob, xiaoming")
	fs.StringVar(&f.promptPolicy, "prompt-policy", "", "how prompts are answered: ask, allow, deny or after:DURATION (default: allow headless, ask with a window); minihost ctl policies sets it per API or scope")
	fs.StringVar(&f.biometrics, "biometrics", biometrics.Auto, "biometric backend: auto (the real one on this OS if available, else simulated), fprintd, touchid or sim")
	fs.DurationVar(&f.loginExpiry, "login-expiry", app.DefaultLoginExpiry, "idle time after which a login session expires (an app's minihost.json loginExpiry wins)")
	fs.BoolVar(&f.unsafeListen, "unsafe-listen", false, "allow a non-loopback --addr (exposes the host to the network)")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.BoolVar(&f.restoreState, "restore-state", false, "put the newest good copy of the state file (<data dir>/backups) in place of a damaged one, keeping the damaged file aside, then start")
	fs.StringVar(&f.browser, "browser", "", "Chromium or Google Chrome to run the simulator with (default: found on PATH or in the usual places)")
	fs.StringVar(&f.device, "device", "", "simulator device: iPhone 15, iPhone SE, Pixel 7 or iPad mini (default: the last chosen, else iPhone 15)")
	fs.StringVar(&f.simulator, "simulator", "auto", "auto (a window per app with the host's window; headless, started by the first screenshot, without), on (always at start) or off")
	if err := fs.Parse(args); err != nil {
		return f, nil, err
	}
	switch f.simulator {
	case "auto", "on", "off":
	default:
		return f, nil, fmt.Errorf("--simulator %q: want auto, on or off", f.simulator)
	}
	return f, fs.Args(), nil
}

func runHost(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, rest, err := parseHostFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return fmt.Errorf("one mini program directory at most, got %d", len(rest))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if _, err := promptPolicy(f.promptPolicy, false); err != nil {
		return err // checked before anything starts
	}
	if err := checkListenAddr(f.addr, f.unsafeListen, log); err != nil {
		return err
	}

	mp, err := loadMiniProgram(ctx, rest)
	if err != nil {
		return err
	}

	if err := tightenDataDir(f.dataDir, log); err != nil {
		return err
	}
	if f.restoreState {
		if err := restoreState(f.dataDir, stdout); err != nil {
			return err
		}
	}
	db, err := boltstore.Open(f.dataDir, time.Second)
	if errors.Is(err, boltstore.ErrLocked) {
		return fmt.Errorf("%w\n(another minihost is running on %s; stop it or use another --data-dir)", err, f.dataDir)
	}
	if errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.dataDir, err)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	controlToken, err := loadOrCreateToken(filepath.Join(f.dataDir, "control.token"), log)
	if err != nil {
		return err
	}
	keys, keysInfo, err := keyring.Open(ctx, f.dataDir, log)
	if err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	defer keys.Close()
	if n, err := db.MoveSecrets(ctx, keys); errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.dataDir, err)
	} else if err != nil {
		return fmt.Errorf("move secrets out of the state file: %w", err)
	} else if n > 0 {
		log.Info("moved secrets from the state file to the keystore", "count", n, "keystore", keysInfo.Name)
	}
	auth, err := biometrics.Select(ctx, f.biometrics, sim.New(), log)
	if err != nil {
		return fmt.Errorf("--biometrics: %w", err)
	}
	if c, ok := auth.(io.Closer); ok {
		defer c.Close()
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	window := newWindowUI(f.headless, log) // gui.go; nil when headless
	// The broker answers prompts by policy, shows "ask" ones in the window
	// (if any) and lets the control API answer them (app/broker.go).
	var display app.Prompter
	if window != nil {
		display = window
	}
	policy, _ := promptPolicy(f.promptPolicy, window != nil)
	f.promptPolicy = policy.String()
	prompts := app.NewBroker(display, policy, log)
	var prompter app.Prompter = prompts
	host, err := app.New(ctx, app.Options{
		Store: db, Keys: keys, Prompter: prompter, Auth: auth, Logger: log,
		LoginExpiry: f.loginExpiry, Device: deviceInfo(),
		PhotosDir: filepath.Join(f.dataDir, "photos"),
	})
	if errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.dataDir, err)
	}
	if err != nil {
		return err
	}
	defer host.Close()
	// A clean start is worth keeping: bbolt cannot repair a damaged file, so
	// a good copy is what --restore-state goes back to.
	if p, err := db.Backup(); errors.Is(err, boltstore.ErrDamaged) {
		return damagedState(f.dataDir, err)
	} else if err != nil {
		log.Warn("state backup", "err", err)
	} else {
		log.Debug("state backup", "path", p)
	}
	stopBackups := db.KeepBackups(ctx, stateBackupEvery, log)
	defer stopBackups()
	if f.persona != "" {
		if err := host.SwitchPersona(ctx, f.persona); err != nil {
			return fmt.Errorf("--persona: %w", err)
		}
	}
	if err := host.Load(ctx, mp); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", f.addr)
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
	}, Boot: func(r *http.Request) ([]byte, error) { return api.BootAnswer(r) }, WXJS: hostapi.WXJSURL(assets.WXJS),
		CacheDir: filepath.Join(f.dataDir, "cache", "compiled")})
	// The simulator: a phone-shaped browser window per app (headless without
	// the host's window), reloaded on save (simulator.go).
	var sims *simHost
	var simAPI hostapi.Simulator
	if f.simulator != "off" {
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
	if err := writeInstance(f.dataDir, base); err != nil {
		return err
	}
	defer os.Remove(filepath.Join(f.dataDir, client.InstanceFile))

	fmt.Fprintf(stdout, "minihost: listening on %s\n", base)
	for _, a := range host.Apps() {
		fmt.Fprintf(stdout, "minihost: app %s %q url=%s token=%s secret=%s\n", a.AppID, a.Name, app.OriginURL(base, a.AppID), a.Token, a.Secret)
	}
	printLoadWarnings(stdout, mp)
	fmt.Fprintf(stdout, "minihost: persona %s\n", host.CurrentPersona().ID)
	fmt.Fprintf(stdout, "minihost: data dir %s\n", f.dataDir)
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
		fmt.Fprintf(stdout, "minihost: headless (%s); prompts answered %q\n", headlessReason(f.headless), f.promptPolicy)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if sims != nil && (f.simulator == "on" || window != nil) {
		go sims.openAll(ctx, stdout)
	}
	if window != nil {
		// Blocks on this (the main) goroutine until the window is closed or ctx ends.
		info := ui.Info{BaseURL: base, AppID: mp.AppID, KeyStore: keysInfo.Name + " (" + keysInfo.Detail + ")", DataDir: f.dataDir, Prompts: prompts, PageLog: pageLog}
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
		return displayProblem() // gui.go
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

// runApps lists apps with their AppSecrets. bbolt lets one process open the
// state file, so when a minihost is running there it asks that one.
func runApps(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("minihost apps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", defaultDataDir(), "data dir of the minihost to ask")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var apps []hostapi.AppInfo
	db, err := boltstore.Open(*dataDir, 300*time.Millisecond)
	switch {
	case errors.Is(err, boltstore.ErrLocked):
		apps, err = appsFromRunning(ctx, *dataDir)
	case err == nil:
		apps, err = appsFromStore(ctx, db, *dataDir)
		db.Close()
	}
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APPID\tNAME\tAPPSECRET\tTOKEN")
	for _, a := range apps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.AppID, a.Name, a.Secret, a.Token)
	}
	return tw.Flush()
}

func appsFromStore(ctx context.Context, db *boltstore.DB, dataDir string) ([]hostapi.AppInfo, error) {
	recs, err := app.KnownApps(db)
	if err != nil {
		return nil, err
	}
	keys, _, err := keyring.Open(ctx, dataDir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}
	defer keys.Close()
	var out []hostapi.AppInfo
	for _, r := range recs {
		secret, _ := keys.Get(ctx, "app/"+r.AppID+"/secret")
		token, _ := keys.Get(ctx, "app/"+r.AppID+"/token")
		out = append(out, hostapi.AppInfo{AppID: r.AppID, Name: r.Name, Secret: string(secret), Token: string(token)})
	}
	return out, nil
}

func appsFromRunning(ctx context.Context, dataDir string) ([]hostapi.AppInfo, error) {
	c, err := client.Connect(dataDir)
	if err != nil {
		return nil, fmt.Errorf("the state file in %s is locked by another process, but: %w", dataDir, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return c.Apps(ctx)
}
