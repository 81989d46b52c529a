package scenario

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// action is one kind of step, keyed in a step by its name (Step's field of
// that yaml name holds its value).
type action struct {
	// options are the keys it takes besides its own, name and timeout.
	options []string
	// check validates its value beyond its type; nil accepts any.
	check func(st *Step) error
	// describe is its one-line description in reports; nil is its name.
	describe func(st *Step) string
	run      func(r *run, ctx context.Context, st *Step) error
}

// need is check's error when ok is false.
func need(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, args...)
}

// actions is the table of step kinds: adding one is adding its row here
// (and its field to Step).
func actions() map[string]action {
	return map[string]action{
		"persona": {
			check:    func(st *Step) error { return need(st.Persona != "", "persona: want a persona id, e.g. persona: alice") },
			describe: func(st *Step) string { return "persona " + st.Persona },
			run:      func(r *run, ctx context.Context, st *Step) error { return r.c.SwitchPersona(ctx, st.Persona) },
		},
		"create_persona": {
			check: func(st *Step) error {
				return need(st.CreatePersona != nil && st.CreatePersona.ID != "" && st.CreatePersona.NickName != "", "create_persona: want {id, nickName}")
			},
			describe: func(st *Step) string { return "create persona " + st.CreatePersona.ID },
			run:      (*run).createPersona,
		},
		"import_personas": {
			check: func(st *Step) error { return need(st.ImportPersonas != "", "import_personas: want a file") },
			run:   func(r *run, ctx context.Context, st *Step) error { return r.importPersonas(ctx, st.ImportPersonas) },
		},
		"reset": {
			options:  []string{"app"},
			check:    func(st *Step) error { return need(st.Reset != "", "reset: want a persona id or current") },
			describe: func(st *Step) string { return "reset " + st.Reset },
			run: func(r *run, ctx context.Context, st *Step) error {
				return r.c.ResetApp(ctx, r.appID(st), persona(st.Reset))
			},
		},
		"set_app": {
			options: []string{"app"},
			check: func(st *Step) error {
				return need(st.SetApp != nil && (st.SetApp.EnvVersion != "" || st.SetApp.UserInfoPolicy != ""), "set_app: want envVersion and/or userInfoPolicy")
			},
			run: (*run).setApp,
		},
		"policy": {
			check: func(st *Step) error {
				return need(len(st.Policy) > 0, "policy: want {key: policy}, e.g. {scope.userLocation: deny}")
			},
			describe: func(st *Step) string {
				var kv []string
				for _, k := range slices.Sorted(maps.Keys(st.Policy)) {
					kv = append(kv, k+"="+st.Policy[k])
				}
				return "policy " + strings.Join(kv, " ")
			},
			run: func(r *run, ctx context.Context, st *Step) error {
				for _, k := range slices.Sorted(maps.Keys(st.Policy)) {
					if err := r.c.SetPolicy(ctx, k, st.Policy[k]); err != nil {
						return err
					}
				}
				return nil
			},
		},
		"clear_policies": {
			check: func(st *Step) error { return need(st.ClearPolicies, "clear_policies: want true") },
			run:   func(r *run, ctx context.Context, _ *Step) error { return r.c.ClearPolicies(ctx) },
		},
		"fault": {
			check: func(st *Step) error {
				return need(st.Fault != nil && st.Fault.API != "", "fault: want at least {api: ...}")
			},
			describe: func(st *Step) string { return "fault on " + st.Fault.API },
			run: func(r *run, ctx context.Context, st *Step) error {
				f := st.Fault
				_, err := r.c.AddFault(ctx, apitype.FaultRequest{API: f.API, Times: f.Times, ErrMsg: f.ErrMsg, ErrCode: f.ErrCode, Delay: f.Delay, Hang: f.Hang})
				return err
			},
		},
		"clear_faults": {
			check:    func(st *Step) error { return need(st.ClearFaults != "", "clear_faults: want an api or all") },
			describe: func(st *Step) string { return "clear faults (" + st.ClearFaults + ")" },
			run: func(r *run, ctx context.Context, st *Step) error {
				api := st.ClearFaults
				if api == "all" {
					api = ""
				}
				_, err := r.c.ClearFaults(ctx, api)
				return err
			},
		},
		"expire_session": {
			options: []string{"app"},
			check: func(st *Step) error {
				return need(st.ExpireSession != "", "expire_session: want a persona id or current")
			},
			describe: func(st *Step) string { return "expire session of " + st.ExpireSession },
			run: func(r *run, ctx context.Context, st *Step) error {
				return r.c.ExpireSession(ctx, r.appID(st), persona(st.ExpireSession))
			},
		},
		"forget_session": {
			options: []string{"app"},
			check: func(st *Step) error {
				return need(st.ForgetSession != "", "forget_session: want a persona id or current")
			},
			describe: func(st *Step) string { return "forget session of " + st.ForgetSession },
			run: func(r *run, ctx context.Context, st *Step) error {
				return r.c.ForgetSession(ctx, r.appID(st), persona(st.ForgetSession))
			},
		},
		"timeouts": {
			check: func(st *Step) error { return need(st.Timeouts != nil, "timeouts: want {codeTTL, loginExpiry}") },
			run: func(r *run, ctx context.Context, st *Step) error {
				_, err := r.c.SetTimeouts(ctx, apitype.Durations{CodeTTL: st.Timeouts.CodeTTL, LoginExpiry: st.Timeouts.LoginExpiry})
				return err
			},
		},
		"settings": {
			options: []string{"app"},
			check:   func(st *Step) error { return need(len(st.Settings) > 0, "settings: want {scope: true|false}") },
			run: func(r *run, ctx context.Context, st *Step) error {
				cur, err := r.c.Settings(ctx, r.appID(st), "")
				if err != nil {
					return err
				}
				maps.Copy(cur.Auth, st.Settings)
				_, err = r.c.SetSettings(ctx, r.appID(st), "", cur.Settings)
				return err
			},
		},
		"call": {
			options: []string{"args", "async", "save", "expect", "has", "match", "app"},
			check: func(st *Step) error {
				if err := need(st.Call != "", "call: want a wx API name"); err != nil {
					return err
				}
				return need(st.Async == "" || st.Save == "", "call: async already names the result; save is for synchronous calls")
			},
			describe: func(st *Step) string { return "call " + st.Call },
			run:      (*run).call,
		},
		"backend": {
			options: []string{"query", "body", "save", "expect", "has", "match", "app"},
			check: func(st *Step) error {
				_, ok := apitype.LookupServerEndpoint(st.Backend)
				return need(ok, "backend %q: want one of %s", st.Backend, endpointNames())
			},
			describe: func(st *Step) string { return "backend " + st.Backend },
			run:      (*run).backend,
		},
		"answer": {
			options: []string{"authSetting", "expect", "match"},
			check: func(st *Step) error {
				return need(slices.Contains([]string{"allow", "deny", "cancel", "match", "no-match"}, st.Answer), "answer %q: want allow, deny, cancel, match or no-match", st.Answer)
			},
			describe: func(st *Step) string { return "answer " + st.Answer },
			run:      (*run).answer,
		},
		"await": {
			options:  []string{"expect", "has", "match"},
			check:    func(st *Step) error { return need(st.Await != "", "await: want the name an async call gave") },
			describe: func(st *Step) string { return "await " + st.Await },
			run:      (*run).await,
		},
		"expect_calls": {
			check: func(st *Step) error {
				c := st.ExpectCalls
				if c == nil || (c.Count == nil && c.Min == nil && c.ErrMsg == "" && c.Fault == nil) {
					return errors.New("expect_calls: want count, min, errMsg or fault to check")
				}
				if c.Within != "" {
					if _, err := time.ParseDuration(c.Within); err != nil {
						return fmt.Errorf("expect_calls within %q: want a duration", c.Within)
					}
				}
				return nil
			},
			describe: func(st *Step) string { return "expect " + describeFilter(st.ExpectCalls) + " in the call log" },
			run:      (*run).expectCalls,
		},
		"sleep": {
			check: func(st *Step) error {
				d, err := time.ParseDuration(st.Sleep)
				return need(err == nil && d >= 0 && d <= time.Hour, "sleep %q: want a duration such as 500ms", st.Sleep)
			},
			describe: func(st *Step) string { return "sleep " + st.Sleep },
			run: func(r *run, ctx context.Context, st *Step) error {
				d, _ := time.ParseDuration(st.Sleep)
				select {
				case <-time.After(d):
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			},
		},
		"log": {
			describe: func(st *Step) string { return "log: " + st.Log },
			run:      func(*run, context.Context, *Step) error { return nil },
		},
	}
}

func actionNames() string {
	return strings.Join(slices.Sorted(maps.Keys(actions())), ", ")
}

// check validates an action's value beyond its type.
func (st *Step) check() error {
	if a := actions()[st.Action]; a.check != nil {
		return a.check(st)
	}
	return nil
}

// Describe is a step's one-line description for reports.
func (st *Step) Describe() string {
	if st.Name != "" {
		return st.Name
	}
	if a := actions()[st.Action]; a.describe != nil {
		return a.describe(st)
	}
	return strings.ReplaceAll(st.Action, "_", " ")
}

func (r *run) step(ctx context.Context, st *Step) error {
	a, ok := actions()[st.Action]
	if !ok {
		return fmt.Errorf("action %s is not implemented", st.Action)
	}
	return a.run(r, ctx, st)
}

func (r *run) createPersona(ctx context.Context, st *Step) error {
	p := st.CreatePersona
	_, err := r.c.CreatePersona(ctx, apitype.Persona{ID: p.ID, NickName: p.NickName, Language: p.Language, Gender: p.Gender, Color: p.Color})
	var ce *client.Error
	if errors.As(err, &ce) && ce.Status == 409 {
		// Scenarios run again and again: an existing persona is updated.
		ch := apitype.PersonaChange{NickName: &p.NickName, Gender: &p.Gender}
		if p.Language != "" {
			ch.Language = &p.Language
		}
		if p.Color != "" {
			ch.Color = &p.Color
		}
		_, err = r.c.UpdatePersona(ctx, p.ID, ch)
	}
	return err
}

func (r *run) setApp(ctx context.Context, st *Step) error {
	var ch apitype.AppChange
	if v := st.SetApp.EnvVersion; v != "" {
		ch.EnvVersion = &v
	}
	if v := st.SetApp.UserInfoPolicy; v != "" {
		ch.UserInfoPolicy = &v
	}
	_, err := r.c.SetApp(ctx, r.appID(st), ch)
	return err
}
