package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The SDK's pieces live in e2e/automator (package-lock.json pins them).
const (
	automatorDir     = "e2e/automator"
	automatorFixture = "e2e/testdata/miniprograms/automator"
)

// automatorRows measures test automation through the official SDK
// (miniprogram-automator) against a headless minihost --auto-port: a
// page.$ + element.tap + page.data() round trip against a no-op
// Tool.getInfo on the same socket, and the fixture suite's wall time.
func automatorRows(ctx context.Context, bin, dir string) ([]row, []string) {
	skip := func(err error) ([]row, []string) { return []row{{name: "automation: skipped: " + err.Error()}}, nil }
	node, err := exec.LookPath("node")
	if err != nil {
		return skip(fmt.Errorf("node not on PATH"))
	}
	if err := npmCI(ctx); err != nil {
		return skip(err)
	}
	ws, stop, err := startAutomation(ctx, bin, filepath.Join(dir, "rt"))
	if err != nil {
		return skip(err)
	}
	cmd := exec.CommandContext(ctx, node, "bench.mjs", "300")
	cmd.Dir = automatorDir
	cmd.Env = append(os.Environ(), "MINIHOST_AUTO_WS="+ws)
	out, err := cmd.Output()
	stop()
	if err != nil {
		return skip(fmt.Errorf("node bench.mjs: %v %s", err, exitText(err)))
	}
	var r struct {
		Rounds           int
		GetInfo, TapData float64
		Query, Tap, Data float64
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return skip(fmt.Errorf("node bench.mjs printed %q: %v", out, err))
	}
	notes := []string{fmt.Sprintf("automation: of the round trip, page.$ alone takes %.2f ms, element.tap %.2f ms (it answers after the tap's re-render, so the script reads what the tap changed), page.data() %.2f ms.", r.Query, r.Tap, r.Data)}
	rows := []row{{
		name:  fmt.Sprintf("automation: page.$ + element.tap + page.data() round trip, median of %d", r.Rounds),
		value: fmt.Sprintf("%.2f ms", r.TapData), baseline: fmt.Sprintf("%.2f ms (Tool.getInfo)", r.GetInfo), ratio: r.TapData / r.GetInfo,
	}}

	// The suite, as CI runs it: a fresh host, the simulated reader for SOTER.
	ws, stop, err = startAutomation(ctx, bin, filepath.Join(dir, "suite"))
	if err != nil {
		return append(rows, row{name: "automation: fixture suite: skipped: " + err.Error()}), notes
	}
	defer stop()
	t0 := time.Now()
	cmd = exec.CommandContext(ctx, node, "--test", "sdk.test.mjs")
	cmd.Dir = automatorDir
	cmd.Env = append(os.Environ(), "MINIHOST_AUTO_WS="+ws, "NODE_NO_WARNINGS=1")
	res, err := cmd.CombinedOutput()
	wall := time.Since(t0)
	name := "automation: the fixture SDK suite (sdk.test.mjs) wall time"
	if err != nil {
		name += " — FAILED: " + strings.Join(failedTests(string(res)), "; ")
	}
	return append(rows, row{name: name, value: fmt.Sprintf("%.1f s", wall.Seconds())}),
		append(notes, "automation: the suite's wall time includes the SDK's own fixed waits: 3 s after each of its 7 navigations (21 s), and 5 s of native().authorizeCancel() waiting for a prompt that never comes (the no-prompt case); its launch() test is skipped here.")
}

func npmCI(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(automatorDir, "node_modules", ".package-lock.json")); err == nil {
		return nil
	}
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = automatorDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm ci in %s: %v\n%s", automatorDir, err, out)
	}
	return nil
}

// startAutomation runs minihost headless with --auto-port on the fixture
// (the simulated fingerprint reader) and returns its WebSocket endpoint.
func startAutomation(ctx context.Context, bin, dataDir string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	lines, stop, err := startHeadless(ctx, bin, "--data-dir", dataDir, "--biometrics", "sim", "--auto-port", fmt.Sprint(port), automatorFixture)
	if err != nil {
		return "", nil, err
	}
	for _, line := range lines {
		if rest, ok := strings.CutPrefix(line, "minihost: automation "); ok {
			return strings.Fields(rest)[0], stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("minihost --auto-port printed no automation line")
}

// failedTests names node --test's failed tests.
func failedTests(out string) []string {
	var names []string
	for _, line := range strings.Split(out, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "not ok "); ok {
			names = append(names, name)
		}
	}
	return names
}

func exitText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return lastLines(string(ee.Stderr), 10)
	}
	return ""
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
