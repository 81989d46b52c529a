package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
)

// tokenValid reports whether an access_token is accepted: with a valid token
// checksession gets as far as the openid (40003), with a bad one it is 40001.
func tokenValid(t *testing.T, th *testHost, tok string) bool {
	t.Helper()
	_, err := th.CheckSessionKey(context.Background(), app.SessionKeyCheck{AccessToken: tok, OpenID: "nobody", Signature: "sig", SigMethod: "hmac_sha256"})
	switch serverCode(err) {
	case 40003:
		return true
	case 40001:
		return false
	}
	t.Fatalf("checksession with %q: %v", tok, err)
	return false
}

func TestStableAccessTokenModes(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	stable := func(force bool) (string, int) {
		t.Helper()
		r, err := th.StableAccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th), ForceRefresh: force})
		if err != nil {
			t.Fatalf("stable_token(force %v): %v", force, err)
		}
		return r.AccessToken, r.ExpiresIn
	}
	first, exp := stable(false)
	if exp != 7200 {
		t.Fatalf("expires_in %d, want 7200", exp)
	}
	th.clock.add(10 * time.Minute)
	if tok, exp := stable(false); tok != first || exp != 7200-600 {
		t.Fatalf("normal mode 10 min later: %s %d, want %s %d", tok, exp, first, 7200-600)
	}
	// /cgi-bin/token is independent: it neither returns nor replaces it.
	plain, err := th.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th)})
	if err != nil || plain.AccessToken == first {
		t.Fatalf("cgi-bin/token: %v %v", plain, err)
	}
	if tok, _ := stable(false); tok != first {
		t.Fatal("cgi-bin/token replaced the stable token")
	}

	// force_refresh: a new token; the old one works 5 more minutes.
	forced, exp := stable(true)
	if forced == first || exp != 7200 {
		t.Fatalf("force_refresh: %s %d", forced, exp)
	}
	th.clock.add(4*time.Minute + 59*time.Second)
	if !tokenValid(t, th, first) || !tokenValid(t, th, forced) {
		t.Fatal("old or new token rejected within 5 minutes of force_refresh")
	}
	th.clock.add(2 * time.Second)
	if tokenValid(t, th, first) || !tokenValid(t, th, forced) {
		t.Fatal("want the replaced token rejected after 5 minutes, the new one accepted")
	}
	if !tokenValid(t, th, plain.AccessToken) {
		t.Fatal("the cgi-bin/token token was revoked by stable_token")
	}

	// Normal mode renews in the last 5 minutes; the old token lives out its time.
	th.clock.add(7200*time.Second - 302*time.Second - 301*time.Second) // 301 s since force_refresh; 5:02 left
	if tok, _ := stable(false); tok != forced {
		t.Fatal("renewed with more than 5 minutes left")
	}
	th.clock.add(3 * time.Second) // 4:59 left
	renewed, exp := stable(false)
	if renewed == forced || exp != 7200 {
		t.Fatalf("normal mode with 4:59 left: %s %d, want a new token", renewed, exp)
	}
	if !tokenValid(t, th, forced) {
		t.Fatal("normal renewal revoked the previous token early")
	}
	th.clock.add(5 * time.Minute)
	if tokenValid(t, th, forced) || !tokenValid(t, th, renewed) {
		t.Fatal("want the previous token expired at its time, the renewed one valid")
	}
}

func TestStableAccessTokenLimits(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	call := func(force bool) int {
		t.Helper()
		_, err := th.StableAccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th), ForceRefresh: force})
		return serverCode(err)
	}
	// The test clock starts at 18:00 Beijing time; the day ends in 6 hours.
	if c := call(true); c != 0 {
		t.Fatalf("first force_refresh: %d", c)
	}
	if c := call(true); c != 45011 {
		t.Fatalf("force_refresh again at once: %d, want 45011 (30 s apart)", c)
	}
	for i := 2; i <= 20; i++ {
		th.clock.add(30 * time.Second)
		if c := call(true); c != 0 {
			t.Fatalf("force_refresh #%d: %d", i, c)
		}
	}
	th.clock.add(30 * time.Second)
	if c := call(true); c != 45009 {
		t.Fatalf("force_refresh #21 the same day: %d, want 45009", c)
	}
	if c := call(false); c != 0 {
		t.Fatalf("normal mode after the force quota: %d", c)
	}
	th.clock.add(6 * time.Hour) // past midnight in Beijing
	if c := call(true); c != 0 {
		t.Fatalf("force_refresh the next day: %d", c)
	}

	// 10000 calls a minute in either mode, then 45011 until the minute is over.
	th.clock.add(time.Minute)
	for i := 0; i < 10000; i++ {
		if c := call(false); c != 0 {
			t.Fatalf("call %d in a minute: %d", i+1, c)
		}
	}
	if c := call(false); c != 45011 {
		t.Fatalf("call 10001 in a minute: %d, want 45011", c)
	}
	th.clock.add(time.Minute)
	if c := call(false); c != 0 {
		t.Fatalf("next minute: %d", c)
	}

	// The documented argument errors.
	for _, tt := range []struct {
		grant, appid, secret string
		want                 int
	}{
		{"client_credential", testAppID, "wrong", 40125},
		{"client_credential", "wxnope", "x", 40013},
		{"client_credential", "", "x", 41002},
		{"client_credential", testAppID, "", 41004},
		{"authorization_code", testAppID, secret(th), 40002},
	} {
		if _, err := th.StableAccessToken(ctx, app.TokenRequest{GrantType: tt.grant, AppID: tt.appid, Secret: tt.secret, ForceRefresh: false}); serverCode(err) != tt.want {
			t.Errorf("%+v: %v, want %d", tt, err, tt.want)
		}
	}
}

// Concurrent normal-mode calls all get the one token.
func TestStableAccessTokenConcurrent(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	got := make(chan string, 20)
	for range 20 {
		go func() {
			r, err := th.StableAccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th), ForceRefresh: false})
			if err != nil {
				got <- err.Error()
				return
			}
			got <- r.AccessToken
		}()
	}
	first := <-got
	for range 19 {
		if tok := <-got; tok != first {
			t.Fatalf("concurrent calls got %q and %q", first, tok)
		}
	}
}
