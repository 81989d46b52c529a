package keyring

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/godbus/dbus/v5"

	"minihost/app"
	"minihost/biometrics/internal/bus"
)

// Secret Service D-Bus API (freedesktop.org Secret Service spec 0.2), as
// served by gnome-keyring and KeePassXC.
const (
	ssName        = "org.freedesktop.secrets"
	ssPath        = dbus.ObjectPath("/org/freedesktop/secrets")
	ssService     = "org.freedesktop.Secret.Service"
	ssCollection  = "org.freedesktop.Secret.Collection"
	ssItem        = "org.freedesktop.Secret.Item"
	ssPrompt      = "org.freedesktop.Secret.Prompt"
	ssErrIsLocked = "org.freedesktop.Secret.Error.IsLocked"
	noPrompt      = dbus.ObjectPath("/")
)

// ssSecret is the spec's Secret struct (oayays).
type ssSecret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

// SecretService keeps secrets as items of the Secret Service's default
// collection, with the attributes {service: "minihost", name: <name>} plus
// {datadir: <data dir>} when one is given, so that two minihost instances with
// different data dirs do not see each other's secrets.
//
// It talks to the service directly with godbus rather than through
// go-keychain's secretservice package: that package pulls in a second D-Bus
// library (github.com/keybase/dbus) and golang.org/x/crypto, takes no
// contexts, and returns (nil, nil) when a secret fails to decrypt.
type SecretService struct {
	conn       *dbus.Conn
	session    dbus.ObjectPath
	key        []byte // AES key of a DH session; nil for a plain session
	collection dbus.ObjectPath
	dataDir    string

	// mu serialises writes: gnome-keyring's "replace" in CreateItem is a
	// search then a create, so two concurrent Puts of one name could leave
	// two items behind.
	mu sync.Mutex
}

var _ app.KeyStore = (*SecretService)(nil)

// OpenSecretService connects to the Secret Service on the session bus and
// opens an encrypted session with it. It fails when there is no session bus,
// no Secret Service or no default collection.
func OpenSecretService(ctx context.Context, dataDir string) (*SecretService, error) {
	addr, err := bus.SessionAddress()
	if err != nil {
		return nil, fmt.Errorf("secret service: %w", err)
	}
	conn, err := bus.Connect(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("secret service: %w", err)
	}
	s := &SecretService{conn: conn, dataDir: dataDir}
	if err := s.openSession(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	err = conn.Object(ssName, ssPath).CallWithContext(ctx, ssService+".ReadAlias", 0, "default").Store(&s.collection)
	if err == nil && s.collection == noPrompt {
		err = errors.New("there is no default collection")
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("secret service: default collection: %w", err)
	}
	return s, nil
}

// openSession negotiates DH-AES transfer encryption, falling back to plain
// only when the service does not offer it.
func (s *SecretService) openSession(ctx context.Context) error {
	svc := s.conn.Object(ssName, ssPath)
	priv, pub, err := dhKeypair()
	if err != nil {
		return fmt.Errorf("secret service: DH key: %w", err)
	}
	var out dbus.Variant
	err = svc.CallWithContext(ctx, ssService+".OpenSession", 0, dhAlgorithm, dbus.MakeVariant(pub)).Store(&out, &s.session)
	if err == nil {
		theirs, ok := out.Value().([]byte)
		if !ok {
			return fmt.Errorf("secret service: OpenSession returned %s, want a public key", out.Signature())
		}
		s.key, err = dhKey(priv, theirs)
		return err
	}
	if bus.ErrorName(err) != bus.ErrNotSupported {
		return fmt.Errorf("secret service: open session: %w", err)
	}
	if err := svc.CallWithContext(ctx, ssService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &s.session); err != nil {
		return fmt.Errorf("secret service: open plain session: %w", err)
	}
	return nil
}

// Collection is the object path of the collection items are kept in.
func (s *SecretService) Collection() dbus.ObjectPath { return s.collection }

// Encrypted reports whether secrets cross the bus encrypted (DH-AES session).
func (s *SecretService) Encrypted() bool { return s.key != nil }

// Close ends the session and the bus connection.
func (s *SecretService) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	if s.session != "" {
		_ = s.conn.Object(ssName, s.session).CallWithContext(ctx, "org.freedesktop.Secret.Session.Close", 0).Err
	}
	return s.conn.Close()
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
	sec := ssSecret{Session: s.session, ContentType: "application/octet-stream", Value: secret}
	if s.key != nil {
		var err error
		if sec.Parameters, sec.Value, err = encryptSecret(s.key, secret); err != nil {
			return fmt.Errorf("secret service: put %s: %w", name, err)
		}
	}
	props := map[string]dbus.Variant{
		ssItem + ".Label":      dbus.MakeVariant("minihost: " + name),
		ssItem + ".Attributes": dbus.MakeVariant(s.attributes(name)),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.unlocking(ctx, s.collection, func() error {
		var item, prompt dbus.ObjectPath
		err := s.conn.Object(ssName, s.collection).CallWithContext(ctx, ssCollection+".CreateItem", 0, props, sec, true).Store(&item, &prompt)
		if err != nil {
			return err
		}
		return s.prompt(ctx, prompt)
	})
	if err != nil {
		return fmt.Errorf("secret service: put %s: %w", name, err)
	}
	return nil
}

// Get returns the secret stored under name, or app.ErrNotFound.
func (s *SecretService) Get(ctx context.Context, name string) ([]byte, error) {
	items, err := s.search(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("secret service: get %s: %w", name, err)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("secret service: get %s: %w", name, app.ErrNotFound)
	}
	var sec ssSecret
	err = s.unlocking(ctx, items[0], func() error {
		return s.conn.Object(ssName, items[0]).CallWithContext(ctx, ssItem+".GetSecret", 0, s.session).Store(&sec)
	})
	if err != nil {
		return nil, fmt.Errorf("secret service: get %s: %w", name, err)
	}
	if s.key == nil {
		return sec.Value, nil
	}
	plain, err := decryptSecret(s.key, sec.Parameters, sec.Value)
	if err != nil {
		return nil, fmt.Errorf("secret service: get %s: %w", name, err)
	}
	return plain, nil
}

// Delete removes name. Deleting a name that is not there is not an error.
func (s *SecretService) Delete(ctx context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	items, err := s.search(ctx, name)
	if err != nil {
		return fmt.Errorf("secret service: delete %s: %w", name, err)
	}
	for _, item := range items {
		err := s.unlocking(ctx, item, func() error {
			var prompt dbus.ObjectPath
			if err := s.conn.Object(ssName, item).CallWithContext(ctx, ssItem+".Delete", 0).Store(&prompt); err != nil {
				return err
			}
			return s.prompt(ctx, prompt)
		})
		if err != nil {
			return fmt.Errorf("secret service: delete %s: %w", name, err)
		}
	}
	return nil
}

func (s *SecretService) search(ctx context.Context, name string) ([]dbus.ObjectPath, error) {
	var items []dbus.ObjectPath
	err := s.conn.Object(ssName, s.collection).CallWithContext(ctx, ssCollection+".SearchItems", 0, s.attributes(name)).Store(&items)
	return items, err
}

// unlocking runs op and, if it failed because obj is locked, asks the service
// to unlock obj (which may show the desktop's unlock dialog) and runs op once
// more.
func (s *SecretService) unlocking(ctx context.Context, obj dbus.ObjectPath, op func() error) error {
	err := op()
	if bus.ErrorName(err) != ssErrIsLocked {
		return err
	}
	var unlocked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := s.conn.Object(ssName, ssPath).CallWithContext(ctx, ssService+".Unlock", 0, []dbus.ObjectPath{obj}).Store(&unlocked, &prompt); err != nil {
		return fmt.Errorf("unlock: %w", err)
	}
	if err := s.prompt(ctx, prompt); err != nil {
		return fmt.Errorf("unlock: %w", err)
	}
	return op()
}

// prompt runs a Secret Service prompt (an unlock or confirmation dialog shown
// by the desktop) and waits for it to complete. When ctx ends first the
// prompt is dismissed, so no dialog outlives the caller.
func (s *SecretService) prompt(ctx context.Context, prompt dbus.ObjectPath) error {
	if prompt == noPrompt || prompt == "" {
		return nil
	}
	ch := make(chan *dbus.Signal, 4)
	s.conn.Signal(ch)
	defer s.conn.RemoveSignal(ch)
	rule := []dbus.MatchOption{dbus.WithMatchObjectPath(prompt), dbus.WithMatchInterface(ssPrompt), dbus.WithMatchMember("Completed")}
	if err := s.conn.AddMatchSignalContext(ctx, rule...); err != nil {
		return fmt.Errorf("watch prompt: %w", err)
	}
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
		defer cancel()
		_ = s.conn.RemoveMatchSignalContext(rctx, rule...)
	}()
	obj := s.conn.Object(ssName, prompt)
	if err := obj.CallWithContext(ctx, ssPrompt+".Prompt", 0, "").Err; err != nil {
		return fmt.Errorf("prompt: %w", err)
	}
	for {
		select {
		case <-ctx.Done():
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
			_ = obj.CallWithContext(dctx, ssPrompt+".Dismiss", 0).Err
			cancel()
			return ctx.Err()
		case sig, ok := <-ch:
			if !ok {
				return errors.New("prompt: lost the D-Bus connection")
			}
			if sig.Path != prompt || sig.Name != ssPrompt+".Completed" {
				continue
			}
			var dismissed bool
			var result dbus.Variant
			if err := dbus.Store(sig.Body, &dismissed, &result); err != nil {
				return fmt.Errorf("prompt: %w", err)
			}
			if dismissed {
				return errors.New("the keyring prompt was dismissed")
			}
			return nil
		}
	}
}
