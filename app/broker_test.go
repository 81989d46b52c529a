package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/sim"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func mustPolicy(t *testing.T, s string) app.Policy {
	t.Helper()
	p, err := app.ParsePromptPolicy(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParsePromptPolicy(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  string
	}{
		{"ask", "ask", ""},
		{"allow", "allow", ""},
		{"deny", "deny", ""},
		{"after:2s", "after:2s", ""},
		{"after:1500ms", "after:1.5s", ""},
		{"after:0s", "after:0s", ""},
		{"after:-1s", "", "after:<duration>"},
		{"after:2h", "", "after:<duration>"},
		{"after:soon", "", "after:<duration>"},
		{"maybe", "", "want ask, allow, deny or after:<duration>"},
		{"", "", "want ask, allow, deny"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := app.ParsePromptPolicy(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, app.ErrInvalid) {
					t.Fatalf("err = %v, want one containing %q wrapping ErrInvalid", err, tt.wantErr)
				}
				return
			}
			if err != nil || p.String() != tt.want {
				t.Fatalf("got %q, %v; want %q", p, err, tt.want)
			}
			// The text form travels in JSON.
			b, _ := json.Marshal(p)
			var back app.Policy
			if err := json.Unmarshal(b, &back); err != nil || back != p {
				t.Fatalf("JSON round trip %s -> %+v, %v", b, back, err)
			}
		})
	}
}

func TestValidPolicyKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"default": true, "authorize": true, "getUserProfile": true, "openSetting": true,
		"startSoterAuthentication": true, "scope.userLocation": true, "scope.camera": true,
		"login": false, "scope.bogus": false, "": false,
	} {
		if err := app.ValidPolicyKey(key); (err == nil) != ok {
			t.Errorf("ValidPolicyKey(%q) = %v, want ok=%v", key, err, ok)
		}
	}
}

func authReq(scope string) app.AuthorizeRequest {
	return app.AuthorizeRequest{App: app.AppInfo{AppID: "wxapp", Name: "App"}, Persona: app.Persona{ID: "alice"}, Scope: scope, ScopeName: scope}
}

// TestBrokerPolicyResolution: a scope's rule beats the API's, which beats the default.
func TestBrokerPolicyResolution(t *testing.T) {
	tests := []struct {
		name  string
		def   string
		rules map[string]string
		scope string
		want  bool
	}{
		{"default allow", "allow", nil, "scope.camera", true},
		{"default deny", "deny", nil, "scope.camera", false},
		{"api rule beats default", "allow", map[string]string{"authorize": "deny"}, "scope.camera", false},
		{"scope rule beats api rule", "deny", map[string]string{"authorize": "deny", "scope.camera": "allow"}, "scope.camera", true},
		{"another scope's rule does not apply", "allow", map[string]string{"scope.record": "deny"}, "scope.camera", true},
		{"profile rule does not apply to authorize", "allow", map[string]string{"getUserProfile": "deny"}, "scope.camera", true},
		{"default set by key", "deny", map[string]string{"default": "allow"}, "scope.camera", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := app.NewBroker(nil, mustPolicy(t, tt.def), quietLog())
			for k, v := range tt.rules {
				if err := b.SetPolicy(k, mustPolicy(t, v)); err != nil {
					t.Fatal(err)
				}
			}
			got, err := b.Authorize(context.Background(), authReq(tt.scope))
			if err != nil || got != tt.want {
				t.Fatalf("Authorize = %v, %v; want %v", got, err, tt.want)
			}
			if len(b.Pending()) != 0 {
				t.Fatal("a policy answer left a pending prompt")
			}
		})
	}
}

func TestBrokerPolicies(t *testing.T) {
	b := app.NewBroker(nil, mustPolicy(t, "allow"), quietLog())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed := b.WatchPolicies(ctx)
	if err := b.SetPolicy("scope.userLocation", mustPolicy(t, "deny")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("no change notification after SetPolicy")
	}
	if err := b.SetPolicy("login", mustPolicy(t, "deny")); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("SetPolicy(login) = %v, want ErrInvalid", err)
	}
	if err := b.ClearPolicy("default"); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("ClearPolicy(default) = %v, want ErrInvalid", err)
	}
	p := b.Policies()
	if p.Default.String() != "allow" || len(p.Rules) != 1 || p.Rules["scope.userLocation"].String() != "deny" {
		t.Fatalf("Policies = %+v", p)
	}
	b.SetPolicy("openSetting", mustPolicy(t, "ask"))
	if err := b.ClearPolicy("scope.userLocation"); err != nil {
		t.Fatal(err)
	}
	if p := b.Policies(); len(p.Rules) != 1 || p.Rules["openSetting"].Kind != app.PolicyAsk {
		t.Fatalf("after ClearPolicy: %+v", p)
	}
	b.ClearPolicies()
	if p := b.Policies(); len(p.Rules) != 0 || p.Default.Kind != app.PolicyAllow {
		t.Fatalf("after ClearPolicies: %+v", p)
	}
}

type authResult struct {
	allow bool
	err   error
}

// startAuthorize runs Authorize in the background, as an HTTP handler does.
func startAuthorize(ctx context.Context, b *app.Broker, scope string) <-chan authResult {
	out := make(chan authResult, 1)
	go func() {
		ok, err := b.Authorize(ctx, authReq(scope))
		out <- authResult{ok, err}
	}()
	return out
}

func nextPrompt(t *testing.T, b *app.Broker, after uint64) app.PendingPrompt {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p, err := b.Next(ctx, after)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return p
}

func waitResult(t *testing.T, ch <-chan authResult) authResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("the prompt was not answered")
	}
	return authResult{}
}

func TestBrokerAskAnswers(t *testing.T) {
	tests := []struct {
		answer    string
		wantAllow bool
		wantErr   error
	}{
		{"allow", true, nil},
		{"deny", false, nil},
		{"cancel", false, app.ErrCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			b := app.NewBroker(nil, mustPolicy(t, "ask"), quietLog())
			res := startAuthorize(context.Background(), b, "scope.userLocation")
			p := nextPrompt(t, b, 0)
			if p.Kind != app.PromptAuthorize || p.API != "authorize" || p.Scope != "scope.userLocation" || p.AppID != "wxapp" || p.Persona != "alice" || p.Policy.Kind != app.PolicyAsk || p.ID == 0 {
				t.Fatalf("pending prompt %+v", p)
			}
			if got := b.Pending(); len(got) != 1 || got[0].ID != p.ID {
				t.Fatalf("Pending = %+v", got)
			}
			if err := b.Answer(context.Background(), p.ID, app.Answer{Action: tt.answer}); err != nil {
				t.Fatal(err)
			}
			r := waitResult(t, res)
			if r.allow != tt.wantAllow || !errors.Is(r.err, tt.wantErr) || (tt.wantErr == nil && r.err != nil) {
				t.Fatalf("Authorize = %v, %v; want %v, %v", r.allow, r.err, tt.wantAllow, tt.wantErr)
			}
			if len(b.Pending()) != 0 {
				t.Fatal("an answered prompt is still pending")
			}
			if err := b.Answer(context.Background(), p.ID, app.Answer{Action: "allow"}); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("second answer = %v, want ErrNotFound", err)
			}
		})
	}
}

func TestBrokerInvalidAnswers(t *testing.T) {
	b := app.NewBroker(nil, mustPolicy(t, "ask"), quietLog())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	startAuthorize(ctx, b, "scope.camera")
	p := nextPrompt(t, b, 0)
	for _, a := range []app.Answer{
		{Action: "match"},
		{Action: "yes"},
		{Action: "allow", Auth: map[string]bool{"scope.camera": true}},
	} {
		if err := b.Answer(ctx, p.ID, a); !errors.Is(err, app.ErrInvalid) {
			t.Errorf("Answer(%+v) = %v, want ErrInvalid", a, err)
		}
	}
	if len(b.Pending()) != 1 {
		t.Fatal("an invalid answer resolved the prompt")
	}
	if err := b.Answer(ctx, 999, app.Answer{Action: "allow"}); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("Answer(999) = %v, want ErrNotFound", err)
	}
}

func TestBrokerCallerLeaves(t *testing.T) {
	b := app.NewBroker(nil, mustPolicy(t, "ask"), quietLog())
	ctx, cancel := context.WithCancel(context.Background())
	res := startAuthorize(ctx, b, "scope.camera")
	p := nextPrompt(t, b, 0)
	cancel()
	if r := waitResult(t, res); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("Authorize after the caller left = %v, %v", r.allow, r.err)
	}
	if len(b.Pending()) != 0 {
		t.Fatal("the prompt of a caller that left is still pending")
	}
	if err := b.Answer(context.Background(), p.ID, app.Answer{Action: "allow"}); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("Answer = %v, want ErrNotFound", err)
	}
}

func TestBrokerAfter(t *testing.T) {
	b := app.NewBroker(nil, mustPolicy(t, "deny"), quietLog())
	b.SetPolicy("authorize", mustPolicy(t, "after:150ms"))
	start := time.Now()
	res := startAuthorize(context.Background(), b, "scope.camera")
	p := nextPrompt(t, b, 0)
	if p.Policy.String() != "after:150ms" {
		t.Fatalf("prompt policy %s", p.Policy)
	}
	r := waitResult(t, res)
	if !r.allow || r.err != nil || time.Since(start) < 150*time.Millisecond {
		t.Fatalf("after:150ms gave %v, %v after %s", r.allow, r.err, time.Since(start))
	}
	// A control answer before the delay wins.
	res = startAuthorize(context.Background(), b, "scope.record")
	p2 := nextPrompt(t, b, p.ID)
	if err := b.Answer(context.Background(), p2.ID, app.Answer{Action: "deny"}); err != nil {
		t.Fatal(err)
	}
	if r := waitResult(t, res); r.allow || r.err != nil {
		t.Fatalf("answered deny before the delay: %v, %v", r.allow, r.err)
	}
}

func TestBrokerNextAfter(t *testing.T) {
	b := app.NewBroker(nil, mustPolicy(t, "ask"), quietLog())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	startAuthorize(ctx, b, "scope.camera")
	first := nextPrompt(t, b, 0)
	// Next after the first waits for a second prompt.
	got := make(chan app.PendingPrompt, 1)
	go func() {
		p, err := b.Next(ctx, first.ID)
		if err == nil {
			got <- p
		}
	}()
	select {
	case p := <-got:
		t.Fatalf("Next returned %+v before a second prompt", p)
	case <-time.After(50 * time.Millisecond):
	}
	startAuthorize(ctx, b, "scope.record")
	select {
	case p := <-got:
		if p.Scope != "scope.record" || p.ID <= first.ID {
			t.Fatalf("second prompt %+v", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next did not see the second prompt")
	}
	short, cancelShort := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancelShort()
	if _, err := b.Next(short, first.ID+1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next with nothing newer = %v", err)
	}
}

// blockingDisplay is a window whose dialogs stay open until answered by
// person() or closed by ctx; it records how each closed.
type blockingDisplay struct {
	app.PolicyPrompter
	opened chan struct{}
	person chan bool
	closed chan error
}

func newBlockingDisplay() *blockingDisplay {
	return &blockingDisplay{opened: make(chan struct{}, 4), person: make(chan bool), closed: make(chan error, 4)}
}

func (d *blockingDisplay) Authorize(ctx context.Context, req app.AuthorizeRequest) (bool, error) {
	d.opened <- struct{}{}
	select {
	case ok := <-d.person:
		d.closed <- nil
		return ok, nil
	case <-ctx.Done():
		d.closed <- ctx.Err()
		return false, ctx.Err()
	}
}

func TestBrokerWithDisplay(t *testing.T) {
	t.Run("control answers the prompt the window shows", func(t *testing.T) {
		d := newBlockingDisplay()
		b := app.NewBroker(d, mustPolicy(t, "ask"), quietLog())
		res := startAuthorize(context.Background(), b, "scope.camera")
		<-d.opened
		p := nextPrompt(t, b, 0)
		if err := b.Answer(context.Background(), p.ID, app.Answer{Action: "allow"}); err != nil {
			t.Fatal(err)
		}
		if r := waitResult(t, res); !r.allow || r.err != nil {
			t.Fatalf("Authorize = %v, %v", r.allow, r.err)
		}
		select {
		case err := <-d.closed:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("dialog closed with %v, want its ctx cancelled", err)
			}
		default:
			t.Fatal("the call returned before the window's dialog closed")
		}
	})
	t.Run("the person answers first", func(t *testing.T) {
		d := newBlockingDisplay()
		b := app.NewBroker(d, mustPolicy(t, "ask"), quietLog())
		res := startAuthorize(context.Background(), b, "scope.camera")
		<-d.opened
		p := nextPrompt(t, b, 0)
		d.person <- false
		if r := waitResult(t, res); r.allow || r.err != nil {
			t.Fatalf("Authorize = %v, %v", r.allow, r.err)
		}
		if err := b.Answer(context.Background(), p.ID, app.Answer{Action: "allow"}); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("control answer after the person's = %v, want ErrNotFound", err)
		}
	})
	t.Run("allow policy does not open the window", func(t *testing.T) {
		d := newBlockingDisplay()
		b := app.NewBroker(d, mustPolicy(t, "allow"), quietLog())
		if ok, err := b.Authorize(context.Background(), authReq("scope.camera")); !ok || err != nil {
			t.Fatalf("Authorize = %v, %v", ok, err)
		}
		if len(d.opened) != 0 {
			t.Fatal("the window showed a prompt a policy answered")
		}
	})
}

// brokerHost is a Host whose Prompter is a headless Broker asking everything.
func brokerHost(t *testing.T) (*app.Host, *app.Broker) {
	t.Helper()
	b := app.NewBroker(nil, mustPolicy(t, "ask"), quietLog())
	h, err := app.New(context.Background(), app.Options{
		Store: newMemStore(), Keys: &memKeys{}, Prompter: b, Auth: sim.New(), Logger: quietLog(),
		Device: app.DeviceInfo{CPUID: "cpu", UID: "1000", HostVersion: "test"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	if err := h.Load(context.Background(), testMiniProgram(t, nil)); err != nil {
		t.Fatal(err)
	}
	return h, b
}

type callResult struct {
	r   app.Result
	err error
}

func start(f func() (app.Result, error)) <-chan callResult {
	ch := make(chan callResult, 1)
	go func() { r, err := f(); ch <- callResult{r, err} }()
	return ch
}

func waitCall(t *testing.T, ch <-chan callResult) string {
	t.Helper()
	select {
	case c := <-ch:
		if f, ok := c.err.(*app.Fail); ok {
			return f.Error()
		}
		if c.err != nil {
			t.Fatalf("call error: %v", c.err)
		}
		s, _ := c.r["errMsg"].(string)
		return s
	case <-time.After(20 * time.Second):
		t.Fatal("call did not return")
	}
	return ""
}

// TestBrokerSettingsAnswer: deny, then allow in the settings page, through
// the broker as the control API drives it.
func TestBrokerSettingsAnswer(t *testing.T) {
	ctx := context.Background()
	h, b := brokerHost(t)
	call := start(func() (app.Result, error) { return h.Authorize(ctx, testAppID, "scope.userLocation") })
	p := nextPrompt(t, b, 0)
	if p.Desc != "Find shops near you" {
		t.Fatalf("prompt desc %q", p.Desc)
	}
	b.Answer(ctx, p.ID, app.Answer{Action: "deny"})
	if got := waitCall(t, call); got != "authorize:fail auth deny" {
		t.Fatalf("authorize = %q", got)
	}
	call = start(func() (app.Result, error) { return h.OpenSetting(ctx, testAppID, false, true) })
	sp := nextPrompt(t, b, p.ID)
	if sp.Kind != app.PromptSettings || len(sp.Scopes) != 1 || sp.Scopes[0] != "scope.userLocation" || sp.Settings.Auth["scope.userLocation"] {
		t.Fatalf("settings prompt %+v", sp)
	}
	if err := b.Answer(ctx, sp.ID, app.Answer{Action: "allow", Auth: map[string]bool{"scope.camera": true}}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("a scope not on the page = %v, want ErrInvalid", err)
	}
	if err := b.Answer(ctx, sp.ID, app.Answer{Action: "allow", Auth: map[string]bool{"scope.userLocation": true}}); err != nil {
		t.Fatal(err)
	}
	if got := waitCall(t, call); got != "openSetting:ok" {
		t.Fatalf("openSetting = %q", got)
	}
	r, err := h.Authorize(ctx, testAppID, "scope.userLocation")
	if got := errMsg(t, r, err); got != "authorize:ok" {
		t.Fatalf("authorize after settings = %q", got)
	}
	// Closing the page with cancel keeps the settings.
	call = start(func() (app.Result, error) { return h.OpenSetting(ctx, testAppID, false, true) })
	sp = nextPrompt(t, b, sp.ID)
	b.Answer(ctx, sp.ID, app.Answer{Action: "cancel"})
	if got := waitCall(t, call); got != "openSetting:ok" {
		t.Fatalf("openSetting cancelled = %q", got)
	}
	if s, _ := h.Settings("alice", testAppID); !s.Auth["scope.userLocation"] {
		t.Fatalf("settings after a cancelled page: %+v", s)
	}
}

// TestBrokerSoter: no-match then match on the same open prompt, and cancel.
func TestBrokerSoter(t *testing.T) {
	ctx := context.Background()
	h, b := brokerHost(t)
	req := app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c1", AuthContent: "Pay"}
	call := start(func() (app.Result, error) { return h.StartSoterAuthentication(ctx, testAppID, req) })
	p := nextPrompt(t, b, 0)
	if p.Kind != app.PromptSoter || !p.Simulated || p.Mode != "fingerPrint" || p.AuthContent != "Pay" {
		t.Fatalf("soter prompt %+v", p)
	}
	if err := b.Answer(ctx, p.ID, app.Answer{Action: "no-match"}); err != nil {
		t.Fatal(err)
	}
	if ps := b.Pending(); len(ps) != 1 || ps[0].ID != p.ID {
		t.Fatalf("after a no-match the prompt should stay open: %+v", ps)
	}
	if err := b.Answer(ctx, p.ID, app.Answer{Action: "match"}); err != nil {
		t.Fatal(err)
	}
	if got := waitCall(t, call); got != "startSoterAuthentication:ok" {
		t.Fatalf("soter = %q", got)
	}
	call = start(func() (app.Result, error) { return h.StartSoterAuthentication(ctx, testAppID, req) })
	p = nextPrompt(t, b, p.ID)
	if err := b.Answer(ctx, p.ID, app.Answer{Action: "cancel"}); err != nil {
		t.Fatal(err)
	}
	if got := waitCall(t, call); got != "startSoterAuthentication:fail user cancel" {
		t.Fatalf("soter cancelled = %q", got)
	}
	if len(b.Pending()) != 0 {
		t.Fatal("a finished SOTER prompt is still pending")
	}
}

// countingDisplay is a window that counts the authorize dialogs it opens;
// each stays open until release is closed (then the person allows) or its
// ctx ends.
type countingDisplay struct {
	app.PolicyPrompter
	mu      sync.Mutex
	opened  int
	release chan struct{}
}

func (d *countingDisplay) Authorize(ctx context.Context, req app.AuthorizeRequest) (bool, error) {
	d.mu.Lock()
	d.opened++
	d.mu.Unlock()
	select {
	case <-d.release:
		return true, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

func (d *countingDisplay) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.opened
}

// displayHost is brokerHost with a window.
func displayHost(t *testing.T, d app.Prompter) (*app.Host, *app.Broker) {
	t.Helper()
	b := app.NewBroker(d, mustPolicy(t, "ask"), quietLog())
	h, err := app.New(context.Background(), app.Options{
		Store: newMemStore(), Keys: &memKeys{}, Prompter: b, Auth: sim.New(), Logger: quietLog(),
		Device: app.DeviceInfo{CPUID: "cpu", UID: "1000", HostVersion: "test"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	if err := h.Load(context.Background(), testMiniProgram(t, nil)); err != nil {
		t.Fatal(err)
	}
	return h, b
}

// waitPending waits until the broker's pending prompts satisfy ok.
func waitPending(t *testing.T, b *app.Broker, what string, ok func([]app.PendingPrompt) bool) []app.PendingPrompt {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		p := b.Pending()
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: pending prompts %+v", what, p)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// 300 identical authorize calls of one app open one dialog, and all 300 get
// its answer.
func TestBrokerSharesIdenticalPrompts(t *testing.T) {
	d := &countingDisplay{release: make(chan struct{})}
	h, b := displayHost(t, d)
	const n = 300
	calls := make([]<-chan callResult, n)
	for i := range calls {
		calls[i] = start(func() (app.Result, error) { return h.Authorize(context.Background(), testAppID, "scope.userLocation") })
	}
	waitPending(t, b, "all calls wait on one prompt", func(p []app.PendingPrompt) bool { return len(p) == 1 && p[0].Waiters == n })
	if got := len(b.Pending()); got != 1 {
		t.Fatalf("%d prompts pending, want 1", got)
	}
	close(d.release) // the person allows
	for i, c := range calls {
		if got := waitCall(t, c); got != "authorize:ok" {
			t.Fatalf("call %d: %s", i, got)
		}
	}
	if got := d.count(); got != 1 {
		t.Fatalf("%d dialogs opened, want 1", got)
	}
}

// One caller of a shared prompt giving up does not close it for the others.
func TestBrokerSharedPromptOutlivesACaller(t *testing.T) {
	b := app.NewBroker(nil, mustPolicy(t, "ask"), quietLog())
	ctx, cancel := context.WithCancel(context.Background())
	first := startAuthorize(ctx, b, "scope.camera")
	p := nextPrompt(t, b, 0)
	second := startAuthorize(context.Background(), b, "scope.camera")
	waitPending(t, b, "two waiters", func(ps []app.PendingPrompt) bool { return len(ps) == 1 && ps[0].Waiters == 2 })
	cancel()
	if r := waitResult(t, first); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("the caller that left got %v, %v", r.allow, r.err)
	}
	waitPending(t, b, "one waiter left", func(ps []app.PendingPrompt) bool { return len(ps) == 1 && ps[0].Waiters == 1 && ps[0].ID == p.ID })
	if err := b.Answer(context.Background(), p.ID, app.Answer{Action: "allow"}); err != nil {
		t.Fatal(err)
	}
	if r := waitResult(t, second); !r.allow || r.err != nil {
		t.Fatalf("the caller that stayed got %v, %v", r.allow, r.err)
	}
}

// An app has at most MaxPendingPerApp distinct prompts waiting; one more
// fails at once, an identical one still joins.
func TestBrokerCapsPendingPromptsPerApp(t *testing.T) {
	h, b := brokerHost(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	profile := func(i int) func() (app.Result, error) {
		return func() (app.Result, error) {
			return h.GetUserProfile(ctx, testAppID, app.UserProfileRequest{Desc: fmt.Sprintf("reason %d", i), Lang: "en", UserGesture: true})
		}
	}
	var waiting []<-chan callResult
	for i := range app.MaxPendingPerApp {
		waiting = append(waiting, start(profile(i)))
	}
	waitPending(t, b, "the cap reached", func(p []app.PendingPrompt) bool { return len(p) == app.MaxPendingPerApp })
	if got := waitCall(t, start(profile(app.MaxPendingPerApp))); got != "getUserProfile:fail too many pending prompts" {
		t.Fatalf("a prompt beyond the cap: %s", got)
	}
	if got := waitCall(t, start(func() (app.Result, error) { return h.Authorize(ctx, testAppID, "scope.userLocation") })); got != "authorize:fail too many pending prompts" {
		t.Fatalf("an authorize beyond the cap: %s", got)
	}
	soter := start(func() (app.Result, error) {
		return h.StartSoterAuthentication(ctx, testAppID, app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c", AuthContent: "Pay"})
	})
	if got := waitCall(t, soter); got != "startSoterAuthentication:fail too many pending prompts" {
		t.Fatalf("a SOTER prompt beyond the cap: %s", got)
	}
	same := start(profile(0))
	waitPending(t, b, "an identical prompt joins", func(p []app.PendingPrompt) bool {
		return len(p) == app.MaxPendingPerApp && slices.ContainsFunc(p, func(p app.PendingPrompt) bool { return p.Desc == "reason 0" && p.Waiters == 2 })
	})
	for _, p := range b.Pending() {
		if err := b.Answer(ctx, p.ID, app.Answer{Action: "deny"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range append(waiting, same) {
		if got := waitCall(t, c); got != "getUserProfile:fail auth deny" {
			t.Fatalf("an answered prompt: %s", got)
		}
	}
	// Answered prompts free their places.
	again := start(profile(99))
	waitPending(t, b, "a new prompt", func(p []app.PendingPrompt) bool { return len(p) == 1 })
	cancel()
	waitCall(t, again)
}
