package hostapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/minihost/minihost/app"
)

// The control API: everything QA automation drives under /_minihost/, guarded
// by the control token (see control). Answers are JSON; errors are
// {"error": "..."} with 400 (bad request), 404 (no such thing), 409 (not
// now), 501 (no prompt broker). docs/automating.md is its reference.

func (s *Server) controlRoutes(m *http.ServeMux) {
	c := func(pattern string, h http.HandlerFunc) { m.HandleFunc(pattern, s.control(h)) }
	c("GET /_minihost/status", s.status)

	c("GET /_minihost/apps", s.listApps)
	c("POST /_minihost/apps", s.loadApp)
	c("PATCH /_minihost/apps/{appid}", s.changeApp)
	c("DELETE /_minihost/apps/{appid}", s.unloadApp)
	c("POST /_minihost/apps/{appid}/reset", s.resetApp)
	c("GET /_minihost/apps/{appid}/settings", s.getSettings)
	c("PUT /_minihost/apps/{appid}/settings", s.putSettings)

	c("GET /_minihost/personas", s.listPersonas)
	c("POST /_minihost/personas", s.createPersona)
	c("PATCH /_minihost/personas/{id}", s.updatePersona)
	c("DELETE /_minihost/personas/{id}", s.deletePersona)
	c("POST /_minihost/personas/{id}/switch", s.switchPersona)
	c("PUT /_minihost/personas/{id}/avatar", s.putAvatar)
	c("DELETE /_minihost/personas/{id}/avatar", s.deleteAvatar)
	c("GET /_minihost/personas/export", s.exportPersonas)
	c("POST /_minihost/personas/import", s.importPersonas)

	c("GET /_minihost/prompts", s.listPrompts)
	c("GET /_minihost/prompts/next", s.nextPrompt)
	c("POST /_minihost/prompts/{id}/answer", s.answerPrompt)
	c("GET /_minihost/policies", s.listPolicies)
	c("PUT /_minihost/policies/{key}", s.setPolicy)
	c("DELETE /_minihost/policies/{key}", s.clearPolicy)
	c("DELETE /_minihost/policies", s.clearPolicies)

	c("GET /_minihost/sessions/{appid}", s.getSession)
	c("POST /_minihost/sessions/{appid}/expire", s.expireSession)
	c("DELETE /_minihost/sessions/{appid}", s.forgetSession)
	c("GET /_minihost/timeouts", s.getTimeouts)
	c("PUT /_minihost/timeouts", s.putTimeouts)

	c("GET /_minihost/faults", s.listFaults)
	c("POST /_minihost/faults", s.addFault)
	c("DELETE /_minihost/faults", s.clearFaults)
	c("DELETE /_minihost/faults/{id}", s.removeFault)

	c("GET /_minihost/messages", s.listMessages)
	s.storageRoutes(c) // storage.go

	c("GET /_minihost/calls", s.listCalls)
	c("GET /_minihost/calls/stream", s.streamCalls)
	s.simRoutes(c) // control_sim.go

	c("/_minihost/", func(w http.ResponseWriter, r *http.Request) {
		controlErr(w, http.StatusNotFound, "no control endpoint %s %s (see docs/automating.md)", r.Method, r.URL.Path)
	})
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	st := Status{Version: s.opts.Version, Persona: s.host.CurrentPersona().ID, Apps: []string{}, Faults: len(s.host.Faults()),
		Overrides: durations(s.host.TimeoutOverrides())}
	for _, a := range s.host.Apps() {
		st.Apps = append(st.Apps, a.AppID)
	}
	if b := s.opts.Prompts; b != nil {
		p := wirePolicies(b.Policies())
		st.Policies = &p
		st.Pending = len(b.Pending())
	}
	writeJSON(w, http.StatusOK, st)
}

func controlErr(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, map[string]any{"error": fmt.Sprintf(format, args...)})
}

// fail answers an app error with the status its kind calls for.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var f *app.Fail
	switch {
	case errors.Is(err, app.ErrNotFound):
		controlErr(w, http.StatusNotFound, "%v", err)
	case errors.Is(err, app.ErrInvalid):
		controlErr(w, http.StatusBadRequest, "%v", err)
	case errors.Is(err, app.ErrConflict):
		controlErr(w, http.StatusConflict, "%v", err)
	case errors.As(err, &f):
		controlErr(w, http.StatusBadRequest, "%v", err)
	default:
		s.log.Error("control", "method", r.Method, "path", r.URL.Path, "err", err)
		controlErr(w, http.StatusInternalServerError, "internal error: %v", err)
	}
}

// readBody decodes a JSON request body strictly: a typo in a script's field
// name is an error, not a silently ignored field. An empty body is {}.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		controlErr(w, http.StatusRequestEntityTooLarge, "request body larger than %d bytes", limit)
		return false
	case err != nil:
		controlErr(w, http.StatusBadRequest, "reading request body: %v", err)
		return false
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		controlErr(w, http.StatusBadRequest, "request body: %v", err)
		return false
	}
	if dec.More() {
		controlErr(w, http.StatusBadRequest, "request body: trailing data after the JSON object")
		return false
	}
	return true
}

// personaParam is the persona a request names (query or body), else the current one.
func (s *Server) personaParam(r *http.Request, body string) string {
	if body != "" {
		return body
	}
	if p := r.URL.Query().Get("persona"); p != "" {
		return p
	}
	return s.host.CurrentPersona().ID
}

// loadedApp finds the {appid} of the path or answers 404.
func (s *Server) loadedApp(w http.ResponseWriter, r *http.Request) (app.LoadedApp, bool) {
	id := r.PathValue("appid")
	a, ok := s.host.App(id)
	if !ok {
		controlErr(w, http.StatusNotFound, "app %s is not loaded", id)
	}
	return a, ok
}

func durations(t app.Timeouts) Durations {
	str := func(d time.Duration) string {
		if d == 0 {
			return ""
		}
		return d.String()
	}
	return Durations{CodeTTL: str(t.CodeTTL), LoginExpiry: str(t.LoginExpiry)}
}

// parseDuration reads an optional duration field; "" and "0" are zero.
func parseDuration(field, s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %s %q: want a duration such as 90s or 5m", app.ErrInvalid, field, s)
	}
	return d, nil
}
