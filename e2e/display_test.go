package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/internal/testutil"
)

// TestWindowDisplayRefused: an X server that takes the connection and then
// hangs up on the client (one refusing it, or resetting) passes the
// display check that only dials, and GLFW then cannot open the display.
// minihost must say so and exit, not panic inside Fyne.
func TestWindowDisplayRefused(t *testing.T) {
	// a display number no test's Xvfb takes (they ask from 0 up), on
	// Linux's abstract socket namespace: no file left behind
	var ln net.Listener
	var display string
	for n := 990; n < 999 && ln == nil; n++ {
		l, err := net.Listen("unix", fmt.Sprintf("@/tmp/.X11-unix/X%d", n))
		if err == nil {
			ln, display = l, fmt.Sprintf(":%d", n)
		}
	}
	if ln == nil {
		t.Fatal("no free abstract X socket between :990 and :998")
	}
	t.Cleanup(func() { ln.Close() })
	accepted := testutil.HangUp(ln)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), "--addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	cmd.Env = append(hostEnv(), "DISPLAY="+display, "LANG=C.UTF-8", "DBUS_SESSION_BUS_ADDRESS=disabled:")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("minihost on a display that hangs up: %v, want exit status 1\n%s", err, out)
	}
	if strings.Contains(string(out), "panic:") || !strings.Contains(string(out), "the display "+display+" cannot be opened") || !strings.Contains(string(out), "--headless") {
		t.Fatalf("want the display error and the --headless hint, no panic:\n%s", out)
	}
	if accepted.Load() < 2 {
		t.Errorf("the display was tried %d time(s), want it tried again", accepted.Load())
	}
	t.Logf("gave up after %v and %d connections: %s", time.Since(start).Round(time.Millisecond), accepted.Load(), lastLine(string(out)))
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
