package hostapi

import (
	"net/http"
	"path"
	"strings"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// Endpoint is one emulated WeChat server endpoint a developer's backend calls
// instead of api.weixin.qq.com (apitype defines each once).
type Endpoint = apitype.ServerEndpoint

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
		{apitype.Jscode2Session, (*Server).jscode2session},
		{apitype.Token, (*Server).token},
		{apitype.StableToken, (*Server).stableToken},
		{apitype.CheckSession, (*Server).checkSession},
		{apitype.ResetUserSessionKey, (*Server).resetSessionKey},
		{apitype.VerifySignature, (*Server).verifySignature},
		{apitype.UserPhoneNumber, (*Server).userPhoneNumber},
		{apitype.SubscribeSend, (*Server).subscribeSend},
		{apitype.WxaCodeUnlimit, (*Server).wxaCodeUnlimit},
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

// apiOf is the call log's name for the endpoint at path (Endpoint.Name).
func apiOf(path string) string { return Endpoint{Path: path}.Name() }
