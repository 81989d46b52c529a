package main

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// With no session bus, the window must not let godbus autolaunch one (a
// dbus-daemon left behind by every start); with one, nothing changes.
func TestDisableBusAutolaunch(t *testing.T) {
	withSocket := t.TempDir()
	l, err := net.Listen("unix", filepath.Join(withSocket, "bus"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tests := []struct {
		name, env, runtime string
		want               string
	}{
		{"no bus: disabled", "", t.TempDir(), "disabled:"},
		{"autolaunch asked for: disabled", "autolaunch:", t.TempDir(), "disabled:"},
		{"a bus named: kept", "unix:path=/run/user/1000/bus", t.TempDir(), "unix:path=/run/user/1000/bus"},
		{"the bus in XDG_RUNTIME_DIR: left to be found", "", withSocket, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", tt.env)
			t.Setenv("XDG_RUNTIME_DIR", tt.runtime)
			disableBusAutolaunch()
			if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != tt.want {
				t.Errorf("DBUS_SESSION_BUS_ADDRESS = %q, want %q", got, tt.want)
			}
		})
	}
}
