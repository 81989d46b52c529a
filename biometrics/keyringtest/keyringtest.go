//go:build linux

// Package keyringtest runs the real gnome-keyring-daemon's Secret Service on
// a private D-Bus session bus for tests, with its keyrings and HOME in a
// directory of the test's: nothing touches the developer's own keyring or
// session. The keyring package's tests and the end-to-end tests share it.
package keyringtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/minihost/minihost/biometrics/internal/testbus"
)

// Password unlocks (and on first run creates) the test login keyring.
const Password = "keyringtest-password"

// SessionBus starts a private session bus, stopped when the test ends, and
// returns its address.
func SessionBus(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "keyringtest-") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	b, err := testbus.StartBus(t.Context(), "session", dir)
	if err != nil {
		t.Fatalf("%v (`make deps` installs dbus)", err)
	}
	t.Cleanup(func() {
		if err := b.Stop(); err != nil {
			t.Error(err)
		}
	})
	return b.Address()
}

// Env is the environment of a client of the keyring GnomeKeyring runs with
// dir: the bus address and the HOME and XDG directories under dir.
func Env(addr, dir string) []string {
	return append(os.Environ(),
		"DBUS_SESSION_BUS_ADDRESS="+addr,
		"HOME="+filepath.Join(dir, "home"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "home", ".config"),
		"XDG_RUNTIME_DIR="+filepath.Join(dir, "run"),
	)
}

// GnomeKeyring runs gnome-keyring-daemon's Secret Service on the bus at addr
// with its keyrings under dir, unlocking the login keyring with Password, and
// waits until it serves a default collection. stop kills it (also done when
// the test ends); starting it again on the same dir finds the secrets it
// wrote to disk.
func GnomeKeyring(t testing.TB, addr, dir string) (stop func()) {
	t.Helper()
	for _, d := range []string{"home", "data", "run"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock")
	cmd.Env = Env(addr, dir)
	cmd.Stdin = strings.NewReader(Password)
	logPath := filepath.Join(dir, "gnome-keyring.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close() // the child has its own copy
	cmd.Stdout, cmd.Stderr = logf, logf
	p, err := testbus.Spawn(cmd)
	if err != nil {
		t.Fatalf("start gnome-keyring-daemon (`make deps` installs gnome-keyring): %v", err)
	}
	stop = func() {
		if err := p.Kill(); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(stop)

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for {
		var coll dbus.ObjectPath
		err := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets").
			CallWithContext(ctx, "org.freedesktop.Secret.Service.ReadAlias", 0, "default").Store(&coll)
		if err == nil && coll != "/" {
			// On a restart the alias is known before the collection object
			// answers ("SearchItems is not implemented"): wait for that too.
			var items []dbus.ObjectPath
			err = conn.Object("org.freedesktop.secrets", coll).
				CallWithContext(ctx, "org.freedesktop.Secret.Collection.SearchItems", 0, map[string]string{}).Store(&items)
			if err == nil {
				return stop
			}
		}
		select {
		case <-ctx.Done():
			stop()
			log, _ := os.ReadFile(logPath)
			t.Fatalf("gnome-keyring never served a default collection (last: %v): %s", err, log)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
