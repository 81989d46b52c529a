package simulator

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// What test automation (hostapi/automator) needs from the page: a long
// evaluation awaiting the page's promise, and bindings the page calls to
// send events out.

// Await evaluates expr in appID's page, waits for the promise it returns,
// and returns the result's JSON value (null for undefined). Unlike Eval it
// is bounded by ctx only: a page method may wait on a dialog for a while.
// A thrown exception or rejected promise is an error. With gesture the
// evaluation counts as the user's (CDP userGesture): a tap made by script
// then opens what only a finger may (getUserProfile, for one).
func (m *Manager) Await(ctx context.Context, appID, expr string, gesture bool) (json.RawMessage, error) {
	s, err := m.get(appID)
	if err != nil {
		return nil, err
	}
	opts := []chromedp.EvaluateOption{chromedp.EvalAwaitPromise}
	if gesture {
		opts = append(opts, func(p *cdpruntime.EvaluateParams) { p.UserGesture = &gesture })
	}
	raw, err := runOnCtx(ctx, s, chromedp.Evaluate[[]byte](expr, opts...))
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return json.RawMessage("null"), nil
	}
	return raw, nil
}

// Bind makes window[name](payload string) in appID's page call fn with
// the payload (CDP Runtime.addBinding: it survives reloads). It applies to
// the open simulator and to any launched later for appID. fn runs on the
// browser's event goroutine: it must not block. The returned func removes
// the binding's handler (the page's function stays until the next launch
// and then calls nothing).
func (m *Manager) Bind(ctx context.Context, appID, name string, fn func(payload string)) (func(), error) {
	m.mu.Lock()
	if m.bindings[appID] == nil {
		m.bindings[appID] = map[string]func(string){}
	}
	m.bindings[appID][name] = fn
	s := m.sims[appID]
	m.mu.Unlock()
	unbind := func() {
		m.mu.Lock()
		delete(m.bindings[appID], name)
		m.mu.Unlock()
	}
	if s == nil {
		return unbind, nil // launch adds it
	}
	if err := m.run(ctx, s, m.addBindings(appID, s)); err != nil {
		unbind()
		return nil, fmt.Errorf("bind %s: %w", name, err)
	}
	return unbind, nil
}

// addBindings adds those of appID's bindings that s's page lacks: at
// launch, and again once s is registered (a Bind may have come between).
func (m *Manager) addBindings(appID string, s *sim) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		m.mu.Lock()
		var names []string
		for name := range m.bindings[appID] {
			if !s.bound[name] {
				names = append(names, name)
			}
		}
		m.mu.Unlock()
		for _, name := range names {
			if _, err := cdp.Call(ctx, t, cdpruntime.AddBinding, cdpruntime.AddBindingParams{Name: name}); err != nil {
				return fmt.Errorf("bind %s: %w", name, err)
			}
			m.mu.Lock()
			s.bound[name] = true
			m.mu.Unlock()
		}
		return nil
	})
}

func (m *Manager) bindingCalled(appID, name, payload string) {
	m.mu.Lock()
	fn := m.bindings[appID][name]
	m.mu.Unlock()
	if fn != nil {
		fn(payload)
	}
}
