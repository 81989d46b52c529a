package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/minihost/minihost/biometrics"
)

// window is what one GUI start measured: the time from exec until the window
// is mapped on screen (found by xdotool), and the process's RSS once idle,
// with the part of it that is Mesa's software OpenGL libraries.
type window struct {
	shown     time.Duration
	rss, mesa int64
}

// guiRowsOrSkip measures the GUI figures (guiFigures) and returns their
// rows, or one row saying why they were skipped.
func guiRowsOrSkip(bins binaries, dataDir string, runs int) []row {
	g, err := guiFigures(bins, dataDir, runs)
	if err != nil {
		return []row{{name: "GUI (under Xvfb): skipped: " + err.Error()}}
	}
	return guiRows(g)
}

// guiRuns is the GUI measurements of one bench run, all under one Xvfb.
type guiRuns struct {
	first  window // minihost on a new data dir: the first-run welcome is showing
	steady window // minihost started again on that data dir: the everyday window
	bare   window // bench/barefyne: a bare Fyne window, the baseline
}

// idleWait is how long a window is left alone before its RSS is read: the
// first frames are drawn and minihost has handed start-up garbage back.
const idleWait = 5 * time.Second

// guiFigures measures the first run once, then takes the median start-up
// time of runs more starts of minihost and of the bare Fyne window; the RSS
// is read once idle on the last of each.
func guiFigures(bins binaries, dataDir string, runs int) (guiRuns, error) {
	var g guiRuns
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return g, fmt.Errorf("%s is not installed (make deps installs it)", tool)
		}
	}
	display, stopX, err := startXvfb()
	if err != nil {
		return g, err
	}
	defer stopX()
	host := []string{"--addr", "127.0.0.1:0", "--data-dir", dataDir}
	if g.first, err = measureWindow(display, bins.minihost, true, host...); err != nil {
		return g, fmt.Errorf("minihost, first run: %w", err)
	}
	if g.steady, err = medianWindow(display, runs, bins.minihost, host...); err != nil {
		return g, fmt.Errorf("minihost: %w", err)
	}
	if g.bare, err = medianWindow(display, runs, bins.bareFyne); err != nil {
		return g, fmt.Errorf("bare Fyne window: %w", err)
	}
	return g, nil
}

// medianWindow starts bin runs times and returns the median time to the
// window, with the RSS of the last start once idle.
func medianWindow(display string, runs int, bin string, args ...string) (window, error) {
	var times []time.Duration
	var w window
	for i := range runs {
		var err error
		// Xvfb now and then refuses a client (docs/performance.md); minihost
		// retries GLFW's start itself, the bare window panics: a start the
		// display refused is made again, twice at most
		for try := 0; ; try++ {
			w, err = measureWindow(display, bin, i == runs-1, args...)
			if err == nil || try == 2 || !strings.Contains(err.Error(), "GLFW library is not initialized") {
				break
			}
		}
		if err != nil {
			return w, err
		}
		times = append(times, w.shown)
	}
	slices.Sort(times)
	w.shown = times[len(times)/2]
	return w, nil
}

// measureWindow starts bin on display and times its window; with idle it
// then leaves it alone for idleWait and reads the RSS. It stops bin with
// SIGINT (minihost records the welcome as seen then).
func measureWindow(display, bin string, idle bool, args ...string) (window, error) {
	t0 := time.Now()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=C.UTF-8")
	if _, err := biometrics.SessionBus(); err != nil {
		// As minihost does for itself (gui.go): the bare window must not
		// autolaunch a session bus either, which would also outlive it.
		cmd.Env = append(cmd.Env, "DBUS_SESSION_BUS_ADDRESS=disabled:")
	}
	// what it printed, read once it has exited: a start that fails says why
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		return window{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() error {
		cmd.Process.Signal(os.Interrupt)
		return <-exited
	}
	deadline := t0.Add(30 * time.Second)
	for {
		search := exec.Command("xdotool", "search", "--onlyvisible", "--name", "minihost")
		search.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := search.Output()
		if len(bytes.TrimSpace(out)) > 0 {
			break
		}
		select {
		case err := <-exited:
			return window{}, fmt.Errorf("exited before its window showed (%v); it printed:\n%s", err, crashText(output.String()))
		default:
		}
		if time.Now().After(deadline) {
			err := stop()
			return window{}, fmt.Errorf("no window within 30s (stopped: %v); it printed:\n%s", err, crashText(output.String()))
		}
		time.Sleep(5 * time.Millisecond)
	}
	defer stop()
	w := window{shown: time.Since(t0)}
	if !idle {
		return w, nil
	}
	time.Sleep(idleWait)
	w.rss = readRSS(cmd.Process.Pid)
	w.mesa = mesaRSS(cmd.Process.Pid)
	return w, nil
}

// mesaRSS sums the resident pages of the process's mappings of Mesa's
// software renderer (llvmpipe in swrast_dri.so, and the LLVM it JITs with).
// Their heap allocations are not counted: smaps cannot tell them apart.
func mesaRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return 0
	}
	var kb, n int64
	mesa := false
	for _, line := range strings.Split(string(b), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			path := ""
			if len(fields) >= 6 {
				path = fields[5]
			}
			mesa = strings.Contains(path, "/dri/") || strings.Contains(path, "libLLVM") || strings.Contains(path, "libgallium")
		case mesa && len(fields) == 3 && fields[0] == "Rss:":
			fmt.Sscanf(fields[1], "%d", &n)
			kb += n
		}
	}
	return kb * 1000
}

// startXvfb starts Xvfb on a free display (it picks one with -displayfd).
func startXvfb() (string, func(), error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		return "", nil, fmt.Errorf("start Xvfb: %w", err)
	}
	w.Close()
	stop := func() { x.Process.Kill(); x.Wait() }
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			stop()
			return "", nil, fmt.Errorf("Xvfb reported no display")
		}
		return ":" + n, stop, nil
	case <-time.After(10 * time.Second):
		stop()
		return "", nil, fmt.Errorf("Xvfb did not start within 10s")
	}
}

// crashText is what to show of a failed start's output: from a Go panic or
// fatal error on (its message and the failing goroutine's first frames),
// else the last lines.
func crashText(out string) string {
	for _, mark := range []string{"panic: ", "fatal error: ", "SIGSEGV", "SIGABRT"} {
		if i := strings.Index(out, mark); i >= 0 {
			start := strings.LastIndex(out[:i], "\n") + 1
			lines := strings.Split(out[start:], "\n")
			return strings.Join(lines[:min(len(lines), 30)], "\n")
		}
	}
	return lastLines(out, 20)
}
