package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
)

func login(t *testing.T, th *testHost) string {
	t.Helper()
	r, err := th.Login(context.Background(), testAppID)
	if err != nil {
		t.Fatal(err)
	}
	return r["code"].(string)
}

func secret(th *testHost) string { a, _ := th.App(testAppID); return a.Secret }

func serverCode(err error) int {
	var se *app.ServerError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

func TestCode2Session(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		prepare  func(t *testing.T, th *testHost) (appid, secret, code, grant string)
		wantCode int // 0 = success
	}{
		{"valid code", func(t *testing.T, th *testHost) (string, string, string, string) {
			return testAppID, secret(th), login(t, th), "authorization_code"
		}, 0},
		{"reused code", func(t *testing.T, th *testHost) (string, string, string, string) {
			c := login(t, th)
			if _, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: c, GrantType: "authorization_code"}); err != nil {
				t.Fatal(err)
			}
			return testAppID, secret(th), c, "authorization_code"
		}, 40163},
		{"expired code", func(t *testing.T, th *testHost) (string, string, string, string) {
			c := login(t, th)
			th.clock.add(app.DefaultCodeTTL + time.Second)
			return testAppID, secret(th), c, "authorization_code"
		}, 40029},
		{"code valid just before expiry", func(t *testing.T, th *testHost) (string, string, string, string) {
			c := login(t, th)
			th.clock.add(app.DefaultCodeTTL - time.Second)
			return testAppID, secret(th), c, "authorization_code"
		}, 0},
		{"unknown code", func(t *testing.T, th *testHost) (string, string, string, string) {
			return testAppID, secret(th), "not-a-code", "authorization_code"
		}, 40029},
		{"missing code", func(t *testing.T, th *testHost) (string, string, string, string) {
			return testAppID, secret(th), "", "authorization_code"
		}, 41008},
		{"wrong secret", func(t *testing.T, th *testHost) (string, string, string, string) {
			return testAppID, "0123456789abcdef0123456789abcdef", login(t, th), "authorization_code"
		}, 40125},
		{"unknown appid", func(t *testing.T, th *testHost) (string, string, string, string) {
			return "wxnope", secret(th), login(t, th), "authorization_code"
		}, 40013},
		{"wrong grant_type", func(t *testing.T, th *testHost) (string, string, string, string) {
			return testAppID, secret(th), login(t, th), "client_credential"
		}, 40002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			appid, sec, code, grant := tt.prepare(t, th)
			r, err := th.Code2Session(ctx, app.CodeExchange{AppID: appid, Secret: sec, JSCode: code, GrantType: grant})
			if got := serverCode(err); got != tt.wantCode {
				t.Fatalf("errcode = %d (err %v), want %d", got, err, tt.wantCode)
			}
			if tt.wantCode == 0 {
				if len(r.OpenID) != 28 || r.SessionKey == "" || r.UnionID == "" {
					t.Fatalf("bad success result %v", r)
				}
			}
		})
	}
}

func TestCodeReturnsSessionKeyFixedAtLogin(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.userInfo", On: true})
	code := login(t, th)
	info, err := th.GetUserInfo(ctx, testAppID, true, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: code, GrantType: "authorization_code"})
	if err != nil {
		t.Fatal(err)
	}
	// getUserInfo ran before the exchange; its signature must use the key the exchange returns.
	if want := app.Signature(info["rawData"].(string), sess.SessionKey); info["signature"] != want {
		t.Fatalf("signature %v, want %v", info["signature"], want)
	}
}

func TestJscode2sessionQuota(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	var last error
	for i := 0; i < 101; i++ {
		_, last = th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: login(t, th), GrantType: "authorization_code"})
		if i < 100 && last != nil {
			t.Fatalf("exchange %d failed: %v", i, last)
		}
	}
	if serverCode(last) != 45011 {
		t.Fatalf("101st exchange in a minute: %v, want 45011", last)
	}
	th.clock.add(time.Minute)
	if _, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: login(t, th), GrantType: "authorization_code"}); err != nil {
		t.Fatalf("after a minute: %v", err)
	}
}

func TestCheckSession(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		extra   map[string]string
		prepare func(th *testHost)
		want    string
	}{
		{"never logged in", nil, func(th *testHost) {}, "checkSession:fail session time out"},
		{"fresh login", nil, func(th *testHost) { th.Login(ctx, testAppID) }, "checkSession:ok"},
		{"used within expiry keeps it alive", nil, func(th *testHost) {
			th.Login(ctx, testAppID)
			for i := 0; i < 3; i++ {
				th.clock.add(20 * time.Hour)
				th.CheckSession(ctx, testAppID)
			}
		}, "checkSession:ok"},
		{"idle past default expiry", nil, func(th *testHost) {
			th.Login(ctx, testAppID)
			th.clock.add(app.DefaultLoginExpiry + time.Second)
		}, "checkSession:fail session time out"},
		{"idle past app loginExpiry", map[string]string{"minihost.json": `{"loginExpiry":"10m"}`}, func(th *testHost) {
			th.Login(ctx, testAppID)
			th.clock.add(11 * time.Minute)
		}, "checkSession:fail session time out"},
		{"expired by hand", nil, func(th *testHost) {
			th.Login(ctx, testAppID)
			th.ExpireSession(ctx, "alice", testAppID)
		}, "checkSession:fail session time out"},
		{"forgotten", nil, func(th *testHost) {
			th.Login(ctx, testAppID)
			th.ForgetLogin(ctx, "alice", testAppID)
		}, "checkSession:fail session time out"},
		{"relogin after expiry", nil, func(th *testHost) {
			th.Login(ctx, testAppID)
			th.ExpireSession(ctx, "alice", testAppID)
			th.Login(ctx, testAppID)
		}, "checkSession:ok"},
		{"other persona's login does not count", nil, func(th *testHost) {
			th.Login(ctx, testAppID)
			th.SwitchPersona(ctx, "bob")
		}, "checkSession:fail session time out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, tt.extra)
			tt.prepare(th)
			r, err := th.CheckSession(ctx, testAppID)
			if got := errMsg(t, r, err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAccessTokenAndCheckSessionKey(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	if _, err := th.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: "wrong"}); serverCode(err) != 40125 {
		t.Fatalf("bad secret: %v, want 40125 (40001 makes SDKs refetch and retry)", err)
	}
	if _, err := th.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: "wxnope", Secret: "x"}); serverCode(err) != 40013 {
		t.Fatalf("unknown appid: %v, want 40013", err)
	}
	tok, err := th.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th)})
	if err != nil || tok.ExpiresIn != 7200 {
		t.Fatalf("token: %v %v", tok, err)
	}
	at := tok.AccessToken
	sess, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: login(t, th), GrantType: "authorization_code"})
	if err != nil {
		t.Fatal(err)
	}
	openid, key := sess.OpenID, sess.SessionKey
	sig := func(k string) string { m := hmac.New(sha256.New, []byte(k)); return hex.EncodeToString(m.Sum(nil)) }

	if _, err := th.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: at, OpenID: openid, Signature: sig(key), SigMethod: "hmac_sha256"}); err != nil {
		t.Fatalf("valid signature: %v", err)
	}
	if _, err := th.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: at, OpenID: openid, Signature: sig("other"), SigMethod: "hmac_sha256"}); serverCode(err) != 87009 {
		t.Fatalf("wrong key: %v, want 87009", err)
	}
	if _, err := th.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: "bogus", OpenID: openid, Signature: sig(key), SigMethod: "hmac_sha256"}); serverCode(err) != 40001 {
		t.Fatalf("bad token: %v, want 40001", err)
	}
	reset, err := th.ResetSessionKey(ctx, app.SessionKeyCheck{AccessToken: at, OpenID: openid, Signature: sig(key), SigMethod: "hmac_sha256"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := th.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: at, OpenID: openid, Signature: sig(key), SigMethod: "hmac_sha256"}); serverCode(err) != 87009 {
		t.Fatalf("old key after reset: %v, want 87009", err)
	}
	if _, err := th.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: at, OpenID: openid, Signature: sig(reset.SessionKey), SigMethod: "hmac_sha256"}); err != nil {
		t.Fatalf("new key after reset: %v", err)
	}
	th.clock.add(7201 * time.Second)
	if _, err := th.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: at, OpenID: openid, Signature: sig(reset.SessionKey), SigMethod: "hmac_sha256"}); serverCode(err) != 40001 {
		t.Fatalf("expired token: %v, want 40001", err)
	}
}

func TestIdentityStableAcrossRestart(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	a1, _ := th.OpenID(ctx, "alice", testAppID)
	b1, _ := th.OpenID(ctx, "bob", testAppID)
	other, _ := th.OpenID(ctx, "alice", "wxother")
	u1, _ := th.UnionID(ctx, "alice")
	sec := secret(th)
	if a1 == b1 || a1 == other {
		t.Fatalf("openids must differ per persona and app: %s %s %s", a1, b1, other)
	}
	th.SwitchPersona(ctx, "bob")
	th.open(t) // restart on the same state
	if err := th.Load(ctx, testMiniProgram(t, nil)); err != nil {
		t.Fatal(err)
	}
	a2, _ := th.OpenID(ctx, "alice", testAppID)
	u2, _ := th.UnionID(ctx, "alice")
	if a1 != a2 || u1 != u2 || secret(th) != sec {
		t.Fatal("openid, unionid or AppSecret changed across a restart")
	}
	if th.CurrentPersona().ID != "bob" {
		t.Fatalf("current persona %q after restart, want bob", th.CurrentPersona().ID)
	}
	if len(sec) != 32 || sec != hex.EncodeToString(mustHex(t, sec)) {
		t.Fatalf("AppSecret %q is not 32 lowercase hex characters", sec)
	}
}

func mustHex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoginRenewsValidSessionKeepsKey(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	exchange := func() string {
		r, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: login(t, th), GrantType: "authorization_code"})
		if err != nil {
			t.Fatal(err)
		}
		return r.SessionKey
	}
	k1 := exchange()
	th.clock.add(time.Hour)
	if k2 := exchange(); k2 != k1 {
		t.Fatal("a login while the session is valid changed the session_key")
	}
	th.clock.add(app.DefaultLoginExpiry + time.Second)
	if k3 := exchange(); k3 == k1 {
		t.Fatal("a login after the session expired kept the old session_key")
	}
	// A replaced key is kept for one more rotation (a reader may still hold
	// the session that named it), then deleted: however many rotations,
	// at most the current and the previous key are stored.
	stored := func() int {
		th.keys.mu.Lock()
		defer th.keys.mu.Unlock()
		n := 0
		for name := range th.keys.m {
			if strings.HasPrefix(name, "sessionkey/") {
				n++
			}
		}
		return n
	}
	if n := stored(); n != 2 {
		t.Fatalf("%d session keys stored after one rotation, want 2 (current and previous)", n)
	}
	for i := 0; i < 3; i++ {
		th.clock.add(app.DefaultLoginExpiry + time.Second)
		exchange()
	}
	if n := stored(); n != 2 {
		t.Fatalf("%d session keys stored after four rotations, want 2", n)
	}
	th.ForgetLogin(context.Background(), "alice", testAppID)
	if n := stored(); n != 0 {
		t.Fatalf("%d session keys stored after ForgetLogin, want 0", n)
	}
}

// TestConcurrentLoginsNeverLoseTheKey runs logins, code exchanges and
// getUserInfo concurrently while sessions are expired by hand (forcing new
// keys and deletion of old ones): no acknowledged code may find its session
// key gone.
func TestConcurrentLoginsNeverLoseTheKey(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.userInfo", On: true})
	// Pausing after every read widens the gap between reading a session and
	// writing it, where another login can replace it.
	th.store.readPause = 200 * time.Microsecond
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if w == 0 {
					th.ExpireSession(ctx, "alice", testAppID) // the next login makes a new key
				}
				r, err := th.Login(ctx, testAppID)
				if err != nil {
					errs <- err
					continue
				}
				if _, err := th.GetUserInfo(ctx, testAppID, true, ""); err != nil {
					errs <- fmt.Errorf("getUserInfo: %w", err)
				}
				if _, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: r["code"].(string), GrantType: "authorization_code"}); err != nil {
					errs <- fmt.Errorf("exchange: %w", err)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
