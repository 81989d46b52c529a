package ui

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/minihost/minihost/app"
)

// An action is what the person at the desktop does to a shown prompt.
type action struct {
	name string
	do   func(t *testing.T, th *uiThread, p *pending)
}

func tapButton(label string) action {
	return action{"tap " + label, func(t *testing.T, th *uiThread, p *pending) { tap(th, button(t, content(p), label)) }}
}

func press(k fyne.KeyName) action {
	return action{"key " + string(k), func(t *testing.T, th *uiThread, p *pending) { key(th, p, k) }}
}

var closeWindow = action{"close the window", func(t *testing.T, th *uiThread, p *pending) { th.run(p.onClose) }}

func TestAuthorizeAnswers(t *testing.T) {
	req := app.AuthorizeRequest{
		App: demoApp, Persona: alice, Scope: "scope.userLocation", ScopeName: "Your location", Desc: "Show shops near you",
	}
	tests := []struct {
		act     action
		want    bool
		wantErr error
	}{
		{tapButton("Allow"), true, nil},
		{tapButton("Deny"), false, nil},
		{press(fyne.KeyReturn), true, nil},
		{press(fyne.KeyEnter), true, nil},
		{press(fyne.KeyEscape), false, nil},
		// Closing without an answer is not a remembered denial.
		{closeWindow, false, app.ErrCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.act.name, func(t *testing.T) {
			u, th := newTestUI(t)
			got := async(func() (bool, error) { return u.Authorize(context.Background(), req) })
			p := shownPrompt(t, u, th, "Authorize · minihost demo")
			th.run(func() {
				for _, want := range []string{"minihost demo", "Your location", "scope.userLocation", "“Show shops near you”", "Answering as Alice"} {
					if !hasText(content(p), want) {
						t.Errorf("authorize prompt lacks %q; has %q", want, texts(content(p)))
					}
				}
			})
			tt.act.do(t, th, p)
			r := await(t, got)
			if r.v != tt.want || !errors.Is(r.err, tt.wantErr) {
				t.Errorf("Authorize = (%v, %v), want (%v, %v)", r.v, r.err, tt.want, tt.wantErr)
			}
			noPrompt(t, u, th)
		})
	}
}

func TestAuthorizeWithoutDesc(t *testing.T) {
	u, th := newTestUI(t)
	got := async(func() (bool, error) {
		return u.Authorize(context.Background(), app.AuthorizeRequest{App: demoApp, Persona: alice, Scope: "scope.camera", ScopeName: "Camera"})
	})
	p := shownPrompt(t, u, th, "Authorize · minihost demo")
	th.run(func() {
		if containsText(content(p), "“") {
			t.Errorf("a permission desc is shown though app.json has none: %q", texts(content(p)))
		}
	})
	tap(th, button(t, content(p), "Allow"))
	if r := await(t, got); !r.v || r.err != nil {
		t.Errorf("Authorize = (%v, %v), want (true, nil)", r.v, r.err)
	}
}

func TestUserProfileAnswers(t *testing.T) {
	bob := app.BuiltinPersonas()[1]
	req := app.ProfileRequest{App: demoApp, Persona: bob, Desc: "Show your profile in the demo"}
	tests := []struct {
		act     action
		want    bool
		wantErr error
	}{
		{tapButton("Allow"), true, nil},
		{tapButton("Deny"), false, nil},
		{press(fyne.KeyReturn), true, nil},
		{press(fyne.KeyEscape), false, nil},
		{closeWindow, false, app.ErrCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.act.name, func(t *testing.T) {
			u, th := newTestUI(t)
			got := async(func() (bool, error) { return u.UserProfile(context.Background(), req) })
			p := shownPrompt(t, u, th, "User profile · minihost demo")
			th.run(func() {
				for _, want := range []string{"Bob", "Purpose: Show your profile in the demo"} {
					if !hasText(content(p), want) {
						t.Errorf("profile prompt lacks %q; has %q", want, texts(content(p)))
					}
				}
			})
			tt.act.do(t, th, p)
			r := await(t, got)
			if r.v != tt.want || !errors.Is(r.err, tt.wantErr) {
				t.Errorf("UserProfile = (%v, %v), want (%v, %v)", r.v, r.err, tt.want, tt.wantErr)
			}
			noPrompt(t, u, th)
		})
	}
}

func TestSettingsDialog(t *testing.T) {
	loc, _ := app.LookupScope("scope.userLocation")
	rec, _ := app.LookupScope("scope.record")
	current := app.Settings{
		// scope.camera was asked but is not on this page: it must come back unchanged.
		Auth:          map[string]bool{"scope.userLocation": true, "scope.record": false, "scope.camera": true},
		Subscriptions: app.Subscriptions{MainSwitch: true, ItemSettings: map[string]string{"tmpl-1": "accept"}},
	}
	req := app.SettingsRequest{App: demoApp, Persona: alice, Current: current, Scopes: []app.ScopeInfo{loc, rec}}
	flipped := app.Settings{
		Auth:          map[string]bool{"scope.userLocation": false, "scope.record": true, "scope.camera": true},
		Subscriptions: app.Subscriptions{MainSwitch: false, ItemSettings: map[string]string{"tmpl-1": "accept"}},
	}
	tests := []struct {
		close   action
		want    app.Settings
		wantErr error
	}{
		{tapButton("Done"), flipped, nil},
		{press(fyne.KeyReturn), flipped, nil},
		{closeWindow, flipped, nil}, // closing the page returns the switches as left
		{press(fyne.KeyEscape), app.Settings{}, app.ErrCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.close.name, func(t *testing.T) {
			u, th := newTestUI(t)
			got := async(func() (app.Settings, error) { return u.Settings(context.Background(), req) })
			p := shownPrompt(t, u, th, "Settings · minihost demo")
			var locSw, recSw, subSw = check(t, content(p), "Your location"), check(t, content(p), "Microphone"), check(t, content(p), "Subscription messages")
			th.run(func() {
				if !locSw.Checked || recSw.Checked || !subSw.Checked {
					t.Errorf("switches start as location=%v record=%v subscriptions=%v, want true false true", locSw.Checked, recSw.Checked, subSw.Checked)
				}
				if hasCheck(content(p), "Camera") {
					t.Error("a scope not in SettingsRequest.Scopes is on the page")
				}
			})
			tap(th, locSw)
			tap(th, recSw)
			tap(th, subSw)
			tt.close.do(t, th, p)
			r := await(t, got)
			if !errors.Is(r.err, tt.wantErr) {
				t.Fatalf("Settings error = %v, want %v", r.err, tt.wantErr)
			}
			if tt.wantErr == nil && !sameSettings(r.v, tt.want) {
				t.Errorf("Settings = %+v, want %+v", r.v, tt.want)
			}
			noPrompt(t, u, th)
		})
	}
}

func TestSettingsDialogNoScopes(t *testing.T) {
	u, th := newTestUI(t)
	cur := app.Settings{Auth: map[string]bool{}, Subscriptions: app.Subscriptions{MainSwitch: true, ItemSettings: map[string]string{}}}
	got := async(func() (app.Settings, error) {
		return u.Settings(context.Background(), app.SettingsRequest{App: demoApp, Persona: alice, Current: cur})
	})
	p := shownPrompt(t, u, th, "Settings · minihost demo")
	th.run(func() {
		if !containsText(content(p), "has not asked for any permission") {
			t.Errorf("empty settings page lacks its note: %q", texts(content(p)))
		}
	})
	tap(th, button(t, content(p), "Done"))
	if r := await(t, got); r.err != nil || !sameSettings(r.v, cur) {
		t.Errorf("Settings = (%+v, %v), want the current settings back", r.v, r.err)
	}
}

func sameSettings(a, b app.Settings) bool {
	return maps.Equal(a.Auth, b.Auth) && a.Subscriptions.MainSwitch == b.Subscriptions.MainSwitch &&
		maps.Equal(a.Subscriptions.ItemSettings, b.Subscriptions.ItemSettings)
}

// fakeReader records what the SOTER dialog's simulator buttons place.
type fakeReader struct {
	mu      sync.Mutex
	fingers []bool
	waiting bool
}

func (f *fakeReader) Simulate(match bool) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.waiting {
		return false
	}
	f.fingers = append(f.fingers, match)
	return true
}

func (f *fakeReader) placed() []bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bool(nil), f.fingers...)
}

func TestSoterDialog(t *testing.T) {
	t.Run("Match and No match place simulated fingers", func(t *testing.T) {
		u, th := newTestUI(t)
		reader := &fakeReader{waiting: true}
		status := make(chan string, 4)
		ctx, end := context.WithCancel(context.Background())
		got := async(func() (struct{}, error) {
			return struct{}{}, u.Soter(ctx, app.SoterPrompt{App: demoApp, Persona: alice, Mode: "fingerPrint",
				AuthContent: "Confirm it is you", Status: status, Simulate: reader.Simulate})
		})
		p := shownPrompt(t, u, th, "SOTER · minihost demo")
		th.run(func() {
			if !hasText(content(p), "Confirm it is you") {
				t.Errorf("SOTER prompt lacks authContent: %q", texts(content(p)))
			}
		})
		status <- "Place your finger on the reader"
		eventually(t, th, "the status line", func() bool { return hasText(content(p), "Place your finger on the reader") })

		tap(th, button(t, content(p), "No match"))
		eventually(t, th, "a non-matching finger", func() bool { return len(reader.placed()) == 1 })
		status <- "Not recognized. Try again."
		status <- "Waiting for a finger"
		// The retry line stays visible above the reader's next line.
		eventually(t, th, "the retry line and the next", func() bool {
			return hasText(content(p), "Not recognized. Try again.") && hasText(content(p), "Waiting for a finger")
		})
		key(th, p, fyne.KeyReturn) // Enter must not stand in for a finger
		stillWaiting(t, got)

		tap(th, button(t, content(p), "Match"))
		eventually(t, th, "a matching finger", func() bool { return len(reader.placed()) == 2 })
		if f := reader.placed(); f[0] != false || f[1] != true {
			t.Errorf("fingers placed = %v, want [false true]", f)
		}
		// The host ends the prompt when the authentication has ended.
		close(status)
		end()
		if r := await(t, got); !errors.Is(r.err, context.Canceled) {
			t.Errorf("Soter = %v after the host ended it, want context.Canceled", r.err)
		}
		noPrompt(t, u, th)
	})

	t.Run("reader not waiting", func(t *testing.T) {
		u, th := newTestUI(t)
		reader := &fakeReader{}
		got := async(func() (struct{}, error) {
			return struct{}{}, u.Soter(context.Background(), app.SoterPrompt{App: demoApp, Mode: "fingerPrint", Simulate: reader.Simulate})
		})
		p := shownPrompt(t, u, th, "SOTER · minihost demo")
		tap(th, button(t, content(p), "Match"))
		eventually(t, th, "the not-waiting note", func() bool { return containsText(content(p), "not waiting") })
		tap(th, button(t, content(p), "Cancel"))
		await(t, got)
	})

	for _, act := range []action{tapButton("Cancel"), press(fyne.KeyEscape), closeWindow} {
		t.Run(act.name, func(t *testing.T) {
			u, th := newTestUI(t)
			got := async(func() (struct{}, error) {
				return struct{}{}, u.Soter(context.Background(), app.SoterPrompt{App: demoApp, Mode: "facial", AuthContent: "Pay 1 yuan"})
			})
			p := shownPrompt(t, u, th, "SOTER · minihost demo")
			th.run(func() {
				if hasButton(content(p), "Match") || hasButton(content(p), "No match") {
					t.Error("Match / No match shown for a real (not simulated) authenticator")
				}
			})
			act.do(t, th, p)
			if r := await(t, got); !errors.Is(r.err, app.ErrCancelled) {
				t.Errorf("Soter = %v, want app.ErrCancelled", r.err)
			}
			noPrompt(t, u, th)
		})
	}
}

// scopeReq is an authorize prompt told apart by its scope name.
func scopeReq(name string) app.AuthorizeRequest {
	return app.AuthorizeRequest{App: demoApp, Persona: alice, Scope: "scope." + name, ScopeName: name}
}

// startAuthorize starts an Authorize call and waits until it is queued or
// shown, so calls queue in a known order.
func startAuthorize(t *testing.T, u *UI, th *uiThread, ctx context.Context, name string) <-chan result[bool] {
	t.Helper()
	u.mu.Lock()
	before := len(u.queue)
	if u.current != nil {
		before++
	}
	u.mu.Unlock()
	ch := async(func() (bool, error) { return u.Authorize(ctx, scopeReq(name)) })
	eventually(t, th, name+" queued", func() bool {
		u.mu.Lock()
		defer u.mu.Unlock()
		n := len(u.queue)
		if u.current != nil {
			n++
		}
		return n == before+1
	})
	return ch
}

func shownScope(t *testing.T, u *UI, th *uiThread) string {
	t.Helper()
	p := shownPrompt(t, u, th, "Authorize · minihost demo")
	var name string
	th.run(func() {
		for _, s := range []string{"first", "second", "third"} {
			if hasText(content(p), s) {
				name = s
			}
		}
	})
	return name
}

func TestPromptsQueueInOrder(t *testing.T) {
	u, th := newTestUI(t)
	ctx := context.Background()
	first := startAuthorize(t, u, th, ctx, "first")
	second := startAuthorize(t, u, th, ctx, "second")
	third := startAuthorize(t, u, th, ctx, "third")

	for i, want := range []struct {
		name   string
		answer string
		ch     <-chan result[bool]
		allow  bool
	}{
		{"first", "Allow", first, true},
		{"second", "Deny", second, false},
		{"third", "Allow", third, true},
	} {
		if got := shownScope(t, u, th); got != want.name {
			t.Fatalf("prompt %d on screen is %q, want %q", i+1, got, want.name)
		}
		if n := windowsTitled(u, th, "Authorize · minihost demo"); n != 1 {
			t.Fatalf("%d authorize windows open, want one at a time", n)
		}
		p := shownPrompt(t, u, th, "Authorize · minihost demo")
		tap(th, button(t, content(p), want.answer))
		if r := await(t, want.ch); r.v != want.allow || r.err != nil {
			t.Errorf("%s: Authorize = (%v, %v), want (%v, nil)", want.name, r.v, r.err, want.allow)
		}
	}
	noPrompt(t, u, th)
}

func TestCallerCancelClosesItsPrompt(t *testing.T) {
	u, th := newTestUI(t)
	ctxA, cancelA := context.WithCancel(context.Background())
	ctxB, cancelB := context.WithCancel(context.Background())
	defer cancelA()
	defer cancelB()
	a := startAuthorize(t, u, th, ctxA, "first")
	b := startAuthorize(t, u, th, ctxB, "second")
	c := startAuthorize(t, u, th, context.Background(), "third")

	// A queued prompt whose caller gives up never shows.
	cancelB()
	if r := await(t, b); !errors.Is(r.err, context.Canceled) {
		t.Errorf("cancelled queued prompt: Authorize error = %v, want context.Canceled", r.err)
	}
	if got := shownScope(t, u, th); got != "first" {
		t.Fatalf("after cancelling the queued prompt, %q is on screen, want first", got)
	}
	stillWaiting(t, a)

	// The prompt on screen closes itself when its caller gives up; the next
	// one still waiting (not the cancelled one) takes its place.
	cancelA()
	if r := await(t, a); !errors.Is(r.err, context.Canceled) {
		t.Errorf("cancelled shown prompt: Authorize error = %v, want context.Canceled", r.err)
	}
	if got := shownScope(t, u, th); got != "third" {
		t.Fatalf("after cancelling the shown prompt, %q is on screen, want third", got)
	}
	if n := windowsTitled(u, th, "Authorize · minihost demo"); n != 1 {
		t.Errorf("%d authorize windows open after the cancel, want 1", n)
	}
	p := shownPrompt(t, u, th, "Authorize · minihost demo")
	tap(th, button(t, content(p), "Allow"))
	if r := await(t, c); !r.v || r.err != nil {
		t.Errorf("third: Authorize = (%v, %v), want (true, nil)", r.v, r.err)
	}
	noPrompt(t, u, th)
}

func TestCallerDeadline(t *testing.T) {
	u, th := newTestUI(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	got := async(func() (bool, error) {
		return u.UserProfile(ctx, app.ProfileRequest{App: demoApp, Persona: alice, Desc: "x"})
	})
	if r := await(t, got); !errors.Is(r.err, context.DeadlineExceeded) {
		t.Errorf("UserProfile = %v after the caller's deadline, want context.DeadlineExceeded", r.err)
	}
	noPrompt(t, u, th)
}

func TestWindowClosedEndsPrompts(t *testing.T) {
	u, th := newTestUI(t)
	shown := startAuthorize(t, u, th, context.Background(), "first")
	queued := startAuthorize(t, u, th, context.Background(), "second")
	th.run(u.stop) // what quitting the main window does
	for i, ch := range []<-chan result[bool]{shown, queued} {
		if r := await(t, ch); !errors.Is(r.err, ErrWindowClosed) || !errors.Is(r.err, app.ErrCancelled) {
			t.Errorf("prompt %d: error = %v, want ErrWindowClosed (an app.ErrCancelled)", i+1, r.err)
		}
	}
	// Later prompts do not wait for a window that is gone.
	if _, err := u.Settings(context.Background(), app.SettingsRequest{App: demoApp}); !errors.Is(err, ErrWindowClosed) {
		t.Errorf("Settings after the window closed: %v, want ErrWindowClosed", err)
	}
}

func TestDifferentPromptsShareTheQueue(t *testing.T) {
	u, th := newTestUI(t)
	auth := startAuthorize(t, u, th, context.Background(), "first")
	prof := async(func() (bool, error) {
		return u.UserProfile(context.Background(), app.ProfileRequest{App: demoApp, Persona: alice, Desc: "d"})
	})
	// The profile prompt waits behind the authorize prompt.
	eventually(t, th, "the profile prompt queued", func() bool { u.mu.Lock(); defer u.mu.Unlock(); return len(u.queue) == 1 })
	if n := windowsTitled(u, th, "User profile · minihost demo"); n != 0 {
		t.Fatalf("profile window shown while the authorize prompt is up")
	}
	key(th, shownPrompt(t, u, th, "Authorize · minihost demo"), fyne.KeyEscape)
	if r := await(t, auth); r.v || r.err != nil {
		t.Errorf("Authorize = (%v, %v), want (false, nil)", r.v, r.err)
	}
	key(th, shownPrompt(t, u, th, "User profile · minihost demo"), fyne.KeyReturn)
	if r := await(t, prof); !r.v || r.err != nil {
		t.Errorf("UserProfile = (%v, %v), want (true, nil)", r.v, r.err)
	}
}
