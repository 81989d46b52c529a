package hostapi

import (
	"net/http"
	"path"
	"strings"
)

// Endpoint is one emulated WeChat server endpoint a developer's backend calls
// instead of api.weixin.qq.com.
type Endpoint struct {
	Method, Path string
	Query        string // an example query, e.g. "appid=APPID&secret=APPSECRET"
	Doc          string // what it answers, in a few words
	// ContentType is the exact Content-Type the real server sends there, on
	// success and error alike (docs/server.md says where each was seen)...
	ContentType string
	// ...unless Success names the one a success has (getwxacodeunlimit's
	// image; its errors are JSON).
	Success string
}

// Name is how faults ("server.<name>"), the call log and scenarios name the
// endpoint: its path's last element.
func (e Endpoint) Name() string { return apiOf(e.Path) }

// The real server's Content-Types: jscode2session answers text/plain (Java
// backends carry a converter for it); the cgi-bin and wxa endpoints answer
// JSON with WeChat's own "encoding" parameter rather than "charset".
const (
	contentPlain = "text/plain"
	contentJSON  = "application/json; encoding=utf-8"
	contentImage = "image/jpeg (image/png with is_hyaline)"
)

// serverPrefixes are the path prefixes of api.weixin.qq.com the emulation
// answers in the server's shape: an unknown path under them is 40066.
func serverPrefixes() []string { return []string{"/sns/", "/cgi-bin/", "/wxa/"} }

// isServerPath reports whether a request addresses the emulated WeChat server
// (and so is answered {errcode, errmsg}, never in the wx API's shape), also
// when its path is not clean ("//cgi-bin/token", "/cgi-bin").
func isServerPath(p string) bool {
	p = "/" + strings.TrimLeft(p, "/")
	for _, prefix := range serverPrefixes() {
		if strings.HasPrefix(p, prefix) || p == strings.TrimSuffix(prefix, "/") {
			return true
		}
	}
	return false
}

// serveServerPath answers the server paths ServeHTTP must not pass to the mux,
// and reports whether it did: a foreign Host (misdirectedServerCall), and a
// path the mux would redirect to its clean form. The real server answers
// "//cgi-bin/token" with 40066; a redirect would let a backend with a doubled
// slash in its base URL pass here and fail in production.
func (s *Server) serveServerPath(w http.ResponseWriter, r *http.Request) bool {
	if !isServerPath(r.URL.Path) {
		return false
	}
	if _, isApp, ok := s.origin(r.Host); !ok || isApp { // only the host's own origin serves them
		s.misdirectedServerCall(w, r)
		return true
	}
	if p := r.URL.Path; p != cleanPath(p) || !strings.Contains(p[1:], "/") { // "/cgi-bin" would redirect to "/cgi-bin/"
		s.serverFail(w, r, errInvalidURL())
		return true
	}
	return false
}

// cleanPath is the path as the mux would redirect it: path.Clean, keeping a
// trailing slash.
func cleanPath(p string) string {
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
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
			Doc: "login code → openid, session_key, unionid", ContentType: contentPlain}, (*Server).jscode2session},
		{Endpoint{Method: "GET", Path: "/cgi-bin/token", Query: "grant_type=client_credential&appid=APPID&secret=APPSECRET",
			Doc: "access_token (7200 s)", ContentType: contentJSON}, (*Server).token},
		{Endpoint{Method: "POST", Path: "/cgi-bin/stable_token", Query: "",
			Doc: `body {"grant_type":"client_credential","appid","secret","force_refresh"} → the stable access_token`, ContentType: contentJSON}, (*Server).stableToken},
		{Endpoint{Method: "GET", Path: "/wxa/checksession", Query: "access_token=TOKEN&signature=SIG&openid=OPENID&sig_method=hmac_sha256",
			Doc: "is this session_key still the user's?", ContentType: contentJSON}, (*Server).checkSession},
		{Endpoint{Method: "GET", Path: "/wxa/resetusersessionkey", Query: "access_token=TOKEN&signature=SIG&openid=OPENID&sig_method=hmac_sha256",
			Doc: "a new session_key", ContentType: contentJSON}, (*Server).resetSessionKey},
		{Endpoint{Method: "POST", Path: "/cgi-bin/soter/verify_signature", Query: "access_token=TOKEN",
			Doc: `body {"openid","json_string","json_signature"} → is_ok`, ContentType: contentJSON}, (*Server).verifySignature},
		{Endpoint{Method: "POST", Path: "/wxa/business/getuserphonenumber", Query: "access_token=TOKEN",
			Doc: `body {"code"} (getPhoneNumber's code) → phone_info`, ContentType: contentJSON}, (*Server).userPhoneNumber},
		{Endpoint{Method: "POST", Path: "/cgi-bin/message/subscribe/send", Query: "access_token=TOKEN",
			Doc: `body {"touser","template_id","page","data"} → the persona's Messages`, ContentType: contentJSON}, (*Server).subscribeSend},
		{Endpoint{Method: "POST", Path: "/wxa/getwxacodeunlimit", Query: "access_token=TOKEN",
			Doc: `body {"scene","page","width","check_path","env_version"} → a QR code image`, ContentType: contentJSON, Success: contentImage}, (*Server).wxaCodeUnlimit},
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

// serverRoutes registers the server endpoints by path alone: a wrong method
// answers the server's 43001/43002 rather than the mux's plain-text 405, and
// any other path under a server prefix answers 40066 "invalid url".
func (s *Server) serverRoutes(m *http.ServeMux) {
	for _, r := range backendRoutes() {
		m.HandleFunc(r.Path, func(w http.ResponseWriter, req *http.Request) {
			w.Header().Set("Content-Type", r.ContentType)
			if req.Method != r.Method {
				s.serverFail(w, req, wrongMethod(r.Method))
				return
			}
			r.handle(s, w, req)
		})
	}
	for _, p := range serverPrefixes() {
		m.HandleFunc(p, func(w http.ResponseWriter, req *http.Request) {
			s.serverFail(w, req, errInvalidURL())
		})
	}
}

// apiOf is the call log's name for an endpoint: its path's last element.
func apiOf(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }
