package apitype

import (
	"net/url"
	"strings"
)

// ServerEndpoint is one endpoint of the emulated WeChat server that a
// developer's backend calls instead of api.weixin.qq.com. The server serves
// exactly these (hostapi pairs each with its handler); scenario backend
// steps and the window's Server tab describe them from here.
type ServerEndpoint struct {
	Method, Path string
	// Query is an example query: UPPERCASE values are the caller's
	// (APPID, APPSECRET, CODE, TOKEN...), the others fixed
	// ("grant_type=authorization_code").
	Query string
	Doc   string // what it answers, in a few words
	// ContentType is the exact Content-Type the real server sends there, on
	// success and error alike (docs/server.md says where each was seen)...
	ContentType string
	// ...unless Success names the one a success has (getwxacodeunlimit's
	// image; its errors are JSON).
	Success string
}

// Name is how faults ("server.<name>"), the call log and scenarios name the
// endpoint: its path's last element.
func (e ServerEndpoint) Name() string { return e.Path[strings.LastIndexByte(e.Path, '/')+1:] }

// Defaults is the query an app's call starts from: Query's fixed values,
// and APPID and APPSECRET filled in; the other placeholders are left out
// for the caller to give.
func (e ServerEndpoint) Defaults(appID, secret string) url.Values {
	q, _ := url.ParseQuery(e.Query) // a literal of this file; TestServerEndpoints parses each
	out := url.Values{}
	for k, vs := range q {
		switch v := vs[0]; {
		case v == "APPID":
			out.Set(k, appID)
		case v == "APPSECRET":
			out.Set(k, secret)
		case v != strings.ToUpper(v):
			out.Set(k, v)
		}
	}
	return out
}

// The real server's Content-Types: jscode2session answers text/plain (Java
// backends carry a converter for it); the cgi-bin and wxa endpoints answer
// JSON with WeChat's own "encoding" parameter rather than "charset".
// ServerJSON is the one the server's errors carry everywhere.
const (
	contentPlain = "text/plain"
	ServerJSON   = "application/json; encoding=utf-8"
	contentImage = "image/jpeg (image/png with is_hyaline)"
)

// The endpoints, each defined once.
var (
	Jscode2Session = ServerEndpoint{Method: "GET", Path: "/sns/jscode2session", Query: "appid=APPID&secret=APPSECRET&js_code=CODE&grant_type=authorization_code",
		Doc: "login code → openid, session_key, unionid", ContentType: contentPlain}
	Token = ServerEndpoint{Method: "GET", Path: "/cgi-bin/token", Query: "grant_type=client_credential&appid=APPID&secret=APPSECRET",
		Doc: "access_token (7200 s)", ContentType: ServerJSON}
	StableToken = ServerEndpoint{Method: "POST", Path: "/cgi-bin/stable_token",
		Doc: `body {"grant_type":"client_credential","appid","secret","force_refresh"} → the stable access_token`, ContentType: ServerJSON}
	CheckSession = ServerEndpoint{Method: "GET", Path: "/wxa/checksession", Query: "access_token=TOKEN&signature=SIG&openid=OPENID&sig_method=hmac_sha256",
		Doc: "is this session_key still the user's?", ContentType: ServerJSON}
	ResetUserSessionKey = ServerEndpoint{Method: "GET", Path: "/wxa/resetusersessionkey", Query: "access_token=TOKEN&signature=SIG&openid=OPENID&sig_method=hmac_sha256",
		Doc: "a new session_key", ContentType: ServerJSON}
	VerifySignature = ServerEndpoint{Method: "POST", Path: "/cgi-bin/soter/verify_signature", Query: "access_token=TOKEN",
		Doc: `body {"openid","json_string","json_signature"} → is_ok`, ContentType: ServerJSON}
	UserPhoneNumber = ServerEndpoint{Method: "POST", Path: "/wxa/business/getuserphonenumber", Query: "access_token=TOKEN",
		Doc: `body {"code"} (getPhoneNumber's code) → phone_info`, ContentType: ServerJSON}
	SubscribeSend = ServerEndpoint{Method: "POST", Path: "/cgi-bin/message/subscribe/send", Query: "access_token=TOKEN",
		Doc: `body {"touser","template_id","page","data"} → the persona's Messages`, ContentType: ServerJSON}
	WxaCodeUnlimit = ServerEndpoint{Method: "POST", Path: "/wxa/getwxacodeunlimit", Query: "access_token=TOKEN",
		Doc: `body {"scene","page","width","check_path","env_version"} → a QR code image`, ContentType: ServerJSON, Success: contentImage}
)

// ServerEndpoints lists the emulated server's endpoints, in the order a
// backend typically uses them.
func ServerEndpoints() []ServerEndpoint {
	return []ServerEndpoint{Jscode2Session, Token, StableToken, CheckSession, ResetUserSessionKey,
		VerifySignature, UserPhoneNumber, SubscribeSend, WxaCodeUnlimit}
}

// LookupServerEndpoint finds an endpoint by Name.
func LookupServerEndpoint(name string) (ServerEndpoint, bool) {
	for _, e := range ServerEndpoints() {
		if e.Name() == name {
			return e, true
		}
	}
	return ServerEndpoint{}, false
}
