package keyring

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	kdbus "github.com/keybase/dbus"
	"github.com/keybase/go-keychain/secretservice"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/internal/bus"
)

// Secret Service D-Bus names (freedesktop.org Secret Service spec 0.2) used
// beside go-keychain's calls: it has no ReadAlias, and its prompts cannot be
// dismissed.
const (
	ssName         = "org.freedesktop.secrets"
	ssPath         = "/org/freedesktop/secrets"
	ssService      = "org.freedesktop.Secret.Service"
	ssPrompt       = "org.freedesktop.Secret.Prompt"
	ssErrIsLocked  = "org.freedesktop.Secret.Error.IsLocked"
	errUnsupported = "org.freedesktop.DBus.Error.NotSupported"
	noPrompt       = "/"
)

// sessionAttempts bounds opening DH sessions until one has a working key
// (see also openSession).
//
// go-keychain v0.0.1 derives the session key from the shared secret without
// its leading zero bytes, while gnome-keyring pads it to the prime's 128
// bytes: in about one session in 256 the two sides then hold different AES
// keys, every Put fails ("The secret was transferred or encrypted in an
// invalid way") and every Get fails to decrypt. Each new session draws a new
// key pair, so four attempts leave a chance of 2^-32.
const sessionAttempts = 4

// SecretService keeps secrets as items of the Secret Service's default
// collection, with the attributes {service: "minihost", name: <name>} plus
// {datadir: <data dir>} when one is given, so that two minihost instances with
// different data dirs do not see each other's secrets.
//
// It speaks the protocol through github.com/keybase/go-keychain/secretservice
// (the project's keychain dependency). Those calls take no context and D-Bus
// calls have no deadline, so each operation runs in a goroutine of its own
// and the caller waits for it or for ctx, whichever ends first; see do.
type SecretService struct {
	svc        *secretservice.SecretService
	session    *secretservice.Session
	collection kdbus.ObjectPath
	dataDir    string

	// turn is held by the one operation talking to the service at a time. It
	// is a channel so that waiting for it obeys the caller's ctx. One at a
	// time because go-keychain's PromptAndWait reads a signal channel shared
	// by the whole connection (two prompts at once would take each other's
	// answers), and because gnome-keyring's "replace" in CreateItem is a
	// search then a create: two concurrent Puts of one name could leave two
	// items behind.
	turn chan struct{}

	// attempts is how many DH sessions were opened to get a working one.
	attempts int
}

var _ app.KeyStore = (*SecretService)(nil)

// OpenSecretService connects to the Secret Service on the session bus and
// opens an encrypted session with it. It fails when there is no session bus,
// no Secret Service or no default collection, or when ctx ends first.
func OpenSecretService(ctx context.Context, dataDir string) (*SecretService, error) {
	addr, err := bus.SessionAddress()
	if err != nil {
		return nil, fmt.Errorf("secret service: %w", err)
	}
	// go-keychain finds the session bus only through the environment and,
	// when that names none, starts one with dbus-launch. SessionAddress has
	// found a bus without side effects; name it so go-keychain uses that one.
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != addr {
		if err := os.Setenv("DBUS_SESSION_BUS_ADDRESS", addr); err != nil {
			return nil, fmt.Errorf("secret service: %w", err)
		}
	}
	s := &SecretService{dataDir: dataDir, turn: make(chan struct{}, 1)}
	err = s.do(ctx, func() error {
		svc, err := secretservice.NewService()
		if err != nil {
			return err
		}
		// go-keychain's own bound on OpenSession; ours is ctx.
		svc.SetSessionOpenTimeout(probeTimeout)
		s.svc = svc
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.openSession(ctx); err != nil {
			return err
		}
		err = svc.ServiceObj().CallWithContext(ctx, ssService+".ReadAlias", 0, "default").Store(&s.collection)
		if err == nil && s.collection == noPrompt {
			err = errors.New("there is no default collection")
		}
		if err != nil {
			svc.CloseSession(s.session)
			return fmt.Errorf("default collection: %w", err)
		}
		return nil
	})
	if err != nil {
		// go-keychain offers no way to close its connection: it ends when the
		// bus goes away or the process exits.
		return nil, fmt.Errorf("secret service: %w", err)
	}
	return s, nil
}

// openSession negotiates DH-AES transfer encryption, falling back to plain
// only when the service does not offer it, and makes sure the DH session's
// key works (see sessionAttempts). It runs inside do.
func (s *SecretService) openSession(ctx context.Context) error {
	for s.attempts = 1; ; s.attempts++ {
		sess, err := s.svc.OpenSession(secretservice.AuthenticationDHAES)
		if dbusErrorName(err) == errUnsupported {
			if sess, err = s.svc.OpenSession(secretservice.AuthenticationInsecurePlain); err != nil {
				return fmt.Errorf("open plain session: %w", err)
			}
			s.session = sess
			return nil
		}
		if err != nil {
			// go-keychain also sends its public value without leading zero
			// bytes, which KWallet refuses ("Client public key size is
			// invalid") in about one session in 256: a new key pair gets
			// through. A service that is not there, or no reply at all, does
			// not get better by asking again.
			switch dbusErrorName(err) {
			case "", bus.ErrServiceUnknown, bus.ErrNameHasNoOwner:
				return fmt.Errorf("open session: %w", err)
			}
			if s.attempts == sessionAttempts || ctx.Err() != nil {
				return fmt.Errorf("open session: %w", err)
			}
			continue
		}
		err = s.checkSession(ctx, sess)
		if err == nil {
			s.session = sess
			return nil
		}
		s.svc.CloseSession(sess)
		if s.attempts == sessionAttempts || ctx.Err() != nil {
			return fmt.Errorf("open session: no working session key after %d attempts: %w", s.attempts, err)
		}
	}
}

// checkSession round-trips a probe secret through the service's "session"
// collection, which gnome-keyring keeps in memory and never locks, and fails
// when it does not come back: with a key the service does not share,
// gnome-keyring refuses the probe ("The secret was transferred or encrypted in
// an invalid way", a plain org.freedesktop.DBus.Error.Failed) or it does not
// decrypt. A service without that collection (KeePassXC, KWallet) is trusted
// as it is: a bad key then makes Put or Get fail (see Get).
func (s *SecretService) checkSession(ctx context.Context, sess *secretservice.Session) error {
	var coll kdbus.ObjectPath
	err := s.svc.ServiceObj().CallWithContext(ctx, ssService+".ReadAlias", 0, "session").Store(&coll)
	if err != nil || coll == noPrompt {
		return nil
	}
	probe := []byte("minihost session check")
	sec, err := sess.NewSecret(bytes.Clone(probe))
	if err != nil {
		return err
	}
	props := secretservice.NewSecretProperties("minihost session check", map[string]string{"service": "minihost", "name": ".session-check"})
	item, err := s.svc.CreateItem(coll, props, sec, secretservice.ReplaceBehaviorReplace)
	if err != nil {
		return err
	}
	defer s.svc.DeleteItem(item) // in memory only, but not left behind
	got, err := s.svc.GetSecret(item, *sess)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, probe) {
		return errors.New("the probe secret did not come back: the service and minihost derived different session keys")
	}
	return nil
}

// do runs op holding the turn, in a goroutine of its own, and returns op's
// error or ctx's, whichever comes first. A service that never answers thus
// cannot hang the caller. An op abandoned this way keeps the turn until it
// finishes (go-keychain's prompts give up after 30 seconds, and prompt
// dismisses its prompt when ctx ends), so later calls wait for it within
// their own contexts instead of interleaving with it.
func (s *SecretService) do(ctx context.Context, op func() error) error {
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-s.turn }()
		done <- op()
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		select {
		case err := <-done: // finished in the same instant: its result stands
			return err
		default:
			return ctx.Err()
		}
	}
}

// call runs op through do. gnome-keyring forgets its sessions when it
// restarts (a desktop logout, a crash, a test): when op fails that way, the
// session is reopened once and op tried again, so a running minihost
// survives the restart. While the service is down, op's error is returned,
// saying so, and the next call tries again.
func (s *SecretService) call(ctx context.Context, op func() error) error {
	err := s.do(ctx, op)
	if err == nil || ctx.Err() != nil || !sessionMayBeGone(err) {
		return err
	}
	if rerr := s.do(ctx, func() error { return s.reopen(ctx) }); rerr != nil {
		return fmt.Errorf("%w (the Secret Service is unavailable; reconnecting failed: %v; the next call tries again)", err, rerr)
	}
	return s.do(ctx, op)
}

// sessionMayBeGone reports whether err means the service restarted or left
// the bus, rather than refusing the operation.
func sessionMayBeGone(err error) bool {
	switch dbusErrorName(err) {
	case "org.freedesktop.Secret.Error.NoSession",
		"org.freedesktop.DBus.Error.UnknownObject",
		"org.freedesktop.DBus.Error.ServiceUnknown",
		"org.freedesktop.DBus.Error.NameHasNoOwner",
		"org.freedesktop.DBus.Error.NoReply":
		return true
	}
	return false
}

// reopen opens a new session with the service now on the bus and looks up
// its default collection again. It runs inside do.
func (s *SecretService) reopen(ctx context.Context) error {
	if err := s.openSession(ctx); err != nil {
		return err
	}
	var coll kdbus.ObjectPath
	err := s.svc.ServiceObj().CallWithContext(ctx, ssService+".ReadAlias", 0, "default").Store(&coll)
	if err == nil && coll == noPrompt {
		err = errors.New("there is no default collection")
	}
	if err != nil {
		return fmt.Errorf("default collection: %w", err)
	}
	s.collection = coll
	return nil
}

// Collection is the object path of the collection items are kept in.
func (s *SecretService) Collection() string { return string(s.collection) }

// Encrypted reports whether secrets cross the bus encrypted (DH-AES session).
func (s *SecretService) Encrypted() bool {
	return s.session.Mode == secretservice.AuthenticationDHAES
}

// Close ends the session with the service. go-keychain has no way to close
// its bus connection; it ends with the process or the bus.
func (s *SecretService) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	err := s.do(ctx, func() error {
		s.svc.CloseSession(s.session)
		return nil
	})
	if err != nil {
		return fmt.Errorf("secret service: close: %w", err)
	}
	return nil
}

func (s *SecretService) attributes(name string) map[string]string {
	attrs := map[string]string{"service": "minihost", "name": name}
	if s.dataDir != "" {
		attrs["datadir"] = s.dataDir
	}
	return attrs
}

// Put stores secret under name, replacing any earlier value.
func (s *SecretService) Put(ctx context.Context, name string, secret []byte) error {
	props := secretservice.NewSecretProperties("minihost: "+name, s.attributes(name))
	err := s.call(ctx, func() error {
		return s.unlocking(ctx, s.collection, func() error {
			// NewSecret pads its argument in place: give it a copy.
			sec, err := s.session.NewSecret(bytes.Clone(secret))
			if err != nil {
				return err
			}
			_, err = s.svc.CreateItem(s.collection, props, sec, secretservice.ReplaceBehaviorReplace)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("secret service: put %s: %w", name, err)
	}
	return nil
}

// Get returns the secret stored under name, or app.ErrNotFound.
func (s *SecretService) Get(ctx context.Context, name string) ([]byte, error) {
	var secret []byte
	err := s.call(ctx, func() error {
		items, err := s.find(name)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return app.ErrNotFound
		}
		return s.unlocking(ctx, items[0], func() error {
			v, err := s.svc.GetSecret(items[0], *s.session)
			if err != nil {
				return err
			}
			// go-keychain returns (nil, nil) when a DH-encrypted secret does
			// not decrypt; an empty secret decrypts to a non-nil empty slice.
			if v == nil && s.Encrypted() {
				return errors.New("the secret did not decrypt with this session's key")
			}
			secret = v
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("secret service: get %s: %w", name, err)
	}
	return secret, nil
}

// Delete removes name. Deleting a name that is not there is not an error.
func (s *SecretService) Delete(ctx context.Context, name string) error {
	err := s.call(ctx, func() error {
		items, err := s.find(name)
		if err != nil {
			return err
		}
		for _, item := range items {
			if err := s.unlocking(ctx, item, func() error { return s.svc.DeleteItem(item) }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("secret service: delete %s: %w", name, err)
	}
	return nil
}

// search lists the items stored under name.
func (s *SecretService) search(ctx context.Context, name string) ([]kdbus.ObjectPath, error) {
	var items []kdbus.ObjectPath
	err := s.do(ctx, func() error {
		var err error
		items, err = s.find(name)
		return err
	})
	return items, err
}

// find is search for an op that already holds the turn.
func (s *SecretService) find(name string) ([]kdbus.ObjectPath, error) {
	return s.svc.SearchCollection(s.collection, s.attributes(name))
}

// unlocking runs op and, if it failed because obj is locked, asks the service
// to unlock obj (which may show the desktop's unlock dialog) and runs op once
// more. It runs inside do.
func (s *SecretService) unlocking(ctx context.Context, obj kdbus.ObjectPath, op func() error) error {
	err := op()
	if dbusErrorName(err) != ssErrIsLocked {
		return err
	}
	var unlocked []kdbus.ObjectPath
	var prompt kdbus.ObjectPath
	err = s.svc.ServiceObj().CallWithContext(ctx, ssService+".Unlock", 0, []kdbus.ObjectPath{obj}).Store(&unlocked, &prompt)
	if err != nil {
		return fmt.Errorf("unlock: %w", err)
	}
	if err := s.prompt(ctx, prompt); err != nil {
		return fmt.Errorf("unlock: %w", err)
	}
	return op()
}

// prompt runs a Secret Service prompt (an unlock or confirmation dialog shown
// by the desktop) through go-keychain and waits for it to complete. When ctx
// ends first the prompt is dismissed, so no dialog outlives the caller and the
// wait ends. It runs inside do.
func (s *SecretService) prompt(ctx context.Context, prompt kdbus.ObjectPath) error {
	if prompt == noPrompt || prompt == "" {
		return nil
	}
	// go-keychain subscribes to Completed with a match rule the bus rejects
	// (its error is ignored), so it sees only a Completed sent to it directly,
	// as gnome-keyring does. A service that broadcasts it (Qt's D-Bus
	// adaptors do) would leave PromptAndWait waiting out its 30 seconds.
	obj := s.svc.Obj(prompt)
	if err := obj.AddMatchSignal(ssPrompt, "Completed", kdbus.WithMatchObjectPath(prompt)).Store(); err != nil {
		return fmt.Errorf("watch prompt: %w", err)
	}
	defer obj.RemoveMatchSignal(ssPrompt, "Completed", kdbus.WithMatchObjectPath(prompt))
	stop := context.AfterFunc(ctx, func() {
		// No reply awaited: this must not block on a wedged service.
		obj.Go(ssPrompt+".Dismiss", kdbus.FlagNoReplyExpected, nil)
	})
	defer stop()
	_, err := s.svc.PromptAndWait(prompt)
	if errors.As(err, new(secretservice.PromptDismissedError)) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errors.New("the keyring prompt was dismissed")
	}
	return err
}

// dbusErrorName is the D-Bus error name carried by err, "" when it is not a
// D-Bus error reply. It is bus.ErrorName for keybase/dbus, the D-Bus library
// go-keychain uses.
func dbusErrorName(err error) string {
	var v kdbus.Error
	if errors.As(err, &v) {
		return v.Name
	}
	var p *kdbus.Error
	if errors.As(err, &p) && p != nil {
		return p.Name
	}
	return ""
}
