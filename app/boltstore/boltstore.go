// Package boltstore keeps minihost's durable state in a bbolt file: it
// implements app.Store, and app.KeyStore for when no OS keychain is there.
//
// bbolt syncs every committed transaction to disk before Update returns, so a
// state change the host has acknowledged survives a kill -9.
package boltstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/minihost/minihost/app"
)

// ErrLocked means another process (a running minihost) holds the database.
var ErrLocked = errors.New("database is in use by another minihost process")

// DB is an open state file.
type DB struct {
	db *bolt.DB
}

// FileName is the state file's name inside a data dir.
const FileName = "state.db"

// Open opens (creating) the state file in dataDir. It waits at most lockWait
// for another process to release it, then returns ErrLocked. A file bbolt
// cannot read, or whose pages do not check out, is reported as a
// *DamagedError, since bbolt cannot repair it (see Restore).
func Open(dataDir string, lockWait time.Duration) (*DB, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	path := filepath.Join(dataDir, FileName)
	if err := checkFile(path, lockWait); err != nil {
		return nil, err
	}
	db, err := openFile(path, lockWait, false)
	if err != nil {
		return nil, err
	}
	return &DB{db: db}, nil
}

// openFile opens path with bbolt, turning its failures on a damaged file
// (errors, panics, faults) into a *DamagedError.
func openFile(path string, lockWait time.Duration, readOnly bool) (*bolt.DB, error) {
	var db *bolt.DB
	err := guard(func() (err error) {
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: lockWait, ReadOnly: readOnly})
		return err
	})
	var pe *fs.PathError
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("%s: %w", path, ErrLocked)
	case errors.As(err, &pe) && !errors.Is(err, errPanic):
		return nil, fmt.Errorf("open %s: %w", path, err) // permissions, a full disk: not damage
	case err != nil:
		return nil, &DamagedError{Path: path, Err: err}
	}
	return db, nil
}

// checkFile reads an existing state file through a read-only open, which
// does not load the freelist: a damaged one fails the check, not the open,
// and so the file is closed (and unlocked) again whatever was found.
func checkFile(path string, lockWait time.Duration) error {
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil // a new file; bbolt creates it
	}
	db, err := openFile(path, lockWait, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := guard(func() error { return db.View(verify) }); err != nil {
		return &DamagedError{Path: path, Err: err}
	}
	return nil
}

// Close closes the file.
func (d *DB) Close() error { return d.db.Close() }

// Path is the state file's path.
func (d *DB) Path() string { return d.db.Path() }

// View and Update turn a panic or memory fault inside bbolt (a page damaged
// after Open checked the file) into an error wrapping ErrDamaged: the call
// fails, the host stays up and says what happened. bbolt rolls the
// transaction back as the panic passes.
func (d *DB) View(fn func(app.Tx) error) error {
	return d.damaged(guard(func() error { return d.db.View(func(tx *bolt.Tx) error { return fn(boltTx{tx}) }) }))
}

func (d *DB) Update(fn func(app.Tx) error) error {
	return d.damaged(guard(func() error { return d.db.Update(func(tx *bolt.Tx) error { return fn(boltTx{tx}) }) }))
}

func (d *DB) damaged(err error) error {
	if errors.Is(err, errPanic) {
		return &DamagedError{Path: d.db.Path(), Err: err}
	}
	return err
}

type boltTx struct{ tx *bolt.Tx }

func (t boltTx) Get(bucket, key string) []byte {
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	return b.Get([]byte(key))
}

func (t boltTx) Put(bucket, key string, value []byte) error {
	b, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return fmt.Errorf("bucket %s: %w", bucket, err)
	}
	return b.Put([]byte(key), value)
}

func (t boltTx) Delete(bucket, key string) error {
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	return b.Delete([]byte(key))
}

func (t boltTx) ForEach(bucket string, fn func(string, []byte) error) error {
	b := t.tx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error { return fn(string(k), v) })
}

// secretsBucket holds secrets when the DB is the KeyStore.
const secretsBucket = "secrets"

// Keys returns the DB as an app.KeyStore, for when no OS keychain is
// reachable: secrets then live in this 0600 file.
func (d *DB) Keys() app.KeyStore { return keys{d} }

type keys struct{ d *DB }

func (k keys) Put(ctx context.Context, name string, secret []byte) error {
	return k.d.Update(func(tx app.Tx) error { return tx.Put(secretsBucket, name, secret) })
}

func (k keys) Get(ctx context.Context, name string) ([]byte, error) {
	var out []byte
	err := k.d.View(func(tx app.Tx) error {
		v := tx.Get(secretsBucket, name)
		if v == nil {
			return app.ErrNotFound
		}
		out = append([]byte(nil), v...)
		return nil
	})
	return out, err
}

func (k keys) Delete(ctx context.Context, name string) error {
	return k.d.Update(func(tx app.Tx) error { return tx.Delete(secretsBucket, name) })
}

// MoveSecrets moves every secret kept in the state file (by a minihost that
// had no keychain, or an older version) into to, then deletes them here:
// secrets live in the keychain once there is one.
func (d *DB) MoveSecrets(ctx context.Context, to app.KeyStore) (int, error) {
	var names []string
	secrets := map[string][]byte{}
	err := d.View(func(tx app.Tx) error {
		return tx.ForEach(secretsBucket, func(k string, v []byte) error {
			names = append(names, k)
			secrets[k] = append([]byte(nil), v...)
			return nil
		})
	})
	if err != nil || len(names) == 0 {
		return 0, err
	}
	for _, n := range names {
		// A secret the keystore already has wins: it is the newer one.
		if _, err := to.Get(ctx, n); err == nil {
			continue
		} else if !errors.Is(err, app.ErrNotFound) {
			return 0, fmt.Errorf("keystore get %s: %w", n, err)
		}
		if err := to.Put(ctx, n, secrets[n]); err != nil {
			return 0, fmt.Errorf("keystore put %s: %w", n, err)
		}
	}
	// Deleted only after every Put succeeded: a crash in between leaves the
	// secrets in both places, never in neither.
	err = d.Update(func(tx app.Tx) error {
		for _, n := range names {
			if err := tx.Delete(secretsBucket, n); err != nil {
				return err
			}
		}
		return nil
	})
	return len(names), err
}
