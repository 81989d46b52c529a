package ui

import (
	"net"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/minihost/minihost/internal/testutil"
)

// The probe says why no window can be shown, and dials the X server a
// DISPLAY names before Fyne would (GLFW panics on an unreachable one).
func TestDisplayProblem(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("there is always a desktop on " + runtime.GOOS)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	if port < 6000 {
		t.Skipf("free port %d is below X's 6000+n", port)
	}
	testutil.HangUp(ln)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedPort := closed.Addr().(*net.TCPAddr).Port
	closed.Close()

	for _, tt := range []struct {
		name, display, wayland string
		want                   string // "" = a window can be shown
	}{
		{"nothing set", "", "", "no display: DISPLAY and WAYLAND_DISPLAY are unset"},
		{"Wayland only", "", "wayland-0", "the window needs X11 (XWayland)"},
		{"not host:number", "nonsense", "", "DISPLAY is not [host]:number"},
		{"a listening X server", "127.0.0.1:" + strconv.Itoa(port-6000) + ".0", "", ""},
		{"nobody listening", "127.0.0.1:" + strconv.Itoa(closedPort-6000), "", "cannot be reached"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DISPLAY", tt.display)
			t.Setenv("WAYLAND_DISPLAY", tt.wayland)
			got := DisplayProblem()
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("DisplayProblem() = %q, want %q", got, tt.want)
			}
		})
	}
}
