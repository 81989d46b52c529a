package ui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"runtime/debug"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// Info is what the main window needs besides the Host.
type Info struct {
	BaseURL   string     // where the host listens, e.g. http://127.0.0.1:7878
	AppID     string     // the mini program shown first
	KeyStore  string     // which KeyStore keeps the secrets, for the Biometrics tab
	DataDir   string     // minihost's data dir, for About and the first-run welcome (welcome.go); "" shows no welcome
	Build     Build      // the running binary's version, for About (about.go)
	Endpoints []Endpoint // the emulated WeChat server endpoints, for the Server tab
	// Prompts is the host's prompt broker, whose policies the window shows
	// while they answer without asking (active.go); nil shows none.
	Prompts *app.Broker
	// PageLog holds what the apps' pages reported (compile errors, uncaught
	// exceptions), shown in the Pages tab (pages.go); nil shows none.
	PageLog *app.PageLog
	// Simulator drives the phone-shaped simulator windows (Console tab,
	// console.go); nil shows none.
	Simulator Simulator
	// Shown, when set, is called once the window is on screen.
	Shown func()
}

// Endpoint is one emulated WeChat server endpoint a backend calls.
type Endpoint struct {
	Method, Path string
	Query        string // example query, e.g. "appid=APPID&secret=SECRET"
	Doc          string
}

// Preference keys of the remembered window size. Fyne has no API to read or
// set a window's position, so only the size is remembered.
const (
	prefWidth  = "mainWindow.width"
	prefHeight = "mainWindow.height"
)

var defaultWindowSize = fyne.NewSize(1120, 720)

// Run shows the main window and blocks in the Fyne main loop until the
// window is closed or ctx ends (SIGINT); either way prompts still pending end
// with ErrWindowClosed. It must be called on the main goroutine.
func (u *UI) Run(ctx context.Context, host Host, info Info) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := u.openDisplay(ctx); err != nil {
		u.stop() // prompts waiting for the window end with ErrWindowClosed
		return err
	}
	mw, err := newMainWindow(ctx, u, host, info)
	if err != nil {
		return err
	}
	started := false
	u.app.Lifecycle().SetOnStarted(func() {
		started = true
		if info.Shown != nil {
			info.Shown()
		}
		go releaseStartupGarbage(ctx)
	})
	go func() {
		select {
		case <-ctx.Done():
			u.runOnUI(mw.quit)
		case <-u.done:
		}
	}()
	showWithWMClass(mw.win) // about.go
	u.app.Run()
	u.stop()
	if !started {
		// GLFW could not start (no usable X display): Fyne logged why.
		return errors.New("the window could not be opened (see the log above); run with --headless")
	}
	// Fyne's driver ends the loop itself on SIGINT and SIGTERM, often before
	// the ctx.Done case above gets mw.quit onto the loop; the loop is over,
	// so touching mw here is safe.
	mw.welcomeDone()
	return nil
}

// releaseStartupGarbage returns the heap freed after the first frames to the
// OS. Measuring the first texts makes Fyne parse every font face it may need
// (about 20 MB of tables, most dropped at once); left to the runtime, those
// pages stay resident for minutes in a window that then mostly sits idle.
func releaseStartupGarbage(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-time.After(2 * time.Second):
		debug.FreeOSMemory()
	}
}

// mainWindow is minihost's window. Its fields are only touched on the Fyne
// thread.
type mainWindow struct {
	u    *UI
	host Host
	info Info
	ctx  context.Context
	win  fyne.Window

	console  *consoleTab
	appID    string // the mini program shown
	personas []app.Persona
	updating bool // set while widgets are filled in from the host, so their callbacks stay quiet

	icon          *fyne.Container
	appName       *widget.Label
	appMeta       *widget.Label
	appURL        *widget.Label
	appSelect     *widget.Select
	personaSelect *widget.Select
	personaAvatar *fyne.Container
	status        *widget.Label

	calls    *callLogView
	tabs     *container.AppTabs
	settings *fyne.Container
	session  *fyne.Container
	server   *fyne.Container
	bio      *fyne.Container
	pages    *fyne.Container    // the Pages tab's content (pages.go)
	pagesTab *container.TabItem // its title counts the page errors
	messages *messagesTab       // messages.go
	secretOn bool               // AppSecret revealed
	active   *fyne.Container    // the banner of faults and policies in force (active.go)
	expiry   *time.Timer        // refreshes the Session tab when the shown session idles out

	welcome   *fyne.Container // holds the first-run welcome card while it shows (welcome.go)
	welcomeOn bool            // the welcome is showing and not yet recorded as seen
}

func newMainWindow(ctx context.Context, u *UI, host Host, info Info) (*mainWindow, error) {
	if _, ok := host.App(info.AppID); !ok {
		return nil, fmt.Errorf("ui: app %s is not loaded", info.AppID)
	}
	mw := &mainWindow{u: u, host: host, info: info, ctx: ctx, appID: info.AppID}
	mw.win = u.app.NewWindow("minihost")
	mw.win.SetMaster()
	mw.win.SetCloseIntercept(mw.quit)
	mw.win.SetOnDropped(mw.onDropped) // drop.go: a mini program code image

	mw.icon = container.NewStack()
	mw.appName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	mw.appMeta = muted("")
	mw.appMeta.Wrapping = fyne.TextWrapOff
	mw.appURL = widget.NewLabel("")
	mw.appURL.Selectable = true
	mw.appSelect = widget.NewSelect(nil, func(string) {
		if mw.updating {
			return
		}
		if apps := host.Apps(); mw.appSelect.SelectedIndex() >= 0 && mw.appSelect.SelectedIndex() < len(apps) {
			mw.showApp(apps[mw.appSelect.SelectedIndex()].AppID)
		}
	})
	mw.personaAvatar = container.NewStack()
	mw.personaSelect = widget.NewSelect(nil, func(string) {
		if mw.updating {
			return
		}
		if i := mw.personaSelect.SelectedIndex(); i >= 0 && i < len(mw.personas) {
			mw.switchPersona(mw.personas[i].ID)
		}
	})
	mw.status = muted("")

	// Header: who is loaded (name, appid, envVersion) with the app picker and
	// loader on the right; its URL below; then the persona picker.
	mw.appURL.Truncation = fyne.TextTruncateEllipsis
	titleRow := container.NewBorder(nil, nil, nil,
		container.NewHBox(mw.appSelect, widget.NewButton("Load mini program…", mw.loadDialog),
			widget.NewButtonWithIcon("About", theme.InfoIcon(), mw.showAbout)),
		container.NewHBox(mw.appName, mw.appMeta))
	urlRow := container.NewBorder(nil, nil, nil, container.NewHBox(
		widget.NewButton("Open in browser", mw.openBrowser),
		widget.NewButton("Copy URL", func() { u.app.Clipboard().SetContent(mw.url()) }),
	), mw.appURL)
	header := container.NewBorder(nil, nil, container.NewCenter(mw.icon), nil, container.NewVBox(titleRow, urlRow))
	personaRow := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Persona"), mw.personaAvatar, mw.personaSelect), nil, mw.status)

	mw.calls = newCallLogView()
	mw.settings = container.NewVBox()
	mw.session = container.NewVBox()
	mw.server = container.NewVBox()
	mw.bio = container.NewVBox()
	mw.pages = container.NewVBox()
	mw.pagesTab = container.NewTabItem(pagesTabTitle, container.NewVScroll(container.NewPadded(mw.pages)))
	mw.messages = newMessagesTab(mw)
	mw.console = newConsoleTab(mw)
	mw.tabs = container.NewAppTabs(
		container.NewTabItem("Settings", container.NewVScroll(container.NewPadded(mw.settings))),
		mw.pagesTab,
		container.NewTabItem("Session", container.NewPadded(mw.session)),
		container.NewTabItem("Server", container.NewVScroll(container.NewPadded(mw.server))),
		container.NewTabItem("Biometrics", container.NewPadded(mw.bio)),
		container.NewTabItem("Messages", container.NewPadded(mw.messages.content)),
		container.NewTabItem("Storage", container.NewPadded(newStorageTab(mw).content)), // storage.go
		container.NewTabItem("Console", container.NewPadded(mw.console.content)),        // console.go
	)
	mw.welcome = container.NewVBox()
	split := container.NewHSplit(container.NewBorder(mw.welcome, nil, nil, nil, mw.calls.content), mw.tabs)
	split.Offset = 0.56
	mw.active = container.NewVBox()
	mw.active.Hide()
	top := container.NewVBox(container.NewPadded(header), personaRow, widget.NewSeparator())
	if w := warningsBanner(host.Warnings()); w != nil {
		top.Add(w)
	}
	top.Add(mw.active)
	mw.win.SetContent(container.NewBorder(top, nil, nil, nil, split))

	prefs := u.app.Preferences()
	mw.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWidth, float64(defaultWindowSize.Width))),
		float32(prefs.FloatWithFallback(prefHeight, float64(defaultWindowSize.Height)))))

	mw.watchState() // before the first fill, so no change falls in between
	if err := mw.refreshPersonas(); err != nil {
		return nil, err
	}
	mw.refreshApp()
	mw.refreshActive()
	mw.refreshBiometrics()
	mw.followCalls()
	mw.showWelcomeIfNew()
	return mw, nil
}

// quit remembers the window size and ends the Fyne loop.
func (mw *mainWindow) quit() {
	size := mw.win.Canvas().Size()
	if size.Width > 0 && size.Height > 0 {
		prefs := mw.u.app.Preferences()
		prefs.SetFloat(prefWidth, float64(size.Width))
		prefs.SetFloat(prefHeight, float64(size.Height))
	}
	mw.welcomeDone() // seen, though not dismissed
	mw.u.stop()
	mw.win.Close()
	// The driver's Quit, as Fyne's own SIGINT handler does. App.Quit also
	// stops Fyne's settings-file watcher, and in Fyne 2.7.1 panics (a nil
	// *fsnotify.Watcher in an interface) when that watcher could not be made
	// at start because the user's inotify instances were used up.
	mw.u.app.Driver().Quit()
}

// followCalls shows the stored call log, then every new call as it happens;
// a call of the shown app may have changed its settings or session, so the
// tabs are refreshed too.
func (mw *mainWindow) followCalls() {
	live := mw.host.SubscribeCalls(mw.ctx) // before the replay, so nothing falls in between
	if recs, err := mw.host.Calls(app.CallFilter{Limit: 200}); err != nil {
		mw.u.log.Warn("read call log", "err", err)
	} else {
		mw.calls.Add(recs...)
	}
	go func() {
		for rec := range live {
			mw.u.runOnUI(func() {
				mw.calls.Add(rec)
				if rec.AppID == mw.appID {
					mw.refreshState()
				}
				if rec.Fault != 0 { // the fault counted down, which WatchFaults does not signal
					mw.refreshActive()
				}
			})
		}
	}()
}

// watchState refreshes the window when the host's state changed other than
// by a call it saw or its own controls: the control API switching persona,
// changing settings or expiring a session (WatchState), injecting faults or
// overriding timeouts (WatchFaults), setting prompt policies
// (WatchPolicies), and pages reporting errors (PageLog.Watch). The signals
// are coalesced, and each channel closes when the window's ctx ends.
func (mw *mainWindow) watchState() {
	state := mw.host.WatchState(mw.ctx)
	faults := mw.host.WatchFaults(mw.ctx)
	var policies, pageLog <-chan struct{} // nil without a broker or page log: never ready
	if mw.info.Prompts != nil {
		policies = mw.info.Prompts.WatchPolicies(mw.ctx)
	}
	if mw.info.PageLog != nil {
		pageLog = mw.info.PageLog.Watch(mw.ctx)
	}
	go func() {
		for {
			var ok bool
			var refresh func()
			select {
			case _, ok = <-state:
				refresh = func() {
					mw.refreshPersonas()
					mw.refreshApp()
				}
			case _, ok = <-faults:
				refresh = func() {
					mw.refreshActive()
					mw.refreshSession() // a login expiry override moves the session's expiry
				}
			case _, ok = <-policies:
				refresh = mw.refreshActive
			case _, ok = <-pageLog:
				refresh = func() {
					mw.refreshPages()
					mw.console.refresh()
				}
			}
			if !ok {
				return
			}
			mw.u.runOnUI(refresh)
		}
	}()
}

// url is the app's own origin (app.OriginURL), where its pages are.
func (mw *mainWindow) url() string { return app.OriginURL(mw.info.BaseURL, mw.appID) }

func (mw *mainWindow) openBrowser() { mw.openURL(mw.url()) }

// openURL opens a URL in the person's browser.
func (mw *mainWindow) openURL(s string) {
	u, err := url.Parse(s)
	if err == nil {
		err = mw.u.app.OpenURL(u)
	}
	if err != nil {
		mw.fail("open the browser", err)
	}
}

// showApp makes a loaded app the one the window shows.
func (mw *mainWindow) showApp(appID string) {
	if _, ok := mw.host.App(appID); !ok {
		return
	}
	mw.appID = appID
	mw.refreshApp()
}

// loadDialog picks a mini program directory, loads it into the host (which
// serves it from then on) and shows it. Apps loaded before stay loaded and
// can be shown again from the app picker.
func (mw *mainWindow) loadDialog() {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			mw.fail("choose a folder", err)
			return
		}
		if dir == nil {
			return // cancelled
		}
		mw.loadDir(dir.Path())
	}, mw.win)
}

// loadDir loads a mini program directory off the Fyne thread: reading it and
// creating its AppSecret may take a keychain round trip.
func (mw *mainWindow) loadDir(path string) {
	mw.status.SetText("Loading " + path + "…")
	go func() {
		mp, err := app.LoadMiniProgramDir(mw.ctx, path)
		if err == nil {
			err = mw.host.Load(mw.ctx, mp)
		}
		mw.u.runOnUI(func() {
			if err != nil {
				mw.fail("load "+path, err)
				return
			}
			mw.u.log.Info("mini program loaded from the window", "appid", mp.AppID, "dir", path)
			mw.status.SetText("Loaded " + mp.Name)
			mw.showApp(mp.AppID)
		})
	}()
}

func (mw *mainWindow) switchPersona(id string) {
	if err := mw.host.SwitchPersona(mw.ctx, id); err != nil {
		mw.fail("switch persona", err)
		mw.refreshPersonas()
		return
	}
	mw.u.log.Info("persona switched from the window", "persona", id)
	mw.status.SetText("Now acting as " + mw.host.CurrentPersona().NickName)
	mw.refreshPersonas()
	mw.refreshState()
}

// fail reports an error in the window and the log.
func (mw *mainWindow) fail(what string, err error) {
	mw.u.log.Warn("window: "+what, "err", err)
	mw.status.SetText("Could not " + what + ": " + err.Error())
}

func (mw *mainWindow) refreshPersonas() error {
	ps, err := mw.host.Personas()
	if err != nil {
		return fmt.Errorf("ui: personas: %w", err)
	}
	mw.personas = ps
	cur := mw.host.CurrentPersona()
	opts := make([]string, len(ps))
	sel := -1
	for i, p := range ps {
		opts[i] = p.NickName + " (" + p.ID + ")"
		if p.ID == cur.ID {
			sel = i
		}
	}
	mw.fillSelect(mw.personaSelect, opts, sel)
	mw.personaAvatar.Objects = []fyne.CanvasObject{avatar(cur, 46)}
	mw.personaAvatar.Refresh()
	return nil
}

// fillSelect replaces s's options and selects opts[sel] (none when sel is
// -1), with updating set so that s's OnChanged does not take it for the
// person's choice.
func (mw *mainWindow) fillSelect(s *widget.Select, opts []string, sel int) {
	mw.updating = true
	s.SetOptions(opts)
	s.SetSelectedIndex(sel) // out of range, as -1 is, selects nothing
	mw.updating = false
}

// refreshApp fills the header and tabs for the shown app.
func (mw *mainWindow) refreshApp() {
	a, ok := mw.host.App(mw.appID)
	if !ok {
		return
	}
	mw.win.SetTitle("minihost · " + a.Name)
	mw.icon.Objects = []fyne.CanvasObject{appIcon(a.Info(), 48)}
	mw.icon.Refresh()
	mw.appName.SetText(a.Name)
	meta := a.AppID + " · " + a.EnvVersion
	if a.Version != "" {
		meta += " " + a.Version
	}
	mw.appMeta.SetText(meta)
	mw.appURL.SetText(mw.url())

	apps := mw.host.Apps()
	opts := make([]string, len(apps))
	sel := -1
	for i, x := range apps {
		opts[i] = x.Name + " (" + x.AppID + ")"
		if x.AppID == mw.appID {
			sel = i
		}
	}
	mw.fillSelect(mw.appSelect, opts, sel)
	mw.refreshState()
	mw.refreshPages()
	if mw.console != nil {
		mw.console.refresh()
	}
}

// refreshState rereads what the tabs show for the current persona in the
// shown app.
func (mw *mainWindow) refreshState() {
	mw.refreshSettings()
	mw.refreshSession()
	mw.refreshServer()
	mw.messages.refresh()
}

func (mw *mainWindow) refreshSettings() {
	p := mw.host.CurrentPersona()
	a, _ := mw.host.App(mw.appID)
	s, err := mw.host.Settings(p.ID, mw.appID)
	if err != nil {
		mw.fail("read settings", err)
		return
	}
	rows := []fyne.CanvasObject{
		widget.NewLabelWithStyle(p.NickName+"’s authorizations for "+a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		muted("The page wx.openSetting opens: a switch for each scope the mini program has asked."),
	}
	asked := 0
	for _, si := range app.Scopes() {
		on, ok := s.Auth[si.Scope]
		if !ok {
			continue
		}
		asked++
		scope := si.Scope
		c := widget.NewCheck(si.Name, nil)
		c.Checked = on // before OnChanged, so filling it in is not a change
		c.OnChanged = func(on bool) {
			if err := mw.host.SetScope(mw.ctx, app.ScopeChange{PersonaID: p.ID, AppID: mw.appID, Scope: scope, On: on}); err != nil {
				mw.fail("change "+scope, err)
			} else {
				mw.u.log.Info("scope changed from the window", "appid", mw.appID, "persona", p.ID, "scope", scope, "on", on)
			}
			mw.refreshSettings()
		}
		id := muted(scope)
		id.Wrapping = fyne.TextWrapOff
		rows = append(rows, container.NewBorder(nil, nil, nil, id, c))
	}
	if asked == 0 {
		rows = append(rows, muted("No permission asked yet."))
	}
	sub := widget.NewCheck("Subscription messages (main switch)", nil)
	sub.Checked = s.Subscriptions.MainSwitch
	sub.OnChanged = func(on bool) {
		cur, err := mw.host.Settings(p.ID, mw.appID)
		if err == nil {
			cur.Subscriptions.MainSwitch = on
			err = mw.host.SetSettings(mw.ctx, p.ID, mw.appID, cur)
		}
		if err != nil {
			mw.fail("change subscription messages", err)
		}
		mw.refreshSettings()
	}
	rows = append(rows, widget.NewSeparator(), sub)
	tmpls := slices.Sorted(maps.Keys(s.Subscriptions.ItemSettings))
	for _, t := range tmpls {
		rows = append(rows, muted("  template "+t+": "+s.Subscriptions.ItemSettings[t]))
	}
	rows = append(rows, widget.NewSeparator(), container.NewHBox(widget.NewButton("Clear all authorizations", func() {
		if err := mw.host.ClearAuthorizations(mw.ctx, p.ID, mw.appID); err != nil {
			mw.fail("clear authorizations", err)
		} else {
			mw.u.log.Info("authorizations cleared from the window", "appid", mw.appID, "persona", p.ID)
		}
		mw.refreshSettings()
	})))
	mw.settings.Objects = rows
	mw.settings.Refresh()
}

func (mw *mainWindow) refreshSession() {
	p := mw.host.CurrentPersona()
	st, err := mw.host.Session(p.ID, mw.appID)
	if err != nil {
		mw.fail("read the session", err)
		return
	}
	state := "Not logged in (no wx.login yet)"
	switch {
	case st.LoggedIn && st.Valid:
		state = "Logged in, session valid"
	case st.LoggedIn:
		state = "Logged in, session expired (checkSession fails until the next wx.login)"
	}
	rows := []fyne.CanvasObject{
		widget.NewLabelWithStyle(p.NickName+"’s login", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(state),
	}
	if st.LoggedIn {
		rows = append(rows,
			muted("Logged in at "+st.Created.Local().Format(time.DateTime)),
			muted("Last used "+st.LastUsed.Local().Format(time.DateTime)),
			muted("Expires when idle until "+st.Expires.Local().Format(time.DateTime)))
	}
	expire := widget.NewButton("Expire session now", func() {
		if err := mw.host.ExpireSession(mw.ctx, p.ID, mw.appID); err != nil {
			mw.fail("expire the session", err)
		} else {
			mw.u.log.Info("session expired from the window", "appid", mw.appID, "persona", p.ID)
		}
		mw.refreshSession()
	})
	forget := widget.NewButton("Forget login", func() {
		if err := mw.host.ForgetLogin(mw.ctx, p.ID, mw.appID); err != nil {
			mw.fail("forget the login", err)
		} else {
			mw.u.log.Info("login forgotten from the window", "appid", mw.appID, "persona", p.ID)
		}
		mw.refreshSession()
	})
	if !st.LoggedIn {
		expire.Disable()
		forget.Disable()
	} else if !st.Valid {
		expire.Disable()
	}
	rows = append(rows, container.NewHBox(expire, forget))
	mw.session.Objects = rows
	mw.session.Refresh()

	// An idle session runs out with no change to signal: look again then.
	if mw.expiry != nil {
		mw.expiry.Stop()
	}
	if st.Valid {
		mw.expiry = time.AfterFunc(time.Until(st.Expires)+10*time.Millisecond, func() {
			mw.u.runOnUI(func() {
				if mw.ctx.Err() == nil {
					mw.refreshSession()
				}
			})
		})
	}
}

func (mw *mainWindow) refreshServer() {
	a, ok := mw.host.App(mw.appID)
	if !ok {
		return
	}
	copyBtn := func(value string) *widget.Button {
		return widget.NewButton("Copy", func() { mw.u.app.Clipboard().SetContent(value) })
	}
	secret := "••••••••••••••••••••••••••••••••"
	reveal := "Reveal"
	if mw.secretOn {
		secret, reveal = a.Secret, "Hide"
	}
	secretLabel := widget.NewLabel(secret)
	secretLabel.TextStyle.Monospace = true
	row := func(name string, value fyne.CanvasObject, buttons ...fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewHBox(buttons...), value)
	}
	mono := func(s string) *widget.Label {
		l := wrapped(s)
		l.Wrapping = fyne.TextWrapBreak // long URLs break anywhere rather than widen the window
		l.TextStyle.Monospace = true
		l.Selectable = true
		return l
	}
	rows := []fyne.CanvasObject{
		row("AppID", mono(a.AppID), copyBtn(a.AppID)),
		row("AppSecret", secretLabel,
			widget.NewButton(reveal, func() { mw.secretOn = !mw.secretOn; mw.refreshServer() }),
			copyBtn(a.Secret)),
		row("Backend base URL", mono(mw.info.BaseURL), copyBtn(mw.info.BaseURL)),
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Endpoints your backend calls (instead of api.weixin.qq.com)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	}
	for _, e := range mw.info.Endpoints {
		u := mw.info.BaseURL + e.Path
		if e.Query != "" {
			u += "?" + e.Query
		}
		rows = append(rows, mono(e.Method+" "+u))
		if e.Doc != "" {
			rows = append(rows, muted(e.Doc))
		}
	}
	mw.server.Objects = rows
	mw.server.Refresh()
}

// refreshBiometrics asks the Authenticator off the Fyne thread: a real
// backend answers over D-Bus.
func (mw *mainWindow) refreshBiometrics() {
	go func() {
		ctx, cancel := context.WithTimeout(mw.ctx, 5*time.Second)
		defer cancel()
		bi, err := mw.host.BiometricInfo(ctx)
		mw.u.runOnUI(func() { mw.showBiometrics(bi, err) })
	}()
}

func (mw *mainWindow) showBiometrics(bi app.BiometricInfo, err error) {
	kv := func(k, v string) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabelWithStyle(k, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, wrapped(v))
	}
	var rows []fyne.CanvasObject
	if err != nil {
		rows = append(rows, kv("Authenticator", "unavailable: "+err.Error()))
	} else {
		modes := "none available"
		if len(bi.Modes) > 0 {
			modes = fmt.Sprint(bi.Modes)
		}
		rows = append(rows,
			kv("Authenticator", bi.Name+" "+bi.Version),
			kv("Device", bi.Device),
			kv("Modes", modes),
			kv("Status", bi.Status))
	}
	ks := mw.info.KeyStore
	if ks == "" {
		ks = "unknown"
	}
	rows = append(rows, kv("Key store", ks), container.NewHBox(widget.NewButton("Refresh", mw.refreshBiometrics)))
	mw.bio.Objects = rows
	mw.bio.Refresh()
}
