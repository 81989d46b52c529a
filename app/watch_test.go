package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
)

// TestWatchState checks that every change the window shows signals
// WatchState, and that failures and reads do not.
func TestWatchState(t *testing.T) {
	ctx := context.Background()
	// Each row's arrange sets the host up (unwatched) and returns the change
	// to watch for.
	do := func(change func(th *testHost) error) func(*testing.T, *testHost) func() error {
		return func(_ *testing.T, th *testHost) func() error { return func() error { return change(th) } }
	}
	loggedIn := func(change func(th *testHost) error) func(*testing.T, *testHost) func() error {
		return func(t *testing.T, th *testHost) func() error {
			login(t, th)
			return func() error { return change(th) }
		}
	}
	tests := []struct {
		name    string
		arrange func(*testing.T, *testHost) func() error
		fires   bool   // false: the change must fail and not signal
		skip    string // why the row cannot run yet
	}{
		{"switch persona", do(func(th *testHost) error { return th.SwitchPersona(ctx, "bob") }), true, ""},
		{"create persona", do(func(th *testHost) error {
			_, err := th.CreatePersona(ctx, app.Persona{ID: "dora", NickName: "Dora"})
			return err
		}), true, ""},
		{"update persona", do(func(th *testHost) error {
			nick := "Bobby"
			_, err := th.UpdatePersona(ctx, "bob", app.PersonaChange{NickName: &nick})
			return err
		}), true, ""},
		{"delete persona", do(func(th *testHost) error { return th.DeletePersona(ctx, "bob") }), true, ""},
		{"import personas", do(func(th *testHost) error {
			return th.ImportPersonas(ctx, []app.PersonaExport{{Persona: app.Persona{ID: "erin", NickName: "Erin"}}})
		}), true, ""},
		{"set scope", do(func(th *testHost) error {
			return th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.camera", On: true})
		}), true, ""},
		{"set settings", do(func(th *testHost) error {
			return th.SetSettings(ctx, "alice", testAppID, app.Settings{Auth: map[string]bool{"scope.camera": false}})
		}), true, ""},
		{"clear authorizations", do(func(th *testHost) error { return th.ClearAuthorizations(ctx, "alice", testAppID) }), true, ""},
		{"authorize stores the answer", do(func(th *testHost) error {
			_, err := th.Authorize(ctx, testAppID, "scope.userLocation")
			return err
		}), true, ""},
		{"openSetting stores the page", func(t *testing.T, th *testHost) func() error {
			if err := th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.userLocation", On: true}); err != nil {
				t.Fatal(err)
			}
			th.prompt.settings = &app.Settings{Auth: map[string]bool{"scope.userLocation": false}}
			return func() error { _, err := th.OpenSetting(ctx, testAppID, false, true); return err }
		}, true, ""},
		{"load", do(func(th *testHost) error { return th.Load(ctx, testMiniProgram(t, nil)) }), true, ""},
		{"unload", do(func(th *testHost) error { return th.Unload(testAppID) }), true, ""},
		{"reset app", do(func(th *testHost) error { return th.ResetApp(ctx, "alice", testAppID) }), true, ""},
		{"envVersion", do(func(th *testHost) error { return th.SetEnvVersion(ctx, testAppID, "trial") }), true, ""},
		{"user-info policy", do(func(th *testHost) error { return th.SetUserInfoPolicy(ctx, testAppID, "anonymous") }), true, ""},
		{"login", do(func(th *testHost) error { _, err := th.Login(ctx, testAppID); return err }), true, ""},
		{"expire session", loggedIn(func(th *testHost) error { return th.ExpireSession(ctx, "alice", testAppID) }), true, ""},
		{"forget login", loggedIn(func(th *testHost) error { return th.ForgetLogin(ctx, "alice", testAppID) }), true, ""},
		{"reset session key", func(t *testing.T, th *testHost) func() error {
			tok, err := th.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th)})
			if err != nil {
				t.Fatal(err)
			}
			sess, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: login(t, th), GrantType: "authorization_code"})
			if err != nil {
				t.Fatal(err)
			}
			m := hmac.New(sha256.New, []byte(sess.SessionKey))
			sig := hex.EncodeToString(m.Sum(nil))
			return func() error {
				_, err := th.ResetSessionKey(ctx, app.SessionKeyCheck{AccessToken: tok.AccessToken, OpenID: sess.OpenID, Signature: sig, SigMethod: "hmac_sha256"})
				return err
			}
		}, true, ""},

		{"failed switch", do(func(th *testHost) error { return th.SwitchPersona(ctx, "nobody") }), false, ""},
		{"failed envVersion", do(func(th *testHost) error { return th.SetEnvVersion(ctx, "wxnotloaded", "trial") }), false, ""},
		{"failed unload", do(func(th *testHost) error { return th.Unload("wxnotloaded") }), false, ""},
		{"failed set scope", do(func(th *testHost) error {
			return th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.bogus", On: true})
		}), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip != "" {
				t.Skip(tt.skip)
			}
			th := newTestHost(t, nil, nil)
			act := tt.arrange(t, th)
			wctx, cancel := context.WithCancel(ctx)
			defer cancel()
			changed := th.WatchState(wctx)
			err := act()
			if tt.fires && err != nil {
				t.Fatalf("change failed: %v", err)
			}
			if !tt.fires && err == nil {
				t.Fatal("change succeeded; want it to fail")
			}
			wait := 50 * time.Millisecond // long enough for a signal already sent to arrive
			if tt.fires {
				wait = 5 * time.Second
			}
			select {
			case <-changed:
				if !tt.fires {
					t.Error("a failed change signalled WatchState")
				}
			case <-time.After(wait):
				if tt.fires {
					t.Error("no WatchState signal within 5s")
				}
			}
		})
	}
}

// TestWatchStateCoalescesAndEnds checks that changes made while nobody reads
// arrive as one signal, reads do not signal, and the channel closes with ctx.
func TestWatchStateCoalescesAndEnds(t *testing.T) {
	th := newTestHost(t, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	changed := th.WatchState(ctx)
	if _, err := th.Settings("alice", testAppID); err != nil { // a read
		t.Fatal(err)
	}
	select {
	case <-changed:
		t.Fatal("a read signalled WatchState")
	case <-time.After(50 * time.Millisecond):
	}
	for _, id := range []string{"bob", "xiaoming", "alice"} {
		if err := th.SwitchPersona(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("no signal after three switches")
	}
	select {
	case <-changed:
		t.Fatal("three changes before the first read gave more than one signal")
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case _, ok := <-changed:
		if ok {
			t.Fatal("a signal after ctx ended; want the channel closed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the channel did not close after ctx ended")
	}
}
