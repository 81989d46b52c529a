package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// ScopeInfo describes an authorization scope.
type ScopeInfo struct {
	Scope string
	Name  string // what the settings page and prompts call it
	// NoPrompt scopes succeed without asking: address and invoice scopes no
	// longer need authorization, and scope.userInfo is granted silently since
	// 2021-04-28.
	NoPrompt bool
}

var scopes = []ScopeInfo{
	{Scope: "scope.userInfo", Name: "User info", NoPrompt: true},
	{Scope: "scope.userLocation", Name: "Your location"},
	{Scope: "scope.userFuzzyLocation", Name: "Your approximate location"},
	{Scope: "scope.userLocationBackground", Name: "Location in the background"},
	{Scope: "scope.record", Name: "Microphone"},
	{Scope: "scope.camera", Name: "Camera"},
	{Scope: "scope.bluetooth", Name: "Bluetooth"},
	{Scope: "scope.writePhotosAlbum", Name: "Save to your album"},
	{Scope: "scope.addPhoneContact", Name: "Add to your contacts"},
	{Scope: "scope.addPhoneCalendar", Name: "Add to your calendar"},
	{Scope: "scope.werun", Name: "WeRun step count"},
	{Scope: "scope.addFriend", Name: "Be added as a friend"},
	{Scope: "scope.address", Name: "Shipping address", NoPrompt: true},
	{Scope: "scope.invoiceTitle", Name: "Invoice title", NoPrompt: true},
	{Scope: "scope.invoice", Name: "Invoice", NoPrompt: true},
}

// Scopes lists every scope minihost knows, in settings-page order.
func Scopes() []ScopeInfo { return slices.Clone(scopes) }

// LookupScope returns a scope's description.
func LookupScope(scope string) (ScopeInfo, bool) {
	i := slices.IndexFunc(scopes, func(s ScopeInfo) bool { return s.Scope == scope })
	if i < 0 {
		return ScopeInfo{}, false
	}
	return scopes[i], true
}

// KnownScope reports whether scope is one minihost knows.
func KnownScope(scope string) bool { _, ok := LookupScope(scope); return ok }

// Settings are a persona's settings for one app.
type Settings struct {
	// Auth has the scopes the app has asked for: true granted, false denied.
	Auth          map[string]bool `json:"authSetting"`
	Subscriptions Subscriptions   `json:"subscriptionsSetting"`
}

// Subscriptions is subscriptionsSetting: the main switch and the templates the
// user answered with "always keep this choice".
type Subscriptions struct {
	MainSwitch   bool              `json:"mainSwitch"`
	ItemSettings map[string]string `json:"itemSettings"` // tmplId -> accept | reject | ban
}

// ValidSubscriptionChoice checks an itemSettings value.
func ValidSubscriptionChoice(v string) error {
	switch v {
	case "accept", "reject", "ban":
		return nil
	}
	return fmt.Errorf("%q is not accept, reject or ban", v)
}

// Settings returns a persona's settings for appID.
func (h *SettingsService) Settings(personaID, appID string) (Settings, error) {
	k := userKey(personaID, appID)
	version := h.store.version.Load() // before the read: a write after it makes the entry stale at once
	if s, ok := h.settings.get(k, version); ok {
		return s, nil
	}
	var s Settings
	err := h.opts.Store.View(func(tx Tx) error {
		var err error
		s, err = readSettings(tx, personaID, appID)
		return err
	})
	if err == nil {
		h.settings.put(k, version, s)
	}
	return s, err
}

func readSettings(tx Tx, personaID, appID string) (Settings, error) {
	s := Settings{Auth: map[string]bool{}, Subscriptions: Subscriptions{MainSwitch: true, ItemSettings: map[string]string{}}}
	k := userKey(personaID, appID)
	if err := getJSON(tx, bucketAuth, k, &s.Auth); err != nil && !errors.Is(err, ErrNotFound) {
		return s, err
	}
	if err := getJSON(tx, bucketSubs, k, &s.Subscriptions); err != nil && !errors.Is(err, ErrNotFound) {
		return s, err
	}
	if s.Auth == nil {
		s.Auth = map[string]bool{}
	}
	if s.Subscriptions.ItemSettings == nil {
		s.Subscriptions.ItemSettings = map[string]string{}
	}
	return s, nil
}

// SetSettings replaces a persona's settings for appID, as the settings page
// does. Only known scopes and valid subscription choices are accepted.
func (h *SettingsService) SetSettings(ctx context.Context, personaID, appID string, s Settings) error {
	for scope := range s.Auth {
		if !KnownScope(scope) {
			return fmt.Errorf("unknown scope %q", scope)
		}
	}
	for tmpl, v := range s.Subscriptions.ItemSettings {
		if err := ValidSubscriptionChoice(v); err != nil {
			return fmt.Errorf("subscription %q: %w", tmpl, err)
		}
	}
	return h.stateChanged(h.opts.Store.Update(func(tx Tx) error {
		k := userKey(personaID, appID)
		if err := putJSON(tx, bucketAuth, k, s.Auth); err != nil {
			return err
		}
		return putJSON(tx, bucketSubs, k, s.Subscriptions)
	}))
}

// ScopeChange turns one scope on or off for a persona in an app.
type ScopeChange struct {
	PersonaID string
	AppID     string
	Scope     string // scope.userLocation, ...
	On        bool
}

// SetScope records a scope's answer, as the settings page or a prompt does.
func (h *SettingsService) SetScope(ctx context.Context, c ScopeChange) error {
	if !KnownScope(c.Scope) {
		return fmt.Errorf("unknown scope %q", c.Scope)
	}
	return h.stateChanged(h.opts.Store.Update(func(tx Tx) error {
		s, err := readSettings(tx, c.PersonaID, c.AppID)
		if err != nil {
			return err
		}
		s.Auth[c.Scope] = c.On
		return putJSON(tx, bucketAuth, userKey(c.PersonaID, c.AppID), s.Auth)
	}))
}

// ClearAuthorizations forgets every answer a persona gave appID, so the next
// authorize prompts again.
func (h *SettingsService) ClearAuthorizations(ctx context.Context, personaID, appID string) error {
	return h.stateChanged(h.opts.Store.Update(func(tx Tx) error { return tx.Delete(bucketAuth, userKey(personaID, appID)) }))
}

// Authorize is wx.authorize.
func (h *SettingsService) Authorize(ctx context.Context, appID, scope string) (Result, error) {
	const api = apiAuthorize
	a, err := h.app(api, appID)
	if err != nil {
		return nil, err
	}
	info, ok := LookupScope(scope)
	if !ok {
		return nil, fail(api, "invalid scope")
	}
	p := h.CurrentPersona()
	if info.NoPrompt {
		if scope == "scope.userInfo" {
			if err := h.SetScope(ctx, ScopeChange{PersonaID: p.ID, AppID: appID, Scope: scope, On: true}); err != nil {
				return nil, err
			}
		}
		return OK(api, nil), nil
	}
	s, err := h.Settings(p.ID, appID)
	if err != nil {
		return nil, err
	}
	if granted, asked := s.Auth[scope]; asked {
		if granted {
			return OK(api, nil), nil
		}
		// Denied before: fails without a prompt until changed in settings.
		return nil, fail(api, "auth deny")
	}
	allow, err := h.opts.Prompter.Authorize(ctx, AuthorizeRequest{
		App: a.mp.Info(), Persona: p, Scope: scope, ScopeName: info.Name, Desc: a.mp.Permission[scope],
	})
	if err != nil {
		return nil, promptFailure(api, err)
	}
	if err := h.SetScope(ctx, ScopeChange{PersonaID: p.ID, AppID: appID, Scope: scope, On: allow}); err != nil {
		return nil, err
	}
	if !allow {
		return nil, fail(api, "auth deny")
	}
	return OK(api, nil), nil
}

// promptFailure turns a prompt that ended without an answer into a failure.
func promptFailure(api string, err error) error {
	switch {
	case errors.Is(err, ErrCancelled):
		return fail(api, "auth deny")
	case errors.Is(err, ErrTooManyPrompts):
		return fail(api, "too many pending prompts")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fail(api, "cancelled")
	}
	return fmt.Errorf("%s prompt: %w", api, err)
}

// GetSetting is wx.getSetting.
func (h *SettingsService) GetSetting(ctx context.Context, appID string, withSubscriptions bool) (Result, error) {
	const api = apiGetSetting
	if _, err := h.app(api, appID); err != nil {
		return nil, err
	}
	s, err := h.Settings(h.CurrentPersona().ID, appID)
	if err != nil {
		return nil, err
	}
	return OK(api, settingsResult(s, withSubscriptions)), nil
}

func settingsResult(s Settings, withSubscriptions bool) Result {
	r := Result{"authSetting": s.Auth}
	if withSubscriptions {
		r["subscriptionsSetting"] = s.Subscriptions
	}
	return r
}

// OpenSetting is wx.openSetting: it shows the settings page for the scopes the
// app has asked and returns the settings as the person left them.
func (h *SettingsService) OpenSetting(ctx context.Context, appID string, withSubscriptions, userGesture bool) (Result, error) {
	const api = apiOpenSetting
	a, err := h.app(api, appID)
	if err != nil {
		return nil, err
	}
	if !userGesture {
		return nil, noGesture(api)
	}
	p := h.CurrentPersona()
	cur, err := h.Settings(p.ID, appID)
	if err != nil {
		return nil, err
	}
	var shown []ScopeInfo
	for _, si := range scopes {
		if _, asked := cur.Auth[si.Scope]; asked {
			shown = append(shown, si)
		}
	}
	got, err := h.opts.Prompter.Settings(ctx, SettingsRequest{App: a.mp.Info(), Persona: p, Current: cur, Scopes: shown})
	if errors.Is(err, ErrCancelled) {
		got, err = cur, nil // closing the page without changes
	}
	if err != nil {
		return nil, promptFailure(api, err)
	}
	// The page can only flip switches that are on it.
	next := Settings{Auth: maps.Clone(cur.Auth), Subscriptions: got.Subscriptions}
	for scope := range next.Auth {
		if v, ok := got.Auth[scope]; ok {
			next.Auth[scope] = v
		}
	}
	if next.Subscriptions.ItemSettings == nil {
		next.Subscriptions.ItemSettings = map[string]string{}
	}
	if err := h.SetSettings(ctx, p.ID, appID, next); err != nil {
		return nil, err
	}
	return OK(api, settingsResult(next, withSubscriptions)), nil
}

// SettingsService is what a user allowed an app: scopes, subscription
// choices, wx.authorize, getSetting and openSetting.
type SettingsService struct {
	*core
}
