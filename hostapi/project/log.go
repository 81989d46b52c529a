package project

import (
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
}

// Bounds on what a page may post: it runs untrusted code.
const (
	maxLogBody = 64 << 10
	maxLogText = 8 << 10 // message and stack each
)

// MaxRecentLogs is how many entries RecentLogs keeps.
const MaxRecentLogs = 200

// RecentLogs returns the last MaxRecentLogs entries the runtime posted,
// oldest first, for the window.
func (h *Handler) RecentLogs() []LogEntry {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	return slices.Clone(h.recent)
}

var logLevels = map[string]slog.Level{"error": slog.LevelError, "warn": slog.LevelWarn, "info": slog.LevelInfo}

// serveLog takes one LogEntry as JSON. A JSON content type and, when the
// browser sends one, the app's own Origin are required, so another site's
// form cannot write into an app's log.
func (h *Handler) serveLog(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		http.Error(w, "want Content-Type: application/json", http.StatusUnsupportedMediaType)
		return
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		http.Error(w, "origin "+o+" is not this app's", http.StatusForbidden)
		return
	}
	var e LogEntry
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxLogBody))
	if err := dec.Decode(&e); err != nil {
		http.Error(w, "want a JSON log entry of at most 64 KiB: "+err.Error(), http.StatusBadRequest)
		return
	}
	level, ok := logLevels[e.Level]
	if !ok {
		http.Error(w, `level: want "error", "warn" or "info"`, http.StatusBadRequest)
		return
	}
	e.AppID = h.mp.AppID
	e.Message, e.Stack = clip(e.Message), clip(e.Stack)
	h.log.Log(r.Context(), level, "page "+e.Level, "file", e.File, "line", e.Line, "column", e.Column, "message", e.Message)
	h.logMu.Lock()
	if len(h.recent) == MaxRecentLogs {
		h.recent = slices.Delete(h.recent, 0, 1)
	}
	h.recent = append(h.recent, e)
	h.logMu.Unlock()
	if h.opts.Sink != nil {
		h.opts.Sink(e)
	}
	w.WriteHeader(http.StatusNoContent)
}

func clip(s string) string {
	if len(s) <= maxLogText {
		return s
	}
	return strings.ToValidUTF8(s[:maxLogText], "") + "…"
}
