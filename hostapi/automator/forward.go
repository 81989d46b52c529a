package automator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// handleExpr calls the runtime's handle(method, params) and settles to
// {r: result} or {e: message}, so a page error keeps its own message. A
// document still loading gets its load event first; a page without the
// WXML runtime answers why.
const handleExpr = `(async (m, p) => {
  const ready = () => window.__minihost && window.__minihost.automation;
  if (!ready() && document.readyState !== "complete") {
    await new Promise((r) => addEventListener("load", r, { once: true }));
  }
  const a = ready();
  if (!a || typeof a.handle !== "function") {
    return { e: "automation needs a WXML mini program (this page is not run by minihost's WXML runtime: an HTML project, or the runtime failed to start)" };
  }
  try {
    const r = await a.handle(m, p);
    return { r: r === undefined ? null : r };
  } catch (err) {
    return { e: String((err && err.message) || err) };
  }
})(%s, %s)`

// forward answers method in the page.
func (s *Server) forward(ctx context.Context, method string, params json.RawMessage) (json.RawMessage, error) {
	m, _ := json.Marshal(method)
	var p any
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, fmt.Errorf("%s: params are not JSON: %w", method, err)
	}
	if _, ok := p.(map[string]any); !ok {
		return nil, fmt.Errorf("%s: params must be an object", method)
	}
	pj, _ := json.Marshal(p) // JSON is a JS literal; Marshal escapes U+2028/9
	// Element.* requests are the script's finger (taps, touches, input):
	// they run as user gestures, so a tapped button's getUserProfile or
	// openSetting passes as on a phone.
	gesture := strings.HasPrefix(method, "Element.")
	raw, err := s.opts.Page.Await(ctx, fmt.Sprintf(handleExpr, m, pj), gesture)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: the simulator: %w", method, err)
	}
	var out struct {
		R json.RawMessage `json:"r"`
		E *string         `json:"e"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: the page answered %s: %w", method, truncate(string(raw), 100), err)
	}
	if out.E != nil {
		return nil, errors.New(*out.E)
	}
	if len(out.R) == 0 || string(out.R) == "null" {
		return empty, nil
	}
	return out.R, nil
}
