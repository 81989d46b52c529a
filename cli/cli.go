// Package cli is minihost's command line: one file per command, each with
// its own FlagSet and args struct, and the table below that Run dispatches
// on and the usage text is generated from. It parses and prints; starting
// the host itself is given to it (Options.Host) by package main, which
// assembles the host from its parts.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/minihost/minihost/hostapi/client"
)

// Options is what Run needs from the binary.
type Options struct {
	Stdout, Stderr io.Writer
	// Version is what `minihost version` prints after "minihost ".
	Version string
	// Host runs the host until ctx ends (interrupt or SIGTERM) or it fails:
	// `minihost [flags] [MINIPROGRAM_DIR]`.
	Host func(ctx context.Context, a HostArgs, stdout, stderr io.Writer) error
}

// command is one word after `minihost`.
type command struct {
	name  string // "" is the host: no command word
	usage string // its synopsis in `minihost -h`, after "minihost "
	run   func(ctx context.Context, args []string, o Options) error
}

// commands is the table Run dispatches on, in the order `minihost -h` lists
// them. A new command is a file defining its run function, and a line here.
func commands() []command {
	return []command{
		{"", "[flags] [MINIPROGRAM_DIR]", runHost},                                                         // host.go
		{"apps", "apps [--data-dir DIR]", runApps},                                                         // apps.go
		{"ctl", "ctl [flags] COMMAND ...   (minihost ctl -h)", ctlRun},                                     // ctl.go
		{"run", "run [flags] SCENARIO.yaml ...", runScenarios},                                             // run.go
		{"auto", "[flags] auto --project DIR --auto-port N   (miniprogram-automator's launch())", runAuto}, // auto.go
		{"version", "version", runVersion},                                                                 // version.go
	}
}

// Run runs minihost with args (os.Args[1:]).
func Run(ctx context.Context, args []string, o Options) error {
	cmds := commands()
	if len(args) > 0 {
		for _, c := range cmds {
			if c.name != "" && c.name == args[0] {
				return c.run(ctx, args[1:], o)
			}
		}
	}
	return cmds[0].run(ctx, args, o)
}

// synopsis is the usage lines of every command.
func synopsis() string {
	var b strings.Builder
	for i, c := range commands() {
		lead := "       minihost "
		if i == 0 {
			lead = "usage: minihost "
		}
		b.WriteString(lead + c.usage + "\n")
	}
	return b.String()
}

// DefaultDataDir is where minihost keeps its state unless --data-dir says.
func DefaultDataDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ".minihost"
	}
	return filepath.Join(dir, "minihost")
}

// parseInterspersed parses flags wherever they are among the arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// connArgs are the flags that find a running minihost.
type connArgs struct {
	dataDir, url, token string
}

func (a *connArgs) bind(fs *flag.FlagSet, urlUsage string) {
	fs.StringVar(&a.dataDir, "data-dir", DefaultDataDir(), "data dir of the running minihost")
	fs.StringVar(&a.url, "url", "", urlUsage)
	fs.StringVar(&a.token, "token", "", "control token, with --url")
}

// connect finds the running minihost: --url (with --token, else the data
// dir's token), or the instance file in the data dir.
func (a *connArgs) connect() (*client.Client, error) {
	if a.url == "" {
		return client.Connect(a.dataDir)
	}
	tok := a.token
	if tok == "" {
		var err error
		if tok, err = client.ReadToken(a.dataDir); err != nil {
			return nil, fmt.Errorf("--url needs --token: %w", err)
		}
	}
	return client.New(a.url, tok), nil
}

// withSignals ends ctx on an interrupt or SIGTERM, so a command (the host,
// a --follow, a scenario) stops cleanly.
func withSignals(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

// helpRequested is true for -h: the usage was printed, nothing failed.
func helpRequested(err error) bool { return errors.Is(err, flag.ErrHelp) }
