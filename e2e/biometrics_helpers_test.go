package e2e

// Helpers for the real-biometrics and real-keyring end-to-end tests: waiting
// for a startup line, the control API, a private session bus with an unlocked
// gnome-keyring, and watching fprintd from the side on its private bus.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/minihost/minihost/biometrics/keyringtest"
)

// startupLine waits (bounded) for the stdout line starting with prefix and
// returns it. The harness returns once the host answers HTTP, which is after
// every startup line was written, but its reader may not have taken them yet.
func startupLine(t testing.TB, h *Host, prefix string) string {
	t.Helper()
	end := time.Now().Add(5 * time.Second)
	for {
		h.mu.Lock()
		for _, l := range h.stdout {
			if strings.HasPrefix(l, prefix) {
				h.mu.Unlock()
				return l
			}
		}
		h.mu.Unlock()
		if time.Now().After(end) {
			t.Fatalf("no startup line %q\n%s", prefix, h.Output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// control sends one control API request with the data dir's control token.
func (h *Host) control(method, path string, body any) (int, map[string]any) {
	h.t.Helper()
	tok, err := os.ReadFile(filepath.Join(h.DataDir, "control.token"))
	if err != nil {
		h.t.Fatalf("control token: %v", err)
	}
	var raw []byte
	if body != nil {
		if raw, err = json.Marshal(body); err != nil {
			h.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, h.URL+path, bytes.NewReader(raw))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(tok)))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return h.do(req)
}

// ---- a private session bus with gnome-keyring ----

// keyringSession is a private session bus with an unlocked gnome-keyring on
// it (biometrics/keyringtest), its keyrings and HOME in a temporary
// directory: nothing touches the developer's own keyring or session.
type keyringSession struct {
	Addr string // the bus's address, for DBUS_SESSION_BUS_ADDRESS
	Dir  string
	env  []string
}

// startKeyringSession starts the bus and gnome-keyring's Secret Service and
// returns once it serves a default collection. Both stop when the test ends.
func startKeyringSession(t *testing.T) *keyringSession {
	t.Helper()
	ks := &keyringSession{Addr: keyringtest.SessionBus(t), Dir: t.TempDir()}
	keyringtest.GnomeKeyring(t, ks.Addr, ks.Dir)
	ks.env = keyringtest.Env(ks.Addr, ks.Dir)
	return ks
}

// secretTool runs libsecret's secret-tool against the keyring: an
// independent client, with its own session encryption.
func (ks *keyringSession) secretTool(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", args...)
	cmd.Env = ks.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("secret-tool %v: %v: %s (`make deps` installs libsecret-tools)", args, err, stderr.String())
	}
	return out
}

// minihostItems lists the attributes of every item in the default
// collection with service=minihost, through the Secret Service API.
func (ks *keyringSession) minihostItems(t *testing.T) []map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	conn, err := dbus.Connect(ks.Addr, dbus.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const svc = "org.freedesktop.secrets"
	var items []dbus.ObjectPath
	err = conn.Object(svc, "/org/freedesktop/secrets/aliases/default").
		CallWithContext(ctx, "org.freedesktop.Secret.Collection.SearchItems", 0, map[string]string{"service": "minihost"}).Store(&items)
	if err != nil {
		t.Fatalf("SearchItems: %v", err)
	}
	var out []map[string]string
	for _, it := range items {
		var attrs map[string]string
		err := conn.Object(svc, it).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
			"org.freedesktop.Secret.Item", "Attributes").Store(&attrs)
		if err != nil {
			t.Fatalf("attributes of %s: %v", it, err)
		}
		out = append(out, attrs)
	}
	return out
}

// ---- fprintd, watched from the side ----

const (
	fpService = "net.reactivated.Fprint"
	fpDevice  = "net.reactivated.Fprint.Device"
)

// fprintWatch is a second client of the test's fprintd: it sees the device
// signals fprintd broadcasts (so a test knows when minihost's verification
// has started and scans only then) and can claim the reader itself.
type fprintWatch struct {
	t    *testing.T
	conn *dbus.Conn
	dev  dbus.ObjectPath
	sigs chan *dbus.Signal
	user string
}

func watchFprintd(t *testing.T, busAddr string) *fprintWatch {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	conn, err := dbus.Connect(busAddr, dbus.WithContext(context.WithoutCancel(t.Context())))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	w := &fprintWatch{t: t, conn: conn, sigs: make(chan *dbus.Signal, 64), user: u.Username}
	err = conn.Object(fpService, "/net/reactivated/Fprint/Manager").
		CallWithContext(ctx, "net.reactivated.Fprint.Manager.GetDefaultDevice", 0).Store(&w.dev)
	if err != nil {
		t.Fatalf("fprintd default device: %v", err)
	}
	conn.Signal(w.sigs)
	if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchObjectPath(w.dev), dbus.WithMatchInterface(fpDevice)); err != nil {
		t.Fatal(err)
	}
	return w
}

// drain forgets the signals seen so far.
func (w *fprintWatch) drain() {
	for {
		select {
		case <-w.sigs:
		default:
			return
		}
	}
}

// waitSignal waits for the next device signal named member and returns its
// body.
func (w *fprintWatch) waitSignal(member string, timeout time.Duration) []any {
	w.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case sig := <-w.sigs:
			if sig.Name == fpDevice+"."+member {
				return sig.Body
			}
		case <-deadline:
			w.t.Fatalf("no %s signal from fprintd within %v", member, timeout)
			return nil
		}
	}
}

// waitVerifyStarted waits until a verification has started on the reader:
// fprintd announces every VerifyStart with VerifyFingerSelected.
func (w *fprintWatch) waitVerifyStarted(timeout time.Duration) {
	w.t.Helper()
	w.waitSignal("VerifyFingerSelected", timeout)
}

// claimWhenFree claims the reader as another program would (the login
// screen, sudo), retrying while it is in use, and releases it. It returns how
// long the reader stayed in use.
func (w *fprintWatch) claimWhenFree(timeout time.Duration) time.Duration {
	w.t.Helper()
	start := time.Now()
	dev := w.conn.Object(fpService, w.dev)
	for {
		ctx, cancel := context.WithTimeout(w.t.Context(), 5*time.Second)
		err := dev.CallWithContext(ctx, fpDevice+".Claim", 0, w.user).Err
		if err == nil {
			err = dev.CallWithContext(ctx, fpDevice+".Release", 0).Err
			cancel()
			if err != nil {
				w.t.Fatalf("release after our own claim: %v", err)
			}
			return time.Since(start)
		}
		cancel()
		if dbusErrorName(err) != "net.reactivated.Fprint.Error.AlreadyInUse" {
			w.t.Fatalf("claim the reader: %v", err)
		}
		if time.Since(start) > timeout {
			w.t.Fatalf("the reader was still claimed %v later: %v", timeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// claim claims the reader for this client, as another program would.
func (w *fprintWatch) claim() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.t.Context(), 5*time.Second)
	defer cancel()
	if err := w.conn.Object(fpService, w.dev).CallWithContext(ctx, fpDevice+".Claim", 0, w.user).Err; err != nil {
		w.t.Fatalf("claim the reader: %v", err)
	}
}

// release releases this client's claim.
func (w *fprintWatch) release() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.t.Context(), 5*time.Second)
	defer cancel()
	if err := w.conn.Object(fpService, w.dev).CallWithContext(ctx, fpDevice+".Release", 0).Err; err != nil {
		w.t.Fatalf("release the reader: %v", err)
	}
}

// dbusErrorName is the D-Bus error name carried by err, "" for other errors.
func dbusErrorName(err error) string {
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
