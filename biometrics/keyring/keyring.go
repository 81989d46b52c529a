// Package keyring provides app.KeyStore implementations backed by the
// operating system's secret storage: the macOS Keychain, the freedesktop
// Secret Service (gnome-keyring, KWallet, KeePassXC) on Linux, and, when
// neither is available, a 0600 file in the data dir. Open picks one.
package keyring

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/minihost/minihost/app"
)

// probeTimeout bounds looking for the Secret Service at start-up: a session
// bus that never answers must not stall minihost's start.
const probeTimeout = 3 * time.Second

// Store is a KeyStore that holds a connection to be closed.
type Store interface {
	app.KeyStore
	Close() error
}

// Info says which store Open chose.
type Info struct {
	Name    string // "keychain", "secret-service" or "file"
	Detail  string // where secrets are kept, for logs and the UI
	Warning string // non-empty when secrets are less protected than usual; show it
}

// Open picks where secrets are kept for the data dir: the macOS Keychain on
// darwin, else the Secret Service when one answers on the session bus, else a
// 0600 file in dataDir, which it logs as a warning and reports in
// Info.Warning so the caller can show it.
func Open(ctx context.Context, dataDir string, logger *slog.Logger) (Store, Info, error) {
	if logger == nil {
		logger = slog.Default()
	}
	if dataDir == "" {
		return nil, Info{}, errors.New("keyring: no data dir given")
	}
	// The datadir attribute and the file path must not depend on the
	// working directory.
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, Info{}, fmt.Errorf("keyring: %w", err)
	}
	if s, info, ok := openNative(dataDir); ok {
		logger.InfoContext(ctx, "keyring", "store", info.Name, "detail", info.Detail)
		if err := adoptFileSecrets(ctx, dataDir, s, logger); err != nil {
			s.Close()
			return nil, Info{}, err
		}
		return s, info, nil
	}

	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	ss, err := OpenSecretService(pctx, dataDir)
	if err == nil {
		enc := "DH-AES transfer encryption"
		if !ss.Encrypted() {
			enc = "plain transfer (the service offers no encryption)"
		}
		info := Info{Name: "secret-service", Detail: fmt.Sprintf("Secret Service collection %s, %s", ss.Collection(), enc)}
		logger.InfoContext(ctx, "keyring", "store", info.Name, "detail", info.Detail)
		if err := adoptFileSecrets(ctx, dataDir, ss, logger); err != nil {
			ss.Close()
			return nil, Info{}, err
		}
		return ss, info, nil
	}
	if ctx.Err() != nil {
		return nil, Info{}, ctx.Err()
	}

	f, ferr := OpenFile(dataDir)
	if ferr != nil {
		return nil, Info{}, fmt.Errorf("keyring: no Secret Service (%v) and no file store: %w", err, ferr)
	}
	info := Info{
		Name:    "file",
		Detail:  f.Path(),
		Warning: fmt.Sprintf("secrets are kept in %s, protected only by file permissions (0600): no OS keyring is available (%v)", f.Path(), err),
	}
	logger.WarnContext(ctx, "keyring: no OS keyring, using a plain file", "path", f.Path(), "reason", err)
	return f, info, nil
}

// adoptFileSecrets moves the secrets a run without an OS keyring left in the
// data dir's file into the keyring now there, then removes the file: a
// backend configured with the AppSecret, or a SOTER key a server trusts,
// must not change because a keyring appeared. A secret the keyring already
// has is kept (it is the one in use); the file is removed only once every
// other secret is stored, so a failure leaves it for the next start.
func adoptFileSecrets(ctx context.Context, dataDir string, to app.KeyStore, logger *slog.Logger) error {
	path := filepath.Join(dataDir, "keyring", "secrets.json")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	f, err := OpenFile(dataDir)
	if err != nil {
		return err
	}
	secrets, err := f.load()
	if err != nil {
		return err
	}
	for name, v := range secrets {
		if _, err := to.Get(ctx, name); err == nil {
			continue
		} else if !errors.Is(err, app.ErrNotFound) {
			return fmt.Errorf("keyring: adopt %s from %s: %w", name, path, err)
		}
		if err := to.Put(ctx, name, v); err != nil {
			return fmt.Errorf("keyring: adopt %s from %s: %w", name, path, err)
		}
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("keyring: remove %s after moving its secrets: %w", path, err)
	}
	logger.InfoContext(ctx, "keyring: moved the file fallback's secrets into the OS keyring", "count", len(secrets), "from", path)
	return nil
}
