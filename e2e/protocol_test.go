package e2e

// The transport rules of docs/protocol.md that every client relies on.

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestProtocol(t *testing.T) {
	h := StartHost(t, "allow")

	resp, err := http.Get(h.URL + "/wx.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("GET /wx.js Content-Type = %q, want JavaScript", ct)
	}
	if !strings.Contains(string(body), "createWx") {
		t.Errorf("GET /wx.js does not look like assets/wx.js")
	}

	// The app's URL is its own origin; the demo is a WXML app, so its root is the runtime's shell
	// page (HTML apps' root redirects to their first page: TestBrowserHTMLDemo, hostapi's tests).
	noRedirect := appClient()
	if want := "http://" + strings.ToLower(DemoAppID) + ".localhost:"; !strings.HasPrefix(h.Demo.URL, want) || strings.TrimPrefix(h.Demo.URL, want) != h.URL[strings.LastIndexByte(h.URL, ':')+1:] {
		t.Errorf("app url=%s, want %s<the listen port>", h.Demo.URL, want)
	}
	resp, err = noRedirect.Get(h.Demo.URL + "/?path=pages/login/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(string(body), `<script src="/__minihost/runtime/runtime.js?v=`) || strings.Contains(string(body), `/wx.js`) {
		t.Errorf("GET %s/?path=…: HTTP %d %q (Location %q), want 200 text/html, the runtime's shell page (runtime.js carries the wx client: no /wx.js)\n%s",
			h.Demo.URL, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Location"), body)
	}
	// Old links on the host's origin redirect there and serve nothing themselves.
	resp, err = noRedirect.Get(h.URL + "/app/" + DemoAppID + "/images/tab-home.png?x=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 302 || loc != h.Demo.URL+"/images/tab-home.png?x=1" {
		t.Errorf("GET /app/%s/images/tab-home.png: HTTP %d Location %q, want 302 to the app's origin", DemoAppID, resp.StatusCode, loc)
	}

	status, res := h.CallWith(DemoAppID, "wrong-token", "login", nil, nil)
	if status != 401 || errMsg(res) != "login:fail invalid token" {
		t.Errorf("wrong token: HTTP %d %v, want 401 login:fail invalid token", status, res)
	}
	status, res = h.CallWith(DemoAppID, "", "login", nil, nil)
	if status != 401 || errMsg(res) != "login:fail invalid token" {
		t.Errorf("no token: HTTP %d %v, want 401 login:fail invalid token", status, res)
	}
	status, res = h.CallWith(DemoAppID, h.Demo.Token, "login", nil, http.Header{"Origin": {"http://evil.example"}})
	if status != 403 || errMsg(res) != "login:fail origin not allowed" {
		t.Errorf("foreign Origin: HTTP %d %v, want 403 login:fail origin not allowed", status, res)
	}
	status, res = h.CallWith(DemoAppID, h.Demo.Token, "login", []byte(`[1,2]`), nil)
	if status != 400 || !strings.HasPrefix(errMsg(res), "login:fail invalid request") {
		t.Errorf("array body: HTTP %d %v, want 400 login:fail invalid request: …", status, res)
	}
	status, res = h.CallWith(DemoAppID, h.Demo.Token, "login", []byte(`{"pad":"`+strings.Repeat("x", 70<<10)+`"}`), nil)
	if status != 413 || errMsg(res) != "login:fail request body too large" {
		t.Errorf("70 KiB body: HTTP %d %v, want 413 login:fail request body too large", status, res)
	}
	status, res = h.CallWith(DemoAppID, h.Demo.Token, "notAnApi", nil, nil)
	if status != 404 || !strings.HasPrefix(errMsg(res), "notAnApi:fail") {
		t.Errorf("unknown api: HTTP %d %v, want 404 notAnApi:fail …", status, res)
	}

	req, _ := http.NewRequest("POST", h.URL+"/wx/"+DemoAppID+"/login", strings.NewReader("{}"))
	req.Host = "evil.example"
	req.Header.Set("Authorization", "Bearer "+h.Demo.Token)
	status, res = h.do(req)
	if status != 421 || !strings.HasSuffix(errMsg(res), ":fail host not allowed") {
		t.Errorf("foreign Host header: HTTP %d %v, want 421 …:fail host not allowed", status, res)
	}

	// Boot: the app's own pages only, on its own origin.
	for _, c := range []struct {
		base string
		hdr  http.Header
	}{
		{h.Demo.URL, http.Header{"Origin": {"http://evil.example"}}},
		{h.Demo.URL, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{h.URL, http.Header{"Sec-Fetch-Site": {"same-origin"}}},
	} {
		req, _ := http.NewRequest("GET", c.base+"/wx/"+DemoAppID+"/boot", nil)
		for k, v := range c.hdr {
			req.Header[k] = v
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("GET %s boot with %v: HTTP %d, want 403", c.base, c.hdr, resp.StatusCode)
		}
	}
	req, _ = http.NewRequest("GET", h.Demo.URL+"/wx/boot", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var boot map[string]any
	json.NewDecoder(resp.Body).Decode(&boot)
	resp.Body.Close()
	if resp.StatusCode != 200 || str(boot, "token") != h.Demo.Token || str(obj(obj(boot, "accountInfo"), "miniProgram"), "appId") != DemoAppID {
		t.Errorf("GET boot same-origin: HTTP %d %v", resp.StatusCode, boot)
	}

	// Every answer carries nosniff and frame-ancestors.
	for _, u := range []string{h.URL + "/wx.js", h.Demo.URL + "/", h.Demo.URL + "/images/tab-home.png", h.Demo.URL + "/.git/config"} {
		resp, err := noRedirect.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'self' http://127.0.0.1:") {
			t.Errorf("GET %s: headers %v", u, resp.Header)
		}
	}

	// The wrong secret for the server-side API.
	_, tok := h.Get("/cgi-bin/token?grant_type=client_credential&appid="+DemoAppID+"&secret=00000000000000000000000000000000", nil)
	wantErrcode(t, "cgi-bin/token with a wrong secret", tok, 40125)
	_, tok = h.Get("/cgi-bin/token?grant_type=client_credential&appid=wxunknown&secret="+h.Demo.Secret, nil)
	wantErrcode(t, "cgi-bin/token with an unknown appid", tok, 40013)
}
