// Package bus connects to D-Bus message buses within a context and names the
// errors that come back. It is shared by the fprintd and keyring adapters.
package bus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/godbus/dbus/v5"
)

// Names of D-Bus errors the adapters react to.
const (
	ErrServiceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown"
	ErrNameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner"
	ErrUnknownMethod  = "org.freedesktop.DBus.Error.UnknownMethod"
	ErrUnknownObject  = "org.freedesktop.DBus.Error.UnknownObject"
	ErrNotSupported   = "org.freedesktop.DBus.Error.NotSupported"
)

// SystemAddress is the system bus address: DBUS_SYSTEM_BUS_ADDRESS when set
// (tests point it at a private bus), else the standard socket.
func SystemAddress() string {
	if a := os.Getenv("DBUS_SYSTEM_BUS_ADDRESS"); a != "" {
		return a
	}
	return "unix:path=/var/run/dbus/system_bus_socket"
}

// SessionAddress is the session bus address: DBUS_SESSION_BUS_ADDRESS when
// set, else $XDG_RUNTIME_DIR/bus when that socket exists. Unlike godbus's own
// lookup it never autolaunches a bus (dbus-launch) and never sets environment
// variables, so probing for a keyring has no side effects. "disabled:" is
// libdbus's address for no bus at all.
func SessionAddress() (string, error) {
	a := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if a == "disabled:" {
		return "", errors.New("no session bus: DBUS_SESSION_BUS_ADDRESS is disabled:")
	}
	if a != "" && a != "autolaunch:" {
		return a, nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		sock := filepath.Join(dir, "bus")
		if fi, err := os.Stat(sock); err == nil && fi.Mode().Type() == os.ModeSocket {
			return "unix:path=" + dbus.EscapeBusAddressValue(sock), nil
		}
	}
	return "", errors.New("no session bus: DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist")
}

// Connect opens a private, authenticated connection to the bus at address.
// godbus's Connect takes no context; if ctx ends first, the half-open
// connection is closed, which makes the pending authentication fail at once
// instead of leaving a goroutine blocked on a bus that never answers.
func Connect(ctx context.Context, address string) (*dbus.Conn, error) {
	life, abandon := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, abandon)
	conn, err := dbus.Connect(address, dbus.WithContext(life))
	if !stop() {
		if conn != nil {
			conn.Close()
		}
		return nil, fmt.Errorf("connect to D-Bus at %s: %w", address, ctx.Err())
	}
	if err != nil {
		abandon()
		return nil, fmt.Errorf("connect to D-Bus at %s: %w", address, err)
	}
	// The connection owns life from here: closing it is what ends it.
	context.AfterFunc(conn.Context(), abandon)
	return conn, nil
}

// ErrorName is the D-Bus error name carried by err ("" when err is not a D-Bus
// error reply). godbus returns replies as dbus.Error values and its own
// errors as *dbus.Error, so both are looked for.
func ErrorName(err error) string {
	var v dbus.Error
	if errors.As(err, &v) {
		return v.Name
	}
	var p *dbus.Error
	if errors.As(err, &p) && p != nil {
		return p.Name
	}
	return ""
}
