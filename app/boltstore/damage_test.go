package boltstore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
)

// fill writes enough records into a fresh state file in dir that it spans
// many pages, and returns the number of pages.
func fill(t *testing.T, dir string) int64 {
	t.Helper()
	db, err := boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"personas", "sessions", "calls"} {
		err := db.Update(func(tx app.Tx) error {
			for i := range 300 {
				if err := tx.Put(b, fmt.Sprintf("%s-%05d", b, i), bytes.Repeat([]byte("v"), 100)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st, err := os.Stat(filepath.Join(dir, boltstore.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return st.Size() / int64(os.Getpagesize())
}

// garble overwrites pages [from, to) of the state file with a pattern that
// is no valid page.
func garble(t *testing.T, path string, from, to int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps := int64(os.Getpagesize())
	junk := bytes.Repeat([]byte{0xa5, 0xff, 0x13, 0x7f}, int(ps)/4)
	for p := from; p < to; p++ {
		if _, err := f.WriteAt(junk, p*ps); err != nil {
			t.Fatal(err)
		}
	}
}

func readAll(db *boltstore.DB) error {
	return db.View(func(tx app.Tx) error {
		for _, b := range []string{"personas", "sessions", "calls"} {
			if err := tx.ForEach(b, func(string, []byte) error { return nil }); err != nil {
				return err
			}
		}
		return nil
	})
}

// A damaged state file is reported as ErrDamaged, whatever bbolt trips on:
// an error, a panic or a fault on a page id past the end of the file.
func TestOpenDamagedFile(t *testing.T) {
	tests := []struct {
		name     string
		from, to func(pages int64) int64
	}{
		{"both meta pages", func(int64) int64 { return 0 }, func(int64) int64 { return 2 }},
		{"every data page", func(int64) int64 { return 2 }, func(n int64) int64 { return n }},
		{"one page in the middle", func(n int64) int64 { return n / 2 }, func(n int64) int64 { return n/2 + 1 }},
		{"one page a quarter in", func(n int64) int64 { return n / 4 }, func(n int64) int64 { return n/4 + 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			n := fill(t, dir)
			garble(t, filepath.Join(dir, boltstore.FileName), tt.from(n), tt.to(n))
			db, err := boltstore.Open(dir, time.Second)
			if err == nil {
				db.Close()
				t.Fatal("a damaged file opened without an error")
			}
			if !errors.Is(err, boltstore.ErrDamaged) {
				t.Fatalf("Open: %v, want ErrDamaged", err)
			}
			t.Log(err)
		})
	}
}

// Damage that appears while the file is open fails the transaction that
// meets it with ErrDamaged, rather than crashing the host.
func TestDamageWhileOpen(t *testing.T) {
	dir := t.TempDir()
	n := fill(t, dir)
	db, err := boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	garble(t, filepath.Join(dir, boltstore.FileName), 2, n)
	if err := readAll(db); !errors.Is(err, boltstore.ErrDamaged) {
		t.Fatalf("View on a damaged file: %v, want ErrDamaged", err)
	}
}

func TestBackupRotateAndRestore(t *testing.T) {
	dir := t.TempDir()
	n := fill(t, dir)
	db, err := boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := db.Update(func(tx app.Tx) error { return tx.Put("meta", "gen", []byte{byte('0' + i)}) }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Backup(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond) // distinct modification times
	}
	db.Close()
	copies := boltstore.GoodCopies(dir)
	if len(copies) != 3 {
		t.Fatalf("%d good copies, want 3: %v", len(copies), copies)
	}
	for _, c := range copies {
		st, _ := os.Stat(c.Path)
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", c.Path, st.Mode().Perm())
		}
	}
	if st, _ := os.Stat(filepath.Join(dir, boltstore.BackupDir)); st.Mode().Perm() != 0o700 {
		t.Errorf("backup dir has mode %v, want 0700", st.Mode().Perm())
	}

	garble(t, filepath.Join(dir, boltstore.FileName), 2, n)
	if _, err := boltstore.Open(dir, time.Second); !errors.Is(err, boltstore.ErrDamaged) {
		t.Fatalf("Open: %v, want ErrDamaged", err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	r, err := boltstore.Restore(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if r.From.Path != copies[0].Path || !strings.HasSuffix(r.DamagedAs, "state.db.damaged-20261126T120000Z") {
		t.Fatalf("restored %+v", r)
	}
	if _, err := os.Stat(r.DamagedAs); err != nil {
		t.Fatalf("the damaged file is not kept: %v", err)
	}
	db, err = boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatalf("open after restore: %v", err)
	}
	defer db.Close()
	var gen string
	db.View(func(tx app.Tx) error { gen = string(tx.Get("meta", "gen")); return nil })
	if gen != "4" {
		t.Fatalf("restored generation %q, want the newest copy's 4", gen)
	}
	if err := readAll(db); err != nil {
		t.Fatal(err)
	}
	// A running minihost holds the file: no restore under it.
	if _, err := boltstore.Restore(dir, now); !errors.Is(err, boltstore.ErrLocked) {
		t.Fatalf("restore under an open DB: %v, want ErrLocked", err)
	}
}

// A damaged good copy is skipped for the next one.
func TestRestoreSkipsDamagedCopy(t *testing.T) {
	dir := t.TempDir()
	fill(t, dir)
	db, err := boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	db.Backup()
	time.Sleep(10 * time.Millisecond)
	newest, _ := db.Backup()
	db.Close()
	garble(t, newest, 0, 2)
	r, err := boltstore.Restore(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if r.From.Path == newest {
		t.Fatalf("restored the damaged copy %s", newest)
	}
	db, err = boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestKeepBackups(t *testing.T) {
	dir := t.TempDir()
	db, err := boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Copies are made while the host writes (the call log, every 50 ms).
	stop := db.KeepBackups(context.Background(), 20*time.Millisecond, nil)
	deadline := time.Now().Add(5 * time.Second)
	for i := 0; len(boltstore.GoodCopies(dir)) < 3 && time.Now().Before(deadline); i++ {
		err := db.Update(func(tx app.Tx) error {
			if err := tx.Put("calls", fmt.Sprintf("%020d", i), bytes.Repeat([]byte("x"), 300)); err != nil {
				return err
			}
			return tx.Delete("calls", fmt.Sprintf("%020d", i-50))
		})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	copies := boltstore.GoodCopies(dir)
	if len(copies) < 3 {
		t.Fatalf("%d good copies after a while, want 3", len(copies))
	}
	// Each copy is a whole, consistent state file.
	for _, c := range copies {
		raw, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		other := t.TempDir()
		if err := os.WriteFile(filepath.Join(other, boltstore.FileName), raw, 0o600); err != nil {
			t.Fatal(err)
		}
		cp, err := boltstore.Open(other, time.Second)
		if err != nil {
			t.Fatalf("copy %s: %v", c.Path, err)
		}
		if err := readAll(cp); err != nil {
			t.Fatal(err)
		}
		cp.Close()
	}
}

// BenchmarkOpenCheckAndBackup times what a start adds for a state file with
// a full call log (10000 records): the check in Open, and the good copy.
func BenchmarkOpenCheckAndBackup(b *testing.B) {
	dir := b.TempDir()
	db, err := boltstore.Open(dir, time.Second)
	if err != nil {
		b.Fatal(err)
	}
	rec := bytes.Repeat([]byte("x"), 400)
	err = db.Update(func(tx app.Tx) error {
		for i := range 10000 {
			if err := tx.Put("calls", fmt.Sprintf("%020d", i), rec); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		db, err := boltstore.Open(dir, time.Second)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Backup(); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
