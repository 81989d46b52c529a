package hostapi_test

// Byte-level tests of the emulated WeChat server: what a backend's SDK reads
// off the wire (issue 16 points 1-8).

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

const ridRE = `[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}`

// wantError checks an error answer byte for byte: HTTP 200, exactly
// {"errcode":N,"errmsg":"<msg> rid: <id>"}, and returns the rid.
func wantError(t *testing.T, what string, r rawResp, code int, msg string) string {
	t.Helper()
	re := regexp.MustCompile(`^\{"errcode":` + strconv.Itoa(code) + `,"errmsg":"` + regexp.QuoteMeta(msg) + ` rid: (` + ridRE + `)"\}$`)
	m := re.FindSubmatch(r.body)
	if r.status != http.StatusOK || m == nil {
		t.Fatalf("%s = %d %q, want 200 %s", what, r.status, r.body, re)
	}
	return string(m[1])
}

func tokenQuery(secret string) string {
	return "/cgi-bin/token?" + url.Values{"grant_type": {"client_credential"}, "appid": {appID}, "secret": {secret}}.Encode()
}

// Point 1: the body is exactly the JSON document, no trailing newline, and
// Content-Length says so.
func TestServerBodyIsExactlyTheDocument(t *testing.T) {
	e := newEnv(t, true)
	for _, path := range []string{tokenQuery(e.secret), tokenQuery("wrong"), "/sns/jscode2session?appid=" + appID, "/cgi-bin/nope"} {
		r := e.raw("GET", path, "", nil)
		if len(r.body) == 0 || r.body[len(r.body)-1] != '}' || !json.Valid(r.body) {
			t.Errorf("GET %s body %q: want a JSON object ending at }", path, r.body)
		}
		if cl := r.header.Get("Content-Length"); cl != strconv.Itoa(len(r.body)) {
			t.Errorf("GET %s Content-Length %q, body %d bytes", path, cl, len(r.body))
		}
	}
	r := e.raw("GET", tokenQuery(e.secret), "", nil)
	if !regexp.MustCompile(`^\{"access_token":"[A-Za-z0-9_-]{32}","expires_in":7200\}$`).Match(r.body) {
		t.Errorf("token body %q", r.body)
	}
}

// Point 2: a wrong secret at /cgi-bin/token is 40125; 40001 stays for a bad
// access_token.
func TestServerTokenWrongSecret(t *testing.T) {
	e := newEnv(t, true)
	wantError(t, "token with a wrong secret", e.raw("GET", tokenQuery("00000000000000000000000000000000"), "", nil), 40125, "invalid appsecret")
	wantError(t, "checksession with a bad token", e.raw("GET", "/wxa/checksession?access_token=nope&openid=o&signature=s&sig_method=hmac_sha256", "", nil),
		40001, "invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r")
}

// Point 3: unknown server paths and wrong methods answer in the server's shape.
func TestServerUnknownPathAndMethod(t *testing.T) {
	e := newEnv(t, true)
	tests := []struct {
		method, path string
		code         int
		msg          string
	}{
		{"GET", "/cgi-bin/nope", 40066, "invalid url"},
		{"POST", "/wxa/getwxacode/extra", 40066, "invalid url"},
		{"GET", "/sns/", 40066, "invalid url"},
		{"GET", "/cgi-bin/token/", 40066, "invalid url"},
		{"POST", "/sns/jscode2session", 43001, "require GET method"},
		{"DELETE", "/cgi-bin/token", 43001, "require GET method"},
		{"GET", "/cgi-bin/stable_token", 43002, "require POST method"},
		{"GET", "/cgi-bin/soter/verify_signature", 43002, "require POST method"},
	}
	for _, tt := range tests {
		r := e.raw(tt.method, tt.path, "", nil)
		wantError(t, tt.method+" "+tt.path, r, tt.code, tt.msg)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("%s %s Content-Type %q", tt.method, tt.path, ct)
		}
	}
	// Paths outside the server's prefixes keep the host's own answers.
	if r := e.raw("GET", "/nope", "", nil); r.status != http.StatusNotFound {
		t.Errorf("GET /nope = %d %q, want the mux's 404", r.status, r.body)
	}
}

// Point 4: every errmsg ends in a rid unique per request, and the call log
// entry carries it.
func TestServerRequestIDs(t *testing.T) {
	e := newEnv(t, true)
	seen := map[string]bool{}
	for i := range 50 {
		path := tokenQuery("wrong")
		if i%2 == 1 {
			path = "/cgi-bin/unknown"
		}
		r := e.raw("GET", path, "", nil)
		var body struct{ Errmsg string }
		_ = json.Unmarshal(r.body, &body)
		m := regexp.MustCompile(` rid: (` + ridRE + `)$`).FindStringSubmatch(body.Errmsg)
		if m == nil {
			t.Fatalf("errmsg %q has no rid", body.Errmsg)
		}
		if seen[m[1]] {
			t.Fatalf("rid %s repeated", m[1])
		}
		seen[m[1]] = true
	}
	rid := wantError(t, "token", e.raw("GET", tokenQuery("wrong"), "", nil), 40125, "invalid appsecret")
	calls, _ := e.host.Calls(app.CallFilter{API: "server.token", Limit: 1})
	if len(calls) != 1 || calls[0].RID != rid || !strings.HasSuffix(calls[0].ErrMsg, " rid: "+rid) {
		t.Fatalf("call log %+v, want rid %s", calls, rid)
	}
	// A success has no errmsg but is logged with its rid too.
	e.raw("GET", tokenQuery(e.secret), "", nil)
	calls, _ = e.host.Calls(app.CallFilter{API: "server.token", Limit: 1})
	if len(calls) != 1 || !regexp.MustCompile(`^`+ridRE+`$`).MatchString(calls[0].RID) || seen[calls[0].RID] || calls[0].RID == rid {
		t.Fatalf("success call log %+v", calls)
	}
}

// Point 5: each endpoint's real Content-Type, on success and error alike.
func TestServerContentTypes(t *testing.T) {
	e := newEnv(t, true)
	code := e.call("login", `{}`).body["code"].(string)
	tests := []struct {
		method, path, body, want string
	}{
		{"GET", "/sns/jscode2session?" + url.Values{"appid": {appID}, "secret": {e.secret}, "js_code": {code}, "grant_type": {"authorization_code"}}.Encode(), "", "text/plain"},
		{"GET", "/sns/jscode2session?appid=" + appID, "", "text/plain"},
		{"GET", tokenQuery(e.secret), "", "application/json; encoding=utf-8"},
		{"GET", tokenQuery("wrong"), "", "application/json; encoding=utf-8"},
		{"POST", "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + e.secret + `"}`, "application/json; encoding=utf-8"},
		{"GET", "/wxa/checksession?access_token=x", "", "application/json; encoding=utf-8"},
		{"POST", "/cgi-bin/soter/verify_signature?access_token=x", `{}`, "application/json; encoding=utf-8"},
		{"GET", "/cgi-bin/unknown", "", "application/json; encoding=utf-8"},
	}
	for _, tt := range tests {
		r := e.raw(tt.method, tt.path, tt.body, nil)
		if got := r.header.Get("Content-Type"); got != tt.want {
			t.Errorf("%s %s: Content-Type %q, want %q (%s)", tt.method, tt.path, got, tt.want, r.body)
		}
	}
	if r := e.raw("GET", "/sns/jscode2session?"+url.Values{"appid": {appID}, "secret": {e.secret}, "js_code": {code}, "grant_type": {"authorization_code"}}.Encode(), "", nil); !strings.HasPrefix(string(r.body), `{"errcode":40163,"errmsg":"code been used, rid: `) {
		t.Errorf("reused code: %q", r.body)
	}
}

// Point 6: verify_signature's success carries errcode 0 and errmsg "ok".
func TestServerVerifySignatureBody(t *testing.T) {
	e := newEnv(t, true)
	code := e.call("login", `{}`).body["code"].(string)
	sess := e.do("GET", "/sns/jscode2session?"+url.Values{"appid": {appID}, "secret": {e.secret}, "js_code": {code}, "grant_type": {"authorization_code"}}.Encode(), "", nil)
	openid, _ := sess.body["openid"].(string)
	at, _ := e.do("GET", tokenQuery(e.secret), "", nil).body["access_token"].(string)
	soter := e.call("startSoterAuthentication", `{"requestAuthModes":["fingerPrint"],"challenge":"pay-42"}`).body
	good, _ := json.Marshal(map[string]any{"openid": openid, "json_string": soter["resultJSON"], "json_signature": soter["resultJSONSignature"]})
	if r := e.raw("POST", "/cgi-bin/soter/verify_signature?access_token="+at, string(good), nil); string(r.body) != `{"errcode":0,"errmsg":"ok","is_ok":true}` {
		t.Errorf("verify good: %q", r.body)
	}
	bad, _ := json.Marshal(map[string]any{"openid": openid, "json_string": soter["resultJSON"].(string) + " ", "json_signature": soter["resultJSONSignature"]})
	if r := e.raw("POST", "/cgi-bin/soter/verify_signature?access_token="+at, string(bad), nil); string(r.body) != `{"errcode":0,"errmsg":"ok","is_ok":false}` {
		t.Errorf("verify tampered: %q", r.body)
	}
}

// Point 7: a backend that rewrote only the address (Host: api.weixin.qq.com)
// is told so in the server's shape; the call does not run. Other paths keep
// the wx-shaped 421.
func TestServerMisdirectedHost(t *testing.T) {
	e := newEnv(t, true)
	host := map[string]string{"Host": "api.weixin.qq.com"}
	r := e.raw("GET", tokenQuery(e.secret), "", host)
	wantError(t, "token with Host api.weixin.qq.com", r, 40066,
		`invalid url: Host \"api.weixin.qq.com\" is not minihost's loopback address; rewrite the Host header along with the URL (README, Server emulation)`)
	if r := e.raw("POST", "/cgi-bin/stable_token", `{}`, host); !strings.Contains(string(r.body), `"errcode":40066`) {
		t.Errorf("stable_token with a foreign Host: %q", r.body)
	}
	if r := e.do("POST", "/wx/"+appID+"/login", `{}`, map[string]string{"Host": "api.weixin.qq.com", "Authorization": "Bearer " + e.token}); r.status != http.StatusMisdirectedRequest {
		t.Errorf("wx call with a foreign Host = %d %v, want 421", r.status, r.body)
	}
}

// Point 8: /cgi-bin/stable_token over HTTP: same token in normal mode, apart
// from /cgi-bin/token's; force_refresh issues a new one; the documented errors.
func TestServerStableToken(t *testing.T) {
	e := newEnv(t, true)
	post := func(body string) rawResp {
		return e.raw("POST", "/cgi-bin/stable_token", body, map[string]string{"Content-Type": "application/json"})
	}
	req := func(secret string, force bool) string {
		b, _ := json.Marshal(map[string]any{"grant_type": "client_credential", "appid": appID, "secret": secret, "force_refresh": force})
		return string(b)
	}
	tokenOf := func(r rawResp) string {
		t.Helper()
		m := regexp.MustCompile(`^\{"access_token":"([A-Za-z0-9_-]{32})","expires_in":(\d+)\}$`).FindSubmatch(r.body)
		if r.status != 200 || m == nil {
			t.Fatalf("stable_token = %d %q", r.status, r.body)
		}
		return string(m[1])
	}
	first := tokenOf(post(req(e.secret, false)))
	if again := tokenOf(post(req(e.secret, false))); again != first {
		t.Fatalf("normal mode gave %s then %s, want the same token", first, again)
	}
	plain, _ := e.do("GET", tokenQuery(e.secret), "", nil).body["access_token"].(string)
	if plain == first {
		t.Fatal("cgi-bin/token returned the stable token")
	}
	if again := tokenOf(post(req(e.secret, false))); again != first {
		t.Fatal("cgi-bin/token replaced the stable token")
	}
	forced := tokenOf(post(req(e.secret, true)))
	if forced == first {
		t.Fatal("force_refresh returned the old token")
	}
	if again := tokenOf(post(req(e.secret, false))); again != forced {
		t.Fatalf("normal mode after force_refresh: %s, want %s", again, forced)
	}
	// Both tokens work for now (the old one for 5 more minutes).
	for _, tok := range []string{first, forced, plain} {
		r := e.do("GET", "/wxa/checksession?access_token="+tok+"&openid=nobody&signature=s&sig_method=hmac_sha256", "", nil)
		if r.body["errcode"] == float64(40001) {
			t.Errorf("token %s rejected: %v", tok, r.body)
		}
	}
	wantError(t, "a second force_refresh within 30 s", post(req(e.secret, true)), 45011, "api minute-quota reach limit mustslower retry next minute")
	wantError(t, "wrong secret", post(req("wrong", false)), 40125, "invalid appsecret")
	wantError(t, "unknown appid", post(`{"grant_type":"client_credential","appid":"wxnope","secret":"x"}`), 40013, "invalid appid")
	wantError(t, "no appid", post(`{"grant_type":"client_credential","secret":"x"}`), 41002, "appid missing")
	wantError(t, "no secret", post(`{"grant_type":"client_credential","appid":"`+appID+`"}`), 41004, "appsecret missing")
	wantError(t, "wrong grant_type", post(`{"grant_type":"password","appid":"`+appID+`","secret":"x"}`), 40002, "invalid grant_type")
	wantError(t, "not JSON", post(`grant_type=client_credential`), 47001, "data format error")
	// The call log keeps the appid and force_refresh, never the secret.
	calls, _ := e.host.Calls(app.CallFilter{API: "server.stable_token", Limit: 100})
	for _, c := range calls {
		if strings.Contains(string(c.Args)+string(c.Result)+c.ErrMsg, e.secret) || strings.Contains(string(c.Result), first) {
			t.Fatalf("secret in the call log: %+v", c)
		}
	}
}

// Unclean server paths answer 40066 as the real server does, not the mux's
// redirect to the clean path (which would let "//cgi-bin/token" succeed here).
func TestServerUncleanPath(t *testing.T) {
	e := newEnv(t, true)
	for _, p := range []string{"//cgi-bin/token?grant_type=client_credential&appid=" + appID + "&secret=" + e.secret,
		"/cgi-bin//token", "/sns/./jscode2session", "/wxa/../cgi-bin/token", "/cgi-bin", "/sns"} {
		// Written by hand: a client would clean the path or follow the redirect.
		conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", p)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		conn.Close()
		wantError(t, "GET "+p, rawResp{res.StatusCode, res.Header, b}, 40066, "invalid url")
	}
	// Clean paths and the host's own paths are untouched.
	if r := e.raw("GET", tokenQuery(e.secret), "", nil); !strings.Contains(string(r.body), "access_token") {
		t.Errorf("clean token path: %q", r.body)
	}
	if r := e.raw("GET", "/wx.js", "", nil); r.status != http.StatusOK {
		t.Errorf("GET /wx.js = %d", r.status)
	}
}

// A call the server refuses before running anything is logged with its
// request line, so the developer sees which path, method or Host was wrong.
func TestServerRefusedCallLogged(t *testing.T) {
	e := newEnv(t, true)
	e.raw("GET", "/cgi-bin/tokn?appid="+appID+"&secret="+e.secret, "", nil)
	e.raw("POST", "/cgi-bin/token", "", nil)
	e.raw("GET", tokenQuery(e.secret), "", map[string]string{"Host": "api.weixin.qq.com"})
	calls, _ := e.host.Calls(app.CallFilter{Limit: 3})
	want := []struct{ api, args, msg string }{
		{"server.unknown", `"path":"/cgi-bin/tokn"`, "unknown:fail invalid url rid: "},
		{"server.token", `"method":"POST"`, "token:fail require GET method rid: "},
		{"server.token", `"host":"api.weixin.qq.com"`, `token:fail invalid url: Host "api.weixin.qq.com"`},
	}
	if len(calls) != len(want) {
		t.Fatalf("call log %+v", calls)
	}
	for i, w := range want {
		c := calls[i]
		if c.API != w.api || !strings.Contains(string(c.Args), w.args) || !strings.HasPrefix(c.ErrMsg, w.msg) || c.RID == "" || strings.Contains(string(c.Args), e.secret) {
			t.Errorf("call %d = %s %s %q rid %q, want %s with %s, %q…", i, c.API, c.Args, c.ErrMsg, c.RID, w.api, w.args, w.msg)
		}
	}
}
