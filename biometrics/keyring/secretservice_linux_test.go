package keyring

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/internal/bus"
	"github.com/minihost/minihost/biometrics/keyringtest"
)

// The Secret Service tests run the real gnome-keyring-daemon on a private
// session bus, with its keyrings in a temporary directory: nothing touches
// the developer's own keyring or session.

// sessionBus and gnomeKeyring are keyringtest's, named for these tests.
var (
	sessionBus   = keyringtest.SessionBus
	gnomeKeyring = keyringtest.GnomeKeyring
)

func openSS(t *testing.T, addr, dataDir string) *SecretService {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	s, err := OpenSecretService(t.Context(), dataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSecretServiceRoundTrip(t *testing.T) {
	addr := sessionBus(t)
	gnomeKeyring(t, addr, t.TempDir())
	s := openSS(t, addr, "/data/a")
	if !s.Encrypted() {
		t.Error("gnome-keyring offers DH-AES, but the session is plain")
	}
	roundTrip(t, s)

	// Put replaces in place: one item per name, never a second one.
	if err := s.Put(t.Context(), "once", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(t.Context(), "once", []byte("2")); err != nil {
		t.Fatal(err)
	}
	if items, err := s.search(t.Context(), "once"); err != nil || len(items) != 1 {
		t.Errorf("after two Puts of one name: items %v, %v; want exactly one", items, err)
	}
}

// TestSecretServiceSurvives checks that secrets outlive the store (close and
// reopen) and the daemon itself (restart: they were written to disk).
func TestSecretServiceSurvives(t *testing.T) {
	addr := sessionBus(t)
	dir := t.TempDir()
	stop := gnomeKeyring(t, addr, dir)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	s, err := OpenSecretService(t.Context(), "/data/a")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(t.Context(), "session_key", []byte("k1")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	check := func(when string) {
		t.Helper()
		s := openSS(t, addr, "/data/a")
		if got, err := s.Get(t.Context(), "session_key"); err != nil || string(got) != "k1" {
			t.Errorf("%s: Get = %q, %v; want k1", when, got, err)
		}
	}
	check("after reopening the store")
	stop()
	gnomeKeyring(t, addr, dir)
	check("after restarting gnome-keyring")
}

func TestSecretServiceDataDirsApart(t *testing.T) {
	addr := sessionBus(t)
	gnomeKeyring(t, addr, t.TempDir())
	a, b := openSS(t, addr, "/data/a"), openSS(t, addr, "/data/b")
	if err := a.Put(t.Context(), "token", []byte("A")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(t.Context(), "token"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("another data dir sees the secret: err = %v, want app.ErrNotFound", err)
	}
	if err := b.Delete(t.Context(), "token"); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Get(t.Context(), "token"); err != nil || string(got) != "A" {
		t.Errorf("another data dir's Delete removed it: Get = %q, %v", got, err)
	}
}

// TestSecretServiceInterop reads and writes through libsecret's secret-tool,
// an independent client with its own session encryption: both directions
// must see the same bytes.
func TestSecretServiceInterop(t *testing.T) {
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Fatalf("secret-tool not found (`make deps` installs libsecret-tools): %v", err)
	}
	addr := sessionBus(t)
	gnomeKeyring(t, addr, t.TempDir())
	s := openSS(t, addr, "/data/a")
	ctx := t.Context()
	secretTool := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, "secret-tool", args...)
		cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("secret-tool %v: %v: %s", args, err, out)
		}
		return string(out)
	}

	if err := s.Put(ctx, "ours", []byte("from minihost")); err != nil {
		t.Fatal(err)
	}
	if got := secretTool("", "lookup", "service", "minihost", "name", "ours", "datadir", "/data/a"); got != "from minihost" {
		t.Errorf("secret-tool lookup = %q, want %q", got, "from minihost")
	}
	secretTool("from libsecret", "store", "--label=theirs", "service", "minihost", "name", "theirs", "datadir", "/data/a")
	if got, err := s.Get(ctx, "theirs"); err != nil || string(got) != "from libsecret" {
		t.Errorf("Get of secret-tool's item = %q, %v", got, err)
	}
}

// TestSecretServiceLocked locks the collection: Put must ask the service to
// unlock it and, with no one to answer the unlock prompt here, fail within
// its context instead of hanging.
func TestSecretServiceLocked(t *testing.T) {
	addr := sessionBus(t)
	gnomeKeyring(t, addr, t.TempDir())
	s := openSS(t, addr, "/data/a")
	// Locked from another connection, as the desktop's screen lock would.
	conn, err := bus.Connect(t.Context(), addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	err = conn.Object(ssName, ssPath).CallWithContext(t.Context(), ssService+".Lock", 0, []dbus.ObjectPath{dbus.ObjectPath(s.Collection())}).Store(&locked, &prompt)
	if err != nil || len(locked) != 1 {
		t.Fatalf("lock the collection: %v, %v", locked, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	err = s.Put(ctx, "k", []byte("v"))
	if err == nil {
		t.Fatal("Put into a locked collection with no unlock prompt available succeeded")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Put took %v to fail", took)
	}
	t.Logf("locked collection → %v after %v", err, time.Since(start))
}

// TestOpen checks which store Open picks for each kind of session.
func TestOpen(t *testing.T) {
	withKeyring := sessionBus(t)
	gnomeKeyring(t, withKeyring, t.TempDir())
	bare := sessionBus(t)

	for _, tc := range []struct {
		name     string
		addr     string
		wantName string
	}{
		{"Secret Service running", withKeyring, "secret-service"},
		{"session bus without a Secret Service", bare, "file"},
		{"session bus address points nowhere", "unix:path=/nonexistent/minihost-test-bus", "file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", tc.addr)
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, nil))
			dataDir := t.TempDir()
			start := time.Now()
			ks, info, err := Open(t.Context(), dataDir, logger)
			if err != nil {
				t.Fatal(err)
			}
			defer ks.Close()
			t.Logf("Open → %+v in %v", info, time.Since(start))
			if info.Name != tc.wantName || info.Detail == "" {
				t.Errorf("Open chose %+v, want %s", info, tc.wantName)
			}
			warned := strings.Contains(logs.String(), "level=WARN")
			if tc.wantName == "file" {
				if info.Warning == "" || !warned {
					t.Errorf("file fallback without a visible warning: Info.Warning %q, logs %q", info.Warning, logs.String())
				}
				if _, err := os.Stat(filepath.Join(dataDir, "keyring")); err != nil {
					t.Errorf("file store not under the data dir: %v", err)
				}
			} else if info.Warning != "" || warned {
				t.Errorf("unexpected warning: Info.Warning %q, logs %q", info.Warning, logs.String())
			}
			roundTrip(t, ks)
		})
	}
}

// TestOpenAdoptsFileSecrets: secrets a run without a keyring left in the
// file move into the Secret Service once there is one, so an AppSecret a
// backend was configured with does not change; a secret the keyring already
// has wins, and the file is gone afterwards.
func TestOpenAdoptsFileSecrets(t *testing.T) {
	dataDir := t.TempDir()
	f, err := OpenFile(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for name, v := range map[string]string{"app/wx1/secret": "from-the-file", "app/wx1/token": "file-token"} {
		if err := f.Put(ctx, name, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	addr := sessionBus(t)
	gnomeKeyring(t, addr, t.TempDir())
	pre := openSS(t, addr, dataDir)
	if err := pre.Put(ctx, "app/wx1/token", []byte("keyring-token")); err != nil {
		t.Fatal(err)
	}

	s, info, err := Open(ctx, dataDir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if info.Name != "secret-service" {
		t.Fatalf("Open chose %s", info.Name)
	}
	for name, want := range map[string]string{"app/wx1/secret": "from-the-file", "app/wx1/token": "keyring-token"} {
		got, err := s.Get(ctx, name)
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := os.Stat(f.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the secrets file is still there after its secrets moved: %v", err)
	}
}

// TestSecretServiceReconnects: an open store survives gnome-keyring
// restarting under it. While the daemon is down a call fails promptly with
// an error (no hang); once it is back the store reopens its session and the
// secrets written before are there.
func TestSecretServiceReconnects(t *testing.T) {
	addr := sessionBus(t)
	dir := t.TempDir()
	stop := gnomeKeyring(t, addr, dir)
	s := openSS(t, addr, "/data/a")
	ctx := t.Context()
	if err := s.Put(ctx, "app/wx1/secret", []byte("s1")); err != nil {
		t.Fatal(err)
	}
	stop()

	down, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	start := time.Now()
	if _, err := s.Get(down, "app/wx1/secret"); err == nil {
		t.Fatal("Get succeeded with gnome-keyring stopped")
	} else if !strings.Contains(err.Error(), "secret service") {
		t.Fatalf("error does not say where it came from: %v", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Fatalf("Get with the daemon down took %v", d)
	}

	gnomeKeyring(t, addr, dir)
	if got, err := s.Get(ctx, "app/wx1/secret"); err != nil || string(got) != "s1" {
		t.Fatalf("after gnome-keyring restarted: Get = %q, %v; want s1", got, err)
	}
	if err := s.Put(ctx, "app/wx1/token", []byte("t1")); err != nil {
		t.Fatalf("Put after the restart: %v", err)
	}
}
