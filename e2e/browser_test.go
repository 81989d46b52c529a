package e2e

// The demo mini program in real headless Chromium: real clicks on every API button (so
// getUserProfile and openSetting carry a user gesture), the no-gesture rule, "Run all", and then
// the developer's backend checks what the page got.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/minihost/minihost/internal/headless"
)

// chromiumPath finds Chromium; the e2e tests need it (installed by `make deps`).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MINIHOST_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium not found (/usr/bin/chromium or on PATH): run `make deps` to install it (Debian package chromium), or set MINIHOST_CHROMIUM")
	return ""
}

// page drives one Chromium tab.
type page struct {
	t   *testing.T
	ctx context.Context
	*browserLog
}

func newPage(t *testing.T, timeout time.Duration) *page {
	t.Helper()
	ctx, log := startChromium(t, timeout, 1280, 900)
	return &page{t: t, ctx: ctx, browserLog: log}
}

// browserLog records a tab's uncaught exceptions and console messages.
type browserLog struct {
	mu         sync.Mutex
	exceptions []string
	console    []string
}

// startChromium starts a headless Chromium whose window is width×height,
// for the whole test: its tab's context, and what the tab logs (the
// console is printed when the test ends).
func startChromium(t *testing.T, timeout time.Duration, width, height int) (context.Context, *browserLog) {
	t.Helper()
	opts := append(headless.Options(chromiumPath(t), t.TempDir()), chromedp.WindowSize(width, height))
	base, cancelBase := context.WithTimeout(context.Background(), timeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(base, opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	l := &browserLog{}
	t.Cleanup(func() {
		chromedp.Cancel(ctx)
		cancelCtx()
		cancelAlloc()
		cancelBase()
		l.mu.Lock()
		defer l.mu.Unlock()
		if len(l.console) > 0 {
			t.Logf("browser console:\n%s", strings.Join(l.console, "\n"))
		}
	})
	err := chromedp.Listen(ctx, func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			l.exceptions = append(l.exceptions, exceptionText(ev.ExceptionDetails))
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			l.console = append(l.console, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " ")))
		}
	})
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, l
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "?"
	}
	s := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		s += " " + d.Exception.Description
	}
	return fmt.Sprintf("%s (%s:%d)", s, d.URL, d.LineNumber+1)
}

// use makes p report to t until the returned func restores the previous test.
func (p *page) use(t *testing.T) func() {
	prev := p.t
	p.t = t
	return func() { p.t = prev }
}

func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

func (p *page) eval(expr string) json.RawMessage {
	p.t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return raw
}

func (p *page) evalObject(expr string) map[string]any {
	p.t.Helper()
	var m map[string]any
	raw := p.eval(expr)
	if err := json.Unmarshal(raw, &m); err != nil {
		p.t.Fatalf("evaluate %s: not an object: %s", expr, raw)
	}
	return m
}

func (p *page) evalString(expr string) string {
	p.t.Helper()
	var s string
	raw := p.eval(expr)
	if err := json.Unmarshal(raw, &s); err != nil {
		p.t.Fatalf("evaluate %s: not a string: %s", expr, raw)
	}
	return s
}

// waitFor polls a JS expression until it is truthy.
func (p *page) waitFor(what, expr string, timeout time.Duration) {
	p.t.Helper()
	end := time.Now().Add(timeout)
	for {
		if string(p.eval("!!("+expr+")")) == "true" {
			return
		}
		if time.Now().After(end) {
			p.t.Fatalf("waiting for %s: %s still false after %v", what, expr, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clickAPI clicks #btn-<api> (a real mouse click) and returns the JSON shown in #out-<api>.
func (p *page) clickAPI(api string) map[string]any {
	p.t.Helper()
	out := "document.getElementById('out-" + api + "')"
	p.eval(out + ".textContent = ''")
	p.do("click #btn-"+api, chromedp.Click(chromedp.ID("btn-"+api)))
	p.waitFor("#out-"+api, out+".textContent !== ''", 30*time.Second)
	return p.output(api)
}

func (p *page) output(api string) map[string]any {
	p.t.Helper()
	text := p.evalString("document.getElementById('out-" + api + "').textContent")
	var m map[string]any
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		p.t.Fatalf("#out-%s is not JSON: %v\n%s", api, err, text)
	}
	return m
}

func (p *page) setValue(id, value string) {
	p.t.Helper()
	p.do("set #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// TestBrowserHTMLDemo drives a mini program whose pages are written as HTML (the HTML path:
// e2e/testdata/miniprograms/html-demo, the demo before the WXML one, with the same appid):
// every open interface from a real click, the backend, Run all. The WXML demo is played by
// TestWXMLRuntime.
func TestBrowserHTMLDemo(t *testing.T) {
	h := StartHost(t, "allow", fixtureDir(t, "html-demo"))
	p := newPage(t, 150*time.Second)

	p.do("open the HTML demo", chromedp.Navigate(h.Demo.URL), chromedp.WaitVisible(chromedp.ID("btn-runAll")))
	if got := p.evalString("location.pathname"); got != "/pages/index/index.html" {
		t.Errorf("the app URL %s landed on %s, want the first page of app.json", h.Demo.URL, got)
	}
	if got := p.evalString("typeof wx"); got != "object" {
		t.Fatalf("typeof wx = %q after loading the page", got)
	}

	// Boot is synchronous: the header was filled from getAccountInfoSync by page code at load.
	if got := p.evalString("document.getElementById('account').textContent"); !strings.HasPrefix(got, DemoAppID+" · develop") {
		t.Errorf("#account = %q, want it to start with %q", got, DemoAppID+" · develop")
	}

	t.Run("no user gesture", func(t *testing.T) {
		defer p.use(t)()
		if got := p.evalString("String(navigator.userActivation.isActive)"); got != "false" {
			t.Fatalf("precondition: navigator.userActivation.isActive = %s on a fresh page", got)
		}
		res := p.evalObject(`wx.getUserProfile({desc: 'Show your profile in the demo'}).then(r => r, e => e)`)
		wantErrMsg(t, "getUserProfile from script", res, "getUserProfile:fail can only be invoked by user TAP gesture.")
		res = p.evalObject(`wx.openSetting().then(r => r, e => e)`)
		wantErrMsg(t, "openSetting from script", res, "openSetting:fail can only be invoked by user TAP gesture.")
	})

	var login, userInfo, profile, soter map[string]any
	t.Run("click every API", func(t *testing.T) {
		defer p.use(t)()

		login = p.clickAPI("login")
		wantErrMsg(t, "login", login, "login:ok")
		if str(login, "code") == "" {
			t.Errorf("login: empty code: %v", login)
		}

		wantErrMsg(t, "checkSession", p.clickAPI("checkSession"), "checkSession:ok")

		info := p.clickAPI("getAccountInfoSync")
		mp := obj(info, "miniProgram")
		if str(mp, "appId") != DemoAppID || str(mp, "envVersion") != "develop" || mp["version"] != "" {
			t.Errorf("getAccountInfoSync.miniProgram = %v, want appId %s, envVersion develop, version \"\"", mp, DemoAppID)
		}
		if pl := obj(info, "plugin"); str(pl, "appId") != "wxpluginDemo000001" || str(pl, "version") != "1.0.0" {
			t.Errorf("getAccountInfoSync.plugin = %v, want the demo's minihost.json plugin", pl)
		}

		// authorize: the default scope, then an invalid one, then scope.userInfo (no prompt).
		if got := p.evalString("document.getElementById('scope').value"); got != "scope.userLocation" {
			t.Errorf("#scope default = %q, want scope.userLocation", got)
		}
		wantErrMsg(t, "authorize scope.userLocation", p.clickAPI("authorize"), "authorize:ok")
		p.setValue("scope", "scope.bogus")
		wantErrMsg(t, "authorize scope.bogus", p.clickAPI("authorize"), "authorize:fail invalid scope")
		p.setValue("scope", "scope.userInfo")
		wantErrMsg(t, "authorize scope.userInfo", p.clickAPI("authorize"), "authorize:ok")
		p.setValue("scope", "scope.userLocation")

		setting := p.clickAPI("getSetting")
		wantErrMsg(t, "getSetting", setting, "getSetting:ok")
		auth := obj(setting, "authSetting")
		if auth["scope.userLocation"] != true || auth["scope.userInfo"] != true {
			t.Errorf("getSetting.authSetting = %v, want scope.userLocation and scope.userInfo true", auth)
		}
		if _, has := auth["scope.bogus"]; has {
			t.Errorf("getSetting.authSetting has the invalid scope: %v", auth)
		}
		if _, has := auth["scope.record"]; has {
			t.Errorf("getSetting.authSetting has scope.record, never asked: %v", auth)
		}

		userInfo = p.clickAPI("getUserInfo")
		wantErrMsg(t, "getUserInfo", userInfo, "getUserInfo:ok")
		for _, k := range []string{"rawData", "signature", "encryptedData", "iv", "cloudID"} {
			if str(userInfo, k) == "" {
				t.Errorf("getUserInfo withCredentials: %s missing: %v", k, userInfo)
			}
		}
		ui := obj(userInfo, "userInfo")
		if str(ui, "nickName") == "" || str(ui, "avatarUrl") == "" {
			t.Errorf("getUserInfo.userInfo needs nickName and avatarUrl: %v", ui)
		}
		for _, k := range []string{"gender", "country", "province", "city", "language"} {
			if _, has := ui[k]; !has {
				t.Errorf("getUserInfo.userInfo lacks %s: %v", k, ui)
			}
		}
		checkAvatar(t, p, str(ui, "avatarUrl"))

		profile = p.clickAPI("getUserProfile")
		wantErrMsg(t, "getUserProfile (tap)", profile, "getUserProfile:ok")
		if str(obj(profile, "userInfo"), "nickName") == "" {
			t.Errorf("getUserProfile.userInfo: %v", profile["userInfo"])
		}
		p.setValue("desc", strings.Repeat("d", 31))
		wantErrMsg(t, "getUserProfile desc of 31 characters", p.clickAPI("getUserProfile"),
			"getUserProfile:fail desc length does not meet the requirements")
		p.setValue("desc", "Show your profile in the demo")

		opened := p.clickAPI("openSetting")
		wantErrMsg(t, "openSetting (tap)", opened, "openSetting:ok")
		if got := obj(opened, "authSetting"); got == nil || got["scope.userLocation"] != true {
			t.Errorf("openSetting.authSetting = %v, want scope.userLocation still true", got)
		}

		support := p.clickAPI("checkIsSupportSoterAuthentication")
		wantErrMsg(t, "checkIsSupportSoterAuthentication", support, "checkIsSupportSoterAuthentication:ok")
		modes, _ := support["supportMode"].([]any)
		if !slices.Contains(modes, any("fingerPrint")) {
			t.Errorf("supportMode = %v, want it to contain fingerPrint", support["supportMode"])
		}

		enrolled := p.clickAPI("checkIsSoterEnrolledInDevice")
		wantErrMsg(t, "checkIsSoterEnrolledInDevice", enrolled, "checkIsSoterEnrolledInDevice:ok")
		if _, ok := enrolled["isEnrolled"].(bool); !ok {
			t.Errorf("checkIsSoterEnrolledInDevice.isEnrolled not a bool: %v", enrolled)
		}

		soter = p.clickAPI("startSoterAuthentication")
		checkSoterResult(t, soter, "demo-challenge-123")

		p.setValue("canIUseName", "getUserInfo.object.withCredentials")
		p.do("click canIUse", chromedp.Click(chromedp.ID("btn-canIUse")))
		if got := p.output("canIUse"); got["canIUse"] != true {
			t.Errorf("canIUse(getUserInfo.object.withCredentials) = %v", got)
		}
	})

	t.Run("backend", func(t *testing.T) {
		defer h.use(t)()
		if userInfo == nil || errMsg(userInfo) != "getUserInfo:ok" {
			t.Skip("getUserInfo did not succeed in the page")
		}
		if errMsg(soter) != "startSoterAuthentication:ok" {
			soter = nil
		}
		checkBackend(t, h, str(login, "code"), userInfo, profile, soter)
	})

	t.Run("run all", func(t *testing.T) {
		defer p.use(t)()
		defer h.use(t)()
		for _, api := range []string{"login", "checkSession", "getAccountInfoSync", "authorize", "getSetting",
			"getUserInfo", "checkIsSupportSoterAuthentication", "checkIsSoterEnrolledInDevice", "startSoterAuthentication"} {
			p.eval("document.getElementById('out-" + api + "').textContent = ''")
		}
		p.eval("document.getElementById('runAll-done').textContent = ''")
		p.setValue("challenge", "run-all-challenge")
		p.do("click Run all", chromedp.Click(chromedp.ID("btn-runAll")))
		p.waitFor("#runAll-done", "document.getElementById('runAll-done').textContent === 'done'", 60*time.Second)

		newLogin := p.output("login")
		wantErrMsg(t, "run all: login", newLogin, "login:ok")
		if c := str(newLogin, "code"); c == "" || c == str(login, "code") {
			t.Errorf("run all: login code %q should be new (first was %q)", c, str(login, "code"))
		}
		wantErrMsg(t, "run all: checkSession", p.output("checkSession"), "checkSession:ok")
		if got := str(obj(p.output("getAccountInfoSync"), "miniProgram"), "appId"); got != DemoAppID {
			t.Errorf("run all: getAccountInfoSync appId = %q", got)
		}
		wantErrMsg(t, "run all: authorize", p.output("authorize"), "authorize:ok")
		wantErrMsg(t, "run all: getSetting", p.output("getSetting"), "getSetting:ok")
		ui := p.output("getUserInfo")
		wantErrMsg(t, "run all: getUserInfo", ui, "getUserInfo:ok")
		wantErrMsg(t, "run all: checkIsSupportSoterAuthentication", p.output("checkIsSupportSoterAuthentication"), "checkIsSupportSoterAuthentication:ok")
		wantErrMsg(t, "run all: checkIsSoterEnrolledInDevice", p.output("checkIsSoterEnrolledInDevice"), "checkIsSoterEnrolledInDevice:ok")
		checkSoterResult(t, p.output("startSoterAuthentication"), "run-all-challenge")

		// The run's own login and getUserInfo form a consistent pair for the backend too.
		if errMsg(ui) == "getUserInfo:ok" && str(newLogin, "code") != "" {
			sess := h.Code2Session(str(newLogin, "code"))
			if key := str(sess, "session_key"); key == "" {
				t.Errorf("jscode2session for the run-all code: %v", sess)
			} else {
				plain := checkUserCredentials(t, "run all: getUserInfo", ui, key, DemoAppID)
				if str(plain, "openId") != str(sess, "openid") {
					t.Errorf("run all: plaintext openId %v != openid %v", plain["openId"], sess["openid"])
				}
			}
		}
	})

	if path := os.Getenv("MINIHOST_E2E_SCREENSHOT"); path != "" {
		if png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(90)); err != nil {
			t.Errorf("screenshot: %v", err)
		} else if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Errorf("screenshot: %v", err)
		}
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.exceptions) > 0 {
		t.Errorf("uncaught exceptions in the page:\n%s", strings.Join(p.exceptions, "\n"))
	}
}

// checkAvatar waits for #avatar to show avatarUrl and checks the image really loaded.
func checkAvatar(t *testing.T, p *page, avatarURL string) {
	t.Helper()
	if avatarURL == "" {
		return
	}
	p.waitFor("#avatar to load", "(() => { const i = document.getElementById('avatar'); return i.src === "+
		jsString(absURL(p, avatarURL))+" && i.complete })()", 10*time.Second)
	if w := string(p.eval("document.getElementById('avatar').naturalWidth")); w == "0" {
		t.Errorf("avatar %s did not load (naturalWidth 0)", avatarURL)
	}
}

func absURL(p *page, u string) string {
	return p.evalString("new URL(" + jsString(u) + ", location.href).href")
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkSoterResult checks a successful startSoterAuthentication result for challenge.
func checkSoterResult(t *testing.T, res map[string]any, challenge string) {
	t.Helper()
	wantErrMsg(t, "startSoterAuthentication", res, "startSoterAuthentication:ok")
	if res["errCode"] != float64(0) {
		t.Errorf("startSoterAuthentication.errCode = %v, want 0", res["errCode"])
	}
	if str(res, "authMode") != "fingerPrint" {
		t.Errorf("startSoterAuthentication.authMode = %v, want fingerPrint", res["authMode"])
	}
	if str(res, "resultJSONSignature") == "" {
		t.Errorf("startSoterAuthentication.resultJSONSignature empty")
	}
	var rj map[string]any
	if err := json.Unmarshal([]byte(str(res, "resultJSON")), &rj); err != nil {
		t.Fatalf("resultJSON is not JSON: %v (%q)", err, res["resultJSON"])
	}
	if rj["raw"] != challenge {
		t.Errorf("resultJSON.raw = %v, want the challenge %q", rj["raw"], challenge)
	}
	for _, k := range []string{"fid", "counter", "tee_n", "tee_v", "fp_n", "fp_v", "cpu_id", "uid"} {
		if _, has := rj[k]; !has {
			t.Errorf("resultJSON lacks %s: %s", k, res["resultJSON"])
		}
	}
}
