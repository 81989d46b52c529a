package e2e

// Each app runs on its own origin in a real browser: an app's page cannot
// drive the host (control API) nor get or use another app's token.

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestQAHostInBrowser: wx.js's minihost object (the control API) is refused
// to an app's page even with the control token: the page runs third-party
// code. From outside a browser the same token works.
func TestQAHostInBrowser(t *testing.T) {
	h := StartHost(t, "allow")
	tok, err := os.ReadFile(filepath.Join(h.DataDir, "control.token"))
	if err != nil {
		t.Fatal(err)
	}
	control := strings.TrimSpace(string(tok))
	p := newPage(t, 60*time.Second)
	p.do("open the demo app", chromedp.Navigate(h.Demo.URL), chromedp.WaitVisible(chromedp.ID("btn-runAll")))

	for name, base := range map[string]string{"the app's origin": "", "the host's origin": h.URL} {
		for tname, token := range map[string]string{"control token": control, "app token": h.Demo.Token, "wrong token": "nope"} {
			msg := p.evalString(`(async () => {
				try { await minihostWx.createHost({ baseURL: ` + jsString(base) + ` || undefined, token: ` + jsString(token) + ` })
					.policies.set('authorize', 'deny'); return 'allowed'; }
				catch (e) { return String(e.status || e.message); } })()`)
			if msg == "allowed" {
				t.Errorf("control API from the app's page to %s with the %s: allowed", name, tname)
			}
		}
	}
	// The page bundle does not carry the control client, and the host refuses
	// the page's own request to the control API with the control token.
	if got := p.evalString(`typeof minihostWx.createHost`); got != "undefined" {
		t.Errorf("the page's minihostWx.createHost is %s: the control client ships to pages", got)
	}
	for name, base := range map[string]string{"the app's origin": "", "the host's origin": h.URL} {
		got := p.evalString(`fetch(` + jsString(base+"/_minihost/policies/authorize") + `, { method: 'PUT',
			headers: { Authorization: 'Bearer ' + ` + jsString(control) + `, 'Content-Type': 'application/json' },
			body: JSON.stringify({ policy: 'deny' }) }).then(r => String(r.status), e => 'network: ' + e.message)`)
		if got == "200" || got == "204" {
			t.Errorf("control API fetched from the app's page to %s with the control token: HTTP %s", name, got)
		}
	}
	// The policy is still the host's: authorize is granted without a prompt.
	if got := p.evalString(`wx.authorize({ scope: 'scope.userInfo' }).then(r => r.errMsg, e => e.errMsg)`); got != "authorize:ok" {
		t.Errorf("authorize after the page's attempts: %q (did the page change the policy?)", got)
	}
	if status, res := h.control("GET", "/_minihost/status", nil); status != 200 {
		t.Errorf("control API from Go with the control token: HTTP %d %v", status, res)
	}
}

// TestBrowserAppIsolation: app A's page, in Chromium, cannot read app B's
// boot answer (its token) or call B's interfaces, on either origin; B's own
// page boots on its origin.
func TestBrowserAppIsolation(t *testing.T) {
	h := StartHost(t, "allow")
	const bID = "wxisolatedbbbbbb"
	dir := t.TempDir()
	for name, data := range map[string]string{
		"project.config.json":    `{"appid":"` + bID + `","projectname":"App B"}`,
		"app.json":               `{"pages":["pages/index/index"]}`,
		"pages/index/index.html": `<!doctype html><script src="/wx.js"></script><p id="b">B</p>`,
	} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	status, b := h.control("POST", "/_minihost/apps", map[string]string{"dir": dir})
	if status != 201 {
		t.Fatalf("load app B: HTTP %d %v", status, b)
	}
	bURL, bToken := str(b, "url"), str(b, "token")
	if bURL != strings.Replace(h.Demo.URL, strings.ToLower(DemoAppID), bID, 1) {
		t.Fatalf("app B url %q beside the demo's %q", bURL, h.Demo.URL)
	}

	p := newPage(t, 90*time.Second)
	p.do("open app A (the demo)", chromedp.Navigate(h.Demo.URL), chromedp.WaitVisible(chromedp.ID("btn-runAll")))
	if got := p.evalString("location.origin"); got != h.Demo.URL {
		t.Fatalf("app A's page is on %s, want its own origin %s", got, h.Demo.URL)
	}
	attempts := map[string]string{
		"B's boot on A's origin":                      `fetch('/wx/` + bID + `/boot').then(r => r.status + ' ' + (r.status === 200 ? 'leak' : ''))`,
		"B's boot on B's origin":                      `fetch(` + jsString(bURL+"/wx/boot") + `).then(r => r.text()).then(t => 'read ' + t)`,
		"B's boot on B's origin, no-cors":             `fetch(` + jsString(bURL+"/wx/boot") + `, { mode: 'no-cors' }).then(r => 'opaque ' + r.type + ' ' + r.status)`,
		"B's boot on the host's origin":               `fetch(` + jsString(h.URL+"/wx/"+bID+"/boot") + `).then(r => r.text()).then(t => 'read ' + t)`,
		"B's authorize on A's origin":                 `fetch('/wx/` + bID + `/authorize', { method: 'POST', headers: { Authorization: 'Bearer ` + bToken + `' }, body: '{"scope":"scope.userLocation"}' }).then(r => r.status + ' ' + (r.status === 200 ? 'leak' : ''))`,
		"B's authorize on B's origin":                 `fetch(` + jsString(bURL+"/wx/"+bID+"/authorize") + `, { method: 'POST', headers: { Authorization: 'Bearer ` + bToken + `' }, body: '{"scope":"scope.userLocation"}' }).then(r => 'read ' + r.status)`,
		"B's authorize on B's origin, simple request": `fetch(` + jsString(bURL+"/wx/"+bID+"/authorize") + `, { method: 'POST', mode: 'no-cors', body: '{"scope":"scope.userLocation"}' }).then(r => 'opaque ' + r.type)`,
		"B's authorize on the host's origin":          `fetch(` + jsString(h.URL+"/wx/"+bID+"/authorize") + `, { method: 'POST', headers: { Authorization: 'Bearer ` + bToken + `' }, body: '{"scope":"scope.userLocation"}' }).then(r => 'read ' + r.status)`,
	}
	for name, js := range attempts {
		got := p.evalString(`(async () => { try { return await ` + js + `; } catch (e) { return 'blocked ' + e.name; } })()`)
		if strings.Contains(got, bToken) || strings.Contains(got, "leak") || strings.HasPrefix(got, "read 200") {
			t.Errorf("%s from A's page: %q", name, got)
		}
		t.Logf("%s: %s", name, got)
	}
	// The host never ran a call for B: nothing B's settings or call log show.
	if status, calls := h.control("GET", "/_minihost/calls?"+url.Values{"appid": {bID}}.Encode(), nil); status != 200 {
		t.Fatalf("calls: HTTP %d %v", status, calls)
	} else if list, _ := calls["calls"].([]any); len(list) != 0 {
		for _, c := range list {
			if m, _ := c.(map[string]any); strings.HasSuffix(str(m, "errMsg"), ":ok") {
				t.Errorf("a call of B succeeded: %v", m)
			}
		}
	}

	// B's own page, on B's origin, boots and calls.
	p.do("open app B", chromedp.Navigate(bURL), chromedp.WaitVisible(chromedp.ID("b")))
	if got := p.evalString(`wx.getAccountInfoSync().miniProgram.appId`); got != bID {
		t.Errorf("B's page: appId %q", got)
	}
	if got := p.evalString(`wx.getSetting().then(r => r.errMsg, e => e.errMsg)`); got != "getSetting:ok" {
		t.Errorf("B's page getSetting: %q", got)
	}
}
