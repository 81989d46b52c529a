package automator

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/minihost/minihost/app"
)

// The prompts authorizeAllow / authorizeCancel answer: minihost's
// yes-or-no dialogs (DevTools has only the authorize one; minihost's
// profile, phone number, subscribe and SOTER dialogs are as scriptable).
var authorizeKinds = []string{app.PromptAuthorize, app.PromptProfile, app.PromptPhone, app.PromptSubscribe, app.PromptSoter}

// native answers Tool.native {method, data}: minihost's own prompts here,
// the page's (modal, tab bar, back button) in the page.
func (s *Server) native(ctx context.Context, params json.RawMessage) (json.RawMessage, error) {
	var p struct {
		Method string          `json:"method"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(params, &p); err != nil || p.Method == "" {
		return nil, fmt.Errorf("Tool.native: want {method, data}")
	}
	switch p.Method {
	case "authorizeAllow":
		return s.answerPrompt(ctx, p.Method, app.AnswerAllow)
	case "authorizeCancel":
		return s.answerPrompt(ctx, p.Method, app.AnswerDeny)
	}
	data := p.Data
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	fwd, _ := json.Marshal(map[string]json.RawMessage{"data": data})
	res, err := s.forward(ctx, "Native."+p.Method, fwd)
	if err != nil && strings.Contains(err.Error(), "unknown method") {
		return nil, fmt.Errorf("native().%s: minihost has no such dialog (%v)", p.Method, err)
	}
	return res, err
}

// answerPrompt answers the app's oldest pending yes-or-no prompt, waiting
// PromptWait for one to appear.
func (s *Server) answerPrompt(ctx context.Context, method, action string) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.PromptWait)
	defer cancel()
	// Watch before looking, so a prompt added in between wakes us.
	changed := s.opts.Prompts.WatchPending(ctx)
	for {
		if pr, ok := s.pendingPrompt(); ok {
			a := app.Answer{Action: action}
			if pr.Kind == app.PromptSoter && action == app.AnswerDeny {
				a.Action = app.AnswerCancel // the dialog's Cancel button
			}
			if err := s.opts.Prompts.Answer(ctx, pr.ID, a); err != nil {
				return nil, fmt.Errorf("native().%s: %s prompt %d: %w", method, pr.Kind, pr.ID, err)
			}
			return empty, nil
		}
		select {
		case _, ok := <-changed:
			if ok {
				continue
			}
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("native().%s: no authorization prompt is showing (waited %s)", method, s.opts.PromptWait)
		}
	}
}

func (s *Server) pendingPrompt() (app.PendingPrompt, bool) {
	for _, pr := range s.opts.Prompts.Pending() {
		if pr.AppID == s.opts.AppID && slices.Contains(authorizeKinds, pr.Kind) {
			return pr, true
		}
	}
	return app.PendingPrompt{}, false
}
