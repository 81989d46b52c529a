package hostapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// broker returns the prompt broker or answers 501.
func (s *Server) broker(w http.ResponseWriter) (*app.Broker, bool) {
	if s.opts.Prompts == nil {
		controlErr(w, http.StatusNotImplemented, "this host has no prompt broker")
		return nil, false
	}
	return s.opts.Prompts, true
}

func (s *Server) listPrompts(w http.ResponseWriter, r *http.Request) {
	b, ok := s.broker(w)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"prompts": wirePrompts(b.Pending())})
}

// Long polls of GET /_minihost/prompts/next.
const (
	defaultNextWait = 25 * time.Second
	maxNextWait     = 2 * time.Minute
)

// nextPrompt is a long poll: the first pending prompt with an id above
// ?after=, waiting up to ?timeout= (default 25s) for one; 204 when none came.
func (s *Server) nextPrompt(w http.ResponseWriter, r *http.Request) {
	b, ok := s.broker(w)
	if !ok {
		return
	}
	q := r.URL.Query()
	var after uint64
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			controlErr(w, http.StatusBadRequest, "after %q: want a prompt id", v)
			return
		}
		after = n
	}
	wait := defaultNextWait
	if v := q.Get("timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > maxNextWait {
			controlErr(w, http.StatusBadRequest, "timeout %q: want a duration up to %s", v, maxNextWait)
			return
		}
		wait = d
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	p, err := b.Next(ctx, after)
	if errors.Is(err, context.DeadlineExceeded) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if err != nil {
		return // the client left
	}
	writeJSON(w, http.StatusOK, wirePrompt(p))
}

func (s *Server) answerPrompt(w http.ResponseWriter, r *http.Request) {
	b, ok := s.broker(w)
	if !ok {
		return
	}
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		controlErr(w, http.StatusBadRequest, "prompt id %q: want a number", r.PathValue("id"))
		return
	}
	var a apitype.Answer
	if !readBody(w, r, MaxBody, &a) {
		return
	}
	if err := b.Answer(r.Context(), id, domainAnswer(a)); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "answer": a.Action})
}

func (s *Server) listPolicies(w http.ResponseWriter, r *http.Request) {
	b, ok := s.broker(w)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, wirePolicies(b.Policies()))
}

func (s *Server) setPolicy(w http.ResponseWriter, r *http.Request) {
	b, ok := s.broker(w)
	if !ok {
		return
	}
	var req PolicyRequest
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	p, err := app.ParsePromptPolicy(req.Policy)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := b.SetPolicy(r.PathValue("key"), p); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wirePolicies(b.Policies()))
}

func (s *Server) clearPolicy(w http.ResponseWriter, r *http.Request) {
	b, ok := s.broker(w)
	if !ok {
		return
	}
	if err := b.ClearPolicy(r.PathValue("key")); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wirePolicies(b.Policies()))
}

func (s *Server) clearPolicies(w http.ResponseWriter, r *http.Request) {
	b, ok := s.broker(w)
	if !ok {
		return
	}
	b.ClearPolicies()
	writeJSON(w, http.StatusOK, wirePolicies(b.Policies()))
}
