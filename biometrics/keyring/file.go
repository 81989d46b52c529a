package keyring

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/minihost/minihost/app"
)

// File keeps secrets in <data dir>/keyring/secrets.json, readable only by the
// user (file 0600, directory 0700). It is the fallback when the desktop has
// no keychain: secrets are protected by file permissions only.
//
// Every change rewrites the whole file atomically (temporary file, fsync,
// rename, fsync of the directory), so a crash or kill -9 leaves either the old
// or the new file, never a torn one, and a Put that returned is on disk.
// One File serialises its own writers; separate processes must not share a
// data dir (minihost's bbolt store already locks it).
type File struct {
	path string
	mu   sync.Mutex
}

var _ app.KeyStore = (*File)(nil)

// tempPattern names the temporary files of writeAtomic.
const tempPattern = ".secrets-*.tmp"

// fileFormat is the file's JSON; []byte values are base64 in JSON.
type fileFormat struct {
	Version int               `json:"version"`
	Secrets map[string][]byte `json:"secrets"`
}

// OpenFile opens (creating if needed) the secrets file under dataDir,
// tightening the permissions of an existing directory or file.
func OpenFile(dataDir string) (*File, error) {
	dir := filepath.Join(dataDir, "keyring")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("file keyring: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("file keyring: %w", err)
	}
	f := &File{path: filepath.Join(dir, "secrets.json")}
	if err := os.Chmod(f.path, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("file keyring: %w", err)
	}
	// A writer killed between creating its temporary file and renaming it
	// leaves the file behind; it holds secrets, so it does not stay.
	stale, _ := filepath.Glob(filepath.Join(dir, tempPattern))
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return nil, fmt.Errorf("file keyring: %w", err)
		}
	}
	// Read once now so a damaged file is reported at start-up, not at the
	// first SOTER call.
	if _, err := f.load(); err != nil {
		return nil, err
	}
	return f, nil
}

// Path is the secrets file.
func (f *File) Path() string { return f.path }

// Close does nothing; File holds no resources between calls.
func (f *File) Close() error { return nil }

// Put stores secret under name, replacing any earlier value.
func (f *File) Put(ctx context.Context, name string, secret []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return err
	}
	m[name] = bytes.Clone(secret)
	return f.store(m)
}

// Get returns the secret stored under name, or app.ErrNotFound.
func (f *File) Get(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return nil, err
	}
	v, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("file keyring: get %s: %w", name, app.ErrNotFound)
	}
	return v, nil
}

// Delete removes name. Deleting a name that is not there is not an error.
func (f *File) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return err
	}
	if _, ok := m[name]; !ok {
		return nil
	}
	delete(m, name)
	return f.store(m)
}

func (f *File) load() (map[string][]byte, error) {
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]byte{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("file keyring: %w", err)
	}
	var ff fileFormat
	if err := json.Unmarshal(b, &ff); err != nil {
		return nil, fmt.Errorf("file keyring: %s is damaged: %w", f.path, err)
	}
	if ff.Version != 1 {
		return nil, fmt.Errorf("file keyring: %s has unknown version %d", f.path, ff.Version)
	}
	if ff.Secrets == nil {
		ff.Secrets = map[string][]byte{}
	}
	return ff.Secrets, nil
}

func (f *File) store(m map[string][]byte) error {
	b, err := json.Marshal(fileFormat{Version: 1, Secrets: m})
	if err != nil {
		return fmt.Errorf("file keyring: %w", err)
	}
	if err := writeAtomic(f.path, b); err != nil {
		return fmt.Errorf("file keyring: %w", err)
	}
	return nil
}

// writeAtomic replaces path with data so that, whatever moment the process
// dies, path holds either its old or its new content, and once it returns the
// new content survives a crash: the data is synced before the rename makes it
// visible, and the directory is synced so the rename itself is durable.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPattern) // created 0600
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
