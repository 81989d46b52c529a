package keyring

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/minihost/minihost/app"
)

// secretValues are the values every store must keep byte for byte: empty,
// binary with NULs, and lengths around the AES block size.
func secretValues() map[string][]byte {
	big := make([]byte, 1000)
	for i := range big {
		big[i] = byte(i * 7)
	}
	return map[string][]byte{
		"empty":   {},
		"nul":     {0, 1, 0, 255},
		"len15":   bytes.Repeat([]byte("a"), 15),
		"len16":   bytes.Repeat([]byte("b"), 16),
		"len17":   bytes.Repeat([]byte("c"), 17),
		"utf8":    []byte("会话密钥 session_key"),
		"len1000": big,
	}
}

// roundTrip checks Put/Get/replace/Delete on any KeyStore.
func roundTrip(t *testing.T, ks app.KeyStore) {
	t.Helper()
	ctx := t.Context()
	for name, v := range secretValues() {
		if err := ks.Put(ctx, name, v); err != nil {
			t.Fatalf("Put(%s): %v", name, err)
		}
	}
	for name, want := range secretValues() {
		got, err := ks.Get(ctx, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Get(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := ks.Get(ctx, "missing"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("Get(missing): err = %v, want app.ErrNotFound", err)
	}
	if err := ks.Put(ctx, "len16", []byte("replaced")); err != nil {
		t.Fatal(err)
	}
	if got, err := ks.Get(ctx, "len16"); err != nil || string(got) != "replaced" {
		t.Errorf("Get after replace = %q, %v; want \"replaced\"", got, err)
	}
	if err := ks.Delete(ctx, "len16"); err != nil {
		t.Fatal(err)
	}
	if _, err := ks.Get(ctx, "len16"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want app.ErrNotFound", err)
	}
	if err := ks.Delete(ctx, "len16"); err != nil {
		t.Errorf("Delete of a missing name: %v, want nil", err)
	}
	if got, err := ks.Get(ctx, "len17"); err != nil || !bytes.Equal(got, secretValues()["len17"]) {
		t.Errorf("Delete touched another name: Get(len17) = %q, %v", got, err)
	}
}

func TestFileRoundTripAndReopen(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, f)

	g, err := OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := g.Get(t.Context(), "nul"); err != nil || !bytes.Equal(got, []byte{0, 1, 0, 255}) {
		t.Errorf("after reopening: Get(nul) = %q, %v", got, err)
	}
}

func TestFilePermissions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dataDir string)
	}{
		{"fresh data dir", func(*testing.T, string) {}},
		{"loose existing dir and file", func(t *testing.T, dataDir string) {
			dir := filepath.Join(dataDir, "keyring")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "secrets.json"), []byte(`{"version":1,"secrets":{}}`), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(filepath.Join(dir, "secrets.json"), 0o644); err != nil { // past the umask
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dataDir := t.TempDir()
			tc.setup(t, dataDir)
			f, err := OpenFile(dataDir)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Put(t.Context(), "k", []byte("v")); err != nil {
				t.Fatal(err)
			}
			checkMode(t, filepath.Dir(f.Path()), 0o700)
			checkMode(t, f.Path(), 0o600)
			entries, err := os.ReadDir(filepath.Dir(f.Path()))
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				t.Errorf("keyring dir holds %v, want only secrets.json (no temporary files left)", entries)
			}
		})
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", path, got, want)
	}
}

func TestFileConcurrentPuts(t *testing.T) {
	f, err := OpenFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const n = 64
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := f.Put(t.Context(), fmt.Sprint("k", i), []byte(fmt.Sprint("v", i))); err != nil {
				t.Error(err)
			}
			// Everyone also rewrites one shared name: the last write wins whole.
			if err := f.Put(t.Context(), "shared", []byte(fmt.Sprint("v", i))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := range n {
		if got, err := f.Get(t.Context(), fmt.Sprint("k", i)); err != nil || string(got) != fmt.Sprint("v", i) {
			t.Errorf("Get(k%d) = %q, %v", i, got, err)
		}
	}
	if got, err := f.Get(t.Context(), "shared"); err != nil || !bytes.HasPrefix(got, []byte("v")) {
		t.Errorf("Get(shared) = %q, %v", got, err)
	}
}

func TestFileDamagedIsReported(t *testing.T) {
	dataDir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dataDir, "keyring"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, "keyring", "secrets.json"), []byte(`{"version":1,"secr`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(dataDir); err == nil {
		t.Fatal("OpenFile of a torn file succeeded; want an error, not silently empty secrets")
	}
}

// killHelperEnv makes the test binary a writer that Puts k0, k1, ... into the
// data dir it names and prints each index once Put has returned.
const killHelperEnv = "MINIHOST_KEYRING_KILL_HELPER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(killHelperEnv); dir != "" {
		f, err := OpenFile(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for i := 0; ; i++ {
			if err := f.Put(context.Background(), fmt.Sprint("k", i), []byte(strconv.Itoa(i))); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			fmt.Println(i)
		}
	}
	os.Exit(m.Run())
}

// TestFileKill9KeepsAcknowledgedPuts SIGKILLs a writer in the middle of its
// writes and checks that every Put it acknowledged is there afterwards and
// the file is whole.
func TestFileKill9KeepsAcknowledgedPuts(t *testing.T) {
	dataDir := t.TempDir()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), killHelperEnv+"="+dataDir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := -1
	lines := bufio.NewScanner(out)
	for acked < 40 && lines.Scan() {
		acked, _ = strconv.Atoi(lines.Text())
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL, mid-write
		t.Fatal(err)
	}
	for lines.Scan() { // acknowledgements already in the pipe count too
		acked, _ = strconv.Atoi(lines.Text())
	}
	_ = cmd.Wait()
	if acked < 40 {
		t.Fatalf("writer acknowledged only %d Puts", acked+1)
	}

	f, err := OpenFile(dataDir)
	if err != nil {
		t.Fatalf("after kill -9: %v", err)
	}
	for i := 0; i <= acked; i++ {
		if got, err := f.Get(t.Context(), fmt.Sprint("k", i)); err != nil || string(got) != strconv.Itoa(i) {
			t.Errorf("acknowledged Put k%d lost: Get = %q, %v", i, got, err)
		}
	}
	if stale, _ := filepath.Glob(filepath.Join(dataDir, "keyring", tempPattern)); len(stale) > 0 {
		t.Errorf("temporary files left after reopening: %v", stale)
	}
	t.Logf("killed the writer after %d acknowledged Puts; all present", acked+1)
}
