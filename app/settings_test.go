package app_test

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"

	"github.com/minihost/minihost/app"
)

func TestAuthorize(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		allow       bool
		prepare     func(th *testHost)
		scope       string
		want        string
		wantPrompts int
		wantStored  *bool // nil: not stored
	}{
		{"unknown scope", true, nil, "scope.bogus", "authorize:fail invalid scope", 0, nil},
		{"empty scope", true, nil, "", "authorize:fail invalid scope", 0, nil},
		{"first ask, allowed", true, nil, "scope.userLocation", "authorize:ok", 1, ptr(true)},
		{"first ask, denied", false, nil, "scope.record", "authorize:fail auth deny", 1, ptr(false)},
		{"granted before: no prompt", true, func(th *testHost) {
			th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.camera", On: true})
		}, "scope.camera", "authorize:ok", 0, ptr(true)},
		{"denied before: fails without prompt", true, func(th *testHost) {
			th.prompt.allow = false
			th.Authorize(ctx, testAppID, "scope.camera")
			th.prompt.allow = true
		}, "scope.camera", "authorize:fail auth deny", 1, ptr(false)},
		{"denied, then on in settings", true, func(th *testHost) {
			th.prompt.allow = false
			th.Authorize(ctx, testAppID, "scope.camera")
			th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.camera", On: true})
		}, "scope.camera", "authorize:ok", 1, ptr(true)},
		{"denied, then authorizations cleared: prompts again", true, func(th *testHost) {
			th.prompt.allow = false
			th.Authorize(ctx, testAppID, "scope.camera")
			th.ClearAuthorizations(ctx, "alice", testAppID)
			th.prompt.allow = true
		}, "scope.camera", "authorize:ok", 2, ptr(true)},
		{"userInfo granted silently", false, nil, "scope.userInfo", "authorize:ok", 0, ptr(true)},
		{"address needs no authorization", false, nil, "scope.address", "authorize:ok", 0, nil},
		{"invoiceTitle needs no authorization", false, nil, "scope.invoiceTitle", "authorize:ok", 0, nil},
		{"denial is per persona", true, func(th *testHost) {
			th.prompt.allow = false
			th.Authorize(ctx, testAppID, "scope.camera")
			th.SwitchPersona(ctx, "bob")
			th.prompt.allow = true
		}, "scope.camera", "authorize:ok", 2, ptr(true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			th.prompt.allow = tt.allow
			if tt.prepare != nil {
				tt.prepare(th)
			}
			r, err := th.Authorize(ctx, testAppID, tt.scope)
			if got := errMsg(t, r, err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if got := th.prompt.count("authorize"); got != tt.wantPrompts {
				t.Fatalf("%d prompts, want %d", got, tt.wantPrompts)
			}
			s, _ := th.Settings(th.CurrentPersona().ID, testAppID)
			v, stored := s.Auth[tt.scope]
			switch {
			case tt.wantStored == nil && stored:
				t.Fatalf("scope stored as %v, want not stored", v)
			case tt.wantStored != nil && (!stored || v != *tt.wantStored):
				t.Fatalf("stored %v (present %v), want %v", v, stored, *tt.wantStored)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestAuthorizePromptCarriesPermissionDesc(t *testing.T) {
	th := newTestHost(t, nil, nil)
	var got app.AuthorizeRequest
	rec := &recordingPrompter{fakePrompter: th.prompt, onAuthorize: func(r app.AuthorizeRequest) { got = r }}
	th.prompt.allow = true
	h, err := app.New(context.Background(), app.Options{Store: th.store, Keys: th.keys, Prompter: rec, Clock: th.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	h.Load(context.Background(), testMiniProgram(t, nil))
	h.Authorize(context.Background(), testAppID, "scope.userLocation")
	if got.Desc != "Find shops near you" || got.ScopeName == "" || got.App.Name != "Test app" || got.Persona.ID != "alice" {
		t.Fatalf("prompt request %+v", got)
	}
}

type recordingPrompter struct {
	*fakePrompter
	onAuthorize func(app.AuthorizeRequest)
}

func (r *recordingPrompter) Authorize(ctx context.Context, req app.AuthorizeRequest) (bool, error) {
	r.onAuthorize(req)
	return r.fakePrompter.Authorize(ctx, req)
}

func TestGetSettingAndOpenSetting(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	th.prompt.allow = false
	th.Authorize(ctx, testAppID, "scope.camera")
	th.prompt.allow = true
	th.Authorize(ctx, testAppID, "scope.userLocation")

	r, err := th.GetSetting(ctx, testAppID, false)
	if err != nil {
		t.Fatal(err)
	}
	auth := r["authSetting"].(map[string]bool)
	if len(auth) != 2 || auth["scope.camera"] || !auth["scope.userLocation"] {
		t.Fatalf("authSetting %v", auth)
	}
	if _, ok := r["subscriptionsSetting"]; ok {
		t.Fatal("subscriptionsSetting without withSubscriptions")
	}
	r, _ = th.GetSetting(ctx, testAppID, true)
	if subs, ok := r["subscriptionsSetting"].(app.Subscriptions); !ok || !subs.MainSwitch {
		t.Fatalf("subscriptionsSetting %v", r["subscriptionsSetting"])
	}

	if r, err := th.OpenSetting(ctx, testAppID, false, false); errMsg(t, r, err) != "openSetting:fail can only be invoked by user TAP gesture." {
		t.Fatalf("no gesture: %v", errMsg(t, r, err))
	}
	// The person turns camera on, and tries to add a scope the app never asked.
	th.prompt.settings = &app.Settings{Auth: map[string]bool{"scope.camera": true, "scope.userLocation": true, "scope.record": true},
		Subscriptions: app.Subscriptions{MainSwitch: false}}
	r, err = th.OpenSetting(ctx, testAppID, true, true)
	if errMsg(t, r, err) != "openSetting:ok" {
		t.Fatal(errMsg(t, r, err))
	}
	auth = r["authSetting"].(map[string]bool)
	if !auth["scope.camera"] || len(auth) != 2 {
		t.Fatalf("after settings page: %v", auth)
	}
	if r["subscriptionsSetting"].(app.Subscriptions).MainSwitch {
		t.Fatal("main switch not turned off")
	}
	// Now that camera is on in settings, authorize succeeds without a prompt.
	before := th.prompt.count("authorize")
	if r, err := th.Authorize(ctx, testAppID, "scope.camera"); errMsg(t, r, err) != "authorize:ok" || th.prompt.count("authorize") != before {
		t.Fatal("authorize after settings change")
	}
}

func TestSetSettingsValidates(t *testing.T) {
	th := newTestHost(t, nil, nil)
	tests := []struct {
		name string
		s    app.Settings
		ok   bool
	}{
		{"valid", app.Settings{Auth: map[string]bool{"scope.camera": true}, Subscriptions: app.Subscriptions{ItemSettings: map[string]string{"t1": "accept"}}}, true},
		{"unknown scope", app.Settings{Auth: map[string]bool{"scope.x": true}}, false},
		{"bad subscription choice", app.Settings{Subscriptions: app.Subscriptions{ItemSettings: map[string]string{"t1": "maybe"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := th.Settings("alice", testAppID)
			err := th.SetSettings(context.Background(), "alice", testAppID, tt.s)
			if (err == nil) != tt.ok {
				t.Fatalf("err %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok {
				after, _ := th.Settings("alice", testAppID)
				if len(after.Auth) != len(before.Auth) {
					t.Fatal("rejected settings changed stored data")
				}
			}
		})
	}
}

// Settings are cached (settingscache.go): every way of changing them must
// show at once, and what a caller is given must not be the cache's own maps.
func TestSettingsSeeEveryChangeAtOnce(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		persona string // whose settings are read
		change  func(th *testHost) error
		want    map[string]bool
	}{
		{"SetScope", "alice", func(th *testHost) error {
			return th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.record", On: true})
		}, map[string]bool{"scope.camera": true, "scope.record": true}},
		{"SetSettings", "alice", func(th *testHost) error {
			return th.SetSettings(ctx, "alice", testAppID, app.Settings{Auth: map[string]bool{"scope.camera": false}})
		}, map[string]bool{"scope.camera": false}},
		{"ClearAuthorizations", "alice", func(th *testHost) error {
			return th.ClearAuthorizations(ctx, "alice", testAppID)
		}, map[string]bool{}},
		{"ResetApp", "alice", func(th *testHost) error {
			return th.ResetApp(ctx, "alice", testAppID)
		}, map[string]bool{}},
		{"a denied authorize", "alice", func(th *testHost) error {
			th.prompt.allow = false
			_, err := th.Authorize(ctx, testAppID, "scope.werun")
			var f *app.Fail
			if errors.As(err, &f) {
				err = nil
			}
			return err
		}, map[string]bool{"scope.camera": true, "scope.werun": false}},
		{"persona deleted and made again", "bob", func(th *testHost) error {
			if err := th.DeletePersona(ctx, "bob"); err != nil {
				return err
			}
			_, err := th.CreatePersona(ctx, app.Persona{ID: "bob", NickName: "Bob again"})
			return err
		}, map[string]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			for _, p := range []string{"alice", "bob"} {
				if err := th.SetScope(ctx, app.ScopeChange{PersonaID: p, AppID: testAppID, Scope: "scope.camera", On: true}); err != nil {
					t.Fatal(err)
				}
			}
			// Read twice, so the second read comes from the cache, and
			// scribble on what was returned.
			for range 2 {
				s, err := th.Settings(tt.persona, testAppID)
				if err != nil {
					t.Fatal(err)
				}
				s.Auth["scope.bluetooth"] = true
				s.Subscriptions.ItemSettings["tmpl"] = "ban"
			}
			if s, _ := th.Settings(tt.persona, testAppID); s.Auth["scope.bluetooth"] || len(s.Subscriptions.ItemSettings) > 0 {
				t.Fatalf("settings %+v: a caller's change to a returned map reached the cache", s)
			}
			if err := tt.change(th); err != nil {
				t.Fatal(err)
			}
			s, err := th.Settings(tt.persona, testAppID)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(s.Auth, tt.want) {
				t.Errorf("authSetting after the change = %v, want %v", s.Auth, tt.want)
			}
		})
	}
}

// A reader racing writers never keeps a stale answer: once SetScope has
// returned, every later read sees it (run under -race by make test).
func TestSettingsCacheUnderConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	reading, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for reading.Err() == nil {
				th.Settings("alice", testAppID)
			}
		})
	}
	defer func() { stop(); wg.Wait() }()
	for i := range 200 {
		on := i%2 == 0
		if err := th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.camera", On: on}); err != nil {
			t.Fatal(err)
		}
		s, err := th.Settings("alice", testAppID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Auth["scope.camera"] != on {
			t.Fatalf("write %d: read scope.camera = %v right after setting it to %v", i, s.Auth["scope.camera"], on)
		}
	}
}
