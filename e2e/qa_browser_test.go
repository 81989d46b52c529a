package e2e

// wx.js's minihost object works in a page served by minihost, with the
// control token; the same page without it, or with its app token, is refused.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestQAHostInBrowser(t *testing.T) {
	h := StartHost(t, "allow")
	tok, err := os.ReadFile(filepath.Join(h.DataDir, "control.token"))
	if err != nil {
		t.Fatal(err)
	}
	control := strings.TrimSpace(string(tok))
	p := newPage(t, 60*time.Second)
	p.do("open the demo app", chromedp.Navigate(h.Demo.URL), chromedp.WaitVisible(chromedp.ID("btn-runAll")))

	// Switch the persona from the page, then see the switch in the page's own wx call.
	got := p.evalString(`(async () => {
		const host = minihostWx.createHost({ token: ` + jsString(control) + ` });
		await host.personas.switch('bob');
		await wx.authorize({ scope: 'scope.userInfo' }); // granted without a prompt
		const r = await wx.getUserInfo({ withCredentials: false }).catch(e => e);
		await host.personas.switch('alice');
		return (r.userInfo && r.userInfo.nickName) || r.errMsg;
	})()`)
	if got != "Bob" {
		t.Fatalf("getUserInfo after switching to bob from the page: %q, want Bob", got)
	}
	if list := p.evalString(`(async () => JSON.stringify(await minihostWx.createHost({ token: ` + jsString(control) + ` }).personas.list()))()`); !strings.Contains(list, `"xiaoming"`) {
		t.Fatalf("personas.list from the page: %s", list)
	}

	for name, token := range map[string]string{"app token": h.Demo.Token, "wrong token": "nope"} {
		msg := p.evalString(`(async () => { try { await minihostWx.createHost({ token: ` + jsString(token) + ` }).status(); return 'allowed'; } catch (e) { return String(e.status); } })()`)
		if msg != "403" && msg != "401" {
			t.Errorf("control API from the page with the %s: %s, want 401 or 403", name, msg)
		}
	}
}
