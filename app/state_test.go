package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"minihost/app"
	"minihost/app/boltstore"
	"minihost/biometrics/keyring"
)

// diskHost is a Host on the real stores minihost uses without a keychain: a
// bbolt state file and the 0600 secrets file, both in dir.
type diskHost struct {
	*app.Host
	dir  string
	db   *boltstore.DB
	keys *keyring.File
	logs *syncBuffer
}

// syncBuffer collects a Host's log lines for assertions.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// openDiskHost starts a Host on dir and loads the test app, as a start of
// minihost does; close stops it, as quitting does.
func openDiskHost(t *testing.T, dir string) *diskHost {
	t.Helper()
	db, err := boltstore.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := keyring.OpenFile(dir)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	h, err := app.New(context.Background(), app.Options{
		Store: db, Keys: keys, Prompter: &fakePrompter{allow: true},
		Device: app.DeviceInfo{CPUID: "cpu", UID: "1000", HostVersion: "test"},
		Logger: slog.New(slog.NewTextHandler(io.MultiWriter(logs), nil)),
	})
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	dh := &diskHost{Host: h, dir: dir, db: db, keys: keys, logs: logs}
	if err := h.Load(context.Background(), testMiniProgram(t, nil)); err != nil {
		dh.close()
		t.Fatal(err)
	}
	t.Cleanup(dh.close)
	return dh
}

func (dh *diskHost) close() {
	if dh.db == nil {
		return
	}
	dh.Host.Close()
	dh.db.Close()
	dh.db = nil
}

// The state file never holds a usable cgi-bin/token access_token: a copy of
// it (or of a backup) must not let anyone call the server API as the app.
func TestAccessTokenNotStoredInClear(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dh := openDiskHost(t, dir)
	a, _ := dh.App(testAppID)
	tok, err := dh.AccessToken(ctx, "client_credential", testAppID, a.Secret)
	if err != nil {
		t.Fatal(err)
	}
	at := tok["access_token"].(string)
	code, err := dh.Login(ctx, testAppID)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := dh.Code2Session(ctx, testAppID, a.Secret, code["code"].(string), "authorization_code")
	if err != nil {
		t.Fatal(err)
	}
	// The hashed token still resolves.
	if _, err := dh.CheckSessionKey(ctx, at, sess["openid"].(string), "bad", "hmac_sha256"); serverCode(err) != 87009 {
		t.Fatalf("checksession with the token: %v, want 87009 (token accepted, signature wrong)", err)
	}
	dh.close()
	raw, err := os.ReadFile(filepath.Join(dir, boltstore.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(at)) {
		t.Fatalf("the state file holds the access_token %s in clear", at)
	}
}
