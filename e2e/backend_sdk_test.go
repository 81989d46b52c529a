package e2e

// A developer's backend using a real Go WeChat SDK (github.com/silenceper/wechat/v2, unmodified)
// against the minihost binary, pointed at it the way the README's backend section says: an
// http.Client whose transport rewrites the address and the Host.

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2"
	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
	miniConfig "github.com/silenceper/wechat/v2/miniprogram/config"
	"github.com/silenceper/wechat/v2/util"
)

type rewriteTransport struct {
	base     *url.URL
	keepHost bool
}

func (t rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "api.weixin.qq.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = t.base.Scheme, t.base.Host
		if !t.keepHost {
			r.Host = t.base.Host
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestBackendSDK(t *testing.T) {
	h := StartHost(t, "allow")
	base, _ := url.Parse(h.URL)
	old := util.DefaultHTTPClient
	t.Cleanup(func() { util.DefaultHTTPClient = old })
	util.DefaultHTTPClient = &http.Client{Transport: rewriteTransport{base: base}}

	code := str(h.MustCall("login", map[string]any{}), "code")
	mini := wechat.NewWechat().GetMiniProgram(&miniConfig.Config{AppID: DemoAppID, AppSecret: h.Demo.Secret, Cache: cache.NewMemory(), UseStableAK: true})
	sess, err := mini.GetAuth().Code2Session(code)
	if err != nil || sess.OpenID == "" || sess.SessionKey == "" {
		t.Fatalf("Code2Session = %+v, %v", sess, err)
	}
	tok, err := mini.GetContext().GetAccessToken()
	if err != nil || tok == "" {
		t.Fatalf("stable GetAccessToken = %q, %v", tok, err)
	}
	forced, err := credential.NewStableAccessToken(DemoAppID, h.Demo.Secret, "e2e", cache.NewMemory()).(*credential.StableAccessToken).GetAccessTokenDirectly(context.Background(), true)
	if err != nil || forced.AccessToken == tok {
		t.Fatalf("force_refresh = %+v, %v", forced, err)
	}

	// Over the wire: jscode2session is text/plain, the body ends at "}", errors carry a rid.
	res, err := http.Get(h.URL + "/sns/jscode2session?" + url.Values{"appid": {DemoAppID}, "secret": {h.Demo.Secret}, "js_code": {code}, "grant_type": {"authorization_code"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/plain" || !regexp.MustCompile(`^\{"errcode":40163,"errmsg":"code been used, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}"\}$`).Match(body) {
		t.Errorf("reused code: Content-Type %q, body %q", ct, body)
	}

	// A transport that keeps Host: api.weixin.qq.com is told to rewrite it.
	util.DefaultHTTPClient = &http.Client{Transport: rewriteTransport{base: base, keepHost: true}}
	_, err = credential.NewDefaultAccessToken(DemoAppID, h.Demo.Secret, "e2e", cache.NewMemory()).GetAccessToken()
	if err == nil || !strings.Contains(err.Error(), "40066") || !strings.Contains(err.Error(), "rewrite the Host header") {
		t.Errorf("GetAccessToken with the Host kept: %v, want 40066 naming the Host", err)
	}
}
