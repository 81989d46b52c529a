package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/biometrics/keyring"
	"github.com/minihost/minihost/internal/testutil"
)

// diskHost is a Host on the real stores minihost uses without a keychain: a
// bbolt state file and the 0600 secrets file, both in dir.
type diskHost struct {
	*app.Host
	dir  string
	db   *boltstore.DB
	keys *keyring.File
	logs *testutil.Buffer
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
	logs := &testutil.Buffer{}
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
	tok, err := dh.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: a.Secret})
	if err != nil {
		t.Fatal(err)
	}
	at := tok.AccessToken
	// A token an older minihost stored in clear no longer resolves and is
	// deleted at the next cgi-bin/token.
	const oldTok = "clearTokenFromAnOlderVersion0000"
	if err := dh.db.Update(func(tx app.Tx) error {
		return tx.Put("tokens", oldTok, []byte(`{"appid":"`+testAppID+`","expires":"2999-01-01T00:00:00Z"}`))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := dh.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: oldTok, OpenID: "o", Signature: "s", SigMethod: "hmac_sha256"}); serverCode(err) != 40001 {
		t.Fatalf("a clear token of an older version: %v, want 40001", err)
	}
	if _, err := dh.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: a.Secret}); err != nil {
		t.Fatal(err)
	}
	dh.db.View(func(tx app.Tx) error {
		if tx.Get("tokens", oldTok) != nil {
			t.Error("the clear token of an older version was not deleted")
		}
		return nil
	})
	code, err := dh.Login(ctx, testAppID)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := dh.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: a.Secret, JSCode: code["code"].(string), GrantType: "authorization_code"})
	if err != nil {
		t.Fatal(err)
	}
	// The hashed token still resolves.
	if _, err := dh.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: at, OpenID: sess.OpenID, Signature: "bad", SigMethod: "hmac_sha256"}); serverCode(err) != 87009 {
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

// A lost keystore (here: the secrets file deleted) is named at the next
// start, and login works again at once: wx.login, jscode2session and
// checkSession all succeed, with the new identities the warning announced.
func TestLostKeystoreWarnsAndLoginRecovers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dh := openDiskHost(t, dir)
	a, _ := dh.App(testAppID)
	oldSecret := a.Secret
	code, err := dh.Login(ctx, testAppID)
	if err != nil {
		t.Fatal(err)
	}
	before, err := dh.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: a.Secret, JSCode: code["code"].(string), GrantType: "authorization_code"})
	if err != nil {
		t.Fatal(err)
	}
	if w := dh.Warnings(); len(w) != 0 {
		t.Fatalf("warnings on a healthy first start: %q", w)
	}
	dh.close()
	if w := openDiskHost(t, dir); len(w.Warnings()) != 0 {
		t.Fatalf("warnings on a healthy restart: %q", w.Warnings())
	} else {
		w.close()
	}

	if err := os.Remove(dh.keys.Path()); err != nil {
		t.Fatal(err)
	}
	dh = openDiskHost(t, dir)
	warnings := strings.Join(dh.Warnings(), "\n")
	for _, want := range []string{"AppSecret", testAppID, "openid", "unionid", "session_key", "expired"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings do not mention %q:\n%s", want, warnings)
		}
	}
	if !strings.Contains(dh.logs.String(), "level=WARN") {
		t.Errorf("the lost keystore is not logged as a warning:\n%s", dh.logs.String())
	}
	if st, _ := dh.Session(app.BuiltinPersonas()[0].ID, testAppID); st.Valid {
		t.Errorf("a session whose key is lost is still shown valid: %+v", st)
	}
	a, _ = dh.App(testAppID)
	if a.Secret == oldSecret {
		t.Fatal("the AppSecret survived the keystore's loss; the test does not test anything")
	}
	if r, err := dh.CheckSession(ctx, testAppID); err == nil {
		t.Fatalf("checkSession before a new login: %v, want session time out", r)
	}
	code, err = dh.Login(ctx, testAppID)
	if err != nil {
		t.Fatal(err)
	}
	after, err := dh.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: a.Secret, JSCode: code["code"].(string), GrantType: "authorization_code"})
	if err != nil {
		t.Fatalf("jscode2session after the keystore was lost: %v", err)
	}
	if after.OpenID == before.OpenID || after.SessionKey == before.SessionKey {
		t.Fatalf("openid or session_key unchanged: %v %v", before, after)
	}
	if r, err := dh.CheckSession(ctx, testAppID); errMsg(t, r, err) != "checkSession:ok" {
		t.Fatalf("checkSession after a new login: %v", errMsg(t, r, err))
	}
	// The next start finds the keystore whole again.
	dh.close()
	if w := openDiskHost(t, dir).Warnings(); len(w) != 0 {
		t.Fatalf("warnings after recovering: %q", w)
	}
}

// A record that does not decode is skipped with a warning: the calls that
// read it answer (as if it were absent) instead of failing for good, and the
// next write replaces it.
func TestDamagedRecordSkipped(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dh := openDiskHost(t, dir)
	alice := app.BuiltinPersonas()[0].ID
	bob := app.BuiltinPersonas()[1].ID
	junk := []byte("{\"keyID\":\"\xff\x00 not json")
	err := dh.db.Update(func(tx app.Tx) error {
		for _, b := range []string{"sessions", "auth", "subscriptions"} {
			if err := tx.Put(b, alice+"|"+testAppID, junk); err != nil {
				return err
			}
		}
		return tx.Put("personas", bob, junk)
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := dh.CheckSession(ctx, testAppID)
	if got := errMsg(t, r, err); got != "checkSession:fail session time out" {
		t.Fatalf("checkSession on a damaged session: %s", got)
	}
	if r, err := dh.GetSetting(ctx, testAppID, true); errMsg(t, r, err) != "getSetting:ok" {
		t.Fatalf("getSetting on damaged settings: %v", errMsg(t, r, err))
	}
	if r, err := dh.Authorize(ctx, testAppID, "scope.userLocation"); errMsg(t, r, err) != "authorize:ok" {
		t.Fatalf("authorize on damaged settings: %v", errMsg(t, r, err))
	}
	ps, err := dh.Personas()
	if err != nil || len(ps) != len(app.BuiltinPersonas())-1 {
		t.Fatalf("personas with one damaged: %d %v", len(ps), err)
	}
	code, err := dh.Login(ctx, testAppID)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := dh.App(testAppID)
	if _, err := dh.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: a.Secret, JSCode: code["code"].(string), GrantType: "authorization_code"}); err != nil {
		t.Fatalf("jscode2session after a login over a damaged session: %v", err)
	}
	if r, err := dh.CheckSession(ctx, testAppID); errMsg(t, r, err) != "checkSession:ok" {
		t.Fatalf("checkSession after login: %v", errMsg(t, r, err))
	}
	logs := dh.logs.String()
	for _, want := range []string{"damaged record skipped", "bucket=sessions", "bucket=personas", "bucket=auth"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	// A restart on the same file reads what is left, without failing.
	dh.close()
	dh = openDiskHost(t, dir)
	if _, err := dh.Personas(); err != nil {
		t.Fatal(err)
	}
}

// A login whose code no backend exchanged yet made no openid: a restart
// must not warn about a lost id secret.
func TestNoLostKeyWarningWithoutOpenIDs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dh := openDiskHost(t, dir)
	if _, err := dh.Login(ctx, testAppID); err != nil {
		t.Fatal(err)
	}
	dh.close()
	dh = openDiskHost(t, dir)
	if w := dh.Warnings(); len(w) != 0 {
		t.Fatalf("warnings: %q", w)
	}
}
