package e2e

// Helpers of the GUI test: an Xvfb of its own, real windows found and clicked
// with xdotool, screenshots with ImageMagick's import, and a little pixel
// reading to find Fyne's primary-coloured buttons and switches in them.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
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
)

// guiTools are the programs the GUI test drives the desktop with.
var guiTools = []string{"Xvfb", "xdotool", "import"}

// requireGUITools fails (not skips) when a tool is missing: they are part of
// the project's dependencies.
func requireGUITools(t *testing.T) {
	t.Helper()
	var missing []string
	for _, tool := range guiTools {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("the GUI test needs %s: run `make deps` to install them (Debian packages xvfb, xdotool, imagemagick)", strings.Join(missing, ", "))
	}
}

// xserver is an Xvfb this test started, and the X clients run against it.
type xserver struct {
	t       *testing.T
	display string // ":N"
}

// startXvfb starts Xvfb on a free display (Xvfb picks it: -displayfd writes
// the number once the server accepts clients) and kills it at cleanup.
func startXvfb(t *testing.T) *xserver {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var stderr bytes.Buffer
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})

	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	select {
	case n := <-num:
		if n == "" {
			<-exited
			t.Fatalf("Xvfb exited without a display number: %s", stderr.String())
		}
		return &xserver{t: t, display: ":" + n}
	case <-time.After(15 * time.Second):
		t.Fatalf("Xvfb did not report a display within 15s")
	}
	return nil
}

// use makes x report to t (a subtest) until the returned func restores the previous test.
func (x *xserver) use(t *testing.T) func() {
	prev := x.t
	x.t = t
	return func() { x.t = prev }
}

// run runs an X client against the server, bounded to 10 seconds.
func (x *xserver) run(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(hostEnv(), "DISPLAY="+x.display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

func (x *xserver) mustRun(name string, args ...string) string {
	x.t.Helper()
	out, err := x.run(name, args...)
	if err != nil {
		x.t.Fatal(err)
	}
	return out
}

// windows lists the ids of mapped windows whose name matches pattern (a regular expression).
func (x *xserver) windows(pattern string) []string {
	out, err := x.run("xdotool", "search", "--onlyvisible", "--name", pattern)
	if err != nil {
		return nil // xdotool search exits 1 when nothing matches
	}
	return strings.Fields(out)
}

// waitWindow waits for one window whose name matches pattern.
func (x *xserver) waitWindow(pattern string, timeout time.Duration) string {
	x.t.Helper()
	end := time.Now().Add(timeout)
	for {
		if ids := x.windows(pattern); len(ids) > 0 {
			if len(ids) > 1 {
				x.t.Fatalf("%d windows match %q, want one", len(ids), pattern)
			}
			return ids[0] // capture, click and key raise it (Xvfb has no window manager)
		}
		if time.Now().After(end) {
			x.t.Fatalf("no window named %q within %v (windows: %q)", pattern, timeout, x.windowNames())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitNoWindow waits until no window matches pattern.
func (x *xserver) waitNoWindow(pattern string, timeout time.Duration) {
	x.t.Helper()
	end := time.Now().Add(timeout)
	for len(x.windows(pattern)) > 0 {
		if time.Now().After(end) {
			x.t.Fatalf("window %q still open after %v", pattern, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// windowNames is every named window, for failure messages.
func (x *xserver) windowNames() []string {
	var names []string
	for _, id := range x.windows(".") {
		if name, err := x.run("xdotool", "getwindowname", id); err == nil {
			names = append(names, strings.TrimSpace(name))
		}
	}
	return names
}

// capture screenshots a window ("root" for the whole screen) as ImageMagick's
// import sees it on the X server, and returns the PNG and its image.
func (x *xserver) capture(window string) ([]byte, image.Image) {
	x.t.Helper()
	file := filepath.Join(x.t.TempDir(), "shot.png")
	// Without a window manager nothing raises a new dialog, and it can map
	// below the main window; import -window reads the screen, so whatever
	// covers the window would be in the picture.
	x.run("xdotool", "windowraise", window)
	x.mustRun("import", "-window", window, file)
	data, err := os.ReadFile(file)
	if err != nil {
		x.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		x.t.Fatalf("screenshot of window %s: %v", window, err)
	}
	return data, img
}

// waitImage captures a window until cond holds on what it shows.
func (x *xserver) waitImage(window, what string, timeout time.Duration, cond func(image.Image) bool) ([]byte, image.Image) {
	x.t.Helper()
	end := time.Now().Add(timeout)
	for {
		data, img := x.capture(window)
		if cond(img) {
			return data, img
		}
		if time.Now().After(end) {
			// Kept in artifacts/ beside the screenshots: a temp dir is gone after the test.
			dir := filepath.Join(repoRoot(x.t), "artifacts", "failures")
			os.MkdirAll(dir, 0o755)
			path := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(x.t.Name())+".png")
			os.WriteFile(path, data, 0o644)
			x.t.Fatalf("window %s did not show %s within %v (last screenshot: %s)", window, what, timeout, path)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// waitSettled is waitImage for a window about to be clicked: cond must hold and the window's
// size and primary button must be the same in two captures in a row. A new Fyne window is painted
// before it has its final size (the first frames are laid out for a smaller canvas), so a button
// found in the first frame that shows it can be somewhere else by the time the click lands; the
// click then hits nothing and the dialog stays open.
func (x *xserver) waitSettled(window, what string, timeout time.Duration, cond func(image.Image) bool) ([]byte, image.Image) {
	x.t.Helper()
	end := time.Now().Add(timeout)
	var prev image.Image
	for {
		remaining := time.Until(end)
		if remaining < 0 {
			remaining = 0
		}
		data, img := x.waitImage(window, what, remaining, cond)
		if prev != nil && prev.Bounds() == img.Bounds() {
			a, _ := primaryButton(prev)
			b, _ := primaryButton(img)
			if a.box == b.box {
				return data, img
			}
		}
		if time.Now().After(end) {
			x.t.Fatalf("window %s: %s did not stay in place within %v", window, what, timeout)
		}
		prev = img
		time.Sleep(100 * time.Millisecond)
	}
}

// click clicks at p, relative to the window, with the real (XTEST) pointer.
func (x *xserver) click(window string, p image.Point) {
	x.t.Helper()
	x.run("xdotool", "windowraise", window) // as in capture: the click must land on this window
	x.mustRun("xdotool", "mousemove", "--window", window, fmt.Sprint(p.X), fmt.Sprint(p.Y), "click", "1")
}

// key presses a key in the window: the pointer is moved over it and it is
// given the input focus (there is no window manager to do either).
func (x *xserver) key(window, key string) {
	x.t.Helper()
	x.run("xdotool", "windowraise", window)
	x.mustRun("xdotool", "mousemove", "--window", window, "4", "4")
	x.run("xdotool", "windowfocus", "--sync", window) // best effort: focus also follows the pointer
	x.mustRun("xdotool", "key", key)
}

// ---- reading Fyne's widgets from pixels ----

// fynePrimary is the primary colour of Fyne's default theme (light and dark):
// the fill of HighImportance buttons and of switched-on checks.
var fynePrimary = color.NRGBA{R: 0x29, G: 0x6f, B: 0xf6, A: 0xff}

func isPrimary(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	near := func(v uint32, want uint8) bool { d := int(v>>8) - int(want); return d >= -14 && d <= 14 }
	return near(r, fynePrimary.R) && near(g, fynePrimary.G) && near(b, fynePrimary.B)
}

// blob is a 4-connected region of primary-coloured pixels.
type blob struct {
	box image.Rectangle
	n   int // pixels
}

func (b blob) center() image.Point {
	return image.Pt((b.box.Min.X+b.box.Max.X)/2, (b.box.Min.Y+b.box.Max.Y)/2)
}

func primaryBlobs(img image.Image) []blob {
	r := img.Bounds()
	seen := make([]bool, r.Dx()*r.Dy())
	idx := func(p image.Point) int { return (p.Y-r.Min.Y)*r.Dx() + p.X - r.Min.X }
	var out []blob
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			start := image.Pt(x, y)
			if seen[idx(start)] || !isPrimary(img.At(x, y)) {
				continue
			}
			b := blob{box: image.Rectangle{Min: start, Max: start.Add(image.Pt(1, 1))}}
			stack := []image.Point{start}
			seen[idx(start)] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				b.n++
				b.box = b.box.Union(image.Rectangle{Min: p, Max: p.Add(image.Pt(1, 1))})
				for _, d := range []image.Point{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
					q := p.Add(d)
					if q.In(r) && !seen[idx(q)] && isPrimary(img.At(q.X, q.Y)) {
						seen[idx(q)] = true
						stack = append(stack, q)
					}
				}
			}
			out = append(out, b)
		}
	}
	return out
}

// primaryButton is the largest button-shaped primary region: the window's
// Allow / Done / Match button.
func primaryButton(img image.Image) (blob, bool) {
	var best blob
	for _, b := range primaryBlobs(img) {
		w, h := b.box.Dx(), b.box.Dy()
		if h >= 20 && w >= h+h/2 && b.n > best.n {
			best = b
		}
	}
	return best, best.n > 0
}

// switchesOn are the checked checks (square primary regions), top to bottom.
func switchesOn(img image.Image) []blob {
	var out []blob
	for _, b := range primaryBlobs(img) {
		w, h := b.box.Dx(), b.box.Dy()
		if w >= 10 && w <= 32 && h >= 10 && h <= 32 && absInt(w-h) <= 4 && b.n >= w*h/3 {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b blob) int { return a.box.Min.Y - b.box.Min.Y })
	return out
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// ---- the minihost process with its window ----

// windowHost is minihost started with a display (not --headless).
type windowHost struct {
	h *Host // URL, Demo and the HTTP helpers of the harness
}

// startWindowHost runs the real binary ($MINIHOST_BIN or the one built for
// the tests) on x's display with a fresh data dir and waits for its startup
// lines, including "minihost: window shown".
func startWindowHost(t *testing.T, x *xserver) *windowHost {
	t.Helper()
	// XDG_CONFIG_HOME keeps Fyne's preferences (the remembered window size)
	// out of the developer's own config.
	h := &Host{t: t, Bin: binary(t), DataDir: t.TempDir(), Display: x.display, Args: []string{"--simulator", "off"},
		Env: []string{"LANG=C.UTF-8", "XDG_CONFIG_HOME=" + t.TempDir()}}
	t.Cleanup(h.Kill)
	h.Start()
	return &windowHost{h: h}
}

// interrupt sends SIGINT and waits for minihost to exit.
func (w *windowHost) interrupt(timeout time.Duration) (*os.ProcessState, error) {
	return w.h.Interrupt(timeout)
}

// forkedBusDaemons lists the dbus-daemons started with --fork, as
// dbus-launch --autolaunch starts them: they are left to init and never exit
// on their own. The tests' private buses run with --nofork.
func forkedBusDaemons() map[int]bool {
	out := map[int]bool{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		args := strings.Split(string(cmdline), "\x00")
		if len(args) > 0 && filepath.Base(args[0]) == "dbus-daemon" && slices.Contains(args, "--fork") {
			out[pid] = true
		}
	}
	return out
}
