package hostapi

import (
	"net/http"

	"github.com/minihost/minihost/app"
)

// control guards a control API handler with the control token. A per-app
// token is recognised and refused with 403, so a mini program learns it may
// not drive the host.
func (s *Server) control(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r)
		switch {
		// A request from any web page is refused whatever it sends, an app's
		// pages included (they run third-party code): the control API is for
		// Node, test runners, ctl and the like, which send no Origin. On an
		// app's origin there is no control API at all (server.go).
		case s.opts.ControlToken == "":
			writeJSON(w, http.StatusForbidden, map[string]any{"error": "control API not available here"})
		case fromWebPage(r):
			writeJSON(w, http.StatusForbidden, map[string]any{"error": "the control API does not answer web pages (a request with Origin or Sec-Fetch-Site)"})
		case tokenEqual(tok, s.opts.ControlToken):
			next(w, r)
		case s.isAppToken(tok):
			writeJSON(w, http.StatusForbidden, map[string]any{"error": "an app token cannot use the control API"})
		default:
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "missing or wrong control token"})
		}
	}
}

func (s *Server) isAppToken(tok string) bool {
	for _, a := range s.host.Apps() {
		if s.host.CheckAppToken(a.AppID, tok) {
			return true
		}
	}
	return false
}

func (s *Server) appInfo(r *http.Request, a app.LoadedApp) AppInfo {
	return AppInfo{
		AppID: a.AppID, Name: a.Name, EnvVersion: a.EnvVersion, UserInfoPolicy: a.UserInfoPolicy,
		URL: appOrigin(r, a.AppID), Secret: a.Secret, Token: a.Token,
	}
}

func (s *Server) listApps(w http.ResponseWriter, r *http.Request) {
	out := []AppInfo{}
	for _, a := range s.host.Apps() {
		out = append(out, s.appInfo(r, a))
	}
	writeJSON(w, http.StatusOK, map[string]any{"apps": out})
}
