package cli

// `minihost [host flags] auto --project DIR --auto-port N`: the command line
// WeChat DevTools' CLI takes, so miniprogram-automator's launch({cliPath:
// 'minihost', projectPath}) starts minihost unchanged (issue 15).

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// runAuto is `minihost auto ...` without host flags before it.
func runAuto(ctx context.Context, args []string, o Options) error {
	return runHost(ctx, append([]string{"auto"}, args...), o)
}

// parseAuto reads `--project DIR --auto-port N [--auto-account A] [--ticket
// T] [--trust-project]` (what follows "auto") into a.
func parseAuto(a *HostArgs, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("minihost auto", flag.ContinueOnError)
	fs.SetOutput(stderr)
	project := fs.String("project", "", "the mini program project folder (required)")
	port := fs.Int("auto-port", 0, "serve the automation SDK's WebSocket on 127.0.0.1:PORT (required)")
	account := fs.String("auto-account", "", "the persona to run as (an id that Tool.getTestAccounts / testAccounts() lists)")
	ticket := fs.String("ticket", "", "DevTools login ticket: not used by minihost")
	trust := fs.Bool("trust-project", false, "DevTools' project trust prompt: minihost has none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *project == "" || *port <= 0 {
		return fmt.Errorf("minihost auto: --project DIR and --auto-port N are required")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("minihost auto: unexpected arguments %q", fs.Args())
	}
	if *ticket != "" {
		fmt.Fprintln(stderr, "minihost: auto: --ticket ignored (minihost needs no DevTools login)")
	}
	if *trust {
		fmt.Fprintln(stderr, "minihost: auto: --trust-project ignored (minihost has no trust prompt)")
	}
	a.AutoPort, a.AutoLaunched = *port, true
	if *account != "" {
		a.Persona = *account
	}
	a.Dirs = []string{*project}
	return nil
}
