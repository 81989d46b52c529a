package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// bannerLines is what the banner lists under its title; nil while hidden.
func bannerLines(mw *mainWindow) []string {
	if !mw.active.Visible() {
		return nil
	}
	labels := texts(mw.active)
	if len(labels) != 2 || labels[0] != activeTitle {
		return labels // not the banner's shape: fails the comparison
	}
	return strings.Split(labels[1], "\n")
}

// TestActiveBanner sets each kind of test condition through the Host or
// Broker API, as the control API does, and checks that the window's banner
// lists it, then hides once it is cleared.
func TestActiveBanner(t *testing.T) {
	fault := func(spec app.FaultSpec) func(*testWindow) error {
		return func(tw *testWindow) error { _, err := tw.host.InjectFault(spec); return err }
	}
	policy := func(key, p string) func(*testWindow) error {
		return func(tw *testWindow) error {
			pol, err := app.ParsePromptPolicy(p)
			if err != nil {
				return err
			}
			return tw.prompts.SetPolicy(key, pol)
		}
	}
	clearFaults := func(tw *testWindow) error { tw.host.ClearFaults(""); return nil }
	tests := []struct {
		name  string
		set   func(*testWindow) error
		want  []string
		clear func(*testWindow) error
	}{
		{"wx fault", fault(app.FaultSpec{API: "login", Times: 2, ErrMsg: "system error", ErrCode: 1}),
			[]string{`Fault #1 · login fails with errCode 1 "system error" · 2 more calls`},
			func(tw *testWindow) error { tw.host.ClearFaults("login"); return nil }},
		{"server fault", fault(app.FaultSpec{API: "server.jscode2session", Times: 1, ErrCode: 45011}),
			[]string{"Fault #1 · server.jscode2session fails with errcode 45011 · 1 more call"},
			func(tw *testWindow) error { tw.host.RemoveFault(1); return nil }},
		{"hang", fault(app.FaultSpec{API: "server.token", Hang: true}),
			[]string{"Fault #1 · server.token hangs until the caller gives up · every call until cleared"}, clearFaults},
		{"delay then fail", fault(app.FaultSpec{API: "login", Times: 3, Delay: 2 * time.Second, ErrMsg: "busy"}),
			[]string{`Fault #1 · login is delayed 2s, then fails "busy" · 3 more calls`}, clearFaults},
		{"scope policy", policy("scope.userLocation", "deny"),
			[]string{"Prompts · scope.userLocation → deny (answered Deny without showing)"},
			func(tw *testWindow) error { return tw.prompts.ClearPolicy("scope.userLocation") }},
		{"after policy", policy("startSoterAuthentication", "after:2s"),
			[]string{"Prompts · startSoterAuthentication → after:2s (shown, answered Allow after 2s)"},
			func(tw *testWindow) error { tw.prompts.ClearPolicies(); return nil }},
		{"default policy", policy(app.PolicyDefaultKey, "allow"),
			[]string{"Prompts · default → allow (answered Allow without showing)"},
			policy(app.PolicyDefaultKey, "ask")},
		{"timeout overrides", func(tw *testWindow) error {
			return tw.host.SetTimeoutOverrides(app.Timeouts{CodeTTL: 10 * time.Second, LoginExpiry: 30 * time.Second})
		}, []string{
			"Timeout · login codes are valid for 10s (normally 5m0s)",
			"Timeout · sessions expire after 30s idle (normally 24h0m0s)",
		}, func(tw *testWindow) error { return tw.host.SetTimeoutOverrides(app.Timeouts{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tw := newTestWindow(t)
			tw.th.run(func() {
				if got := bannerLines(tw.mw); got != nil {
					t.Fatalf("banner shown with nothing in force: %q", got)
				}
			})
			if err := tt.set(tw); err != nil {
				t.Fatal(err)
			}
			var got []string
			eventually(t, tw.th, "the banner listing "+tt.name, func() bool {
				got = bannerLines(tw.mw)
				return slices.Equal(got, tt.want)
			})
			tw.th.run(func() {
				// The banner is laid out in the window, above the call log
				// and tabs, not just present in the widget tree.
				if !hasText(tw.content(), activeTitle) {
					t.Error("the banner is not in the window's content")
				}
				top := fyne.CurrentApp().Driver().AbsolutePositionForObject(tw.mw.active)
				split := fyne.CurrentApp().Driver().AbsolutePositionForObject(tw.mw.tabs)
				if size := tw.mw.active.Size(); size.Height < tw.mw.active.MinSize().Height || size.Height == 0 || top.Y+size.Height > split.Y {
					t.Errorf("banner at %v size %v (min %v), tabs at %v: want it sized and above them", top, size, tw.mw.active.MinSize(), split)
				}
			})
			if err := tt.clear(tw); err != nil {
				t.Fatal(err)
			}
			eventually(t, tw.th, "the banner hidden after clearing", func() bool {
				return !tw.mw.active.Visible() && len(tw.mw.active.Objects) == 0
			})
		})
	}
}

// TestActiveFaultCountsDown checks that the banner follows a fault's
// remaining count as calls hit it, and hides when it is used up.
func TestActiveFaultCountsDown(t *testing.T) {
	tw := newTestWindow(t)
	f, err := tw.host.InjectFault(app.FaultSpec{API: "login", Times: 2, ErrMsg: "busy"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range [][]string{
		{`Fault #1 · login fails "busy" · 2 more calls`},
		{`Fault #1 · login fails "busy" · 1 more call`},
		nil, // used up
	} {
		eventually(t, tw.th, "the banner showing "+fmtLines(want), func() bool { return slices.Equal(bannerLines(tw.mw), want) })
		if want == nil {
			break
		}
		// What hostapi does for a call: apply the fault, then record the call.
		id, err := tw.host.ApplyFault(context.Background(), "login")
		if id != f.ID || err == nil {
			t.Fatalf("ApplyFault = (%d, %v), want fault %d failing", id, err, f.ID)
		}
		tw.host.RecordCall(app.CallRecord{Time: time.Now(), AppID: demoID, API: "login", ErrMsg: "login:fail busy", Fault: id})
	}
}

// switchedOn reports whether in has a switch labelled label that is on.
func switchedOn(in fyne.CanvasObject, label string) bool {
	on := false
	walk(in, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == label && c.Checked {
			on = true
		}
	})
	return on
}

func fmtLines(lines []string) string {
	if lines == nil {
		return "nothing (hidden)"
	}
	return "[" + lines[0] + "]"
}

// TestActiveLines checks which policies count as in force: a window's
// prompts are asked by default, so "ask" is news only when the default is
// something else.
func TestActiveLines(t *testing.T) {
	ask, allow := app.Policy{Kind: app.PolicyAsk}, app.Policy{Kind: app.PolicyAllow}
	tests := []struct {
		name string
		pol  *app.Policies
		want []string
	}{
		{"no broker", nil, nil},
		{"all ask", &app.Policies{Default: ask, Rules: map[string]app.Policy{"authorize": ask}}, nil},
		{"rules sorted", &app.Policies{Default: ask, Rules: map[string]app.Policy{"openSetting": allow, "authorize": allow}}, []string{
			"Prompts · authorize → allow (answered Allow without showing)",
			"Prompts · openSetting → allow (answered Allow without showing)",
		}},
		{"ask rule under allow default", &app.Policies{Default: allow, Rules: map[string]app.Policy{"authorize": ask}}, []string{
			"Prompts · default → allow (answered Allow without showing)",
			"Prompts · authorize → ask (shown, waiting for an answer)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := activeLines(nil, tt.pol, app.Timeouts{}, app.Timeouts{}); !slices.Equal(got, tt.want) {
				t.Errorf("activeLines = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWindowFollowsHostState changes host state the way the control API
// does (no call, no window control) and checks that the window shows it:
// WatchState, not polling, drives these refreshes.
func TestWindowFollowsHostState(t *testing.T) {
	ctx := context.Background()
	second := fstest.MapFS{
		"project.config.json": {Data: []byte(`{"appid":"wxsecond0000000001","projectname":"Second app"}`)},
		"app.json":            {Data: []byte(`{"pages":["index"]}`)},
		"index.html":          {Data: []byte(`<script src="/wx.js"></script>`)},
	}
	tests := []struct {
		name   string
		change func(*testWindow) error
		shown  func(*testWindow) bool
	}{
		{"envVersion", func(tw *testWindow) error { return tw.host.SetEnvVersion(ctx, demoID, "trial") },
			func(tw *testWindow) bool { return hasText(tw.content(), demoID+" · trial") }},
		{"persona created", func(tw *testWindow) error {
			_, err := tw.host.CreatePersona(ctx, app.Persona{ID: "dora", NickName: "Dora"})
			return err
		}, func(tw *testWindow) bool { return slices.Contains(tw.mw.personaSelect.Options, "Dora (dora)") }},
		{"persona renamed", func(tw *testWindow) error {
			nick := "Alicia"
			_, err := tw.host.UpdatePersona(ctx, "alice", app.PersonaChange{NickName: &nick})
			return err
		}, func(tw *testWindow) bool {
			return tw.mw.personaSelect.Selected == "Alicia (alice)" && containsText(tw.mw.settings, "Alicia’s authorizations")
		}},
		{"scope set", func(tw *testWindow) error {
			return tw.host.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: demoID, Scope: "scope.camera", On: true})
		},
			func(tw *testWindow) bool { return switchedOn(tw.mw.settings, "Camera") }},
		{"app loaded", func(tw *testWindow) error {
			mp, err := app.LoadMiniProgram(second)
			if err != nil {
				return err
			}
			return tw.host.Load(ctx, mp)
		}, func(tw *testWindow) bool {
			return slices.Contains(tw.mw.appSelect.Options, "Second app (wxsecond0000000001)")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tw := newTestWindow(t)
			if err := tt.change(tw); err != nil {
				t.Fatal(err)
			}
			eventually(t, tw.th, "the window showing the change", func() bool { return tt.shown(tw) })
		})
	}
}

// TestSessionTabShowsIdleExpiry checks that the Session tab turns to
// "expired" when the session idles out, which no change signals.
func TestSessionTabShowsIdleExpiry(t *testing.T) {
	tw := newTestWindow(t)
	if err := tw.host.SetTimeoutOverrides(app.Timeouts{LoginExpiry: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.host.Login(context.Background(), demoID); err != nil {
		t.Fatal(err)
	}
	tw.record("login", `{}`, "login:ok")
	eventually(t, tw.th, "the session shown valid", func() bool { return hasText(tw.mw.session, "Logged in, session valid") })
	eventually(t, tw.th, "the session shown expired", func() bool { return containsText(tw.mw.session, "session expired") })
}
