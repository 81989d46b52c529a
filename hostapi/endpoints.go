package hostapi

import "net/http"

// Endpoint is one emulated WeChat server endpoint a developer's backend calls
// instead of api.weixin.qq.com.
type Endpoint struct {
	Method, Path string
	Query        string // an example query, e.g. "appid=APPID&secret=APPSECRET"
	Doc          string // what it answers, in a few words
}

// backendRoute is an Endpoint with its handler: routes registers the
// endpoints from this one table, so the list BackendEndpoints gives the
// window cannot drift from what is served.
type backendRoute struct {
	Endpoint
	handle func(*Server, http.ResponseWriter, *http.Request)
}

func backendRoutes() []backendRoute {
	return []backendRoute{
		{Endpoint{Method: "GET", Path: "/sns/jscode2session", Query: "appid=APPID&secret=APPSECRET&js_code=CODE&grant_type=authorization_code",
			Doc: "login code → openid, session_key, unionid"}, (*Server).jscode2session},
		{Endpoint{Method: "GET", Path: "/cgi-bin/token", Query: "grant_type=client_credential&appid=APPID&secret=APPSECRET",
			Doc: "access_token (7200 s)"}, (*Server).token},
		{Endpoint{Method: "GET", Path: "/wxa/checksession", Query: "access_token=TOKEN&signature=SIG&openid=OPENID&sig_method=hmac_sha256",
			Doc: "is this session_key still the user's?"}, (*Server).checkSession},
		{Endpoint{Method: "GET", Path: "/wxa/resetusersessionkey", Query: "access_token=TOKEN&signature=SIG&openid=OPENID&sig_method=hmac_sha256",
			Doc: "a new session_key"}, (*Server).resetSessionKey},
		{Endpoint{Method: "POST", Path: "/cgi-bin/soter/verify_signature", Query: "access_token=TOKEN",
			Doc: `body {"openid","json_string","json_signature"} → is_ok`}, (*Server).verifySignature},
	}
}

// BackendEndpoints lists the emulated WeChat server endpoints the server
// serves, in the order a backend typically uses them.
func BackendEndpoints() []Endpoint {
	routes := backendRoutes()
	out := make([]Endpoint, len(routes))
	for i, r := range routes {
		out[i] = r.Endpoint
	}
	return out
}
