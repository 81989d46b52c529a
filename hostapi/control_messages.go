package hostapi

import (
	"net/http"

	"github.com/minihost/minihost/app"
)

// listMessages is GET /_minihost/messages[?persona=P]: the subscription
// messages delivered (every persona's without persona), newest first.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Query().Get("persona")
	if p != "" {
		if _, err := s.host.Persona(p); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	ms, err := s.host.Messages(p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ms == nil {
		ms = []app.Message{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": wireMessages(ms)})
}
