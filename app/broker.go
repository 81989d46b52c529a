package app

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// ErrInvalid marks a control request that does not make sense (an unknown
// policy, an answer that does not fit the prompt, a malformed persona).
var ErrInvalid = errors.New("invalid")

// ErrConflict marks a control request that is valid but not now (deleting the
// current persona).
var ErrConflict = errors.New("conflict")

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// PolicyKind is how a prompt is answered.
type PolicyKind string

const (
	// PolicyAsk shows the prompt (in the window, if there is one) and waits
	// for a person or a control answer.
	PolicyAsk PolicyKind = "ask"
	// PolicyAllow answers allow at once (SOTER: a simulated finger matches).
	PolicyAllow PolicyKind = "allow"
	// PolicyDeny answers deny at once (SOTER: the person cancels, 90008).
	PolicyDeny PolicyKind = "deny"
	// PolicyAfter shows the prompt and answers allow after Policy.Delay, so a
	// person can watch the run (or answer first).
	PolicyAfter PolicyKind = "after"
)

// Policy says how prompts of one api or scope are answered. Its text form is
// "ask", "allow", "deny" or "after:<duration>" (e.g. "after:2s").
type Policy struct {
	Kind  PolicyKind
	Delay time.Duration // PolicyAfter only
}

// maxPolicyDelay bounds after:<duration>; longer is a typo, not a test.
const maxPolicyDelay = time.Hour

// ParsePromptPolicy reads "ask", "allow", "deny" or "after:<duration>".
func ParsePromptPolicy(s string) (Policy, error) {
	switch k := PolicyKind(s); k {
	case PolicyAsk, PolicyAllow, PolicyDeny:
		return Policy{Kind: k}, nil
	}
	if d, ok := strings.CutPrefix(s, string(PolicyAfter)+":"); ok {
		delay, err := time.ParseDuration(d)
		if err != nil || delay < 0 || delay > maxPolicyDelay {
			return Policy{}, invalidf("prompt policy %q: after:<duration> wants a duration from 0s to 1h, e.g. after:2s", s)
		}
		return Policy{Kind: PolicyAfter, Delay: delay}, nil
	}
	return Policy{}, invalidf("prompt policy %q: want ask, allow, deny or after:<duration>", s)
}

func (p Policy) String() string {
	if p.Kind == PolicyAfter {
		return string(PolicyAfter) + ":" + p.Delay.String()
	}
	return string(p.Kind)
}

// MarshalText makes a Policy travel as its text form in JSON.
func (p Policy) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText parses the text form.
func (p *Policy) UnmarshalText(b []byte) error {
	v, err := ParsePromptPolicy(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// PolicyDefaultKey names the default policy in SetPolicy and ClearPolicy.
const PolicyDefaultKey = "default"

// ValidPolicyKey checks a policy key: a wx API that prompts (OpenAPIs'
// rows with a Prompt), a scope (its authorize prompts only), or "default".
func ValidPolicyKey(key string) error {
	if key == PolicyDefaultKey || KnownScope(key) {
		return nil
	}
	keys := []string{PolicyDefaultKey}
	for _, a := range OpenAPIs() {
		if a.Prompt != "" {
			if a.Name == key {
				return nil
			}
			keys = append(keys, a.Name)
		}
	}
	return invalidf("policy key %q: want %s or a scope such as scope.userLocation", key, strings.Join(keys, ", "))
}

// Policies are the broker's policies: the default and the per-key rules.
type Policies struct {
	Default Policy            `json:"default"`
	Rules   map[string]Policy `json:"rules"`
}

// Prompt kinds, as PendingPrompt.Kind.
const (
	PromptAuthorize = "authorize"
	PromptProfile   = "profile"
	PromptSettings  = "settings"
	PromptSoter     = "soter"
	PromptPhone     = "phone"
	PromptSubscribe = "subscribe"
)

// PendingPrompt is a prompt waiting for an answer, as the control API lists it.
type PendingPrompt struct {
	ID          uint64    `json:"id"`
	Kind        string    `json:"kind"` // authorize, profile, settings, soter, phone, subscribe
	API         string    `json:"api"`  // the wx API that prompted
	AppID       string    `json:"appid"`
	AppName     string    `json:"appName"`
	Persona     string    `json:"persona"`
	Scope       string    `json:"scope,omitempty"`
	ScopeName   string    `json:"scopeName,omitempty"`
	Desc        string    `json:"desc,omitempty"`
	Mode        string    `json:"mode,omitempty"`        // soter
	AuthContent string    `json:"authContent,omitempty"` // soter
	Simulated   bool      `json:"simulated,omitempty"`   // soter: match / no-match answers work
	Scopes      []string  `json:"scopes,omitempty"`      // settings: the switches on the page
	Settings    *Settings `json:"settings,omitempty"`    // settings: as the page opened
	Phone       string    `json:"phone,omitempty"`       // phone: the number the app would get
	// Templates are a subscribe prompt's switches.
	Templates []SubscribeTemplate `json:"templates,omitempty"`
	Policy    Policy              `json:"policy"` // the policy that applies
	Created   time.Time           `json:"created"`
	// Waiters counts the calls waiting for this prompt's answer: identical
	// prompts of an app share one dialog (Broker).
	Waiters int `json:"waiters"`
}

// MaxPendingPerApp bounds the distinct prompts one app can have waiting: a
// page looping over wx.authorize must not bury the desktop in dialogs.
// Identical prompts share one and do not count again.
const MaxPendingPerApp = 8

// ErrTooManyPrompts is a Prompter's answer when the app already has
// MaxPendingPerApp prompts waiting; the call fails with
// "<api>:fail too many pending prompts".
var ErrTooManyPrompts = errors.New("too many pending prompts")

// Answer actions.
const (
	AnswerAllow   = "allow"
	AnswerDeny    = "deny"
	AnswerCancel  = "cancel"
	AnswerMatch   = "match"
	AnswerNoMatch = "no-match"
)

// Answer answers a pending prompt.
//
//   - authorize, profile: allow, deny, or cancel (closed without an answer:
//     the call fails with "auth deny" but nothing is remembered);
//   - settings: allow closes the page with the Auth switches flipped (only
//     switches on the page), deny or cancel close it unchanged;
//   - soter: match or no-match place a simulated finger (the prompt stays
//     open until the authentication ends), allow is match, deny or cancel
//     press Cancel (90008);
//   - phone: allow, deny, or cancel (both refusals: "user deny");
//   - subscribe: allow accepts every template unless Choices names some
//     (those named get their choice, the rest reject), deny or cancel
//     reject every one; Keep is "always keep this choice".
type Answer struct {
	Action        string            `json:"answer"`
	Auth          map[string]bool   `json:"authSetting,omitempty"`
	Subscriptions *Subscriptions    `json:"subscriptionsSetting,omitempty"`
	Choices       map[string]string `json:"choices,omitempty"` // subscribe: tmplId -> accept | reject
	Keep          bool              `json:"keep,omitempty"`    // subscribe
}

// Broker is the Prompter the host uses: it answers each prompt by the policy
// for its api or scope, shows "ask" prompts on a display Prompter (the
// window) when there is one, and keeps them pending so the control API can
// list and answer the same prompt the window shows. Identical prompts of an
// app (same kind, persona and arguments) share one pending prompt and its
// answer, and an app has at most MaxPendingPerApp distinct ones. Its methods
// are safe for concurrent use.
type Broker struct {
	display Prompter // nil: headless
	log     *slog.Logger

	mu       sync.Mutex
	def      Policy
	rules    map[string]Policy
	pending  map[uint64]*pendingPrompt
	shared   map[string]*sharedPrompt // by shareKey, while waiting
	lastID   uint64
	changed  notifier // pending prompts changed
	policies notifier // policies changed
}

type pendingPrompt struct {
	info    PendingPrompt
	answers chan Answer // a control answer, once claimed
	claimed bool        // answered: by control, the display, or the policy timer
	sim     func(bool) bool
	share   *sharedPrompt // nil for a prompt that is not shared (SOTER)
}

// sharedPrompt is one prompt the calls with the same shareKey wait on.
type sharedPrompt struct {
	waiters int // under Broker.mu
	cancel  context.CancelFunc
	done    chan struct{} // closed when a, err are set
	a       Answer
	err     error
}

// NewBroker returns a Broker over display (nil when headless) answering by
// def unless a rule says otherwise.
func NewBroker(display Prompter, def Policy, log *slog.Logger) *Broker {
	if log == nil {
		log = slog.Default()
	}
	return &Broker{display: display, log: log, def: def, rules: map[string]Policy{}, pending: map[uint64]*pendingPrompt{}, shared: map[string]*sharedPrompt{}}
}

// SetPolicy sets the policy for key (see ValidPolicyKey).
func (b *Broker) SetPolicy(key string, p Policy) error {
	if err := ValidPolicyKey(key); err != nil {
		return err
	}
	if _, err := ParsePromptPolicy(p.String()); err != nil {
		return err
	}
	b.mu.Lock()
	if key == PolicyDefaultKey {
		b.def = p
	} else {
		b.rules[key] = p
	}
	b.mu.Unlock()
	b.log.Info("prompt policy set", "key", key, "policy", p.String())
	b.policies.notify()
	return nil
}

// ClearPolicy removes the rule for key, so the default applies again.
// Clearing "default" is not possible: set it instead.
func (b *Broker) ClearPolicy(key string) error {
	if err := ValidPolicyKey(key); err != nil {
		return err
	}
	if key == PolicyDefaultKey {
		return invalidf("the default policy cannot be cleared, only set")
	}
	b.mu.Lock()
	delete(b.rules, key)
	b.mu.Unlock()
	b.policies.notify()
	return nil
}

// ClearPolicies removes every rule; the default stays.
func (b *Broker) ClearPolicies() {
	b.mu.Lock()
	clear(b.rules)
	b.mu.Unlock()
	b.policies.notify()
}

// Policies returns the default and the rules.
func (b *Broker) Policies() Policies {
	b.mu.Lock()
	defer b.mu.Unlock()
	return Policies{Default: b.def, Rules: maps.Clone(b.rules)}
}

// WatchPolicies signals (coalesced) when a policy changes, until ctx ends:
// the window shows the active policies so a person is never surprised.
func (b *Broker) WatchPolicies(ctx context.Context) <-chan struct{} { return b.policies.watch(ctx) }

// WatchPending signals (coalesced) when a prompt starts waiting or stops.
func (b *Broker) WatchPending(ctx context.Context) <-chan struct{} { return b.changed.watch(ctx) }

// policyFor picks the scope's rule, then the api's, then the default.
func (b *Broker) policyFor(api, scope string) Policy {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.rules[scope]; ok && scope != "" {
		return p
	}
	if p, ok := b.rules[api]; ok {
		return p
	}
	return b.def
}

// Pending lists the prompts waiting for an answer, oldest first.
func (b *Broker) Pending() []PendingPrompt {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]PendingPrompt, 0, len(b.pending))
	for _, p := range b.pending {
		info := p.info
		info.Waiters = 1
		if p.share != nil {
			info.Waiters = p.share.waiters
		}
		out = append(out, info)
	}
	slices.SortFunc(out, func(x, y PendingPrompt) int { return cmp.Compare(x.ID, y.ID) })
	return out
}

// Next returns the oldest pending prompt with an ID above after, waiting for
// one until ctx ends. A client passes the last ID it saw, so it sees every
// prompt once without the broker tracking clients.
func (b *Broker) Next(ctx context.Context, after uint64) (PendingPrompt, error) {
	for {
		wake := b.changed.wait()
		var found *PendingPrompt
		for _, p := range b.Pending() {
			if p.ID > after {
				found = &p
				break
			}
		}
		if found != nil {
			return *found, nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return PendingPrompt{}, ctx.Err()
		}
	}
}

// simulateWait bounds how long a match / no-match answer waits for the
// simulated reader to be ready for the next finger.
const simulateWait = 5 * time.Second

// Answer answers pending prompt id. It returns an error wrapping ErrNotFound
// when the prompt is not (or no longer) pending, and ErrInvalid when the
// answer does not fit the prompt.
func (b *Broker) Answer(ctx context.Context, id uint64, a Answer) error {
	b.mu.Lock()
	p, ok := b.pending[id]
	if !ok || p.claimed {
		b.mu.Unlock()
		return fmt.Errorf("prompt %d is not pending (answered, or its call ended): %w", id, ErrNotFound)
	}
	if err := checkAnswer(p.info, a); err != nil {
		b.mu.Unlock()
		return err
	}
	if p.info.Kind == PromptSoter && (a.Action == AnswerMatch || a.Action == AnswerNoMatch || a.Action == AnswerAllow) {
		sim := p.sim
		b.mu.Unlock()
		return simulate(ctx, sim, a.Action != AnswerNoMatch)
	}
	p.claimed = true
	delete(b.pending, id)
	b.mu.Unlock()
	p.answers <- a // buffered: never blocks
	b.log.Info("prompt answered by control", "id", id, "kind", p.info.Kind, "answer", a.Action)
	b.changed.notify()
	return nil
}

func checkAnswer(info PendingPrompt, a Answer) error {
	valid := []string{AnswerAllow, AnswerDeny, AnswerCancel}
	if info.Kind == PromptSoter {
		valid = append(valid, AnswerMatch, AnswerNoMatch)
		if !info.Simulated && (a.Action == AnswerMatch || a.Action == AnswerNoMatch || a.Action == AnswerAllow) {
			return invalidf("prompt %d: the biometric backend is real, so only a finger on the sensor answers it (or cancel)", info.ID)
		}
	}
	if !slices.Contains(valid, a.Action) {
		return invalidf("prompt %d (%s): answer %q: want one of %s", info.ID, info.Kind, a.Action, strings.Join(valid, ", "))
	}
	if (len(a.Auth) > 0 || a.Subscriptions != nil) && (info.Kind != PromptSettings || a.Action != AnswerAllow) {
		return invalidf("prompt %d: authSetting and subscriptionsSetting go with allow on a settings prompt", info.ID)
	}
	if (len(a.Choices) > 0 || a.Keep) && (info.Kind != PromptSubscribe || a.Action != AnswerAllow) {
		return invalidf("prompt %d: choices and keep go with allow on a subscribe prompt", info.ID)
	}
	for id, v := range a.Choices {
		if !slices.ContainsFunc(info.Templates, func(t SubscribeTemplate) bool { return t.ID == id }) {
			return invalidf("prompt %d: template %q is not on this prompt", info.ID, id)
		}
		if v != SubAccept && v != SubReject {
			return invalidf("prompt %d: template %s: %q: want accept or reject", info.ID, id, v)
		}
	}
	for scope := range a.Auth {
		if !slices.Contains(info.Scopes, scope) {
			return invalidf("prompt %d: %s is not on this settings page (the app has not asked for it); the page has %v", info.ID, scope, info.Scopes)
		}
	}
	return nil
}

// simulate places a finger, waiting a little for the reader to be ready: it
// starts waiting just after the prompt opens, and again after a no-match.
func simulate(ctx context.Context, sim func(bool) bool, match bool) error {
	ctx, cancel := context.WithTimeout(ctx, simulateWait)
	defer cancel()
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for !sim(match) {
		select {
		case <-ctx.Done():
			return fmt.Errorf("the simulated reader is not waiting for a finger: %w", ErrConflict)
		case <-t.C:
		}
	}
	return nil
}

// add makes a prompt pending, or fails with ErrTooManyPrompts when its app
// has MaxPendingPerApp already.
func (b *Broker) add(info PendingPrompt, sim func(bool) bool, share *sharedPrompt) (*pendingPrompt, error) {
	b.mu.Lock()
	n := 0
	for _, p := range b.pending {
		if p.info.AppID == info.AppID {
			n++
		}
	}
	if n >= MaxPendingPerApp {
		b.mu.Unlock()
		b.log.Warn("prompt refused: too many pending", "appid", info.AppID, "kind", info.Kind, "pending", n)
		return nil, fmt.Errorf("app %s has %d prompts waiting: %w", info.AppID, n, ErrTooManyPrompts)
	}
	b.lastID++
	info.ID = b.lastID
	info.Created = time.Now()
	p := &pendingPrompt{info: info, answers: make(chan Answer, 1), sim: sim, share: share}
	b.pending[info.ID] = p
	b.mu.Unlock()
	b.log.Info("prompt pending", "id", info.ID, "kind", info.Kind, "appid", info.AppID, "scope", info.Scope, "policy", info.Policy.String())
	b.changed.notify()
	return p, nil
}

// claim marks p answered by someone other than control; false means control
// answered first and its answer is in p.answers.
func (b *Broker) claim(p *pendingPrompt) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p.claimed {
		return false
	}
	p.claimed = true
	delete(b.pending, p.info.ID)
	return true
}

// remove drops p from the pending list when its call ends.
func (b *Broker) remove(p *pendingPrompt) {
	b.mu.Lock()
	_, was := b.pending[p.info.ID]
	delete(b.pending, p.info.ID)
	b.mu.Unlock()
	if was {
		b.changed.notify()
	}
}

type displayed struct {
	a   Answer
	err error
}

// shareKey identifies identical prompts: same kind, app, persona and
// arguments. They get one dialog and one answer.
func shareKey(info PendingPrompt, args ...string) string {
	return strings.Join(append([]string{info.Kind, info.AppID, info.Persona, info.Scope, info.Desc}, args...), "\x00")
}

// ask waits for the answer to info: it joins the identical prompt already
// pending, or starts one. The prompt lives while any of its callers waits
// (its own context ends when the last gives up), so a caller giving up
// never cancels the others' prompt.
func (b *Broker) ask(ctx context.Context, key string, info PendingPrompt, show func(context.Context) (Answer, error)) (Answer, error) {
	b.mu.Lock()
	s := b.shared[key]
	if s == nil {
		sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		s = &sharedPrompt{cancel: cancel, done: make(chan struct{})}
		b.shared[key] = s
		go func() {
			defer cancel()
			a, err := b.wait(sctx, info, show, s)
			b.mu.Lock()
			if b.shared[key] == s {
				delete(b.shared, key)
			}
			b.mu.Unlock()
			s.a, s.err = a, err
			close(s.done)
		}()
	}
	s.waiters++
	b.mu.Unlock()
	b.changed.notify() // the waiter count changed
	select {
	case <-s.done:
		return s.a, s.err
	case <-ctx.Done():
		b.mu.Lock()
		s.waiters--
		last := s.waiters == 0
		if last {
			if b.shared[key] == s {
				delete(b.shared, key) // a later identical call starts afresh
			}
			s.cancel()
		}
		b.mu.Unlock()
		if last {
			<-s.done // the prompt is gone, its dialog closed, before the last caller returns
		} else {
			b.changed.notify() // the waiter count changed
		}
		return Answer{}, ctx.Err()
	}
}

// wait keeps a prompt pending until control, the display or the policy timer
// answers, or ctx ends. show runs the display's dialog (nil: headless).
func (b *Broker) wait(ctx context.Context, info PendingPrompt, show func(context.Context) (Answer, error), share *sharedPrompt) (Answer, error) {
	p, err := b.add(info, nil, share)
	if err != nil {
		return Answer{}, err
	}
	defer b.remove(p)
	dctx, closeDialog := context.WithCancel(ctx)
	var shown chan displayed
	if b.display != nil && show != nil {
		shown = make(chan displayed, 1)
		go func() {
			a, err := show(dctx)
			shown <- displayed{a, err}
		}()
	}
	// The dialog is closed before the answer goes back, as a dialog is.
	defer func() {
		closeDialog()
		if shown != nil {
			<-shown
		}
	}()
	var timer <-chan time.Time
	if info.Policy.Kind == PolicyAfter {
		t := time.NewTimer(info.Policy.Delay)
		defer t.Stop()
		timer = t.C
	}
	for {
		select {
		case a := <-p.answers:
			return a, nil
		case d := <-shown:
			shown = nil
			if d.err != nil && !errors.Is(d.err, ErrCancelled) && ctx.Err() == nil {
				// The window could not show it: control can still answer.
				b.log.Warn("prompt display failed; waiting for a control answer", "id", p.info.ID, "err", d.err)
				continue
			}
			if !b.claim(p) {
				return <-p.answers, nil
			}
			if errors.Is(d.err, ErrCancelled) {
				return Answer{Action: AnswerCancel}, nil
			}
			if d.err != nil {
				return Answer{}, d.err
			}
			return d.a, nil
		case <-timer:
			if !b.claim(p) {
				return <-p.answers, nil
			}
			return Answer{Action: AnswerAllow}, nil
		case <-ctx.Done():
			return Answer{}, ctx.Err()
		}
	}
}

func (b *Broker) pendingInfo(kind, api string, app AppInfo, p Persona, pol Policy) PendingPrompt {
	return PendingPrompt{Kind: kind, API: api, AppID: app.AppID, AppName: app.Name, Persona: p.ID, Policy: pol}
}

func boolAnswer(allow bool) Answer {
	if allow {
		return Answer{Action: AnswerAllow}
	}
	return Answer{Action: AnswerDeny}
}

// yesNo turns an answer into a Prompter's (allow, error).
func yesNo(a Answer) (bool, error) {
	switch a.Action {
	case AnswerAllow:
		return true, nil
	case AnswerCancel:
		return false, ErrCancelled
	}
	return false, nil
}

// Authorize implements Prompter.
func (b *Broker) Authorize(ctx context.Context, req AuthorizeRequest) (bool, error) {
	pol := b.policyFor(apiAuthorize, req.Scope)
	switch pol.Kind {
	case PolicyAllow, PolicyDeny:
		return pol.Kind == PolicyAllow, ctx.Err()
	}
	info := b.pendingInfo(PromptAuthorize, apiAuthorize, req.App, req.Persona, pol)
	info.Scope, info.ScopeName, info.Desc = req.Scope, req.ScopeName, req.Desc
	a, err := b.ask(ctx, shareKey(info), info, func(ctx context.Context) (Answer, error) {
		ok, err := b.display.Authorize(ctx, req)
		return boolAnswer(ok), err
	})
	if err != nil {
		return false, err
	}
	return yesNo(a)
}

// UserProfile implements Prompter.
func (b *Broker) UserProfile(ctx context.Context, req ProfileRequest) (bool, error) {
	pol := b.policyFor(apiUserProfile, "")
	switch pol.Kind {
	case PolicyAllow, PolicyDeny:
		return pol.Kind == PolicyAllow, ctx.Err()
	}
	info := b.pendingInfo(PromptProfile, apiUserProfile, req.App, req.Persona, pol)
	info.Desc = req.Desc
	a, err := b.ask(ctx, shareKey(info), info, func(ctx context.Context) (Answer, error) {
		ok, err := b.display.UserProfile(ctx, req)
		return boolAnswer(ok), err
	})
	if err != nil {
		return false, err
	}
	return yesNo(a)
}

// Settings implements Prompter. A policy closes the page unchanged; an answer
// flips the switches it names.
func (b *Broker) Settings(ctx context.Context, req SettingsRequest) (Settings, error) {
	pol := b.policyFor(apiOpenSetting, "")
	switch pol.Kind {
	case PolicyAllow, PolicyDeny:
		return req.Current, ctx.Err()
	}
	info := b.pendingInfo(PromptSettings, apiOpenSetting, req.App, req.Persona, pol)
	cur := req.Current
	info.Settings = &cur
	for _, s := range req.Scopes {
		info.Scopes = append(info.Scopes, s.Scope)
	}
	a, err := b.ask(ctx, shareKey(info, settingsKey(req.Current)), info, func(ctx context.Context) (Answer, error) {
		s, err := b.display.Settings(ctx, req)
		return Answer{Action: AnswerAllow, Auth: s.Auth, Subscriptions: &s.Subscriptions}, err
	})
	if err != nil {
		return Settings{}, err
	}
	if a.Action != AnswerAllow {
		return Settings{}, ErrCancelled // the host keeps the settings unchanged
	}
	out := Settings{Auth: maps.Clone(req.Current.Auth), Subscriptions: req.Current.Subscriptions}
	if out.Auth == nil {
		out.Auth = map[string]bool{}
	}
	maps.Copy(out.Auth, a.Auth)
	if a.Subscriptions != nil {
		out.Subscriptions = *a.Subscriptions
	}
	return out, nil
}

// Soter implements Prompter. Control answers match and no-match feed the
// simulated reader while the prompt stays open; cancel closes it (90008).
func (b *Broker) Soter(ctx context.Context, req SoterPrompt) error {
	pol := b.policyFor(apiSoter, "")
	switch pol.Kind {
	case PolicyAllow:
		return PolicyPrompter{Allow: true}.Soter(ctx, req)
	case PolicyDeny:
		return ErrCancelled
	}
	info := b.pendingInfo(PromptSoter, apiSoter, req.App, req.Persona, pol)
	info.Mode, info.AuthContent, info.Simulated = req.Mode, req.AuthContent, req.Simulate != nil
	// Not shared: each SOTER call runs its own authentication.
	p, err := b.add(info, req.Simulate, nil)
	if err != nil {
		return err
	}
	defer b.remove(p)
	dctx, closeDialog := context.WithCancel(ctx)
	var shown chan error
	if b.display != nil {
		shown = make(chan error, 1)
		go func() { shown <- b.display.Soter(dctx, req) }()
	}
	defer func() {
		closeDialog()
		if shown != nil {
			<-shown
		}
	}()
	var timer <-chan time.Time
	if pol.Kind == PolicyAfter {
		t := time.NewTimer(pol.Delay)
		defer t.Stop()
		timer = t.C
	}
	for {
		select {
		case <-p.answers: // only cancel and deny arrive here
			return ErrCancelled
		case err := <-shown:
			shown = nil
			if errors.Is(err, ErrCancelled) && b.claim(p) {
				return ErrCancelled
			}
			if ctx.Err() == nil && err != nil && !errors.Is(err, ErrCancelled) {
				b.log.Warn("SOTER display failed; waiting for a control answer", "id", p.info.ID, "err", err)
			}
		case <-timer:
			timer = nil
			if req.Simulate != nil {
				go func() {
					if err := simulate(ctx, req.Simulate, true); err != nil && ctx.Err() == nil {
						b.log.Warn("SOTER after: policy", "err", err)
					}
				}()
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// PhoneNumber implements Prompter.
func (b *Broker) PhoneNumber(ctx context.Context, req PhoneRequest) (bool, error) {
	pol := b.policyFor(req.API, "")
	switch pol.Kind {
	case PolicyAllow, PolicyDeny:
		return pol.Kind == PolicyAllow, ctx.Err()
	}
	info := b.pendingInfo(PromptPhone, req.API, req.App, req.Persona, pol)
	info.Phone = req.Phone
	a, err := b.ask(ctx, shareKey(info, req.Phone), info, func(ctx context.Context) (Answer, error) {
		ok, err := b.display.PhoneNumber(ctx, req)
		return boolAnswer(ok), err
	})
	if err != nil {
		return false, err
	}
	return yesNo(a)
}

// Subscribe implements Prompter. Policy allow accepts every template, deny
// rejects every one.
func (b *Broker) Subscribe(ctx context.Context, req SubscribeRequest) (SubscribeAnswer, error) {
	pol := b.policyFor(apiSubscribe, "")
	switch pol.Kind {
	case PolicyAllow, PolicyDeny:
		return subscribeAll(req.Templates, pol.Kind == PolicyAllow), ctx.Err()
	}
	info := b.pendingInfo(PromptSubscribe, apiSubscribe, req.App, req.Persona, pol)
	info.Templates = req.Templates
	var ids []string
	for _, t := range req.Templates {
		ids = append(ids, t.ID)
	}
	a, err := b.ask(ctx, shareKey(info, ids...), info, func(ctx context.Context) (Answer, error) {
		s, err := b.display.Subscribe(ctx, req)
		return Answer{Action: AnswerAllow, Choices: s.Choices, Keep: s.Keep}, err
	})
	if err != nil {
		return SubscribeAnswer{}, err
	}
	switch {
	case a.Action == AnswerCancel:
		return SubscribeAnswer{}, ErrCancelled
	case a.Action != AnswerAllow:
		return subscribeAll(req.Templates, false), nil
	case a.Choices == nil:
		out := subscribeAll(req.Templates, true)
		out.Keep = a.Keep
		return out, nil
	}
	return SubscribeAnswer{Choices: a.Choices, Keep: a.Keep}, nil
}

// settingsKey tells settings pages apart by the settings they open with.
func settingsKey(s Settings) string {
	b, _ := json.Marshal(s)
	return string(b)
}
