package keyring

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/keybase/go-keychain/secretservice"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/internal/bus"
)

// These tests cover what the go-keychain adapter adds to go-keychain: a
// session key that does not work is caught, go-keychain's (nil, nil) for a
// secret that does not decrypt is an error, operations on a service that
// never answers end with their context, and concurrent writers do not
// interleave.

// TestSecretServiceBadSessionKey gives the store a session key the service
// does not share, which is what go-keychain derives in about one DH session
// in 256 (see sessionAttempts).
func TestSecretServiceBadSessionKey(t *testing.T) {
	addr := sessionBus(t)
	gnomeKeyring(t, addr, t.TempDir())
	s := openSS(t, addr, "/data/a")
	ctx := t.Context()
	if s.attempts < 1 || s.attempts > sessionAttempts {
		t.Errorf("opened after %d session attempts, want 1..%d", s.attempts, sessionAttempts)
	}
	want := []byte("k1")
	if err := s.Put(ctx, "session_key", want); err != nil {
		t.Fatal(err)
	}
	if err := s.checkSession(ctx, s.session); err != nil {
		t.Errorf("checkSession of the working session: %v", err)
	}

	bad := *s.session
	bad.AESKey = bytes.Repeat([]byte{0x5a}, 16)
	if err := s.checkSession(ctx, &bad); err == nil {
		t.Error("checkSession accepted a session key the service does not share")
	}

	s.session = &bad
	// The service encrypts with a fresh IV each time, so each Get is a new
	// try at decrypting with the wrong key.
	failed := 0
	for i := range 8 {
		got, err := s.Get(ctx, "session_key")
		switch {
		case err != nil:
			failed++
			if i == 0 {
				t.Logf("Get with the wrong key → %v", err)
			}
		case got == nil:
			t.Fatal("Get with the wrong key returned (nil, nil): go-keychain's undecryptable secret passed as an empty one")
		case bytes.Equal(got, want):
			t.Fatal("Get with the wrong key returned the secret")
		default:
			// go-keychain's PKCS#7 check lets about 1 garbage block in 128
			// through; the startup check is what rules this session out.
			t.Logf("Get with the wrong key returned %d garbage bytes without an error", len(got))
		}
	}
	if failed == 0 {
		t.Error("no Get with the wrong key failed")
	}
}

// TestSecretServiceConcurrentPuts checks that concurrent writers of one name
// leave exactly one item, holding one of the values written whole.
func TestSecretServiceConcurrentPuts(t *testing.T) {
	addr := sessionBus(t)
	gnomeKeyring(t, addr, t.TempDir())
	s := openSS(t, addr, "/data/a")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if err := s.Put(t.Context(), "shared", fmt.Appendf(nil, "value-%d", i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if items, err := s.search(t.Context(), "shared"); err != nil || len(items) != 1 {
		t.Errorf("after 8 concurrent Puts of one name: items %v, %v; want exactly one", items, err)
	}
	if got, err := s.Get(t.Context(), "shared"); err != nil || !bytes.HasPrefix(got, []byte("value-")) {
		t.Errorf("Get = %q, %v", got, err)
	}
}

// stuckService owns org.freedesktop.secrets on a private bus and answers
// just enough to open a plain session; then every item search blocks until
// the test ends, as a wedged keyring daemon would.
type stuckService struct {
	release <-chan struct{}
}

func (stuckService) OpenSession(algorithm string, input dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	if algorithm != string(secretservice.AuthenticationInsecurePlain) {
		return dbus.Variant{}, "", dbus.NewError(errUnsupported, []any{"plain only"})
	}
	return dbus.MakeVariant(""), "/org/freedesktop/secrets/session/1", nil
}

func (stuckService) ReadAlias(name string) (dbus.ObjectPath, *dbus.Error) {
	if name == "default" {
		return "/org/freedesktop/secrets/collection/stuck", nil
	}
	return "/", nil
}

type stuckCollection struct {
	release <-chan struct{}
}

func (c stuckCollection) SearchItems(attrs map[string]string) ([]dbus.ObjectPath, *dbus.Error) {
	<-c.release
	return nil, nil
}

func (stuckCollection) CreateItem(props map[string]dbus.Variant, secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}, replace bool) (dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	return "/org/freedesktop/secrets/collection/stuck/1", "/", nil
}

// startStuckService returns a func that unblocks the stuck calls; the test's
// end calls it too.
func startStuckService(t *testing.T, addr string) (release func()) {
	t.Helper()
	stuck := make(chan struct{})
	release = sync.OnceFunc(func() { close(stuck) })
	t.Cleanup(release)
	conn, err := bus.Connect(t.Context(), addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.Export(stuckService{stuck}, ssPath, ssService); err != nil {
		t.Fatal(err)
	}
	if err := conn.Export(stuckCollection{stuck}, "/org/freedesktop/secrets/collection/stuck", "org.freedesktop.Secret.Collection"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(ssName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take %s: %v, %v", ssName, reply, err)
	}
	return release
}

// TestSecretServiceStuckService checks that no call outlives its context on
// a service that stops answering, including calls queued behind a stuck one.
func TestSecretServiceStuckService(t *testing.T) {
	addr := sessionBus(t)
	release := startStuckService(t, addr)
	s := openSS(t, addr, "/data/a")
	defer release() // before the store's Close, which waits its turn
	if s.Encrypted() {
		t.Fatal("the stand-in offers only plain sessions")
	}
	const bound = 300 * time.Millisecond
	for _, tc := range []struct {
		name string
		op   func(ctx context.Context) error
	}{
		{"Get on a stuck search", func(ctx context.Context) error { _, err := s.Get(ctx, "k"); return err }},
		{"Delete queued behind it", func(ctx context.Context) error { return s.Delete(ctx, "k") }},
		{"Put queued behind both", func(ctx context.Context) error { return s.Put(ctx, "k", []byte("v")) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), bound)
			defer cancel()
			start := time.Now()
			err := tc.op(ctx)
			took := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want context.DeadlineExceeded", err)
			}
			if took > bound+time.Second {
				t.Errorf("returned after %v, want about %v", took, bound)
			}
		})
	}
}

// promptService owns org.freedesktop.secrets on a private bus with a locked
// collection whose unlock prompt either completes after a while (someone
// typed the password) or waits until dismissed. Unlike gnome-keyring it
// broadcasts Completed, as services built on Qt's D-Bus adaptors do.
type promptService struct {
	conn   *dbus.Conn
	answer bool // complete the prompt by itself

	mu        sync.Mutex
	locked    bool
	dismissed int
}

const (
	promptColl = dbus.ObjectPath("/org/freedesktop/secrets/collection/locked")
	promptPath = dbus.ObjectPath("/org/freedesktop/secrets/prompt/p1")
)

// promptServiceAPI is the Service interface of promptService.
type promptServiceAPI struct{ p *promptService }

func (promptServiceAPI) OpenSession(algorithm string, input dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	return stuckService{}.OpenSession(algorithm, input)
}

func (promptServiceAPI) ReadAlias(name string) (dbus.ObjectPath, *dbus.Error) {
	if name == "default" {
		return promptColl, nil
	}
	return "/", nil
}

func (promptServiceAPI) Unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	return []dbus.ObjectPath{}, promptPath, nil
}

// promptCollectionAPI is the Collection interface of promptService.
type promptCollectionAPI struct{ p *promptService }

func (c promptCollectionAPI) CreateItem(props map[string]dbus.Variant, secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}, replace bool) (dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	if c.p.locked {
		return "", "", dbus.NewError(ssErrIsLocked, []any{"collection is locked"})
	}
	return promptColl + "/1", "/", nil
}

func (promptCollectionAPI) SearchItems(attrs map[string]string) ([]dbus.ObjectPath, *dbus.Error) {
	return []dbus.ObjectPath{}, nil
}

// promptAPI is the Prompt interface of promptService.
type promptAPI struct{ p *promptService }

func (a promptAPI) Prompt(windowID string) *dbus.Error {
	if a.p.answer {
		time.AfterFunc(100*time.Millisecond, func() {
			a.p.mu.Lock()
			a.p.locked = false
			a.p.mu.Unlock()
			a.p.conn.Emit(promptPath, ssPrompt+".Completed", false, dbus.MakeVariant([]dbus.ObjectPath{promptColl}))
		})
	}
	return nil
}

func (a promptAPI) Dismiss() *dbus.Error {
	a.p.mu.Lock()
	a.p.dismissed++
	a.p.mu.Unlock()
	a.p.conn.Emit(promptPath, ssPrompt+".Completed", true, dbus.MakeVariant(""))
	return nil
}

func startPromptService(t *testing.T, addr string, answer bool) *promptService {
	t.Helper()
	conn, err := bus.Connect(t.Context(), addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p := &promptService{conn: conn, answer: answer, locked: true}
	for _, e := range []struct {
		v     any
		path  dbus.ObjectPath
		iface string
	}{
		{promptServiceAPI{p}, ssPath, ssService},
		{promptCollectionAPI{p}, promptColl, "org.freedesktop.Secret.Collection"},
		{promptAPI{p}, promptPath, ssPrompt},
	} {
		if err := conn.Export(e.v, e.path, e.iface); err != nil {
			t.Fatal(err)
		}
	}
	if reply, err := conn.RequestName(ssName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take %s: %v, %v", ssName, reply, err)
	}
	return p
}

// TestSecretServiceUnlockPrompt runs the unlock prompt of a locked
// collection to its end both ways: answered, the Put goes through; never
// answered, the Put ends with its context, the prompt is dismissed and the
// store is free for the next call at once.
func TestSecretServiceUnlockPrompt(t *testing.T) {
	t.Run("someone unlocks", func(t *testing.T) {
		addr := sessionBus(t)
		startPromptService(t, addr, true)
		s := openSS(t, addr, "/data/a")
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		if err := s.Put(ctx, "k", []byte("v")); err != nil {
			t.Fatalf("Put after the unlock prompt completed: %v", err)
		}
		t.Logf("Put waited %v for the unlock prompt", time.Since(start))
	})
	t.Run("no one answers", func(t *testing.T) {
		addr := sessionBus(t)
		p := startPromptService(t, addr, false)
		s := openSS(t, addr, "/data/a")
		const bound = 300 * time.Millisecond
		ctx, cancel := context.WithTimeout(t.Context(), bound)
		defer cancel()
		start := time.Now()
		err := s.Put(ctx, "k", []byte("v"))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Put: err = %v, want context.DeadlineExceeded", err)
		}
		if took := time.Since(start); took > bound+time.Second {
			t.Errorf("Put returned after %v, want about %v", took, bound)
		}
		// The next call needs the turn the abandoned Put held: it gets it
		// once the dismissed prompt has completed, not 30 seconds later.
		ctx, cancel = context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		if _, err := s.Get(ctx, "k"); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("Get after the abandoned Put: err = %v, want app.ErrNotFound", err)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.dismissed != 1 {
			t.Errorf("prompt dismissed %d times, want once", p.dismissed)
		}
	})
}

// refusingService refuses the first refusals OpenSession calls as KWallet
// refuses a public value sent without its leading zero bytes, then offers
// only plain sessions.
type refusingService struct {
	refusals int

	mu    sync.Mutex
	calls int
}

func (r *refusingService) OpenSession(algorithm string, input dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	r.mu.Lock()
	r.calls++
	n := r.calls
	r.mu.Unlock()
	if n <= r.refusals {
		return dbus.Variant{}, "", dbus.NewError("org.freedesktop.DBus.Error.InvalidArgs", []any{"Client public key size is invalid"})
	}
	return stuckService{}.OpenSession(algorithm, input)
}

func (r *refusingService) ReadAlias(name string) (dbus.ObjectPath, *dbus.Error) {
	return stuckService{}.ReadAlias(name)
}

// TestSecretServiceSessionRefused checks that a refused session is asked for
// again with a new key pair, a bounded number of times.
func TestSecretServiceSessionRefused(t *testing.T) {
	for _, tc := range []struct {
		name      string
		refusals  int
		wantOpen  bool
		wantCalls int
	}{
		{"refused once", 1, true, 3}, // refused, then DH not supported, then plain
		{"always refused", 100, false, sessionAttempts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := sessionBus(t)
			conn, err := bus.Connect(t.Context(), addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			r := &refusingService{refusals: tc.refusals}
			if err := conn.Export(r, ssPath, ssService); err != nil {
				t.Fatal(err)
			}
			if reply, err := conn.RequestName(ssName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
				t.Fatalf("take %s: %v, %v", ssName, reply, err)
			}
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
			s, err := OpenSecretService(t.Context(), "/data/a")
			if s != nil {
				defer s.Close()
			}
			if (err == nil) != tc.wantOpen {
				t.Errorf("OpenSecretService: err = %v, want open %v", err, tc.wantOpen)
			}
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.calls != tc.wantCalls {
				t.Errorf("OpenSession called %d times, want %d", r.calls, tc.wantCalls)
			}
		})
	}
}
