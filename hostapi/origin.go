package hostapi

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/minihost/minihost/app"
)

// Origins. The host's own pages, wx.js for Node, the server emulation and
// the control API are on http://127.0.0.1:<port> (or localhost, [::1]). Each
// loaded app has its own origin, http://<label>.localhost:<port> with
// <label> = app.OriginLabel(appid), on the same port: the browser keeps the
// apps' storage apart, and one app's page cannot read another's boot answer
// (its token) or call its interfaces. Any port is accepted in the Host
// header: what defeats DNS rebinding is the name, and a browser sends the
// port it connected to.

type originAppKey struct{}

func withOriginApp(ctx context.Context, a app.LoadedApp) context.Context {
	return context.WithValue(ctx, originAppKey{}, a)
}

// originApp is the app whose origin a request came to; false on the host's.
func originApp(r *http.Request) (app.LoadedApp, bool) {
	a, ok := r.Context().Value(originAppKey{}).(app.LoadedApp)
	return a, ok
}

// origin reads a Host header: the host's own origin (isApp false), a
// loaded app's (isApp true), or a name this server does not answer for.
func (s *Server) origin(hostport string) (a app.LoadedApp, isApp, ok bool) {
	host := hostport
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		if p != "" && port(hostport) == "" {
			return app.LoadedApp{}, false, false
		}
		host = h
	}
	host = strings.ToLower(host)
	switch host {
	case "127.0.0.1", "::1", "[::1]", "localhost":
		return app.LoadedApp{}, false, true
	}
	label, found := strings.CutSuffix(host, ".localhost")
	if !found || label == "" || strings.Contains(label, ".") {
		return app.LoadedApp{}, false, false
	}
	a, ok = s.host.AppByLabel(label)
	return a, ok, ok
}

// port is the port of a Host header, with its colon; "" without one (or
// with one that is not a number: the header is the client's to write).
func port(hostport string) string {
	_, p, err := net.SplitHostPort(hostport)
	if err != nil || p == "" || len(p) > 5 || strings.Trim(p, "0123456789") != "" {
		return ""
	}
	return ":" + p
}

// frameAncestors lets a page be framed only by its own origin and the
// host's pages (a simulator frame), never by another site.
func frameAncestors(hostport string) string {
	p := port(hostport)
	return "frame-ancestors 'self' http://127.0.0.1" + p + " http://localhost" + p
}

// appOrigin is appID's origin, on the port the request came to.
func appOrigin(r *http.Request, appID string) string {
	return app.OriginURL("http://"+r.Host, appID)
}

// fromWebPage reports whether a browser sent the request from a page
// (fetch, XHR, a form): it then carries Origin or Sec-Fetch-Site. Node, a
// backend, curl and an IDE's own request function send neither; "none" is
// a person typing the URL.
func fromWebPage(r *http.Request) bool {
	if r.Header.Get("Origin") != "" {
		return true
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "none":
		return false
	}
	return true
}

// mayActFor reports whether a request may use appID's boot answer or wx
// calls. On an app's origin, only that app's own pages (or a client without
// Origin) may; on the host's origin, only clients outside a browser, which
// hold the app token already.
func mayActFor(r *http.Request, appID string) bool {
	a, onApp := originApp(r)
	if !onApp {
		return !fromWebPage(r)
	}
	if a.AppID != appID {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && !strings.EqualFold(o, "http://"+r.Host) {
		return false
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}
