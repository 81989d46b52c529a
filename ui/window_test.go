package ui

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/assets"
	"github.com/minihost/minihost/biometrics/sim"
)

const demoID = "wx6d696e69686f7374"

// testWindow is a main window on a real Host (bbolt store in a temp dir,
// simulated reader) whose Prompter is the UI under test.
type testWindow struct {
	u       *UI
	th      *uiThread
	host    *app.Host
	prompts *app.Broker  // the window's Info.Prompts, for its policies; not the host's Prompter
	pageLog *app.PageLog // the window's Info.PageLog
	mw      *mainWindow
	ctx     context.Context
}

func newTestWindow(t *testing.T) *testWindow {
	t.Helper()
	return newTestWindowOf(t, assets.Demo())
}

// newTestWindowOf is newTestWindow with another mini program than the demo.
func newTestWindowOf(t *testing.T, project fs.FS) *testWindow {
	t.Helper()
	u, th := newTestUI(t)
	ctx, cancel := context.WithCancel(context.Background())
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	host, err := app.New(ctx, app.Options{Store: db, Keys: db.Keys(), Prompter: u, Auth: sim.New(), Logger: u.log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		host.Close()
		db.Close()
	})
	mp, err := app.LoadMiniProgram(project)
	if err != nil {
		t.Fatal(err)
	}
	if err := host.Load(ctx, mp); err != nil {
		t.Fatal(err)
	}
	host.SetBaseURL("http://127.0.0.1:7878")
	tw := &testWindow{u: u, th: th, host: host, ctx: ctx, prompts: app.NewBroker(u, app.Policy{Kind: app.PolicyAsk}, u.log), pageLog: app.NewPageLog(0)}
	th.run(func() {
		tw.mw, err = newMainWindow(ctx, u, host, Info{
			BaseURL: "http://127.0.0.1:7878", AppID: demoID, KeyStore: "test key store", Prompts: tw.prompts, PageLog: tw.pageLog,
			Endpoints: []Endpoint{{Method: "GET", Path: "/sns/jscode2session", Query: "appid=APPID&secret=SECRET&js_code=CODE&grant_type=authorization_code"}},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return tw
}

func (tw *testWindow) content() fyne.CanvasObject { return tw.mw.win.Content() }

// record adds a call log record the way hostapi does after a call.
func (tw *testWindow) record(api, args, errMsg string) {
	tw.host.RecordCall(app.CallRecord{
		Time: time.Now(), AppID: demoID, Persona: tw.host.CurrentPersona().ID, API: api,
		Args: json.RawMessage(args), Result: json.RawMessage(`{"errMsg":"` + errMsg + `"}`), ErrMsg: errMsg, Duration: 3 * time.Millisecond,
	})
}

func TestMainWindowHeader(t *testing.T) {
	tw := newTestWindow(t)
	tw.th.run(func() {
		for _, want := range []string{"minihost demo", demoID + " · develop", "http://" + demoID + ".localhost:7878"} {
			if !hasText(tw.content(), want) {
				t.Errorf("header lacks %q; has %q", want, texts(tw.content()))
			}
		}
		if got := tw.mw.win.Title(); got != "minihost · minihost demo" {
			t.Errorf("window title = %q", got)
		}
		test.Tap(button(t, tw.content(), "Copy URL"))
		if got := tw.u.app.Clipboard().Content(); got != "http://"+demoID+".localhost:7878" {
			t.Errorf("Copy URL put %q on the clipboard", got)
		}
	})
}

func TestPersonaSwitch(t *testing.T) {
	tw := newTestWindow(t)
	tw.th.run(func() {
		if got := tw.mw.personaSelect.Selected; got != "Alice (alice)" {
			t.Errorf("persona picker shows %q, want Alice (alice)", got)
		}
		if !containsText(tw.mw.settings, "Alice’s authorizations") {
			t.Errorf("Settings tab is not Alice's: %q", texts(tw.mw.settings))
		}
		// What the person does: pick Bob in the persona picker.
		tw.mw.personaSelect.SetSelected("Bob (bob)")
	})
	if got := tw.host.CurrentPersona().ID; got != "bob" {
		t.Fatalf("after picking Bob the host's persona is %q", got)
	}
	tw.th.run(func() {
		if !containsText(tw.mw.settings, "Bob’s authorizations") || !containsText(tw.mw.session, "Bob’s login") {
			t.Errorf("tabs not refreshed for Bob: %q / %q", texts(tw.mw.settings), texts(tw.mw.session))
		}
		if !containsText(tw.content(), "Now acting as Bob") {
			t.Errorf("persona switch not shown in the window: %q", texts(tw.content()))
		}
	})
}

func TestSettingsTab(t *testing.T) {
	tw := newTestWindow(t)
	ctx := context.Background()

	// A real wx.authorize: the prompt is this UI's dialog; Allow grants the
	// scope, and the call record makes the tab show the switch on.
	got := async(func() (app.Result, error) { return tw.host.Authorize(ctx, demoID, "scope.userLocation") })
	p := shownPrompt(t, tw.u, tw.th, "Authorize · minihost demo")
	tap(tw.th, button(t, content(p), "Allow"))
	if r := await(t, got); r.err != nil || r.v["errMsg"] != "authorize:ok" {
		t.Fatalf("Authorize = (%v, %v), want authorize:ok", r.v, r.err)
	}
	tw.record("authorize", `{"scope":"scope.userLocation"}`, "authorize:ok")
	var loc *widget.Check
	eventually(t, tw.th, "the location switch on in the Settings tab", func() bool {
		if !hasCheck(tw.mw.settings, "Your location") {
			return false
		}
		loc = check(t, tw.mw.settings, "Your location")
		return loc.Checked
	})

	// Turning the switch off in the tab changes the host's settings.
	tap(tw.th, loc)
	s, err := tw.host.Settings("alice", demoID)
	if err != nil {
		t.Fatal(err)
	}
	if on, asked := s.Auth["scope.userLocation"]; !asked || on {
		t.Errorf("after switching off in the tab, authSetting = %v, want scope.userLocation false", s.Auth)
	}
	// ...and back on.
	tw.th.run(func() { loc = check(t, tw.mw.settings, "Your location") })
	tap(tw.th, loc)
	if s, _ := tw.host.Settings("alice", demoID); !s.Auth["scope.userLocation"] {
		t.Errorf("after switching on in the tab, authSetting = %v", s.Auth)
	}

	var sub *widget.Check
	tw.th.run(func() { sub = check(t, tw.mw.settings, "Subscription messages (main switch)") })
	tap(tw.th, sub)
	if s, _ := tw.host.Settings("alice", demoID); s.Subscriptions.MainSwitch {
		t.Error("subscription main switch still on after switching it off in the tab")
	}

	var clear *widget.Button
	tw.th.run(func() { clear = button(t, tw.mw.settings, "Clear all authorizations") })
	tap(tw.th, clear)
	if s, _ := tw.host.Settings("alice", demoID); len(s.Auth) != 0 {
		t.Errorf("after Clear all authorizations, authSetting = %v, want empty", s.Auth)
	}
	tw.th.run(func() {
		if hasCheck(tw.mw.settings, "Your location") || !hasText(tw.mw.settings, "No permission asked yet.") {
			t.Errorf("Settings tab after clearing: %q", texts(tw.mw.settings))
		}
	})
}

func TestCallLog(t *testing.T) {
	tw := newTestWindow(t)
	tw.record("login", `{}`, "login:ok")
	tw.record("authorize", `{"scope":"scope.bogus"}`, "authorize:fail invalid scope")
	tw.record("login", `{"timeout":1000}`, "login:ok")
	v := tw.mw.calls
	eventually(t, tw.th, "three calls in the log", func() bool { return len(v.Shown()) == 3 })

	tw.th.run(func() {
		if apis := v.filterSel.Options; !slices.Equal(apis, []string{allAPIs, "authorize", "login"}) {
			t.Errorf("filter options = %q", apis)
		}
		v.filterSel.SetSelected("login")
		if got := v.Shown(); len(got) != 2 || got[0].API != "login" || got[1].API != "login" {
			t.Errorf("filtered by login: %d rows %v", len(got), got)
		}
		v.filterSel.SetSelected("authorize")
		v.list.Select(0)
		for _, want := range []string{`"scope": "scope.bogus"`, `"errMsg": "authorize:fail invalid scope"`, "Request:", "Response:"} {
			if !strings.Contains(v.detail.Text, want) {
				t.Errorf("detail of the selected row lacks %q:\n%s", want, v.detail.Text)
			}
		}
		v.filterSel.SetSelected(allAPIs)
		if v.detail.Text != detailHint {
			t.Errorf("detail kept after the filter changed: %q", v.detail.Text)
		}
	})

	// New calls follow live; the row shows short args and the errMsg.
	tw.record("getSetting", `{"withSubscriptions":true}`, "getSetting:ok")
	eventually(t, tw.th, "the new call", func() bool { return len(v.Shown()) == 4 })
	tw.th.run(func() {
		row := v.list.CreateItem()
		v.list.UpdateItem(3, row)
		var cells []string
		for _, c := range row.(*fyne.Container).Objects {
			cells = append(cells, c.(*widget.Label).Text)
		}
		if cells[1] != "getSetting" || cells[2] != `{"withSubscriptions":true}` || cells[3] != "getSetting:ok" || cells[4] != "3ms" {
			t.Errorf("row = %q", cells)
		}
		test.Tap(button(t, tw.content(), "Clear"))
		if n := len(v.Shown()); n != 0 {
			t.Errorf("%d rows after Clear", n)
		}
	})
	if stored, err := tw.host.Calls(app.CallFilter{}); err != nil || len(stored) != 4 {
		t.Errorf("Clear must only clear the view: host.Calls = %d records, %v", len(stored), err)
	}
	tw.record("login", `{}`, "login:ok")
	eventually(t, tw.th, "a call after Clear", func() bool { return len(v.Shown()) == 1 })
}

func TestSessionTab(t *testing.T) {
	tw := newTestWindow(t)
	tw.th.run(func() {
		if !hasText(tw.mw.session, "Not logged in (no wx.login yet)") {
			t.Errorf("session tab before login: %q", texts(tw.mw.session))
		}
	})
	if _, err := tw.host.Login(context.Background(), demoID); err != nil {
		t.Fatal(err)
	}
	tw.record("login", `{}`, "login:ok")
	eventually(t, tw.th, "logged in shown", func() bool { return hasText(tw.mw.session, "Logged in, session valid") })

	var expire, forget *widget.Button
	tw.th.run(func() { expire = button(t, tw.mw.session, "Expire session now") })
	tap(tw.th, expire)
	if st, _ := tw.host.Session("alice", demoID); !st.LoggedIn || st.Valid {
		t.Errorf("after Expire session now: %+v, want logged in but not valid", st)
	}
	tw.th.run(func() {
		if !containsText(tw.mw.session, "session expired") {
			t.Errorf("session tab after expiring: %q", texts(tw.mw.session))
		}
		forget = button(t, tw.mw.session, "Forget login")
	})
	tap(tw.th, forget)
	if st, _ := tw.host.Session("alice", demoID); st.LoggedIn {
		t.Errorf("after Forget login: %+v, want no session", st)
	}
}

func TestServerTab(t *testing.T) {
	tw := newTestWindow(t)
	a, _ := tw.host.App(demoID)
	tw.th.run(func() {
		if containsText(tw.mw.server, a.Secret) {
			t.Error("AppSecret shown before Reveal")
		}
		for _, want := range []string{"http://127.0.0.1:7878", "GET http://127.0.0.1:7878/sns/jscode2session?appid=APPID&secret=SECRET&js_code=CODE&grant_type=authorization_code"} {
			if !hasText(tw.mw.server, want) {
				t.Errorf("server tab lacks %q: %q", want, texts(tw.mw.server))
			}
		}
		test.Tap(button(t, tw.mw.server, "Reveal"))
		if !hasText(tw.mw.server, a.Secret) {
			t.Error("AppSecret not shown after Reveal")
		}
		test.Tap(button(t, tw.mw.server, "Hide"))
		if containsText(tw.mw.server, a.Secret) {
			t.Error("AppSecret still shown after Hide")
		}
		// The AppSecret's Copy is the second Copy (after the AppID's).
		var copies []*widget.Button
		walk(tw.mw.server, func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && b.Text == "Copy" {
				copies = append(copies, b)
			}
		})
		test.Tap(copies[1])
		if got := tw.u.app.Clipboard().Content(); got != a.Secret {
			t.Errorf("Copy put %q on the clipboard, want the AppSecret", got)
		}
	})
}

func TestBiometricsTab(t *testing.T) {
	tw := newTestWindow(t)
	eventually(t, tw.th, "the authenticator shown", func() bool { return hasText(tw.mw.bio, "simulated 1") })
	tw.th.run(func() {
		for _, want := range []string{"simulated reader", "[fingerPrint facial]", "test key store"} {
			if !hasText(tw.mw.bio, want) {
				t.Errorf("biometrics tab lacks %q: %q", want, texts(tw.mw.bio))
			}
		}
	})
}

func TestLoadMiniProgram(t *testing.T) {
	tw := newTestWindow(t)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"project.config.json": `{"appid":"wxsecond0000000001","projectname":"Second app"}`,
		"app.json":            `{"pages":["index"]}`,
		"index.html":          `<script src="/wx.js"></script>`,
		"minihost.json":       `{"envVersion":"release","version":"2.1.0"}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tw.th.run(func() { tw.mw.loadDir(dir) }) // what the folder picker does with the chosen folder
	eventually(t, tw.th, "the second app shown", func() bool { return tw.mw.appID == "wxsecond0000000001" })
	if _, ok := tw.host.App("wxsecond0000000001"); !ok {
		t.Fatal("the chosen folder was not loaded into the host")
	}
	tw.th.run(func() {
		if !hasText(tw.content(), "Second app") || !hasText(tw.content(), "wxsecond0000000001 · release 2.1.0") {
			t.Errorf("header after loading: %q", texts(tw.content()))
		}
		// The first app stays loaded and can be shown again.
		tw.mw.appSelect.SetSelected("minihost demo (" + demoID + ")")
		if tw.mw.appID != demoID {
			t.Errorf("picking the demo again shows %s", tw.mw.appID)
		}
	})

	tw.th.run(func() { tw.mw.loadDir(t.TempDir()) }) // not a mini program
	eventually(t, tw.th, "the load error shown", func() bool { return containsText(tw.content(), "project.config.json") })
}

func TestWindowSizeRemembered(t *testing.T) {
	tw := newTestWindow(t)
	tw.th.run(func() {
		if got := tw.mw.win.Canvas().Size(); got != defaultWindowSize {
			t.Errorf("first window size = %v, want the default %v", got, defaultWindowSize)
		}
		tw.mw.win.Resize(fyne.NewSize(900, 640))
		tw.mw.quit()
	})
	prefs := tw.u.app.Preferences()
	if w, h := prefs.Float(prefWidth), prefs.Float(prefHeight); w != 900 || h != 640 {
		t.Errorf("remembered size = %vx%v, want 900x640", w, h)
	}
	// quit ends the UI: prompts no longer wait for it.
	if _, err := tw.u.Authorize(context.Background(), scopeReq("x")); err == nil {
		t.Error("a prompt after quit did not fail")
	}
	var mw *mainWindow
	var err error
	tw.th.run(func() { mw, err = newMainWindow(tw.ctx, tw.u, tw.host, Info{AppID: demoID}) })
	if err != nil {
		t.Fatal(err)
	}
	if got := mw.win.Canvas().Size(); got != fyne.NewSize(900, 640) {
		t.Errorf("next window size = %v, want the remembered 900x640", got)
	}
}

func TestRunEndsWithContext(t *testing.T) {
	tw := newTestWindow(t)
	ctx, cancel := context.WithCancel(tw.ctx)
	cancel()
	// The test app's Run returns at once; Run then stops the UI, and a window
	// that never started is an error main reports.
	var err error
	tw.th.run(func() { err = tw.u.Run(ctx, tw.host, Info{AppID: demoID}) }) // Run is called on the Fyne thread
	if err == nil || !strings.Contains(err.Error(), "--headless") {
		t.Errorf("Run without a started window = %v, want an error pointing at --headless", err)
	}
	if !tw.u.stopped.Load() {
		t.Error("UI not stopped after Run returned")
	}
}

func TestWindowFollowsOutsideChanges(t *testing.T) {
	tw := newTestWindow(t)
	ctx := context.Background()
	// What the control API does: no wx call, no window control involved.
	if err := tw.host.SwitchPersona(ctx, "xiaoming"); err != nil {
		t.Fatal(err)
	}
	if err := tw.host.SetScope(ctx, app.ScopeChange{PersonaID: "xiaoming", AppID: demoID, Scope: "scope.camera", On: true}); err != nil {
		t.Fatal(err)
	}
	eventually(t, tw.th, "the window showing xiaoming's settings", func() bool {
		return tw.mw.personaSelect.Selected == "小明 (xiaoming)" && hasCheck(tw.mw.settings, "Camera") && check(t, tw.mw.settings, "Camera").Checked
	})
}

// brokenQuitApp is a Fyne app whose Quit panics as Fyne 2.7.1's does when it
// could not watch its settings file at start (inotify instances used up); its
// driver records being told to quit.
type brokenQuitApp struct {
	fyne.App
	driver *quitRecorder
}

func (a brokenQuitApp) Quit() {
	panic("runtime error: invalid memory address or nil pointer dereference")
}
func (a brokenQuitApp) Driver() fyne.Driver { return a.driver }

type quitRecorder struct {
	fyne.Driver
	quits int
}

func (d *quitRecorder) Quit() { d.quits++ }

// Closing the window ends the Fyne loop without App.Quit, which panicked in a
// CI run where the settings watcher had failed; the person's close still
// records the welcome as seen.
func TestQuitSurvivesFynesBrokenAppQuit(t *testing.T) {
	tw := newTestWindow(t)
	d := &quitRecorder{Driver: tw.u.app.Driver()}
	tw.u.app = brokenQuitApp{App: tw.u.app, driver: d}
	dataDir := t.TempDir()
	mw := openWindow(t, tw, dataDir)
	tw.th.run(mw.quit)
	if d.quits != 1 {
		t.Errorf("the driver was told to quit %d times, want 1", d.quits)
	}
	if _, err := os.Stat(filepath.Join(dataDir, welcomeMarker)); err != nil {
		t.Errorf("welcome not recorded as seen: %v", err)
	}
}
