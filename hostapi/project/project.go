// Package project serves one loaded mini program to the browser runtime on
// the app's own origin, as the Go/runtime contract fixes it:
//
//	GET  /                            a WXML app's shell page (an HTML app: 302 to its first page)
//	GET  /__minihost/project.json     the manifest (Manifest), ETag, no-cache; immutable at ?v=<its ETag>
//	GET, POST /__minihost/compiled    the compiled-template cache (compiled.go)
//	POST /__minihost/first            the launch page's scripts, for the shell page to carry (first.go)
//	GET  /__minihost/js/<path>?v=<h>  one project .js as a CommonJS module, immutable at its current hash
//	GET  /__minihost/runtime/<file>   the runtime bundle given in Options, immutable at ?v=<bundle hash>
//	POST /__minihost/log              a runtime report (LogEntry, or an array of them): logged, kept,
//	                                  passed to Options.Sink; a Once report only once for the same files
//
// The manifest is rebuilt when a request finds that a project file was
// added, removed, or changed size or modification time (a walk of the
// folder, under a millisecond for a small project); Invalidate forces it.
// The shell page walks at most once per Options.Recheck and names the
// manifest at its ETag, so the runtime's request for it needs no walk.
// Static project files (images, HTML pages) and /wx.js are the caller's
// to route.
package project

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/minihost/minihost/app"
)

// Options configure a Handler.
type Options struct {
	// Runtime is the built runtime bundle (runtime.js, engine.js, runtime.css,
	// the template compiler's .wasm, licences), served under /__minihost/runtime/.
	Runtime fs.FS
	// Sink receives each entry the runtime posts to /__minihost/log, after
	// it is logged; nil drops them.
	Sink   func(LogEntry)
	Logger *slog.Logger
	// Limits bound what a manifest reads; zero fields take the defaults.
	Limits Limits
	// Boot returns the wx boot answer (what GET /wx/boot answers) of the
	// request's app, which the shell page inlines so the runtime's wx
	// client needs no synchronous request; nil, or an error, leaves it to ask.
	Boot func(*http.Request) ([]byte, error)
	// CacheDir, when set, keeps the compiled templates the pages post
	// (compiled.go) across restarts, in a folder per app; the host's own
	// folder, created when first needed.
	CacheDir string
	// Recheck is how long the shell page trusts the last walk of the
	// project folder (reloads in quick succession walk once); zero means
	// DefaultRecheck, negative walks on every shell page.
	Recheck time.Duration
}

// DefaultRecheck bounds how stale a reloaded page's manifest can be when
// no file watcher calls Invalidate.
const DefaultRecheck = 500 * time.Millisecond

// Limits bound the project files a manifest reads: project files are
// untrusted and a folder may be huge by mistake.
type Limits struct {
	Entries   int   // files and folders walked
	FileBytes int64 // one file of the manifest (larger ones are reported, not read)
	Total     int64 // all files of the manifest together
}

// DefaultLimits are enough for a large real project with miniprogram_npm.
func DefaultLimits() Limits { return Limits{Entries: 20000, FileBytes: 8 << 20, Total: 64 << 20} }

// Handler serves one app. It is safe for concurrent use.
type Handler struct {
	mp     *app.MiniProgram
	opts   Options
	log    *slog.Logger
	mux    *http.ServeMux
	mu     sync.Mutex // guards cur, walked and stale, and serializes manifest builds
	cur    *manifest
	walked time.Time // when the folder was last walked (cur's check)
	stale  bool      // Invalidate was called since cur was built
	tmpl   compiledCache
	first  firstScripts
	rtOnce sync.Once
	rt     *runtimeFiles
	logMu  sync.Mutex
	recent []LogEntry           // the last MaxRecentLogs log entries
	once   map[onceKey]struct{} // the Once entries recorded (seenOnce)
}

// safeName is an appid usable as a folder name.
var safeName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// New returns the handler of mp.
func New(mp *app.MiniProgram, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	def := DefaultLimits()
	if opts.Limits.Entries <= 0 {
		opts.Limits.Entries = def.Entries
	}
	if opts.Limits.FileBytes <= 0 {
		opts.Limits.FileBytes = def.FileBytes
	}
	if opts.Limits.Total <= 0 {
		opts.Limits.Total = def.Total
	}
	if opts.Recheck == 0 {
		opts.Recheck = DefaultRecheck
	}
	h := &Handler{mp: mp, opts: opts, log: opts.Logger.With("app", mp.AppID)}
	h.tmpl.log = h.log
	h.tmpl.items.n = compiledEntries
	h.first.lists.n = firstEntries
	if opts.CacheDir != "" && safeName.MatchString(mp.AppID) {
		h.tmpl.dir = filepath.Join(opts.CacheDir, mp.AppID)
	}
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("GET /{$}", h.serveRoot)
	h.mux.HandleFunc("GET /__minihost/project.json", h.serveManifest)
	h.mux.HandleFunc("GET /__minihost/js/{path...}", h.serveJS)
	h.mux.HandleFunc("GET /__minihost/runtime/{file...}", h.serveRuntime)
	h.mux.HandleFunc("POST /__minihost/log", h.serveLog)
	h.mux.HandleFunc("GET /__minihost/compiled", h.serveCompiled)
	h.mux.HandleFunc("POST /__minihost/compiled", h.storeCompiled)
	h.mux.HandleFunc("POST /__minihost/first", h.storeFirst)
	return h
}

// ServeHTTP answers the paths in the package doc; any other is 404.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Invalidate makes the next request rebuild the manifest even if no file's
// size or modification time changed (for a file watcher that knows better).
func (h *Handler) Invalidate() {
	h.mu.Lock()
	h.stale = true // not cur.stamp: a request may be reading cur
	h.mu.Unlock()
}

// serveRoot answers /: a WXML app's shell page, or an HTML app's first page.
func (h *Handler) serveRoot(w http.ResponseWriter, r *http.Request) {
	if h.mp.Kind != app.KindWXML {
		http.Redirect(w, r, "/"+h.mp.Pages[0]+".html", http.StatusFound)
		return
	}
	rt, err := h.runtime()
	if err != nil {
		h.log.Error("runtime bundle", "err", err)
		http.Error(w, "minihost: the runtime bundle cannot be read: "+err.Error(), http.StatusInternalServerError)
		return
	}
	// The manifest is built (or found fresh) now, so the page can name it
	// by its ETag and fetch it from the cache without asking.
	m, err := h.recentManifest()
	if err != nil {
		h.log.Error("project manifest", "err", err)
		http.Error(w, "minihost: "+err.Error(), http.StatusInternalServerError)
		return
	}
	etag := strings.Trim(m.etag, `"`)
	data := shellData{Name: h.mp.Name, Hash: rt.hash, Manifest: "/__minihost/project.json?v=" + etag}
	if c, err := r.Cookie(engineCookie); err == nil && c.Value == rt.hash {
		data.EngineCached = true
	}
	if k, body, ok := h.tmpl.forManifest(manifestTag(etag, rt.hash)); ok {
		data.Compiled = inlineCompiled(k, body)
	}
	if !data.EngineCached {
		data.First = h.firstCode(m, manifestTag(etag, rt.hash), r.URL.Query().Get("path"))
	}
	if len(m.body) <= maxInlineManifest {
		data.ManifestJSON = inlineJSON(m.body)
	}
	if h.opts.Boot != nil {
		if b, err := h.opts.Boot(r); err != nil || !json.Valid(b) {
			h.log.Warn("boot answer for the shell page", "err", err, "json", json.Valid(b))
		} else {
			data.Boot = inlineJSON(b)
		}
	}
	var buf bytes.Buffer
	if err := shellPage.Execute(&buf, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// no-store: the page holds the app's token.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if !data.EngineCached {
		for _, l := range preloadLinks(rt.hash) {
			w.Header().Add("Link", l)
		}
	}
	w.Write(buf.Bytes())
}

func (h *Handler) serveManifest(w http.ResponseWriter, r *http.Request) {
	// At ?v=<its ETag> (what the shell page names) the current manifest is
	// immutable: the shell page's request has just checked the folder.
	if v := r.URL.Query().Get("v"); v != "" {
		h.mu.Lock()
		m := h.cur
		h.mu.Unlock()
		if m != nil && v == strings.Trim(m.etag, `"`) {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			serveBytes(w, r, "project.json", m.etag, m.body)
			return
		}
	}
	m, err := h.manifest()
	if err != nil {
		h.log.Error("project manifest", "err", err)
		http.Error(w, "minihost: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	serveBytes(w, r, "project.json", m.etag, m.body)
}

// serveJS answers one transformed project JS file. Only files of the
// manifest are served, so no path leads elsewhere.
func (h *Handler) serveJS(w http.ResponseWriter, r *http.Request) {
	name, v := r.PathValue("path"), r.URL.Query().Get("v")
	h.mu.Lock()
	m := h.cur
	h.mu.Unlock()
	js, ok := m.jsFile(name)
	if !ok || (v != "" && v != js.hash) {
		// Not built yet, or a file changed since: rebuild (it only
		// re-reads when a size or modification time changed).
		var err error
		if m, err = h.manifest(); err != nil {
			http.Error(w, "minihost: "+err.Error(), http.StatusInternalServerError)
			return
		}
		if js, ok = m.jsFile(name); !ok {
			http.NotFound(w, r)
			return
		}
	}
	if v == js.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	serveBytes(w, r, "x.js", `"`+js.hash+`"`, js.code)
}

// serveBytes answers body, or 304 when the request names etag.
func serveBytes(w http.ResponseWriter, r *http.Request, name, etag string, body []byte) {
	w.Header().Set("ETag", etag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}
