package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// DisplayProblem says why no window can be shown, or "" when one can. On
// Linux and the BSDs Fyne's window is X11 (XWayland on a Wayland desktop),
// and GLFW panics rather than fails when the X server cannot be reached, so
// the server is dialed first. macOS and Windows always have a desktop.
func DisplayProblem() string {
	switch runtime.GOOS {
	case "darwin", "windows":
		return ""
	}
	d := os.Getenv("DISPLAY")
	if d == "" {
		if os.Getenv("WAYLAND_DISPLAY") != "" {
			return "WAYLAND_DISPLAY is set but DISPLAY is not: the window needs X11 (XWayland)"
		}
		return "no display: DISPLAY and WAYLAND_DISPLAY are unset"
	}
	if err := dialX(d); err != nil {
		return fmt.Sprintf("display %s cannot be reached: %v", d, err)
	}
	return ""
}

// dialX connects to the X server named by a DISPLAY value ([host]:n[.screen])
// and hangs up.
func dialX(display string) error {
	i := strings.LastIndex(display, ":")
	if i < 0 {
		return errors.New("DISPLAY is not [host]:number")
	}
	host, num := display[:i], display[i+1:]
	num, _, _ = strings.Cut(num, ".")
	n, err := strconv.Atoi(num)
	if err != nil {
		return errors.New("DISPLAY is not [host]:number")
	}
	var addrs [][2]string // network, address
	switch host {
	case "", "unix":
		path := "/tmp/.X11-unix/X" + num
		addrs = [][2]string{{"unix", path}, {"unix", "@" + path}} // the file, or Linux's abstract socket
	default:
		addrs = [][2]string{{"tcp", net.JoinHostPort(host, strconv.Itoa(6000+n))}}
	}
	for _, a := range addrs {
		var c net.Conn
		if c, err = net.DialTimeout(a[0], a[1], 2*time.Second); err == nil {
			return c.Close()
		}
	}
	return err
}

// openDisplay initialises GLFW, which Fyne's window is made with, before
// Fyne does: when GLFW cannot open the display, go-gl only logs GLFW's
// platform error and Fyne then panics on GLFW's first use. DisplayProblem's
// dial does not catch an X server that takes the connection and then refuses
// the client, and under Xvfb a start now and then met "X11: Failed to open
// display" for a moment, so it is tried for about a second before minihost
// gives up with an error. Fyne's own glfw.Init then finds GLFW initialised.
// It must be called on the main goroutine.
func openDisplay(ctx context.Context) error {
	const tries = 6
	for i := range tries {
		glfw.Init() // go-gl returns no platform error: it logs it
		if glfwReady() {
			return nil
		}
		if i == tries-1 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("ui: the display %s cannot be opened (GLFW's error is logged above); run with --headless to do without the window", os.Getenv("DISPLAY"))
}

// glfwReady reports whether GLFW is initialised: go-gl panics with
// NotInitialized on a call made when it is not, and returns nothing to ask.
func glfwReady() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	glfw.GetPrimaryMonitor()
	return true
}
