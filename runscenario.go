package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/scenario"
)

// runScenarios is `minihost run`: it runs scenario files in order against
// a running minihost and stops at the first failure (exit status 1).
func runScenarios(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f ctlFlags
	fs := flag.NewFlagSet("minihost run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: minihost run [--data-dir DIR | --url URL --token TOKEN] SCENARIO.yaml...\n\n"+
			"Runs scenario files (YAML or JSON; see the README section Automating minihost) against a running minihost.\n"+
			"Each stops at its first failed step; the run exits non-zero at the first failing scenario.\n\nflags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&f.dataDir, "data-dir", defaultDataDir(), "data dir of the running minihost")
	fs.StringVar(&f.url, "url", "", "control API base URL (instead of --data-dir)")
	fs.StringVar(&f.token, "token", "", "control token, with --url")
	files, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return errors.New("run: no scenario file")
	}
	// Parse every file first: a typo in the third fails before the first runs.
	var scs []*scenario.Scenario
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		sc, err := scenario.Parse(filepath.Clean(name), data)
		if err != nil {
			return err
		}
		scs = append(scs, sc)
	}
	var c *client.Client
	if f.url != "" {
		if f.token == "" {
			if f.token, err = client.ReadToken(f.dataDir); err != nil {
				return fmt.Errorf("--url needs --token: %w", err)
			}
		}
		c = client.New(f.url, f.token)
	} else if c, err = client.Connect(f.dataDir); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, sc := range scs {
		if err := sc.Run(ctx, c, stdout); err != nil {
			var fail *scenario.Failure
			if errors.As(err, &fail) {
				return fmt.Errorf("scenario failed: %w", err)
			}
			return err
		}
	}
	if len(scs) > 1 {
		fmt.Fprintf(stdout, "PASS: %d scenarios\n", len(scs))
	}
	return nil
}
