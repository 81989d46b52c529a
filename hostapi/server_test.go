package hostapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/biometrics/sim"
	"github.com/minihost/minihost/hostapi"
)

const (
	appID   = "wxtest0000000001"
	control = "control-token-for-tests"
)

type env struct {
	t       testing.TB
	srv     *httptest.Server
	handler http.Handler
	host    *app.Host
	token   string
	secret  string
}

// newEnv runs the real server on a real Host over a bbolt store in a temp dir.
func newEnv(t testing.TB, allow bool) *env {
	t.Helper()
	return newEnvWith(t, app.PolicyPrompter{Allow: allow})
}

func newEnvWith(t testing.TB, prompter app.Prompter) *env {
	t.Helper()
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := app.New(context.Background(), app.Options{Store: db, Keys: db.Keys(), Prompter: prompter, Auth: sim.New(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	mp, err := app.LoadMiniProgram(fstest.MapFS{
		"project.config.json":    {Data: []byte(`{"appid":"` + appID + `","projectname":"Test"}`)},
		"app.json":               {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"pages/index/index.html": {Data: []byte(`<script src="/wx.js"></script>`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Load(context.Background(), mp); err != nil {
		t.Fatal(err)
	}
	handler := hostapi.New(h, hostapi.Options{ControlToken: control, WXJS: []byte("/* wx.js */"), Logger: quiet})
	srv := httptest.NewServer(handler)
	h.SetBaseURL(srv.URL)
	t.Cleanup(func() { srv.Close(); h.Close(); db.Close() })
	a, _ := h.App(appID)
	return &env{t: t, srv: srv, handler: handler, host: h, token: a.Token, secret: a.Secret}
}

type resp struct {
	status int
	body   map[string]any
	header http.Header
}

// rawResp is an answer byte for byte.
type rawResp struct {
	status int
	header http.Header
	body   []byte
}

func (e *env) raw(method, path, body string, header map[string]string) rawResp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return rawResp{res.StatusCode, res.Header, b}
}

func (e *env) do(method, path string, body string, header map[string]string) resp {
	e.t.Helper()
	r := e.raw(method, path, body, header)
	var m map[string]any
	_ = json.Unmarshal(r.body, &m)
	return resp{status: r.status, body: m, header: r.header}
}

// appHost is the Host header of the test app's own origin.
func (e *env) appHost(id string) string {
	return strings.TrimPrefix(app.OriginURL(e.srv.URL, id), "http://")
}

func (e *env) call(api, body string) resp {
	return e.do("POST", "/wx/"+appID+"/"+api, body, map[string]string{"Authorization": "Bearer " + e.token})
}

func TestWxCalls(t *testing.T) {
	e := newEnv(t, true)
	tests := []struct {
		api, body  string
		wantStatus int
		wantErrMsg string
		wantFields []string
	}{
		{"login", `{}`, 200, "login:ok", []string{"code"}},
		{"login", ``, 200, "login:ok", []string{"code"}},
		{"checkSession", `{}`, 200, "checkSession:ok", nil},
		{"getAccountInfoSync", `{}`, 200, "getAccountInfoSync:ok", []string{"miniProgram"}},
		{"authorize", `{"scope":"scope.camera"}`, 200, "authorize:ok", nil},
		{"authorize", `{"scope":"scope.bogus"}`, 200, "authorize:fail invalid scope", nil},
		{"authorize", `{"scope":42}`, 400, `authorize:fail invalid request: field "scope": want string, got JSON number`, nil},
		{"authorize", `{"scope":`, 400, "authorize:fail invalid request: malformed JSON", nil},
		{"authorize", `[1,2]`, 400, "authorize:fail invalid request: body must be a JSON object", nil},
		{"authorize", `{"scope":"scope.camera"} {}`, 400, "authorize:fail invalid request: malformed JSON: trailing data", nil},
		{"getSetting", `{"withSubscriptions":true}`, 200, "getSetting:ok", []string{"authSetting", "subscriptionsSetting"}},
		{"getSetting", `{"withSubscriptions":"yes"}`, 400, "getSetting:fail invalid request", nil},
		{"getUserInfo", `{"withCredentials":true}`, 200, "getUserInfo:fail scope unauthorized", nil},
		{"getUserProfile", `{"desc":"Show your profile"}`, 200, "getUserProfile:ok", []string{"userInfo", "rawData", "signature", "encryptedData", "iv", "cloudID"}},
		{"getUserProfile", `{"desc":"Show your profile","_userGesture":false}`, 200, "getUserProfile:fail can only be invoked by user TAP gesture.", nil},
		{"getUserProfile", `{"desc":"` + strings.Repeat("d", 31) + `"}`, 200, "getUserProfile:fail desc length does not meet the requirements", nil},
		{"openSetting", `{"_userGesture":true}`, 200, "openSetting:ok", []string{"authSetting"}},
		{"openSetting", `{"_userGesture":false}`, 200, "openSetting:fail can only be invoked by user TAP gesture.", nil},
		{"checkIsSupportSoterAuthentication", `{}`, 200, "checkIsSupportSoterAuthentication:ok", []string{"supportMode"}},
		{"checkIsSoterEnrolledInDevice", `{"checkAuthMode":"fingerPrint"}`, 200, "checkIsSoterEnrolledInDevice:ok", []string{"isEnrolled"}},
		{"checkIsSoterEnrolledInDevice", `{"checkAuthMode":"iris"}`, 200, "checkIsSoterEnrolledInDevice:fail auth mode not supported", []string{"errCode"}},
		{"startSoterAuthentication", `{"requestAuthModes":["fingerPrint"],"challenge":"abc","authContent":"Pay"}`, 200, "startSoterAuthentication:ok", []string{"authMode", "resultJSON", "resultJSONSignature", "errCode"}},
		{"startSoterAuthentication", `{"requestAuthModes":["fingerPrint"]}`, 200, "startSoterAuthentication:fail challenge is empty or too long", []string{"errCode", "authMode", "resultJSON", "resultJSONSignature"}},
		{"startSoterAuthentication", `{"requestAuthModes":"fingerPrint","challenge":"c"}`, 400, "startSoterAuthentication:fail invalid request", nil},
		{"notAnAPI", `{}`, 404, "notAnAPI:fail not supported by minihost", nil},
	}
	for _, tt := range tests {
		t.Run(tt.api+" "+tt.body, func(t *testing.T) {
			r := e.call(tt.api, tt.body)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d (%v)", r.status, tt.wantStatus, r.body)
			}
			msg, _ := r.body["errMsg"].(string)
			if !strings.HasPrefix(msg, tt.wantErrMsg) {
				t.Fatalf("errMsg %q, want prefix %q", msg, tt.wantErrMsg)
			}
			for _, f := range tt.wantFields {
				if _, ok := r.body[f]; !ok {
					t.Fatalf("result lacks %s: %v", f, r.body)
				}
			}
		})
	}
}

func TestGuards(t *testing.T) {
	e := newEnv(t, true)
	auth := "Bearer " + e.token
	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		header     map[string]string
		wantStatus int
		wantErrMsg string
	}{
		{"no token", "POST", "/wx/" + appID + "/login", `{}`, nil, 401, "login:fail invalid token"},
		{"wrong token", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": "Bearer nope"}, 401, "login:fail invalid token"},
		{"unknown app", "POST", "/wx/wxnope/login", `{}`, map[string]string{"Authorization": auth}, 404, "login:fail app wxnope is not loaded"},
		{"foreign origin", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Origin": "http://evil.example"}, 403, "login:fail origin not allowed"},
		{"cross-site fetch", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Sec-Fetch-Site": "cross-site"}, 403, "login:fail origin not allowed"},
		{"DNS rebinding host", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Host": "evil.example:7878"}, 421, "login:fail host not allowed"},
		{"localhost host", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Host": "localhost:7878"}, 200, "login:ok"},
		{"oversized body", "POST", "/wx/" + appID + "/authorize", `{"scope":"` + strings.Repeat("x", hostapi.MaxBody) + `"}`, map[string]string{"Authorization": auth}, 413, "authorize:fail request body too large"},
		{"GET on a call", "GET", "/wx/" + appID + "/login", ``, map[string]string{"Authorization": auth}, 405, ""},
		{"page of the host's origin", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Origin": e.srv.URL, "Sec-Fetch-Site": "same-origin"}, 403, "login:fail origin not allowed"},
		{"app's own page", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Host": e.appHost(appID), "Origin": "http://" + e.appHost(appID), "Sec-Fetch-Site": "same-origin"}, 200, "login:ok"},
		{"app origin, foreign page", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Host": e.appHost(appID), "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}, 403, "login:fail origin not allowed"},
		{"app origin, other port", "POST", "/wx/" + appID + "/login", `{}`, map[string]string{"Authorization": auth, "Host": e.appHost(appID), "Origin": "http://" + app.OriginLabel(appID) + ".localhost:1", "Sec-Fetch-Site": "same-site"}, 403, "login:fail origin not allowed"},
		{"boot on the host's origin", "GET", "/wx/" + appID + "/boot", ``, map[string]string{"Sec-Fetch-Site": "same-origin"}, 403, "boot:fail boot answers on the app's own origin " + app.OriginURL(e.srv.URL, appID)},
		{"boot on the host's origin, no browser", "GET", "/wx/" + appID + "/boot", ``, nil, 403, "boot:fail boot answers on the app's own origin " + app.OriginURL(e.srv.URL, appID)},
		{"boot same origin", "GET", "/wx/" + appID + "/boot", ``, map[string]string{"Host": e.appHost(appID), "Sec-Fetch-Site": "same-origin"}, 200, "boot:ok"},
		{"boot by host name", "GET", "/wx/boot", ``, map[string]string{"Host": e.appHost(appID), "Sec-Fetch-Site": "same-origin"}, 200, "boot:ok"},
		{"boot cross site", "GET", "/wx/boot", ``, map[string]string{"Host": e.appHost(appID), "Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}, 403, "boot:fail origin not allowed"},
		{"Host of no loaded app", "GET", "/wx/boot", ``, map[string]string{"Host": "wxnope.localhost:7878"}, 421, "boot:fail host not allowed"},
		{"Host evil.localhost", "GET", "/", ``, map[string]string{"Host": "evil.localhost:7878"}, 421, "minihost:fail host not allowed"},
		{"Host below an app's", "GET", "/wx/boot", ``, map[string]string{"Host": "x." + e.appHost(appID)}, 421, "boot:fail host not allowed"},
		{"Host another loopback address", "GET", "/wx.js", ``, map[string]string{"Host": "127.0.0.2:7878"}, 421, "wx.js:fail host not allowed"},
		{"Host with a port that is not a number", "GET", "/wx.js", ``, map[string]string{"Host": "localhost:x"}, 421, "wx.js:fail host not allowed"},
		{"Host [::1]", "GET", "/wx.js", ``, map[string]string{"Host": "[::1]:7878"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.path, tt.body, tt.header)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d (%v)", r.status, tt.wantStatus, r.body)
			}
			if msg, _ := r.body["errMsg"].(string); tt.wantErrMsg != "" && msg != tt.wantErrMsg {
				t.Fatalf("errMsg %q, want %q", msg, tt.wantErrMsg)
			}
		})
	}
	// Nothing above changed stored state: the login from "localhost host" is the only session.
	if r := e.call("getSetting", `{}`); len(r.body["authSetting"].(map[string]any)) != 0 {
		t.Fatalf("rejected requests changed settings: %v", r.body)
	}
}

func TestBootAndFiles(t *testing.T) {
	e := newEnv(t, true)
	r := e.do("GET", "/wx/boot", "", map[string]string{"Host": e.appHost(appID)})
	if r.body["token"] != e.token || r.body["accountInfo"].(map[string]any)["miniProgram"].(map[string]any)["appId"] != appID {
		t.Fatalf("boot %v", r.body)
	}
	res, err := http.Get(e.srv.URL + "/wx.js")
	if err != nil || res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("wx.js: %v %v", res, err)
	}
	origin := app.OriginURL(e.srv.URL, appID)
	redirects := []struct{ host, path, want string }{
		{e.appHost(appID), "/", "/pages/index/index.html"},
		// The links of the time before per-app origins lead to the app's origin.
		{"", "/app/" + appID + "/", origin + "/"},
		{"", "/app/" + appID + "/pages/index/index.html?a=1&b=%20", origin + "/pages/index/index.html?a=1&b=%20"},
		{"", "/app/" + appID + "/pages/x%2Fy.png", origin + "/pages/x%2Fy.png"},
	}
	for _, rd := range redirects {
		r := e.get(rd.host, rd.path)
		if r.StatusCode != 302 || r.Header.Get("Location") != rd.want {
			t.Errorf("GET %s on %q: %d Location %q, want 302 to %s", rd.path, rd.host, r.StatusCode, r.Header.Get("Location"), rd.want)
		}
		if strings.Contains(r.body, "wx.js") {
			t.Errorf("GET %s on %q served the page: %s", rd.path, rd.host, r.body)
		}
	}
	if page := e.get(e.appHost(appID), "/pages/index/index.html"); page.StatusCode != 200 || !strings.Contains(page.body, `/wx.js`) || page.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("page: %d %s %q", page.StatusCode, page.Header.Get("Content-Type"), page.body)
	}
	for path, want := range map[string]int{"/pages/index/index.html": 404, "/avatar/alice/132": 200, "/avatar/default/0": 200, "/avatar/alice/100": 404, "/avatar/nobody/46": 404, "/app/wxnope/x": 404} {
		if r := e.get("", path); r.StatusCode != want {
			t.Errorf("host origin %s: %d, want %d", path, r.StatusCode, want)
		}
	}
	for path, want := range map[string]int{"/pages/index/index.html": 200, "/pages/index/": 404, "/pages/%2e%2e/%2e%2e/x": 404, "/etc/passwd": 404, "/app/" + appID + "/pages/index/index.html": 404, "/_minihost/apps": 403, "/__minihost/project.json": 404} {
		if r := e.get(e.appHost(appID), path); r.StatusCode != want {
			t.Errorf("app origin %s: %d, want %d", path, r.StatusCode, want)
		}
	}
	if r := e.do("POST", "/pages/index/index.html", "", map[string]string{"Host": e.appHost(appID)}); r.status != 405 {
		t.Errorf("POST a page: %d, want 405", r.status)
	}
}

type page struct {
	*http.Response
	body string
}

// get does a GET with the given Host header ("" for the host's own), not
// following redirects.
func (e *env) get(host, path string) page {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{res, string(b)}
}

func TestServerEmulation(t *testing.T) {
	e := newEnv(t, true)
	code := e.call("login", `{}`).body["code"].(string)
	q := func(path string, v url.Values) resp { return e.do("GET", path+"?"+v.Encode(), "", nil) }
	exch := url.Values{"appid": {appID}, "secret": {e.secret}, "js_code": {code}, "grant_type": {"authorization_code"}}
	r := q("/sns/jscode2session", exch)
	if r.status != 200 || r.body["session_key"] == nil || r.body["openid"] == nil {
		t.Fatalf("jscode2session %v", r.body)
	}
	openid := r.body["openid"].(string)
	tests := []struct {
		name     string
		path     string
		v        url.Values
		wantCode float64
	}{
		{"code reused", "/sns/jscode2session", exch, 40163},
		{"invalid code", "/sns/jscode2session", url.Values{"appid": {appID}, "secret": {e.secret}, "js_code": {"zzz"}, "grant_type": {"authorization_code"}}, 40029},
		{"bad secret", "/sns/jscode2session", url.Values{"appid": {appID}, "secret": {"bad"}, "js_code": {"zzz"}, "grant_type": {"authorization_code"}}, 40125},
		{"token bad secret", "/cgi-bin/token", url.Values{"grant_type": {"client_credential"}, "appid": {appID}, "secret": {"bad"}}, 40125},
		{"token unknown appid", "/cgi-bin/token", url.Values{"grant_type": {"client_credential"}, "appid": {"wxnope"}, "secret": {"x"}}, 40013},
		{"checksession bad token", "/wxa/checksession", url.Values{"access_token": {"x"}, "openid": {openid}, "signature": {"s"}, "sig_method": {"hmac_sha256"}}, 40001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := q(tt.path, tt.v)
			if r.status != 200 || r.body["errcode"] != tt.wantCode || r.body["errmsg"] == "" {
				t.Fatalf("%d %v, want errcode %v", r.status, r.body, tt.wantCode)
			}
		})
	}
	tok := q("/cgi-bin/token", url.Values{"grant_type": {"client_credential"}, "appid": {appID}, "secret": {e.secret}})
	at, _ := tok.body["access_token"].(string)
	if at == "" || tok.body["expires_in"] != float64(7200) {
		t.Fatalf("token %v", tok.body)
	}
	soter := e.call("startSoterAuthentication", `{"requestAuthModes":["fingerPrint"],"challenge":"pay-42"}`).body
	verify := func(body string) resp {
		return e.do("POST", "/cgi-bin/soter/verify_signature?access_token="+at, body, nil)
	}
	good, _ := json.Marshal(map[string]string{"openid": openid, "json_string": soter["resultJSON"].(string), "json_signature": soter["resultJSONSignature"].(string)})
	if r := verify(string(good)); r.body["is_ok"] != true {
		t.Fatalf("verify good: %v", r.body)
	}
	bad, _ := json.Marshal(map[string]string{"openid": openid, "json_string": strings.Replace(soter["resultJSON"].(string), "pay-42", "pay-43", 1), "json_signature": soter["resultJSONSignature"].(string)})
	if r := verify(string(bad)); r.body["is_ok"] != false {
		t.Fatalf("verify tampered: %v", r.body)
	}
	if r := verify(`{"openid":`); r.body["errcode"] != float64(47001) {
		t.Fatalf("verify malformed: %v", r.body)
	}
	if r := e.do("POST", "/cgi-bin/soter/verify_signature?access_token=nope", string(good), nil); r.body["errcode"] != float64(40001) {
		t.Fatalf("verify bad token: %v", r.body)
	}
	// Secrets are redacted from the call log.
	calls, _ := e.host.Calls(app.CallFilter{Limit: 1000})
	for _, c := range calls {
		if strings.Contains(string(c.Args)+string(c.Result), e.secret) || strings.Contains(string(c.Result), r.body["session_key"].(string)) {
			t.Fatalf("secret in call log: %+v", c)
		}
	}
}

func TestControlAPI(t *testing.T) {
	e := newEnv(t, true)
	tests := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"control token", map[string]string{"Authorization": "Bearer " + control}, 200},
		{"no token", nil, 401},
		{"wrong token", map[string]string{"Authorization": "Bearer wrong"}, 401},
		{"app token", map[string]string{"Authorization": "Bearer " + e.token}, 403},
		{"from another site", map[string]string{"Authorization": "Bearer " + control, "Origin": "http://evil.example"}, 403},
		{"cross-site fetch", map[string]string{"Authorization": "Bearer " + control, "Sec-Fetch-Site": "cross-site"}, 403},
		// Any web page is refused, the host's own and an app's included.
		{"page of this host with the control token", map[string]string{"Authorization": "Bearer " + control, "Origin": e.srv.URL, "Sec-Fetch-Site": "same-origin"}, 403},
		{"same-origin GET of a host page", map[string]string{"Authorization": "Bearer " + control, "Sec-Fetch-Site": "same-origin"}, 403},
		{"page of this host with its app token", map[string]string{"Authorization": "Bearer " + e.token, "Origin": e.srv.URL, "Sec-Fetch-Site": "same-origin"}, 403},
		{"page of this host without a token", map[string]string{"Origin": e.srv.URL, "Sec-Fetch-Site": "same-origin"}, 403},
		{"app page with the control token", map[string]string{"Authorization": "Bearer " + control, "Origin": "http://" + e.appHost(appID), "Sec-Fetch-Site": "same-site"}, 403},
		{"on an app's origin", map[string]string{"Authorization": "Bearer " + control, "Host": e.appHost(appID)}, 403},
		{"typed in the address bar", map[string]string{"Authorization": "Bearer " + control, "Sec-Fetch-Site": "none"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("GET", "/_minihost/apps", "", tt.header)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d", r.status, tt.want)
			}
			if tt.want == 200 {
				apps := r.body["apps"].([]any)
				if len(apps) != 1 || apps[0].(map[string]any)["secret"] != e.secret {
					t.Fatalf("apps %v", apps)
				}
			}
		})
	}
}

// waitingPrompter holds every authorize prompt open until its ctx ends, like
// a dialog nobody answers, and reports when it closed.
type waitingPrompter struct {
	app.PolicyPrompter
	shown  chan struct{}
	closed chan error
}

func (p waitingPrompter) Authorize(ctx context.Context, req app.AuthorizeRequest) (bool, error) {
	p.shown <- struct{}{}
	<-ctx.Done()
	p.closed <- ctx.Err()
	return false, ctx.Err()
}

func TestPromptClosesWhenCallerLeaves(t *testing.T) {
	p := waitingPrompter{shown: make(chan struct{}, 1), closed: make(chan error, 1)}
	e := newEnvWith(t, p)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", e.srv.URL+"/wx/"+appID+"/authorize", strings.NewReader(`{"scope":"scope.camera"}`))
	req.Header.Set("Authorization", "Bearer "+e.token)
	// The caller leaves once the prompt shows (not after a fixed time,
	// which a loaded machine may spend before the prompt is even asked).
	go func() {
		select {
		case <-p.shown:
		case <-time.After(5 * time.Second):
		}
		cancel()
	}()
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatal("the call returned although nobody answered the prompt")
	}
	select {
	case err := <-p.closed:
		if err != context.Canceled {
			t.Fatalf("prompt closed with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("prompt still open after the caller left")
	}
	// An abandoned prompt stores no answer: the scope was never asked.
	if r := e.call("getSetting", `{}`); r.status != 200 || len(r.body["authSetting"].(map[string]any)) != 0 {
		t.Fatalf("after a cancelled call: %d %v", r.status, r.body)
	}
}

// TestAppTokensAreScoped: app A's token reads and changes nothing of app B.
func TestAppTokensAreScoped(t *testing.T) {
	e := newEnv(t, true)
	const otherID = "wxother000000002"
	mp, err := app.LoadMiniProgram(fstest.MapFS{
		"project.config.json": {Data: []byte(`{"appid":"` + otherID + `","projectname":"Other"}`)},
		"app.json":            {Data: []byte(`{"pages":["p"]}`)},
		"p.html":              {Data: []byte(`<script src="/wx.js"></script>`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.host.Load(context.Background(), mp); err != nil {
		t.Fatal(err)
	}
	other, _ := e.host.App(otherID)
	for _, api := range []string{"getSetting", "authorize", "login", "getUserInfo"} {
		r := e.do("POST", "/wx/"+otherID+"/"+api, `{"scope":"scope.camera"}`, map[string]string{"Authorization": "Bearer " + e.token})
		if r.status != http.StatusUnauthorized {
			t.Errorf("%s on app B with app A's token: %d %v", api, r.status, r.body)
		}
	}
	if s, _ := e.host.Settings(e.host.CurrentPersona().ID, otherID); len(s.Auth) != 0 {
		t.Fatalf("app B's settings changed: %v", s.Auth)
	}
	// B's own token works, and does not open A.
	if r := e.do("POST", "/wx/"+otherID+"/getSetting", `{}`, map[string]string{"Authorization": "Bearer " + other.Token}); r.status != 200 {
		t.Fatalf("app B with its own token: %d", r.status)
	}
	if r := e.do("POST", "/wx/"+appID+"/getSetting", `{}`, map[string]string{"Authorization": "Bearer " + other.Token}); r.status != http.StatusUnauthorized {
		t.Fatalf("app A with app B's token: %d", r.status)
	}
}
