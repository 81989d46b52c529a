package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/minihost/minihost/hostapi/scenario"
)

// runScenarios is `minihost run`: it runs scenario files in order against
// a running minihost and stops at the first failure (exit status 1).
func runScenarios(ctx context.Context, args []string, o Options) error {
	var conn connArgs
	fs := flag.NewFlagSet("minihost run", flag.ContinueOnError)
	fs.SetOutput(o.Stderr)
	fs.Usage = func() {
		fmt.Fprint(o.Stderr, "usage: minihost run [--data-dir DIR | --url URL --token TOKEN] SCENARIO.yaml...\n\n"+
			"Runs scenario files (YAML or JSON; see the README section Automating minihost) against a running minihost.\n"+
			"Each stops at its first failed step; the run exits non-zero at the first failing scenario.\n\nflags:\n")
		fs.PrintDefaults()
	}
	conn.bind(fs, "control API base URL (instead of --data-dir)")
	files, err := parseInterspersed(fs, args)
	if helpRequested(err) {
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
	c, err := conn.connect()
	if err != nil {
		return err
	}
	ctx, stop := withSignals(ctx)
	defer stop()
	for _, sc := range scs {
		if err := sc.Run(ctx, c, o.Stdout); err != nil {
			var fail *scenario.Failure
			if errors.As(err, &fail) {
				return fmt.Errorf("scenario failed: %w", err)
			}
			return err
		}
	}
	if len(scs) > 1 {
		fmt.Fprintf(o.Stdout, "PASS: %d scenarios\n", len(scs))
	}
	return nil
}
