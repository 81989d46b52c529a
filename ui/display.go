package ui

import (
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
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
