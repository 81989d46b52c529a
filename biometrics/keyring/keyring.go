// Package keyring provides app.KeyStore implementations backed by the
// operating system's secret storage: the macOS Keychain, the freedesktop
// Secret Service (gnome-keyring, KWallet, KeePassXC) on Linux, and, when
// neither is available, a 0600 file in the data dir. Open picks one.
package keyring

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"minihost/app"
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
