package project

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// LogEntry is one report of the runtime: a compile error, an uncaught
// exception, a console.warn or console.error of page code.
type LogEntry struct {
	AppID   string `json:"appid"` // set by the handler, not the page
	Level   string `json:"level"` // error, warn or info
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Stack   string `json:"stack,omitempty"`
	// Once marks what every load of the same files reports again (a WXML
	// compile problem, from the compiled-template cache as much as from the
	// compiler), with Manifest the version of the files (the manifest's
	// ETag): the host records it the first time in a run, and again only
	// once the files, and so the manifest, have changed.
	Once     bool   `json:"once,omitempty"`
	Manifest string `json:"manifest,omitempty"`
}

// Bounds on what a page may post: it runs untrusted code.
const (
	maxLogBody = 64 << 10
	maxLogText = 8 << 10 // message and stack each
)

// MaxRecentLogs is how many entries RecentLogs keeps.
const MaxRecentLogs = 200

// maxOnceSeen bounds the Once entries remembered; past it they are
// forgotten, and may be recorded once more.
const maxOnceSeen = 4096

// RecentLogs returns the last MaxRecentLogs entries the runtime posted,
// oldest first, for the window.
func (h *Handler) RecentLogs() []LogEntry {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	return slices.Clone(h.recent)
}

var logLevels = map[string]slog.Level{"error": slog.LevelError, "warn": slog.LevelWarn, "info": slog.LevelInfo}

// serveLog takes one LogEntry as JSON, or an array of them (the runtime
// sends the compile's problems in one request). A JSON content type and,
// when the browser sends one, the app's own Origin are required, so another
// site's form cannot write into an app's log. A batch with an entry of an
// unknown level is refused whole.
func (h *Handler) serveLog(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		http.Error(w, "want Content-Type: application/json", http.StatusUnsupportedMediaType)
		return
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		http.Error(w, "origin "+o+" is not this app's", http.StatusForbidden)
		return
	}
	var raw json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxLogBody)).Decode(&raw); err != nil {
		http.Error(w, "want a JSON log entry, or an array of them, of at most 64 KiB: "+err.Error(), http.StatusBadRequest)
		return
	}
	var entries []LogEntry
	var err error
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		err = json.Unmarshal(t, &entries)
	} else {
		entries = make([]LogEntry, 1)
		err = json.Unmarshal(t, &entries[0])
	}
	if err != nil {
		http.Error(w, "want a JSON log entry, or an array of them: "+err.Error(), http.StatusBadRequest)
		return
	}
	for _, e := range entries {
		if _, ok := logLevels[e.Level]; !ok {
			http.Error(w, `level: want "error", "warn" or "info"`, http.StatusBadRequest)
			return
		}
	}
	for _, e := range entries {
		e.AppID = h.mp.AppID
		e.Message, e.Stack = clip(e.Message), clip(e.Stack)
		if e.Once && h.seenOnce(e) {
			continue
		}
		h.record(r.Context(), e)
	}
	w.WriteHeader(http.StatusNoContent)
}

// onceKey is what makes a Once entry the same as one recorded before.
type onceKey struct {
	manifest, level, file, message string
	line, column                   int
}

// seenOnce reports whether a Once entry was recorded before for the same
// files, and remembers it if not.
func (h *Handler) seenOnce(e LogEntry) bool {
	key := onceKey{e.Manifest, e.Level, e.File, e.Message, e.Line, e.Column}
	h.logMu.Lock()
	defer h.logMu.Unlock()
	if _, ok := h.once[key]; ok {
		return true
	}
	if h.once == nil || len(h.once) >= maxOnceSeen {
		h.once = map[onceKey]struct{}{}
	}
	h.once[key] = struct{}{}
	return false
}

// record logs an entry, keeps it for RecentLogs and hands it to the sink.
func (h *Handler) record(ctx context.Context, e LogEntry) {
	h.log.Log(ctx, logLevels[e.Level], "page "+e.Level, "file", e.File, "line", e.Line, "column", e.Column, "message", e.Message)
	h.logMu.Lock()
	if len(h.recent) == MaxRecentLogs {
		h.recent = slices.Delete(h.recent, 0, 1)
	}
	h.recent = append(h.recent, e)
	h.logMu.Unlock()
	if h.opts.Sink != nil {
		h.opts.Sink(e)
	}
}

func clip(s string) string {
	if len(s) <= maxLogText {
		return s
	}
	return strings.ToValidUTF8(s[:maxLogText], "") + "…"
}
