// Package hostapi is minihost's localhost HTTP server: the wx API that wx.js
// calls, the mini program files and wx.js itself, the emulated WeChat server
// endpoints a developer's backend calls, and the control API. It translates
// HTTP to app.Host calls and back; the rules live in app.
//
// The wire protocol is described in docs/protocol.md.
package hostapi

import (
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/minihost/minihost/app"
)

// MaxBody bounds every request body.
const MaxBody = 64 << 10

// Options configure a Server.
type Options struct {
	// ControlToken guards /_minihost/; empty disables the control API.
	ControlToken string
	// WXJS is the JS SDK served at /wx.js.
	WXJS   []byte
	Logger *slog.Logger
	// Prompts is the host's prompt broker, for the control API's prompts and
	// policies endpoints; nil leaves them unavailable (501).
	Prompts *app.Broker
	// Version is reported by GET /_minihost/status.
	Version string
	// AppRuntime serves, on an app's origin, the paths under /__minihost/
	// and the / of a WXML app (the runtime shell). nil answers 404.
	AppRuntime func(a app.LoadedApp) http.Handler
	// Simulator serves the control API's screenshot and device endpoints;
	// nil answers 501.
	Simulator Simulator
	// PageLog is what pages reported, for GET /_minihost/logs; nil answers 501.
	PageLog *app.PageLog
}

// Server serves one app.Host.
type Server struct {
	host     Host
	opts     Options
	log      *slog.Logger
	mux      *http.ServeMux         // the host's own origin (origin.go)
	appMux   *http.ServeMux         // every app's origin, the app named by the Host
	rids     *ridSource             // request ids of server endpoint answers (backend.go)
	wxjsHash string                 // of opts.WXJS: the ?v= of its immutable URL
	open     map[string]app.OpenAPI // app.OpenAPIs by name, built once (wx.go)
}

// New builds the server's routes.
func New(h Host, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{host: h, opts: opts, log: opts.Logger, mux: http.NewServeMux(), appMux: http.NewServeMux(), rids: newRIDSource(), wxjsHash: wxjsHash(opts.WXJS), open: openAPIsByName()}
	s.routes()
	s.appRoutes()
	return s
}

// routes are the host origin's: its pages, wx.js, the wx API for clients
// outside a browser, the server emulation and the control API.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.index)
	m.HandleFunc("GET /wx.js", s.wxJS)
	m.HandleFunc("GET /avatar/{persona}/{size}", s.avatar)
	m.HandleFunc("GET /app/{appid}/{path...}", s.redirectToOrigin)
	m.HandleFunc("GET /wx/{appid}/boot", s.boot) // refused: boot answers on the app's origin
	m.HandleFunc("POST /wx/{appid}/{api}", s.call)

	s.serverRoutes(m) // endpoints.go

	s.controlRoutes(m)
}

// appRoutes are an app origin's: its files, wx.js and its own boot and wx
// calls, and the runtime's /__minihost/ paths.
func (s *Server) appRoutes() {
	m := s.appMux
	m.HandleFunc("GET /{$}", s.appRoot)
	m.HandleFunc("GET /wx.js", s.wxJS)
	m.HandleFunc("GET /wx/boot", s.boot)
	m.HandleFunc("GET /wx/{appid}/boot", s.boot)
	m.HandleFunc("POST /wx/{appid}/{api}", s.call)
	m.HandleFunc("/__minihost/", s.appRuntime)
	m.HandleFunc("/_minihost/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusForbidden, map[string]any{"error": "control API not available on an app's origin"})
	})
	// Any method: a GET-only catch-all would conflict with /__minihost/.
	m.HandleFunc("/{path...}", s.appFiles)
}

// ServeHTTP applies the guards every request passes: a Host header that
// names the host's own origin or a loaded app's (DNS rebinding, see
// origin.go), headers that keep other sites from framing or sniffing, and
// recovery from a handler panic into a 500.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("handler panic", "path", r.URL.Path, "panic", v)
			writeJSON(w, http.StatusInternalServerError, map[string]any{"errMsg": apiName(r) + ":fail internal error"})
		}
	}()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", frameAncestors(r.Host))
	if s.serveServerPath(w, r) { // endpoints.go: a foreign Host or unclean path on a server path
		return
	}
	a, isApp, ok := s.origin(r.Host)
	switch {
	case !ok:
		writeJSON(w, http.StatusMisdirectedRequest, map[string]any{"errMsg": apiName(r) + ":fail host not allowed"})
	case isApp:
		s.appMux.ServeHTTP(w, r.WithContext(withOriginApp(r.Context(), a)))
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// HTTPServer wraps the handler with timeouts fit for long interactive calls:
// a prompt may wait minutes for a person, so there is no write timeout; the
// request itself must arrive promptly.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// apiName is the wx api a request addresses, for errMsg prefixes.
func apiName(r *http.Request) string {
	if api := r.PathValue("api"); api != "" {
		return api
	}
	p := strings.Trim(r.URL.Path, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if p == "" {
		return "minihost"
	}
	return p
}

func bearer(r *http.Request) string {
	const prefix = "Bearer "
	a := r.Header.Get("Authorization")
	if len(a) > len(prefix) && strings.EqualFold(a[:len(prefix)], prefix) {
		return a[len(prefix):]
	}
	return ""
}

func tokenEqual(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
