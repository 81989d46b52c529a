package project

import (
	"net/http"
	"sync"

	"github.com/minihost/minihost/app"
)

// Handlers keeps one Handler per loaded app, so each app's manifest and
// transformed JS are cached across requests. A reload of an app (a new
// *app.MiniProgram) gets a new Handler.
type Handlers struct {
	opts Options
	mu   sync.Mutex
	m    map[string]*Handler
}

// NewHandlers returns an empty set whose Handlers share opts.
func NewHandlers(opts Options) *Handlers {
	return &Handlers{opts: opts, m: map[string]*Handler{}}
}

// For returns the Handler of a loaded app, making it on first use.
func (hs *Handlers) For(a app.LoadedApp) http.Handler { return hs.handler(a) }

func (hs *Handlers) handler(a app.LoadedApp) *Handler {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	h, ok := hs.m[a.AppID]
	if !ok || h.mp != a.MiniProgram {
		h = New(a.MiniProgram, hs.opts)
		hs.m[a.AppID] = h
	}
	return h
}

// Prepare builds a loaded WXML app's manifest (its JS transformed) and
// reads the runtime bundle now, so the app's first page load does not wait
// for them: minihost calls it while the simulator's browser starts. An
// error is left for that page's request to report.
func (hs *Handlers) Prepare(a app.LoadedApp) {
	h := hs.handler(a)
	if h.mp.Kind != app.KindWXML {
		return
	}
	h.runtime()
	h.recentManifest()
}

// Invalidate makes the next request of every app rebuild its manifest.
func (hs *Handlers) Invalidate() {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	for _, h := range hs.m {
		h.Invalidate()
	}
}
