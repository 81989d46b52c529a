package hostapi_test

// An unmodified third-party server SDK (github.com/silenceper/wechat/v2)
// against the emulated WeChat server, pointed at minihost only through the
// SDK's documented option (util.SetURIModifier) or, as the README tells
// backends without one, an http.Client whose transport rewrites the address
// and the Host.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2"
	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
	miniConfig "github.com/silenceper/wechat/v2/miniprogram/config"
	"github.com/silenceper/wechat/v2/util"
)

// The SDK keeps its HTTP client and URI modifier in package variables: these
// tests set them and so do not run in parallel.

func TestInteropSilenceperURIModifier(t *testing.T) {
	e := newEnv(t, true)
	util.SetURIModifier(func(uri string) string {
		return strings.Replace(uri, "https://api.weixin.qq.com", e.srv.URL, 1)
	})
	t.Cleanup(func() { util.SetURIModifier(nil) })
	interopFlow(t, e)
}

// toMinihost is the README's Go transport: it rewrites the scheme, the address
// and the Host header.
type toMinihost struct {
	base     *url.URL
	keepHost bool // the mistake README warns about: only the socket moves
}

func (t toMinihost) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "api.weixin.qq.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = t.base.Scheme, t.base.Host
		if t.keepHost {
			r.Host = "api.weixin.qq.com"
		} else {
			r.Host = t.base.Host
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func useTransport(t *testing.T, rt http.RoundTripper) {
	old := util.DefaultHTTPClient
	util.DefaultHTTPClient = &http.Client{Transport: rt}
	t.Cleanup(func() { util.DefaultHTTPClient = old })
}

func TestInteropSilenceperTransport(t *testing.T) {
	e := newEnv(t, true)
	base, _ := url.Parse(e.srv.URL)
	useTransport(t, toMinihost{base: base})
	interopFlow(t, e)
}

// A transport that keeps Host: api.weixin.qq.com gets an error the SDK
// reports, naming the Host, rather than an HTTP status it cannot read.
func TestInteropSilenceperHostNotRewritten(t *testing.T) {
	e := newEnv(t, true)
	base, _ := url.Parse(e.srv.URL)
	useTransport(t, toMinihost{base: base, keepHost: true})
	ak := credential.NewDefaultAccessToken(appID, e.secret, "interop", cache.NewMemory())
	_, err := ak.GetAccessToken()
	if err == nil || !strings.Contains(err.Error(), "40066") || !strings.Contains(err.Error(), "rewrite the Host header") {
		t.Fatalf("GetAccessToken with Host kept = %v, want errcode 40066 naming the Host", err)
	}
}

// interopFlow is a backend's login: the page logs in and shares its profile,
// the backend exchanges the code, decrypts, fetches both kinds of
// access_token and checks the session, all through the SDK.
func interopFlow(t *testing.T, e *env) {
	t.Helper()
	code := e.call("login", `{}`).body["code"].(string)
	profile := e.call("getUserProfile", `{"desc":"Show your profile"}`).body
	mini := wechat.NewWechat().GetMiniProgram(&miniConfig.Config{AppID: appID, AppSecret: e.secret, Cache: cache.NewMemory()})

	sess, err := mini.GetAuth().Code2Session(code)
	if err != nil || sess.OpenID == "" || sess.SessionKey == "" || sess.UnionID == "" {
		t.Fatalf("Code2Session = %+v, %v", sess, err)
	}
	if _, err := mini.GetAuth().Code2Session(code); err == nil || !strings.Contains(err.Error(), "errcode=40163") || !strings.Contains(err.Error(), "code been used, rid: ") {
		t.Fatalf("Code2Session with a used code: %v, want errcode 40163", err)
	}
	plain, err := mini.GetEncryptor().Decrypt(sess.SessionKey, profile["encryptedData"].(string), profile["iv"].(string))
	if err != nil || plain.Watermark.AppID != appID || plain.NickName == "" {
		t.Fatalf("Decrypt(getUserProfile) = %+v, %v", plain, err)
	}

	// /cgi-bin/token through the default handle, then the session check.
	tok, err := mini.GetContext().GetAccessToken()
	if err != nil || tok == "" {
		t.Fatalf("GetAccessToken = %q, %v", tok, err)
	}
	mac := hmac.New(sha256.New, []byte(sess.SessionKey))
	if err := mini.GetAuth().CheckSession(hex.EncodeToString(mac.Sum(nil)), sess.OpenID); err != nil {
		t.Fatalf("CheckSession with the right signature: %v", err)
	}
	if err := mini.GetAuth().CheckSession(strings.Repeat("0", 64), sess.OpenID); err == nil || !strings.Contains(err.Error(), "87009") {
		t.Fatalf("CheckSession with a wrong signature: %v, want 87009", err)
	}

	// /cgi-bin/stable_token: the SDK's stable handle, normal then forced.
	stable := credential.NewStableAccessToken(appID, e.secret, "interop", cache.NewMemory())
	st, err := stable.GetAccessToken()
	if err != nil || st == "" || st == tok {
		t.Fatalf("stable GetAccessToken = %q, %v (cgi-bin/token gave %q)", st, err, tok)
	}
	direct, err := stable.(*credential.StableAccessToken).GetAccessTokenDirectly(context.Background(), false)
	if err != nil || direct.AccessToken != st {
		t.Fatalf("normal mode again = %+v, %v, want %q", direct, err, st)
	}
	forced, err := stable.(*credential.StableAccessToken).GetAccessTokenDirectly(context.Background(), true)
	if err != nil || forced.AccessToken == st || forced.ExpiresIn != 7200 {
		t.Fatalf("force_refresh = %+v, %v", forced, err)
	}
	_, err = credential.NewStableAccessToken(appID, "wrong", "interop", cache.NewMemory()).GetAccessToken()
	if err == nil || !strings.Contains(err.Error(), "errcode=40125") {
		t.Fatalf("stable token with a wrong secret: %v, want 40125", err)
	}
	// A miniprogram configured for the stable token checks sessions with it.
	stableMini := wechat.NewWechat().GetMiniProgram(&miniConfig.Config{AppID: appID, AppSecret: e.secret, Cache: cache.NewMemory(), UseStableAK: true})
	if err := stableMini.GetAuth().CheckSession(hex.EncodeToString(mac.Sum(nil)), sess.OpenID); err != nil {
		t.Fatalf("CheckSession with the stable token: %v", err)
	}
}
