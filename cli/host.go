package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics"
)

// HostArgs are the flags and arguments of `minihost [flags] [MINIPROGRAM_DIR]`.
type HostArgs struct {
	Headless     bool
	Addr         string
	DataDir      string
	Persona      string
	PromptPolicy string // as given; Policy resolves the default
	Biometrics   string
	LoginExpiry  time.Duration
	UnsafeListen bool
	LogLevel     slog.Level
	RestoreState bool
	Browser      string
	Device       string
	Simulator    string // auto, on or off
	// AutoPort serves the miniprogram-automator SDK on 127.0.0.1:AutoPort
	// (--auto-port, or `auto`); AutoLaunched: started by the SDK's
	// launch(), so its close() quits minihost.
	AutoPort     int
	AutoLaunched bool
	// Dirs is the mini program directory, if one was named (at most one).
	Dirs []string
}

// Policy is how prompts are answered: --prompt-policy, by default allow
// when headless and ask when a window shows prompts or a test script
// answers them (automation: native().authorizeAllow()).
func (a HostArgs) Policy(window bool) app.Policy {
	p, _ := promptPolicy(a.PromptPolicy, window || a.AutoPort != 0) // checked when parsed
	return p
}

func hostFlags(a *HostArgs, logLevel *string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("minihost", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, synopsis()+"\nWithout a directory the embedded demo mini program is loaded.\n\nflags:\n")
		fs.PrintDefaults()
	}
	fs.BoolVar(&a.Headless, "headless", false, "run without a window; prompts are answered by --prompt-policy")
	fs.StringVar(&a.Addr, "addr", "127.0.0.1:7878", "listen address (loopback only; port 0 picks a free port)")
	fs.StringVar(&a.DataDir, "data-dir", DefaultDataDir(), "where state, secrets fallback and the control token live")
	fs.StringVar(&a.Persona, "persona", "", "switch to this persona (test user) at start, e.g. alice, bob, xiaoming")
	fs.StringVar(&a.PromptPolicy, "prompt-policy", "", "how prompts are answered: ask, allow, deny or after:DURATION (default: allow headless, ask with a window); minihost ctl policies sets it per API or scope")
	fs.StringVar(&a.Biometrics, "biometrics", biometrics.Auto, "biometric backend: auto (the real one on this OS if available, else simulated), fprintd, touchid or sim")
	fs.DurationVar(&a.LoginExpiry, "login-expiry", app.DefaultLoginExpiry, "idle time after which a login session expires (an app's minihost.json loginExpiry wins)")
	fs.BoolVar(&a.UnsafeListen, "unsafe-listen", false, "allow a non-loopback --addr (exposes the host to the network)")
	fs.StringVar(logLevel, "log-level", "info", "debug, info, warn or error")
	fs.BoolVar(&a.RestoreState, "restore-state", false, "put the newest good copy of the state file (<data dir>/backups) in place of a damaged one, keeping the damaged file aside, then start")
	fs.StringVar(&a.Browser, "browser", "", "Chromium or Google Chrome to run the simulator with (default: found on PATH or in the usual places)")
	fs.StringVar(&a.Device, "device", "", "simulator device: iPhone 15, iPhone SE, Pixel 7 or iPad mini (default: the last chosen, else iPhone 15)")
	fs.StringVar(&a.Simulator, "simulator", "auto", "auto (a window per app with the host's window; headless, started by the first screenshot, without), on (always at start) or off")
	fs.IntVar(&a.AutoPort, "auto-port", 0, "serve the miniprogram-automator SDK's WebSocket on 127.0.0.1:PORT; prompts then wait for native() unless --prompt-policy is given (also: minihost auto --project DIR --auto-port N)")
	return fs
}

// parseHostArgs parses and checks the host's command line.
func parseHostArgs(args []string, stderr io.Writer) (HostArgs, error) {
	var a HostArgs
	var level string
	fs := hostFlags(&a, &level, stderr)
	if err := fs.Parse(args); err != nil {
		return a, err
	}
	switch a.Simulator {
	case "auto", "on", "off":
	default:
		return a, fmt.Errorf("--simulator %q: want auto, on or off", a.Simulator)
	}
	a.Dirs = fs.Args()
	if len(a.Dirs) > 0 && a.Dirs[0] == "auto" {
		if err := parseAuto(&a, a.Dirs[1:], stderr); err != nil {
			return a, err
		}
	}
	if a.AutoPort < 0 || a.AutoPort > 65535 {
		return a, fmt.Errorf("--auto-port %d: want a port from 1 to 65535", a.AutoPort)
	}
	if len(a.Dirs) > 1 {
		return a, fmt.Errorf("one mini program directory at most, got %d", len(a.Dirs))
	}
	if err := a.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return a, fmt.Errorf("--log-level: %w", err)
	}
	if _, err := promptPolicy(a.PromptPolicy, false); err != nil {
		return a, err // checked before anything starts
	}
	return a, nil
}

// runHost is `minihost [flags] [MINIPROGRAM_DIR]`: it runs the host until
// interrupted.
func runHost(ctx context.Context, args []string, o Options) error {
	a, err := parseHostArgs(args, o.Stderr)
	if helpRequested(err) {
		return nil
	}
	if err != nil {
		return err
	}
	ctx, stop := withSignals(ctx)
	defer stop()
	return o.Host(ctx, a, o.Stdout, o.Stderr)
}

// promptPolicy resolves --prompt-policy: empty means allow when headless (CI
// must not hang on a prompt) and ask when a window shows prompts.
func promptPolicy(flagValue string, window bool) (app.Policy, error) {
	if flagValue == "" {
		flagValue = string(app.PolicyAllow)
		if window {
			flagValue = string(app.PolicyAsk)
		}
	}
	p, err := app.ParsePromptPolicy(flagValue)
	if err != nil {
		return app.Policy{}, fmt.Errorf("--prompt-policy: %w", err)
	}
	return p, nil
}
