package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// guiFigures starts minihost with its window under a private Xvfb and
// returns the time from exec until the window is mapped on screen (found by
// xdotool) and the process's RSS once idle.
func guiFigures(bin, dataDir string) (time.Duration, int64, error) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return 0, 0, fmt.Errorf("%s is not installed (make deps installs it)", tool)
		}
	}
	display, stopX, err := startXvfb()
	if err != nil {
		return 0, 0, err
	}
	defer stopX()

	t0 := time.Now()
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--data-dir", dataDir)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=C.UTF-8")
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	deadline := t0.Add(30 * time.Second)
	for {
		search := exec.Command("xdotool", "search", "--onlyvisible", "--name", "minihost")
		search.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := search.Output()
		if len(bytes.TrimSpace(out)) > 0 {
			break
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("no minihost window within 30s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	shown := time.Since(t0)
	time.Sleep(3 * time.Second) // idle: the first frames are drawn and caches settled
	return shown, readRSS(cmd.Process.Pid), nil
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
