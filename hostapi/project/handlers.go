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
func (hs *Handlers) For(a app.LoadedApp) http.Handler {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	h, ok := hs.m[a.AppID]
	if !ok || h.mp != a.MiniProgram {
		h = New(a.MiniProgram, hs.opts)
		hs.m[a.AppID] = h
	}
	return h
}

// Invalidate makes the next request of every app rebuild its manifest.
func (hs *Handlers) Invalidate() {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	for _, h := range hs.m {
		h.Invalidate()
	}
}
