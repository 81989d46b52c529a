package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/internal/testutil"
)

// An existing data dir others can read becomes 0700, and a control token
// others can read becomes 0600 (and keeps its value), each with a log line.
func TestStartTightensPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // whatever the umask
	tokenPath := filepath.Join(dir, "control.token")
	if err := os.WriteFile(tokenPath, []byte("abc123\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(tokenPath, 0o644)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if err := tightenDataDir(dir, log); err != nil {
		t.Fatal(err)
	}
	tok, err := loadOrCreateToken(tokenPath, log)
	if err != nil || tok != "abc123" {
		t.Fatalf("token %q %v, want the existing abc123", tok, err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, tokenPath: 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, st.Mode().Perm(), want)
		}
	}
	for _, want := range []string{"what=\"data dir\"", "what=\"control token\"", "was=-rwxr-xr-x", "was=-rw-r--r--"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, logs.String())
		}
	}
	// Private already: nothing to say.
	logs.Reset()
	tightenDataDir(dir, log)
	loadOrCreateToken(tokenPath, log)
	if logs.Len() != 0 {
		t.Errorf("logged for private files: %s", logs.String())
	}
}

// startHost runs the headless host on dataDir until it listens, and returns
// its output and a stop that waits for run to return.
func startHost(t *testing.T, dataDir string, extra ...string) (stdout, stderr *testutil.Buffer, stop func() error) {
	t.Helper()
	// No session bus: the keystore is the secrets file in the data dir.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
	stdout, stderr = &testutil.Buffer{}, &testutil.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := append([]string{"--headless", "--addr", "127.0.0.1:0", "--biometrics", "sim", "--data-dir", dataDir}, extra...)
	go func() { done <- run(ctx, args, stdout, stderr) }()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(stdout.String(), "minihost: listening") {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("minihost ended before listening: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
		case <-deadline:
			cancel()
			t.Fatalf("minihost does not listen\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	return stdout, stderr, func() error { cancel(); return <-done }
}

// A damaged state file stops the start with what happened and how to go on,
// and no stack trace; --restore-state puts back the copy the last clean
// start saved, and the host starts.
func TestDamagedStateFile(t *testing.T) {
	dir := t.TempDir()
	_, _, stop := startHost(t, dir)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if len(boltstore.GoodCopies(dir)) == 0 {
		t.Fatal("a clean start saved no good copy of the state file")
	}
	state := filepath.Join(dir, boltstore.FileName)
	st, err := os.Stat(state)
	if err != nil {
		t.Fatal(err)
	}
	// Every page after the two meta pages: what bbolt reads first is junk.
	ps := int64(os.Getpagesize())
	f, err := os.OpenFile(state, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := bytes.Repeat([]byte{0xa5, 0xff, 0x13, 0x7f}, int(ps)/4)
	for off := 2 * ps; off < st.Size(); off += ps {
		f.WriteAt(junk, off)
	}
	f.Close()

	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"--headless", "--addr", "127.0.0.1:0", "--biometrics", "sim", "--data-dir", dir}, &stdout, &stderr)
	if err == nil {
		t.Fatal("minihost started on a damaged state file")
	}
	msg := err.Error()
	for _, want := range []string{state + " is damaged", "minihost --data-dir " + dir + " --restore-state", "mv " + state + " " + state + ".damaged"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %q:\n%s", want, msg)
		}
	}
	if all := msg + stdout.String() + stderr.String(); strings.Contains(all, "goroutine") || strings.Contains(all, ".go:") {
		t.Errorf("a stack trace was printed:\n%s", all)
	}

	out, _, stop := startHost(t, dir, "--restore-state")
	if !strings.Contains(out.String(), "minihost: restored the state file from "+filepath.Join(dir, boltstore.BackupDir)) ||
		!strings.Contains(out.String(), "the damaged state file is kept as "+state+".damaged-") {
		t.Errorf("--restore-state does not say what it did:\n%s", out)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(state + ".damaged-*"); len(m) != 1 {
		t.Fatalf("damaged files kept: %v", m)
	}
}
