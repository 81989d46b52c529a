package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minihost/minihost/internal/testutil"
)

// ctlRun runs `minihost ctl --data-dir D args...` and returns its stdout.
func ctlRun(t *testing.T, dataDir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"ctl", "--data-dir", dataDir}, args...)...)
	cmd.Env = hostEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String(), &ctlError{err, errb.String()}
	}
	return out.String(), nil
}

type ctlError struct {
	err    error
	stderr string
}

func (e *ctlError) Error() string { return e.err.Error() + ": " + e.stderr }

// simFixture copies a fixture project to a temp dir the test may edit.
func simFixture(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(fixtureDir(t, name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func editFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// eventually retries f every 100 ms until it returns "" or d passes, and
// fails with f's last answer.
func eventually(t *testing.T, d time.Duration, f func() string) {
	t.Helper()
	var last string
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if last = f(); last == "" {
			return
		}
	}
	t.Fatal(last)
}

// TestSimulatorHeadless: a headless minihost runs the simulator on the
// machine's Chromium. ctl screenshot shows the page at the device's size; a
// saved .wxml changes it within 2 s; a page's console.log reaches ctl logs
// with its file; switching device changes getSystemInfoSync().windowWidth;
// after kill -9 of minihost no browser process of its own is left.
func TestSimulatorHeadless(t *testing.T) {
	chromiumPath(t)
	dir := simFixture(t, "shop")
	pageJS := filepath.Join(dir, "miniprogram/pages/home/home.js")
	editFile(t, pageJS, func(s string) string {
		return s + "\nconsole.log('sim-e2e windowWidth=' + wx.getSystemInfoSync().windowWidth)\n"
	})
	h := startProject(t, dir, "--device", "iPhone 15")

	shot := func() []byte {
		t.Helper()
		out := filepath.Join(t.TempDir(), "page.png")
		if _, err := ctlRun(t, h.DataDir, "screenshot", "-o", out); err != nil {
			t.Fatalf("ctl screenshot: %v\n%s", err, h.Output())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := shot()
	img, err := png.Decode(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1179 || b.Dy() != 2556 {
		t.Errorf("iPhone 15 screenshot is %dx%d, want 1179x2556 (393x852 @3)", b.Dx(), b.Dy())
	}

	logsHave := func(want string) func() string {
		return func() string {
			out, err := ctlRun(t, h.DataDir, "logs", "--json")
			if err != nil {
				return err.Error()
			}
			for line := range strings.Lines(out) {
				var e struct {
					Message, File, Source string
					Line                  int
				}
				if json.Unmarshal([]byte(line), &e) == nil && e.Message == want {
					if e.File != "pages/home/home.js" || e.Line < 1 || e.Source != "console" {
						return "log entry without its place: " + line
					}
					return ""
				}
			}
			return "no " + strconv.Quote(want) + " in ctl logs:\n" + out
		}
	}
	eventually(t, 5*time.Second, logsHave("sim-e2e windowWidth=393"))

	// A saved .wxml shows within 2 s.
	editFile(t, filepath.Join(dir, "miniprogram/pages/home/home.wxml"), func(s string) string {
		if !strings.Contains(s, "Products") {
			t.Fatal("fixture changed: no Products in home.wxml")
		}
		return strings.Replace(s, "Products", "Everything we sell today", 1)
	})
	saved := time.Now()
	eventually(t, 2*time.Second, func() string {
		if bytes.Equal(shot(), first) {
			return "screenshot unchanged 2 s after saving home.wxml"
		}
		return ""
	})
	t.Logf("a saved .wxml showed after %v", time.Since(saved).Round(time.Millisecond))

	// A compile error shows the overlay (and is logged); the next good save clears it.
	// The screenshots below are compared whole, and the status bar's clock
	// is in them: start where its minute cannot change before the last one.
	awayFromMinuteChange(12 * time.Second)
	var good []byte
	eventually(t, 3*time.Second, func() string { // settled: two equal shots
		a, b := shot(), shot()
		if !bytes.Equal(a, b) {
			return "the page does not settle"
		}
		good = a
		return ""
	})
	home := filepath.Join(dir, "miniprogram/pages/home/home.wxml")
	before, _ := os.ReadFile(home)
	if err := os.WriteFile(home, append(slices.Clone(before), "\n<view class=\"broken\"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, 3*time.Second, func() string {
		out, _ := ctlRun(t, h.DataDir, "logs")
		if !strings.Contains(out, "error pages/home/home.wxml") {
			return "no compile error of home.wxml in ctl logs:\n" + out
		}
		if bytes.Equal(shot(), good) {
			return "the page looks the same with a compile error"
		}
		return ""
	})
	if err := os.WriteFile(home, before, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, 3*time.Second, func() string {
		if !bytes.Equal(shot(), good) {
			return "the page is not back as it was after the good save"
		}
		return ""
	})

	// Switching device: the page is reloaded for it.
	if out, err := ctlRun(t, h.DataDir, "device", "iPhone SE"); err != nil || !strings.Contains(out, "* iPhone SE") {
		t.Fatalf("ctl device: %v\n%s", err, out)
	}
	eventually(t, 5*time.Second, logsHave("sim-e2e windowWidth=375"))
	if b, _ := png.DecodeConfig(bytes.NewReader(shot())); b.Width != 750 || b.Height != 1334 {
		t.Errorf("iPhone SE screenshot is %dx%d, want 750x1334", b.Width, b.Height)
	}

	// A project config change loads the app again: the host's name follows.
	editFile(t, filepath.Join(dir, "project.private.config.json"), func(s string) string {
		return strings.Replace(s, `"Fixture Shop"`, `"Renamed Shop"`, 1)
	})
	eventually(t, 3*time.Second, func() string {
		out, err := ctlRun(t, h.DataDir, "apps")
		if err != nil || !strings.Contains(out, "Renamed Shop") {
			return fmt.Sprintf("ctl apps after renaming the project: %v\n%s", err, out)
		}
		return ""
	})

	// kill -9: the kernel ends the browser (Pdeathsig) and its helpers follow.
	browserPG := browserGroup(t, h.cmd.Process.Pid)
	h.Kill()
	eventually(t, 5*time.Second, func() string {
		if pids := groupPIDs(browserPG); len(pids) > 0 {
			return "browser processes left after kill -9 of minihost: " + strings.Join(pids, " ")
		}
		return ""
	})
}

// browserGroup is the process group of minihost's browser child.
func browserGroup(t *testing.T, parent int) int {
	t.Helper()
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+2:]))
		if len(f) > 2 && f[1] == strconv.Itoa(parent) && strings.Contains(string(stat), "chrom") {
			pg, _ := strconv.Atoi(f[2])
			if pg != pid {
				t.Errorf("browser %d is not in its own process group (%d)", pid, pg)
			}
			return pg
		}
	}
	t.Fatalf("no browser process under minihost %d", parent)
	return 0
}

// groupPIDs lists the live processes of a process group.
func groupPIDs(pg int) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+2:]))
		if len(f) > 2 && f[2] == strconv.Itoa(pg) && f[0] != "Z" {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestSimulatorWindow: with a display, minihost opens the app in a
// phone-shaped Chromium window titled with the app's name; a click in it
// (xdotool, a real X event) runs a WXML tap handler.
func TestSimulatorWindow(t *testing.T) {
	chromiumPath(t)
	requireGUITools(t)
	x := startXvfb(t)
	dir := simFixture(t, "shop")
	editFile(t, filepath.Join(dir, "miniprogram/pages/home/home.wxml"), func(s string) string {
		return `<view id="sim-tap" bindtap="simTap" style="height:600px;background:#c00;color:#fff">TAP</view>` + s
	})
	editFile(t, filepath.Join(dir, "miniprogram/pages/home/home.js"), func(s string) string {
		if !strings.Contains(s, "Page({") {
			t.Fatal("fixture changed: no Page({ in home.js")
		}
		if !strings.Contains(s, "onReady() {") {
			t.Fatal("fixture changed: no onReady() { in home.js")
		}
		s = strings.Replace(s, "Page({", "Page({\n  simTap() { console.log('sim-e2e tapped') },", 1)
		return strings.Replace(s, "onReady() {", "onReady() {\n    console.log('sim-e2e ready')", 1)
	})
	dataDir := t.TempDir()
	cmd := exec.Command(binary(t), "--addr", "127.0.0.1:0", "--data-dir", dataDir, "--device", "iPhone SE", dir)
	cmd.Env = append(hostEnv(), "DISPLAY="+x.display, "LANG=C.UTF-8", "XDG_CONFIG_HOME="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out := &testutil.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })

	win := x.waitWindow("^Fixture Shop$", 30*time.Second)
	geo := x.mustRun("xdotool", "getwindowgeometry", win)
	var w, h int
	for line := range strings.Lines(geo) {
		if g, ok := strings.CutPrefix(strings.TrimSpace(line), "Geometry: "); ok {
			fmt.Sscanf(g, "%dx%d", &w, &h)
		}
	}
	if w < 375 || w > 420 || h <= w {
		t.Fatalf("simulator window is %dx%d, want a portrait window about 375 wide (iPhone SE)\n%s\n%s", w, h, geo, out.String())
	}
	// Wait until the page has rendered, then tap. onReady follows the first
	// render by two animation frames, so it also shows the window counts as
	// visible: a window Chromium takes for hidden (Xvfb has no compositing
	// window manager) runs no frames, and a page's onReady never came. The
	// page's script alone is no sign: it may run before the engine arrives.
	eventually(t, 10*time.Second, func() string {
		if out, _ := ctlRun(t, dataDir, "logs"); !strings.Contains(out, "sim-e2e ready") {
			return "the page did not render:\n" + out
		}
		return ""
	})
	time.Sleep(500 * time.Millisecond)
	x.click(win, image.Pt(w/2, h/2))
	eventually(t, 5*time.Second, func() string {
		out, err := ctlRun(t, dataDir, "logs")
		if err != nil || !strings.Contains(out, "sim-e2e tapped") {
			return "the tap did not run simTap:\n" + out
		}
		return ""
	})

	// Quitting minihost closes its browsers.
	browserPG := browserGroup(t, cmd.Process.Pid)
	cmd.Process.Signal(os.Interrupt)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("minihost did not quit on SIGINT\n%s", out.String())
	}
	eventually(t, 5*time.Second, func() string {
		if pids := groupPIDs(browserPG); len(pids) > 0 {
			return "browser processes left after minihost quit: " + strings.Join(pids, " ")
		}
		return ""
	})
}

// awayFromMinuteChange waits, when the wall clock's minute would change
// within d, until just after it has: the simulator's status bar shows the
// time, so a screenshot taken across the change differs from one before.
func awayFromMinuteChange(d time.Duration) {
	now := time.Now()
	next := now.Truncate(time.Minute).Add(time.Minute)
	if next.Sub(now) < d {
		time.Sleep(next.Sub(now) + time.Second)
	}
}
