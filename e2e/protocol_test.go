package e2e

// The transport rules of docs/protocol.md that every client relies on.

import (
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

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.Get(h.Demo.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || !strings.HasSuffix(loc, "/app/"+DemoAppID+"/pages/index/index.html") {
		t.Errorf("GET %s: HTTP %d Location %q, want a redirect to pages/index/index.html", h.Demo.URL, resp.StatusCode, loc)
	}

	// The first page itself is served at that path (no further redirect).
	resp, err = noRedirect.Get(h.URL + "/app/" + DemoAppID + "/pages/index/index.html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /app/%s/pages/index/index.html: HTTP %d %q (Location %q), want 200 text/html",
			DemoAppID, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Location"))
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

	// Boot: same-origin pages only.
	for _, hdr := range []http.Header{{"Origin": {"http://evil.example"}}, {"Sec-Fetch-Site": {"cross-site"}}} {
		req, _ := http.NewRequest("GET", h.URL+"/wx/"+DemoAppID+"/boot", nil)
		for k, v := range hdr {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("GET boot with %v: HTTP %d, want 403", hdr, resp.StatusCode)
		}
	}
	req, _ = http.NewRequest("GET", h.URL+"/wx/"+DemoAppID+"/boot", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	status, boot := h.do(req)
	if status != 200 || str(boot, "token") != h.Demo.Token || str(obj(obj(boot, "accountInfo"), "miniProgram"), "appId") != DemoAppID {
		t.Errorf("GET boot same-origin: HTTP %d %v", status, boot)
	}

	// The wrong secret for the server-side API.
	_, tok := h.Get("/cgi-bin/token?grant_type=client_credential&appid="+DemoAppID+"&secret=00000000000000000000000000000000", nil)
	wantErrcode(t, "cgi-bin/token with a wrong secret", tok, 40125)
	_, tok = h.Get("/cgi-bin/token?grant_type=client_credential&appid=wxunknown&secret="+h.Demo.Secret, nil)
	wantErrcode(t, "cgi-bin/token with an unknown appid", tok, 40013)
}
