package e2e

// WXML mini programs in real headless Chromium (issue 11): minihost runs the fixture project
// e2e/testdata/miniprograms/shop as its author wrote it, and one shared browser taps, types,
// navigates and reads what each page shows. Elements are found only by their WXML id; results are
// read from textContent and computed style; the same browser then plays the WXML demo
// (assets/demo). TestWXMLProjects and TestWXMLBrokenProjects cover loading without a browser:
// tourist projects and broken ones.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// The shop fixture's appid (shop/project.config.json) and the name its
// project.private.config.json gives it over project.config.json's "shop-fixture".
const (
	shopAppID = "wx73686f7066697874"
	shopName  = "Fixture Shop"
)

// demoWXMLDir is the embedded demo, a WXML mini program, as a folder of the repository.
const demoWXMLDir = "assets/demo"

func TestWXMLRuntime(t *testing.T) {
	h := startProject(t, fixtureDir(t, "shop"), "--prompt-policy", "allow", "--biometrics", "sim")
	shop := h.app()
	if shop.AppID != shopAppID {
		t.Fatalf("shop loaded as %s, want the appid of its project.config.json %s\n%s", shop.AppID, shopAppID, h.Output())
	}
	if shop.Name != shopName {
		t.Errorf("shop name %q, want %q from project.private.config.json", shop.Name, shopName)
	}
	// The permission descs are longer than 30 characters, as in official demos: a warning, not a refusal.
	if ws := h.warnings(); !slices.ContainsFunc(ws, func(w string) bool {
		return strings.Contains(w, "app.json") && strings.Contains(w, "scope.record")
	}) {
		t.Errorf("no startup warning about app.json's permission.scope.record.desc (59 characters); warnings: %q", ws)
	}

	ctl, err := client.Connect(h.DataDir)
	if err != nil {
		t.Fatalf("client.Connect(%s): %v", h.DataDir, err)
	}
	p := newMPTab(t, 6*time.Minute)
	open := func(t *testing.T, page, query string) {
		t.Helper()
		p.open(t, launchURL(t, shop.URL, page, query))
	}

	testShopPages(t, p, shop.URL)

	t.Run("getUserProfile needs a tap", func(t *testing.T) {
		open(t, "pages/profile/profile", "")
		p.waitText(t, "profile-onload", "getUserProfile:fail can only be invoked by user TAP gesture.")
		p.tap(t, "profile-get")
		p.waitText(t, "profile-tap", "getUserProfile:ok")
		if nick := p.waitNonEmpty(t, "profile-nick"); nick == "" {
			t.Errorf("getUserProfile from a tap returned no nickName")
		}
		p.tap(t, "profile-open-type") // <button open-type="getUserInfo" bindgetuserinfo>
		p.waitTextContains(t, "profile-open-type-result", "getUserInfo:")
	})

	t.Run("login and authorize", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		open(t, "pages/me/me", "")
		p.waitTextContains(t, "me-recorder", "recorder:")
		p.tap(t, "me-login") // through a {...wx} copy
		p.waitText(t, "me-login-result", "login:ok")
		p.waitText(t, "me-code", "got a code")

		p.tap(t, "me-location") // the headless policy allows it
		p.waitText(t, "me-location-result", "authorize:ok")

		// scope.record waits for an answer through the control API, as the window's dialog would.
		if err := ctl.SetPolicy(ctx, "scope.record", "ask"); err != nil {
			t.Fatalf("set policy scope.record ask: %v", err)
		}
		p.tap(t, "me-record")
		pctx, pcancel := context.WithTimeout(ctx, 20*time.Second)
		prompt, err := ctl.NextPrompt(pctx)
		pcancel()
		if err != nil {
			t.Fatalf("no prompt for authorize scope.record within 20s: %v", err)
		}
		if prompt.Kind != apitype.PromptAuthorize || prompt.Scope != "scope.record" || prompt.AppID != shopAppID {
			t.Errorf("prompt %+v, want authorize scope.record for %s", prompt, shopAppID)
		}
		// The whole desc of app.json, although over the documented 30 characters.
		if want := "Record a voice note for the courier, attached to your order"; prompt.Desc != want {
			t.Errorf("prompt desc %q, want app.json's %q", prompt.Desc, want)
		}
		if err := ctl.Answer(ctx, prompt.ID, apitype.Answer{Action: apitype.AnswerDeny}); err != nil {
			t.Fatalf("answer deny: %v", err)
		}
		p.waitText(t, "me-record-result", "authorize:fail auth deny")

		p.tap(t, "me-setting")
		p.waitTextContains(t, "me-setting-result", "scope.record=false", "scope.userLocation=true")
	})

	t.Run("SOTER with the simulated reader", func(t *testing.T) {
		open(t, "pages/soter/soter", "")
		p.tap(t, "soter-support")
		p.waitTextContains(t, "soter-support-result", "checkIsSupportSoterAuthentication:ok", "fingerPrint")
		p.tap(t, "soter-enrolled")
		p.waitText(t, "soter-enrolled-result", "checkIsSoterEnrolledInDevice:ok isEnrolled=true")
		p.typeInto(t, "soter-challenge", "e2e-challenge-7")
		p.tap(t, "soter-start")
		p.waitText(t, "soter-start-result", "startSoterAuthentication:ok")
		p.waitText(t, "soter-raw", "e2e-challenge-7")
		p.waitText(t, "soter-signed", "signed")
	})

	t.Run("the call log shows the page's calls", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		calls, err := ctl.Calls(ctx, apitype.CallFilter{AppID: shopAppID})
		if err != nil {
			t.Fatalf("control API calls: %v", err)
		}
		seen := map[string]bool{}
		for _, c := range calls {
			seen[c.API+" → "+c.ErrMsg] = true
		}
		for _, want := range []string{
			"login → login:ok",
			"authorize → authorize:ok",
			"authorize → authorize:fail auth deny",
			"getUserProfile → getUserProfile:fail can only be invoked by user TAP gesture.",
			"getUserProfile → getUserProfile:ok",
			"checkIsSupportSoterAuthentication → checkIsSupportSoterAuthentication:ok",
			"checkIsSoterEnrolledInDevice → checkIsSoterEnrolledInDevice:ok",
			"startSoterAuthentication → startSoterAuthentication:ok",
		} {
			if !seen[want] {
				t.Errorf("the call log of %s lacks %q; it has %v", shopAppID, want, keys(seen))
			}
		}

		// The same through `minihost ctl calls`.
		stdout, stderr, code := minihostCmd(t, "ctl", "--data-dir", h.DataDir, "calls", "--appid", shopAppID, "--api", "startSoterAuthentication", "--json")
		if code != 0 {
			t.Fatalf("minihost ctl calls: exit %d\n%s\n%s", code, stdout, stderr)
		}
		var out struct {
			Calls []apitype.CallRecord `json:"calls"`
		}
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("minihost ctl calls --json: %v\n%s", err, stdout)
		}
		if !slices.ContainsFunc(out.Calls, func(c apitype.CallRecord) bool { return c.ErrMsg == "startSoterAuthentication:ok" }) {
			t.Errorf("minihost ctl calls --api startSoterAuthentication: no successful call in %s", stdout)
		}
	})

	t.Run("the WXML demo", func(t *testing.T) {
		d := startProject(t, filepath.Join(repoRoot(t), demoWXMLDir), "--prompt-policy", "allow", "--biometrics", "sim")
		demo := d.app()
		if demo.AppID != DemoAppID {
			t.Fatalf("the WXML demo loaded as %s, want the demo's appid %s", demo.AppID, DemoAppID)
		}
		p.open(t, launchURL(t, demo.URL, "", ""))
		// getAccountInfoSync in onLoad: synchronous from the first line of page code.
		p.waitTextContains(t, "account", DemoAppID+" · develop", "plugin wxpluginDemo000001@1.0.0")

		p.tap(t, "btn-runAll")
		if _, ok, _ := poll(p, textOf("runAll-done"), 60*time.Second, func(s *string) bool { return s != nil && *s == "done" }); !ok {
			t.Fatalf("Run all did not finish within 60s")
		}
		for i, api := range []string{"login", "checkSession", "getAccountInfoSync", "authorize", "getSetting", "authorize",
			"getUserInfo", "checkIsSupportSoterAuthentication", "checkIsSoterEnrolledInDevice", "startSoterAuthentication"} {
			p.waitText(t, fmt.Sprintf("runall-%d", i), api+" → "+api+":ok")
		}

		// One tab per group; each button shows its result as JSON under it.
		p.tapLabel(t, "Login")
		p.tap(t, "btn-login")
		if res := p.jsonOf(t, "out-login"); errMsg(res) != "login:ok" || str(res, "code") == "" {
			t.Errorf("login: %v", res)
		}
		p.tap(t, "btn-checkSession")
		wantErrMsg(t, "checkSession", p.jsonOf(t, "out-checkSession"), "checkSession:ok")

		p.tapLabel(t, "Permissions")
		p.tap(t, "scope-scope.bogus")
		p.tap(t, "btn-authorize")
		wantErrMsg(t, "authorize scope.bogus", p.jsonOf(t, "out-authorize"), "authorize:fail invalid scope")
		p.tap(t, "btn-getSetting")
		if auth := obj(p.jsonOf(t, "out-getSetting"), "authSetting"); auth["scope.userLocation"] != true {
			t.Errorf("getSetting after Run all: authSetting %v, want scope.userLocation true", auth)
		}
		p.tap(t, "btn-openSetting")
		wantErrMsg(t, "openSetting (tap)", p.jsonOf(t, "out-openSetting"), "openSetting:ok")

		p.tapLabel(t, "User")
		p.tap(t, "btn-getUserProfile")
		profile := p.jsonOf(t, "out-getUserProfile")
		wantErrMsg(t, "getUserProfile (tap)", profile, "getUserProfile:ok")
		if nick := str(obj(profile, "userInfo"), "nickName"); nick == "" {
			t.Errorf("getUserProfile: no nickName in %v", profile)
		} else {
			p.waitText(t, "nickname", nick)
		}
		// An open-type button: the tap reaches the host's consent prompt
		// (allowed by the policy) and its answer is the event's detail.
		p.tap(t, "btn-getPhoneNumber")
		phone := p.jsonOf(t, "out-getPhoneNumber")
		wantErrMsg(t, "getPhoneNumber (open-type button)", phone, "getPhoneNumber:ok")
		if str(phone, "code") == "" || str(phone, "encryptedData") == "" || str(phone, "iv") == "" {
			t.Errorf("getPhoneNumber detail %v, want code, encryptedData and iv (the demo logged in)", phone)
		}

		p.tapLabel(t, "SOTER")
		p.tap(t, "btn-startSoterAuthentication")
		checkSoterResult(t, p.jsonOf(t, "out-startSoterAuthentication"), "demo-challenge-123")

		p.tapLabel(t, "Start")
		p.tap(t, "go-account") // a navigator to a page that is not a tab
		p.tap(t, "btn-getAccountInfoSync")
		if mp := obj(p.jsonOf(t, "out-getAccountInfoSync"), "miniProgram"); str(mp, "appId") != DemoAppID {
			t.Errorf("getAccountInfoSync.miniProgram = %v", mp)
		}
		p.tap(t, "btn-canIUse")
		if res := p.jsonOf(t, "out-canIUse"); res["canIUse"] != true {
			t.Errorf("canIUse(getUserInfo.object.withCredentials) = %v", res)
		}
	})

	if ex := p.takeExceptions(); len(ex) > 0 {
		t.Errorf("uncaught exceptions in the fixture's pages:\n%s", strings.Join(ex, "\n"))
	}
	// The runtime reports page errors to the host, which logs them (contract: msg="page error").
	for _, line := range strings.Split(h.stderrText(), "\n") {
		if strings.Contains(line, `msg="page error"`) && strings.Contains(line, "level=ERROR") {
			t.Errorf("the host logged a page error: %s", line)
		}
	}
}

// testShopPages runs what needs only the page and the runtime, not the open interfaces: render,
// templates, components, styles, events, setData, navigation, tabs, typing, subpackages.
func testShopPages(t *testing.T, p *mpTab, appURL string) {
	open := func(t *testing.T, page, query string) {
		t.Helper()
		p.open(t, launchURL(t, appURL, page, query))
	}

	t.Run("launch renders the entry page", func(t *testing.T) {
		open(t, "", "")
		p.waitText(t, "home-title", shopName)
		// entryPagePath, not pages[0] (the cart), opens without ?path.
		p.waitText(t, "home-launch", "pages/home/home")
		var cart bool
		p.eval(t, byID("cart-headline")+" !== null", &cart)
		if cart {
			t.Errorf("the cart (pages[0]) is in the document at launch; entryPagePath is the home page")
		}
		p.waitText(t, "home-wrapped", "wrapPage")                            // Page = wrapPage(Page) in app.js
		p.waitText(t, "home-summary", "total ¥12.50 · coupon none")          // ES modules, async/await, ?. and ??
		p.waitText(t, "home-npm", "CNY 19.99")                               // require('tiny-money') from miniprogram_npm
		p.waitText(t, "home-store", "commonjs visits 1")                     // one module instance for ./utils/store.js and /utils/store
		p.waitText(t, "home-total", "¥12.50")                                // <wxs src>
		p.waitText(t, "home-count", "3 products")                            // <wxs src>, a second function
		p.waitText(t, "home-shout", strings.ToUpper(shopName))               // inline <wxs>
		p.waitTextContains(t, "home-footer", "Made for the phone", shopName) // <include>
		p.waitText(t, "home-life", "load,show,ready")                        // page lifecycles in order
	})

	t.Run("templates and components", func(t *testing.T) {
		open(t, "pages/home/home", "")
		// <import> + <template is="product" data="{{...item}}"> inside wx:for.
		p.waitTextContains(t, "home-item-0", "Apple", "¥3.50")
		p.waitTextContains(t, "home-item-2", "Cherry", "¥5.00")

		// card: a global component with one slot, properties, an observer and a Behavior.
		p.waitTextContains(t, "home-card", "Today", "3 items", "card note", "tapped 0")
		p.waitText(t, "home-slot", "slot text from home")
		var inside bool
		p.eval(t, byID("home-card")+".contains("+byID("home-slot")+")", &inside)
		if !inside {
			t.Errorf("#home-slot is not inside #home-card: the slot content was not placed in the component")
		}
		p.tap(t, "home-card")
		p.waitTextContains(t, "home-card", "tapped 1") // the Behavior's method, from the component's own handler
		p.waitText(t, "home-cardtap", "card says 1")   // triggerEvent's detail reaches the page's bindcardtap

		// panel: named slots land in the component's order (header, body, footer), not the page's.
		text := p.waitTextContains(t, "home-panel", "PANEL-HEAD", "PANEL-BODY", "PANEL-FOOT")
		if h, b, f := strings.Index(text, "PANEL-HEAD"), strings.Index(text, "PANEL-BODY"), strings.Index(text, "PANEL-FOOT"); !(h < b && b < f) {
			t.Errorf("#home-panel text %q: want the header slot, the body, then the footer slot", text)
		}

		// externalClasses: the page's .red-title reaches the card's title through title-class.
		if got := p.labelStyle(t, "Today", "color"); got != "rgb(200, 0, 0)" {
			t.Errorf("card title colour %s, want rgb(200, 0, 0) from the page's red-title external class", got)
		}
		// styleIsolation isolated: the page's .note and the card's .note do not reach each other.
		if got := p.labelStyle(t, "card note", "color"); got != "rgb(20, 40, 200)" {
			t.Errorf("the card's .note colour %s, want its own rgb(20, 40, 200)", got)
		}
		if got := p.style(t, "home-note", "color"); got != "rgb(0, 128, 0)" {
			t.Errorf("the page's #home-note colour %s, want the page's rgb(0, 128, 0)", got)
		}
	})

	t.Run("wxss rpx and import", func(t *testing.T) {
		open(t, "pages/home/home", "")
		p.waitText(t, "home-full", "750rpx")
		ruler, full, half := p.width(t, "home-ruler"), p.width(t, "home-full"), p.width(t, "home-half")
		if ruler < 100 || math.Abs(full-ruler) > 1 {
			t.Errorf("750rpx is %.1fpx wide, want the page width %.1fpx", full, ruler)
		}
		if math.Abs(2*half-full) > 2 {
			t.Errorf("375rpx is %.1fpx, want half of 750rpx (%.1fpx)", half, full)
		}
		if got := p.style(t, "home-tag", "letter-spacing"); got != "3px" {
			t.Errorf("#home-tag letter-spacing %q, want 3px from the @import-ed styles/common.wxss", got)
		}
	})

	t.Run("tap events", func(t *testing.T) {
		open(t, "pages/home/home", "")
		p.waitText(t, "home-title", shopName)
		p.tap(t, "ev-inner")
		p.waitText(t, "ev-log", "capture,inner,outer") // capture-bind first, then bind bubbling up
		p.waitText(t, "ev-detail", "sku=A42 item=apple zone=outer")
		p.tap(t, "ev-catch")
		p.waitText(t, "ev-log", "capture,catch") // catchtap stops the bubbling
		p.tap(t, "ev-mut")
		p.waitText(t, "ev-log", "capture,mutInner,bubble") // one mut-bind handler, plain binds still run
	})

	t.Run("setData paths and callback", func(t *testing.T) {
		open(t, "pages/home/home", "")
		p.waitText(t, "home-deep", "shallow")
		p.tap(t, "home-setdata")
		p.waitTextContains(t, "home-item-1", "Pear")
		p.waitText(t, "home-deep", "deep")
		p.waitText(t, "home-cb", "callback saw Pear")
		p.waitTextContains(t, "home-item-0", "Apple") // the other items keep their data
	})

	t.Run("wx:if and hidden", func(t *testing.T) {
		open(t, "pages/home/home", "")
		p.waitText(t, "home-stock-many", "plenty: 6")
		p.tap(t, "home-sell")
		p.waitText(t, "home-stock-few", "only 3 left")
		p.waitGone(t, "home-stock-many")
		p.tap(t, "home-sell")
		p.waitText(t, "home-stock-none", "sold out")
		p.waitGone(t, "home-stock-few")

		p.waitText(t, "home-secret", "the secret discount is 10%") // in the document, not shown
		if p.rendered(t, "home-secret") {
			t.Errorf("#home-secret is shown although hidden is true")
		}
		p.tap(t, "home-toggle")
		if _, ok, _ := poll(p, "(() => { const el = "+byID("home-secret")+"; return !!el && el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none' })()",
			waitLong, func(b bool) bool { return b }); !ok {
			t.Errorf("#home-secret still not shown after hidden became false")
		}
	})

	t.Run("navigate forward and back", func(t *testing.T) {
		open(t, "pages/home/home", "")
		p.waitText(t, "home-title", shopName)

		// navigateTo with a query and an events channel both ways.
		p.tap(t, "home-go-detail")
		p.waitText(t, "detail-query", "id=42 from=home")
		p.waitText(t, "detail-greet", "hello from home")
		p.waitText(t, "detail-depth", "2")
		// Both pages have a .headline class; each keeps its own colour.
		if got := p.style(t, "detail-headline", "color"); got != "rgb(180, 20, 20)" {
			t.Errorf("detail .headline colour %s, want the detail page's rgb(180, 20, 20)", got)
		}
		p.tap(t, "detail-pick")
		p.tap(t, "detail-back")
		p.waitGone(t, "detail-query")
		p.waitText(t, "home-picked", "Apple")
		p.waitText(t, "home-life", "load,show,ready,hide,show")
		if got := p.style(t, "home-title", "color"); got != "rgb(10, 120, 10)" {
			t.Errorf("home .headline colour %s after visiting detail, want the home page's rgb(10, 120, 10)", got)
		}

		// The navigator component, then navigateBack({delta: 2}) from two pages up.
		p.tap(t, "home-nav-detail")
		p.waitText(t, "detail-query", "id=7 from=navigator")
		p.tap(t, "detail-deeper")
		p.waitText(t, "step-via", "navigateTo")
		p.waitText(t, "step-depth", "3")
		p.tap(t, "step-back2")
		p.waitGone(t, "step-via")
		p.waitGone(t, "detail-query")
		if !p.rendered(t, "home-title") {
			t.Errorf("the home page is not shown after navigateBack({delta: 2})")
		}

		// redirectTo replaces the top page; reLaunch leaves one fresh page.
		p.tap(t, "home-go-detail")
		p.waitText(t, "detail-query", "id=42 from=home")
		p.tap(t, "detail-redirect")
		p.waitText(t, "step-via", "redirectTo")
		p.waitText(t, "step-depth", "2")
		p.waitGone(t, "detail-query")
		p.tap(t, "step-relaunch")
		p.waitText(t, "home-launch-query", "from=relaunch")
		p.waitGone(t, "step-via")
	})

	t.Run("switch tabs", func(t *testing.T) {
		open(t, "pages/home/home", "")
		p.waitText(t, "home-title", shopName)
		// The tab bar's colours are theme variables (@tabSelectedColor, @tabColor) from theme.json, light.
		if got := p.labelStyle(t, "Home", "color"); got != "rgb(7, 193, 96)" {
			t.Errorf("selected tab label colour %s, want @tabSelectedColor #07c160", got)
		}
		if got := p.labelStyle(t, "Cart", "color"); got != "rgb(122, 126, 131)" {
			t.Errorf("tab label colour %s, want @tabColor #7a7e83", got)
		}

		p.tap(t, "home-to-cart") // wx.switchTab
		p.waitText(t, "cart-total", "¥12.50")
		if got := p.labelStyle(t, "Cart", "color"); got != "rgb(7, 193, 96)" {
			t.Errorf("after switchTab the Cart label colour is %s, want the selected colour", got)
		}
		// app.wxss's page {} colour; home's .headline (its page still alive) does not leak in.
		if got := p.style(t, "cart-headline", "color"); got != "rgb(34, 34, 34)" {
			t.Errorf("cart .headline colour %s, want the page {} colour rgb(34, 34, 34)", got)
		}

		p.tapLabel(t, "Me")                               // the tab bar itself
		p.waitTextContains(t, "me-recorder", "recorder:") // its module's top-level getRecorderManager() did not stop it
		if p.rendered(t, "cart-total") {
			t.Errorf("the cart is still shown after tapping the Me tab")
		}
		p.tapLabel(t, "Home")
		if _, ok, _ := poll(p, "(() => { const el = "+byID("home-title")+"; return !!el && el.getClientRects().length > 0 })()", waitLong, func(b bool) bool { return b }); !ok {
			t.Errorf("the home page is not shown after tapping the Home tab")
		}
	})

	t.Run("dark theme", func(t *testing.T) {
		// darkmode: true: with a dark system theme the @variables come from theme.json's "dark".
		p.emulateDark(t, true)
		defer p.emulateDark(t, false)
		open(t, "pages/home/home", "")
		p.waitText(t, "home-title", shopName)
		if got := p.labelStyle(t, "Home", "color"); got != "rgb(42, 174, 103)" {
			t.Errorf("dark: selected tab label colour %s, want the dark @tabSelectedColor #2aae67", got)
		}
		if got := p.labelStyle(t, "Cart", "color"); got != "rgb(160, 160, 160)" {
			t.Errorf("dark: tab label colour %s, want the dark @tabColor #a0a0a0", got)
		}
	})

	t.Run("type into inputs", func(t *testing.T) {
		open(t, "pages/cart/cart", "")
		p.waitText(t, "cart-total", "¥12.50")
		p.typeInto(t, "cart-note", "hello 42")
		p.waitText(t, "cart-note-echo", "hello 42") // model:value
		p.typeInto(t, "cart-qty", "3")
		p.waitText(t, "cart-qty-echo", "qty=3") // bindinput's detail.value
	})

	t.Run("subpackage pages from the launch URL", func(t *testing.T) {
		open(t, "packageA/pages/list/list", "cat=fruit&sort=price")
		p.waitText(t, "list-query", "cat=fruit sort=price")
		p.waitText(t, "list-cheapest", "from ¥0.99") // a subpackage module importing the main package
		// relations: the shelf counts its linked items; each item knows its shelf.
		p.waitTextContains(t, "list-shelf", "Fruit: 3 on shelf")
		p.waitText(t, "list-item-0", "Apple in Fruit")
		p.waitText(t, "list-item-2", "Cherry in Fruit")

		open(t, "packageB/pages/promo/promo", "code=spring") // the independent subpackage
		p.waitText(t, "promo-code", "SPRING")
	})

	t.Run("a missing page", func(t *testing.T) {
		// app.js's onPageNotFound switches to the home tab.
		open(t, "pages/nowhere/nowhere", "")
		p.waitText(t, "home-title", shopName)
	})

	t.Run("bench page", func(t *testing.T) {
		open(t, "pages/bench/bench", "")
		p.waitText(t, "bench-end", "end")
		var n int
		p.eval(t, byID("bench-root")+".querySelectorAll('*').length", &n)
		if n < 199 {
			t.Errorf("the bench page has %d elements under #bench-root, want about 200", n)
		}
	})

}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var reTestAppID = regexp.MustCompile(`^wx[0-9a-f]{16}$`)

// TestWXMLProjects: projects without an appid load under a stable derived one with a warning;
// broken projects loaded through the control API are refused naming the file, and do not disturb
// the app already loaded.
func TestWXMLProjects(t *testing.T) {
	tourist := startProject(t, fixtureDir(t, "tourist"))
	a := tourist.app()
	t.Run("tourist project", func(t *testing.T) {
		if !reTestAppID.MatchString(a.AppID) {
			t.Errorf("a project without project.config.json loaded as %q, want a test appid wx + 16 hex", a.AppID)
		}
		if !slices.ContainsFunc(tourist.warnings(), func(w string) bool { return strings.Contains(strings.ToLower(w), "appid") }) {
			t.Errorf("no startup warning about the missing appid; warnings: %q", tourist.warnings())
		}
		wantShell(t, tourist, a)

		again := startProject(t, fixtureDir(t, "tourist"))
		if b := again.app(); b.AppID != a.AppID {
			t.Errorf("the derived appid is not stable: %s, then %s", a.AppID, b.AppID)
		}
		again.Kill()
	})

	t.Run("touristappid", func(t *testing.T) {
		h := startProject(t, fixtureDir(t, "tourist-appid"))
		b := h.app()
		if !reTestAppID.MatchString(b.AppID) || b.AppID == a.AppID {
			t.Errorf("appid touristappid loaded as %q, want a test appid of its own (wx + 16 hex, not the other tourist's %s)", b.AppID, a.AppID)
		}
		if !slices.ContainsFunc(h.warnings(), func(w string) bool { return strings.Contains(strings.ToLower(w), "appid") }) {
			t.Errorf("no startup warning about touristappid; warnings: %q", h.warnings())
		}
		wantShell(t, h, b)
	})

	for _, bc := range brokenFixtures() {
		t.Run(bc.fixture+" through the control API", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c, err := client.Connect(tourist.DataDir)
			if err != nil {
				t.Fatalf("client.Connect: %v", err)
			}
			_, err = c.LoadApp(ctx, fixtureDir(t, bc.fixture))
			if err == nil || !strings.Contains(err.Error(), bc.names) {
				t.Errorf("load %s: error %v, want one naming %s", bc.fixture, err, bc.names)
			}
			wantShell(t, tourist, a) // the app already loaded still answers
		})
	}
}

// brokenFixtures are projects that must be refused, and what the refusal must name.
func brokenFixtures() []struct{ fixture, names string } {
	return []struct{ fixture, names string }{
		{"broken-json", "app.json"},
		{"broken-page", "pages/ghost/ghost"},
	}
}

// TestWXMLBrokenProjects: minihost refuses a broken project at startup with a message naming the
// file, and exits.
func TestWXMLBrokenProjects(t *testing.T) {
	for _, bc := range brokenFixtures() {
		t.Run(bc.fixture, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			stdout, stderr, code := runBinary(ctx, t, "--headless", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), fixtureDir(t, bc.fixture))
			if ctx.Err() != nil {
				t.Fatalf("minihost %s did not exit within 15s (it should refuse the project)\n%s\n%s", bc.fixture, stdout, stderr)
			}
			if code == 0 || !strings.Contains(stderr, bc.names) {
				t.Errorf("minihost %s: exit %d, want an error naming %s\nstdout:\n%s\nstderr:\n%s", bc.fixture, code, bc.names, stdout, stderr)
			}
			if strings.Contains(stderr, "goroutine ") {
				t.Errorf("minihost %s: a Go stack trace instead of a message:\n%s", bc.fixture, stderr)
			}
		})
	}
}

// runBinary runs the minihost binary to its end (or ctx's).
func runBinary(ctx context.Context, t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	cmd.Env = hostEnv()
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if cmd.ProcessState != nil {
		code = cmd.ProcessState.ExitCode()
	} else if err != nil {
		t.Fatalf("minihost %s: %v", strings.Join(args, " "), err)
	}
	return stdout.String(), stderr.String(), code
}

// wantShell checks that GET / on the app's origin answers the runtime shell page. The request
// dials the host's loopback address and names the app's origin in the Host header.
func wantShell(t *testing.T, h *Host, a App) {
	t.Helper()
	appURL, err := url.Parse(a.URL)
	if err != nil {
		t.Fatalf("app URL %q: %v", a.URL, err)
	}
	req, err := http.NewRequest("GET", h.URL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = appURL.Host
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("GET / on %s: %v", appURL.Host, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "/__minihost/runtime/runtime.js") {
		t.Errorf("GET / on %s: HTTP %d, want the runtime shell page:\n%s", appURL.Host, resp.StatusCode, tail(string(body), 800))
	}
}
