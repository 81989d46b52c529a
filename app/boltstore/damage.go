package boltstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged means the state file cannot be read as a bbolt database.
var ErrDamaged = errors.New("the state file is damaged")

// DamagedError says which file is damaged and how bbolt failed on it.
type DamagedError struct {
	Path string
	Err  error
}

func (e *DamagedError) Error() string { return fmt.Sprintf("%s is damaged: %v", e.Path, e.Err) }

func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

func (e *DamagedError) Unwrap() error { return e.Err }

// errPanic marks a panic or memory fault recovered from bbolt.
var errPanic = errors.New("bbolt failed reading it (a damaged page)")

// guard runs fn, turning a panic, and a memory fault on the mapped file
// (a page id past its end), into an error wrapping errPanic instead of a
// crash with a stack trace.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	return fn()
}

// verify reads every key and value of every bucket (in this goroutine, so
// guard catches a fault) and then runs bbolt's own consistency check, which
// also finds a damaged freelist that only a later write would trip on.
func verify(tx *bolt.Tx) error {
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					return walk(sub)
				}
			}
			return nil
		})
	}
	if err := tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(b) }); err != nil {
		return err
	}
	var errs []error
	for err := range tx.Check() {
		if len(errs) < 5 {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Good copies of the state file live in BackupDir inside the data dir:
// goodName(1) is the newest, up to keepGood of them.
const (
	BackupDir = "backups"
	keepGood  = 3
)

const backupTemp = ".state-*.tmp"

// errChecked rolls back the transaction Backup checks the file in.
var errChecked = errors.New("checked")

func goodName(n int) string { return fmt.Sprintf("%s.good.%d", FileName, n) }

// GoodCopy is a saved copy of the state file.
type GoodCopy struct {
	Path  string
	Saved time.Time
}

// GoodCopies lists the good copies in dataDir, newest first.
func GoodCopies(dataDir string) []GoodCopy {
	var out []GoodCopy
	for n := 1; n <= keepGood; n++ {
		p := filepath.Join(dataDir, BackupDir, goodName(n))
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			out = append(out, GoodCopy{Path: p, Saved: st.ModTime()})
		}
	}
	slices.SortStableFunc(out, func(a, b GoodCopy) int { return b.Saved.Compare(a.Saved) })
	return out
}

// Backup checks the state file and saves a copy of it as the newest good
// copy, keeping the older ones rotated. A file that does not check out is
// not saved (it would push a good copy out) and is reported as damaged.
func (d *DB) Backup() (string, error) {
	dir := filepath.Join(filepath.Dir(d.db.Path()), BackupDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	// A copy cut short by a kill leaves its temporary file; this process
	// holds the state file, so no other copy is being written.
	stale, _ := filepath.Glob(filepath.Join(dir, backupTemp))
	for _, p := range stale {
		os.Remove(p)
	}
	tmp, err := os.CreateTemp(dir, backupTemp)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	err = guard(func() error {
		// bbolt's check is only safe beside other writers in a write
		// transaction; it changes nothing and is rolled back.
		err := d.db.Update(func(tx *bolt.Tx) error {
			if err := verify(tx); err != nil {
				return &DamagedError{Path: d.db.Path(), Err: err}
			}
			return errChecked
		})
		if !errors.Is(err, errChecked) {
			return err
		}
		return d.db.View(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(tmp)
			return err
		})
	})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("backup: %w", d.damaged(err))
	}
	for n := keepGood - 1; n >= 1; n-- {
		if err := os.Rename(filepath.Join(dir, goodName(n)), filepath.Join(dir, goodName(n+1))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("backup: rotate: %w", err)
		}
	}
	newest := filepath.Join(dir, goodName(1))
	if err := os.Rename(tmp.Name(), newest); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	return newest, nil
}

// KeepBackups saves a good copy every interval until ctx ends or the
// returned stop is called; stop waits for a copy being written, so the DB
// may be closed after it.
func (d *DB) KeepBackups(ctx context.Context, every time.Duration, log *slog.Logger) (stop func()) {
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if p, err := d.Backup(); err != nil {
				log.Error("state backup", "err", err)
			} else {
				log.Debug("state backup", "path", p)
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}

// Restored says what Restore did.
type Restored struct {
	From      GoodCopy // the good copy now in place
	DamagedAs string   // where the damaged file was moved ("" if there was none)
}

// Restore puts the newest good copy that checks out in place of dataDir's
// state file, which is kept aside as state.db.damaged-<time>. It refuses
// while another minihost holds the file.
func Restore(dataDir string, now time.Time) (Restored, error) {
	var r Restored
	path := filepath.Join(dataDir, FileName)
	copies := GoodCopies(dataDir)
	if len(copies) == 0 {
		return r, fmt.Errorf("no good copy of the state file in %s", filepath.Join(dataDir, BackupDir))
	}
	unlock, err := lockFile(path)
	if err != nil {
		return r, err
	}
	defer unlock()
	if _, err := os.Stat(path); err == nil {
		r.DamagedAs = path + ".damaged-" + now.UTC().Format("20060102T150405Z")
		if err := os.Rename(path, r.DamagedAs); err != nil {
			return r, fmt.Errorf("keep the damaged file aside: %w", err)
		}
	}
	var errs []error
	for _, c := range copies {
		err := restoreCopy(c.Path, path)
		if err == nil {
			r.From = c
			return r, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", c.Path, err))
	}
	return r, fmt.Errorf("no good copy checks out: %w", errors.Join(errs...))
}

// restoreCopy copies from to path through a temporary file, checks it and
// only then renames it into place.
func restoreCopy(from, path string) error {
	tmp := path + ".restoring"
	defer os.Remove(tmp)
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := checkFile(tmp, time.Second); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// lockFile takes the lock bbolt takes on path (flock), so a restore never
// swaps the file under a running minihost.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if errors.Is(err, os.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, ErrLocked)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
