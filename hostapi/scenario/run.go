package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// Failure is a step that failed: where, what, and why.
type Failure struct {
	File string
	Line int
	Step int
	What string // the step's description
	Msg  string
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%s:%d: step %d (%s): %s", f.File, f.Line, f.Step, f.What, f.Msg)
}

// run is one run's state.
type run struct {
	sc      *Scenario
	c       *client.Client
	app     apitype.AppInfo
	vars    map[string]any // saved results by name
	async   map[string]*asyncCall
	start   uint64 // call log seq when the run started
	current *apitype.PendingPrompt
	cursor  uint64 // the last prompt id answered
}

type asyncCall struct {
	done chan struct{}
	res  map[string]any
	err  error
}

// Run runs the scenario against the minihost c talks to, reporting each step
// to out. It stops at the first failed step and returns a *Failure (or the
// error that prevented running). Calls still waiting when it ends are
// abandoned, which closes their prompts.
func (sc *Scenario) Run(ctx context.Context, c *client.Client, out io.Writer) error {
	if out == nil {
		out = io.Discard
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{sc: sc, c: c, vars: map[string]any{}, async: map[string]*asyncCall{}}
	fmt.Fprintf(out, "scenario: %s (%s)\n", sc.Name, sc.File)
	if err := r.setup(ctx); err != nil {
		fmt.Fprintf(out, "FAIL %s: %v\n", sc.File, err)
		return fmt.Errorf("%s: %w", sc.File, err)
	}
	for i := range sc.Steps {
		st := &sc.Steps[i]
		if err := r.step(ctx, st); err != nil {
			f := &Failure{File: sc.File, Line: st.Line, Step: i + 1, What: st.Describe(), Msg: err.Error()}
			fmt.Fprintf(out, "  FAIL %2d  %s\n", i+1, st.Describe())
			fmt.Fprintf(out, "FAIL %s\n", f)
			return f
		}
		fmt.Fprintf(out, "  ok   %2d  %s\n", i+1, st.Describe())
	}
	fmt.Fprintf(out, "PASS %s: %d steps\n", sc.File, len(sc.Steps))
	return nil
}

// setup resolves the app, notes where the call log stands, and imports the
// personas file.
func (r *run) setup(ctx context.Context) error {
	apps, err := r.c.Apps(ctx)
	if err != nil {
		return err
	}
	switch {
	case r.sc.App != "":
		i := slices.IndexFunc(apps, func(a apitype.AppInfo) bool { return a.AppID == r.sc.App })
		if i < 0 {
			return fmt.Errorf("app %s is not loaded (loaded: %s)", r.sc.App, appIDs(apps))
		}
		r.app = apps[i]
	case len(apps) == 1:
		r.app = apps[0]
	default:
		return fmt.Errorf("%d apps are loaded (%s): name one with app: at the top of the scenario", len(apps), appIDs(apps))
	}
	last, err := r.c.Calls(ctx, apitype.CallFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(last) > 0 {
		r.start = last[0].Seq
	}
	if r.sc.Personas != "" {
		return r.importPersonas(ctx, r.sc.Personas)
	}
	return nil
}

func appIDs(apps []apitype.AppInfo) string {
	var ids []string
	for _, a := range apps {
		ids = append(ids, a.AppID)
	}
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// path resolves a file named in the scenario relative to the scenario file.
func (r *run) path(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(filepath.Dir(r.sc.File), name)
}

func (r *run) importPersonas(ctx context.Context, name string) error {
	data, err := os.ReadFile(r.path(name))
	if err != nil {
		return fmt.Errorf("personas file: %w", err)
	}
	var f apitype.PersonaFile
	if err := json.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("personas file %s: %w", name, err)
	}
	return r.c.ImportPersonas(ctx, f)
}

func (r *run) appID(st *Step) string {
	if st.App != "" {
		return st.App
	}
	return r.app.AppID
}

// persona turns "current" into "" (the host's current persona).
func persona(p string) string {
	if p == "current" {
		return ""
	}
	return p
}

func (r *run) call(ctx context.Context, st *Step) error {
	args, err := r.expand(st.Args)
	if err != nil {
		return err
	}
	appID := r.appID(st)
	if st.Async != "" {
		ac := &asyncCall{done: make(chan struct{})}
		r.async[st.Async] = ac
		go func() {
			defer close(ac.done)
			ac.res, ac.err = r.c.CallWX(ctx, appID, st.Call, args)
		}()
		return nil
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type answer struct {
		res map[string]any
		err error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := r.c.CallWX(cctx, appID, st.Call, args)
		done <- answer{res, err}
	}()
	select {
	case a := <-done:
		if a.err != nil {
			return a.err
		}
		return r.checkAndSave(st, a.res)
	case <-time.After(st.Timeout):
		// Look for the prompt before giving up the call closes it.
		hint := r.pendingHint(ctx)
		cancel()
		<-done
		return fmt.Errorf("%s did not answer within %s%s", st.Call, st.Timeout, hint)
	}
}

// pendingHint explains a call that hangs: usually a prompt waits for an answer.
func (r *run) pendingHint(ctx context.Context) string {
	ps, err := r.c.Prompts(context.WithoutCancel(ctx))
	if err != nil || len(ps) == 0 {
		return ""
	}
	var s []string
	for _, p := range ps {
		s = append(s, strings.Join(strings.Fields(fmt.Sprintf("#%d %s %s %s (policy %s)", p.ID, p.Kind, p.AppID, p.Scope, p.Policy)), " "))
	}
	return "; a prompt is waiting: " + strings.Join(s, ", ") + " (call it with async: and answer it, or set a policy)"
}

func endpointNames() string {
	var names []string
	for _, e := range apitype.ServerEndpoints() {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func (r *run) backend(ctx context.Context, st *Step) error {
	ep, _ := apitype.LookupServerEndpoint(st.Backend) // checked when parsed
	a := r.app
	if st.App != "" && st.App != a.AppID {
		var err error
		if a, err = r.c.App(ctx, st.App); err != nil {
			return err
		}
	}
	q := ep.Defaults(a.AppID, a.Secret)
	for k, v := range st.Query {
		s, err := r.expandString(v)
		if err != nil {
			return err
		}
		q.Set(k, fmt.Sprint(s))
	}
	var body any
	if ep.Method == http.MethodPost {
		b, err := r.expand(st.Body)
		if err != nil {
			return err
		}
		if b == nil {
			b = map[string]any{}
		}
		body = b
	}
	cctx, cancel := context.WithTimeout(ctx, st.Timeout)
	defer cancel()
	res, err := r.c.Backend(cctx, ep.Path, q, body)
	if err != nil {
		if cctx.Err() != nil && ctx.Err() == nil {
			return fmt.Errorf("%s did not answer within %s", ep.Path, st.Timeout)
		}
		return err
	}
	return r.checkAndSave(st, res)
}

func (r *run) answer(ctx context.Context, st *Step) error {
	cctx, cancel := context.WithTimeout(ctx, st.Timeout)
	defer cancel()
	// A SOTER prompt stays open across no-match answers: answer it again.
	var p *apitype.PendingPrompt
	if r.current != nil && r.current.Kind == apitype.PromptSoter {
		ps, err := r.c.Prompts(cctx)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(ps, func(x apitype.PendingPrompt) bool { return x.ID == r.current.ID }); i >= 0 {
			p = &ps[i]
		}
	}
	if p == nil {
		next, err := r.c.NextPromptAfter(cctx, r.cursor)
		if err != nil {
			if cctx.Err() != nil && ctx.Err() == nil {
				return fmt.Errorf("no prompt came within %s (is the call that prompts started with async:? does a policy answer it?)", st.Timeout)
			}
			return err
		}
		p = &next
	}
	r.current, r.cursor = p, max(r.cursor, p.ID)
	var info map[string]any
	b, _ := json.Marshal(p)
	_ = json.Unmarshal(b, &info)
	if err := r.check(st, info, "prompt"); err != nil {
		return err
	}
	return r.c.Answer(cctx, p.ID, apitype.Answer{Action: st.Answer, Auth: st.AuthSetting})
}

func (r *run) await(ctx context.Context, st *Step) error {
	ac := r.async[st.Await]
	select {
	case <-ac.done:
	case <-time.After(st.Timeout):
		return fmt.Errorf("the call named %s did not answer within %s%s", st.Await, st.Timeout, r.pendingHint(ctx))
	case <-ctx.Done():
		return ctx.Err()
	}
	if ac.err != nil {
		return ac.err
	}
	if err := r.check(st, ac.res, "result"); err != nil {
		return err
	}
	r.vars[st.Await] = ac.res
	return nil
}

func (r *run) checkAndSave(st *Step, res map[string]any) error {
	if err := r.check(st, res, "result"); err != nil {
		return err
	}
	name := st.Save
	if name == "" {
		name = st.Call // the last result of an API is there without save:
		if st.Action == "backend" {
			name = st.Backend
		}
	}
	r.vars[name] = res
	return nil
}

// check applies expect, has and match to a result (or a prompt).
func (r *run) check(st *Step, got map[string]any, what string) error {
	var problems []string
	want, err := r.expand(st.Expect)
	if err != nil {
		return err
	}
	if m, ok := want.(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			problems = append(problems, compare(k, got[k], m[k])...)
		}
	}
	for _, k := range st.Has {
		if v, ok := got[k]; !ok || v == nil || v == "" {
			problems = append(problems, fmt.Sprintf("%s is missing", k))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(st.Match)) {
		re, err := regexp.Compile(st.Match[k])
		if err != nil {
			return fmt.Errorf("match %s: %v", k, err)
		}
		s, _ := got[k].(string)
		if !re.MatchString(s) {
			problems = append(problems, fmt.Sprintf("%s = %q, want a match for /%s/", k, s, st.Match[k]))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	b, _ := json.Marshal(got)
	return fmt.Errorf("%s\n        %s was %s", strings.Join(problems, "; "), what, clip(string(b), 400))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// compare matches got against want: maps partially (only want's keys),
// lists element by element, numbers by value.
func compare(path string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s = %s, want an object with %s", path, show(got), show(want))}
		}
		var out []string
		for _, k := range slices.Sorted(maps.Keys(w)) {
			out = append(out, compare(path+"."+k, g[k], w[k])...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s = %s, want %s", path, show(got), show(want))}
		}
		var out []string
		for i := range w {
			out = append(out, compare(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(normalize(got), normalize(want)) {
		return []string{fmt.Sprintf("%s = %s, want %s", path, show(got), show(want))}
	}
	return nil
}

// normalize makes YAML ints and JSON floats comparable.
func normalize(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	case float32:
		return float64(n)
	}
	return v
}

func show(v any) string {
	if v == nil {
		return "absent"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return clip(string(b), 200)
}

var varPattern = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+)*)\}`)

// expand substitutes ${name.field} in every string of v: name is a saved
// result (save:, async:, or the API's name) or app (appid, secret, token,
// name). A string that is only a variable takes the value's type.
func (r *run) expand(v any) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		if t == nil {
			return nil, nil
		}
		out := make(map[string]any, len(t))
		for k, x := range t {
			e, err := r.expand(x)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			e, err := r.expand(x)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case string:
		return r.expandString(t)
	}
	return v, nil
}

func (r *run) expandString(s string) (any, error) {
	if m := varPattern.FindStringSubmatch(s); m != nil && m[0] == s {
		return r.lookup(m[1], m[2])
	}
	var firstErr error
	out := varPattern.ReplaceAllStringFunc(s, func(ref string) string {
		m := varPattern.FindStringSubmatch(ref)
		v, err := r.lookup(m[1], m[2])
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return fmt.Sprint(v)
	})
	return out, firstErr
}

func (r *run) lookup(name, path string) (any, error) {
	var v any
	switch {
	case name == "app":
		v = map[string]any{"appid": r.app.AppID, "secret": r.app.Secret, "token": r.app.Token, "name": r.app.Name}
	case r.vars[name] != nil:
		v = r.vars[name]
	default:
		known := slices.Sorted(maps.Keys(r.vars))
		return nil, fmt.Errorf("${%s%s}: no result named %s yet (have: app, %s)", name, path, name, strings.Join(known, ", "))
	}
	for _, f := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		if f == "" {
			continue
		}
		m, ok := v.(map[string]any)
		if !ok || m[f] == nil {
			return nil, fmt.Errorf("${%s%s}: %s has no field %s", name, path, name, f)
		}
		v = m[f]
	}
	return v, nil
}

// expectCalls waits (up to within) for the call log to satisfy the spec.
func (r *run) expectCalls(ctx context.Context, st *Step) error {
	c := st.ExpectCalls
	within := st.Timeout
	if c.Within != "" {
		within, _ = time.ParseDuration(c.Within)
	}
	f := apitype.CallFilter{AppID: c.AppID, API: c.API, Persona: c.Persona, Failed: c.Failed, AfterSeq: r.start, Limit: 10000}
	deadline := time.Now().Add(within)
	for {
		recs, err := r.c.Calls(ctx, f)
		if err != nil {
			return err
		}
		problem := callsProblem(c, recs)
		if problem == "" {
			return nil
		}
		// Only a count still too low can change by waiting.
		if time.Now().After(deadline) || (c.Count != nil && len(recs) > *c.Count) {
			return errors.New(problem)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func callsProblem(c *CallsSpec, recs []apitype.CallRecord) string {
	what := describeFilter(c)
	summary := func() string {
		var s []string
		for _, r := range recs {
			s = append(s, fmt.Sprintf("#%d %s %q", r.Seq, r.API, r.ErrMsg))
		}
		if len(s) == 0 {
			return "none"
		}
		return clip(strings.Join(s, ", "), 600)
	}
	switch {
	case c.Count != nil && len(recs) != *c.Count:
		return fmt.Sprintf("%d %s since the scenario started, want %d (found: %s)", len(recs), what, *c.Count, summary())
	case c.Min != nil && len(recs) < *c.Min:
		return fmt.Sprintf("%d %s since the scenario started, want at least %d (found: %s)", len(recs), what, *c.Min, summary())
	}
	if c.ErrMsg == "" && c.Fault == nil {
		return ""
	}
	if len(recs) == 0 {
		return fmt.Sprintf("no %s since the scenario started", what)
	}
	last := recs[len(recs)-1]
	if c.ErrMsg != "" && last.ErrMsg != c.ErrMsg {
		return fmt.Sprintf("the last of %s has errMsg %q, want %q", what, last.ErrMsg, c.ErrMsg)
	}
	if c.Fault != nil && (last.Fault != 0) != *c.Fault {
		if *c.Fault {
			return fmt.Sprintf("the last of %s (#%d %q) was not answered by an injected fault", what, last.Seq, last.ErrMsg)
		}
		return fmt.Sprintf("the last of %s (#%d %q) was answered by injected fault %d", what, last.Seq, last.ErrMsg, last.Fault)
	}
	return ""
}

func describeFilter(c *CallsSpec) string {
	var parts []string
	if c.Failed {
		parts = append(parts, "failed")
	}
	api := "calls"
	if c.API != "" {
		api = c.API + " calls"
	}
	parts = append(parts, api)
	var where []string
	if c.AppID != "" {
		where = append(where, "app "+c.AppID)
	}
	if c.Persona != "" {
		where = append(where, "persona "+c.Persona)
	}
	if len(where) > 0 {
		parts = append(parts, "of "+strings.Join(where, ", "))
	}
	return strings.Join(parts, " ")
}

// sortedKeys is used by Export for stable output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
