package bus

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

func TestErrorName(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"reply value", dbus.Error{Name: ErrServiceUnknown}, ErrServiceUnknown},
		{"pointer", dbus.NewError(ErrUnknownMethod, nil), ErrUnknownMethod},
		{"wrapped", fmt.Errorf("call: %w", dbus.Error{Name: ErrNameHasNoOwner}), ErrNameHasNoOwner},
		{"not D-Bus", errors.New("boom"), ""},
		{"nil", nil, ""},
	} {
		if got := ErrorName(tc.err); got != tc.want {
			t.Errorf("%s: ErrorName = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSessionAddress(t *testing.T) {
	withSocket := t.TempDir()
	l, err := net.Listen("unix", filepath.Join(withSocket, "bus"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	for _, tc := range []struct {
		name    string
		env     string
		runtime string
		want    string // "" = an error
	}{
		{"from DBUS_SESSION_BUS_ADDRESS", "unix:path=/x", withSocket, "unix:path=/x"},
		{"from XDG_RUNTIME_DIR/bus", "", withSocket, "unix:path=" + dbus.EscapeBusAddressValue(filepath.Join(withSocket, "bus"))},
		{"autolaunch is not followed", "autolaunch:", withSocket, "unix:path=" + dbus.EscapeBusAddressValue(filepath.Join(withSocket, "bus"))},
		{"none", "", t.TempDir(), ""},
		{"disabled, though a socket exists", "disabled:", withSocket, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", tc.env)
			t.Setenv("XDG_RUNTIME_DIR", tc.runtime)
			got, err := SessionAddress()
			if got != tc.want || (err != nil) != (tc.want == "") {
				t.Errorf("SessionAddress() = %q, %v; want %q", got, err, tc.want)
			}
			if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != tc.env {
				t.Error("SessionAddress changed the environment")
			}
		})
	}
}

// TestConnectHonoursContext connects to a socket that accepts but never
// speaks D-Bus: Connect must give up when ctx ends.
func TestConnectHonoursContext(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "mute")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	conn, err := Connect(ctx, "unix:path="+sock)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Connect = %v, %v; want DeadlineExceeded", conn, err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Connect took %v to give up", took)
	}
}
