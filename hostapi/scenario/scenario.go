// Package scenario reads and runs scenario files: a sequence of control
// steps (switch persona, set prompt policies, inject faults, expire
// sessions), calls made as the mini program and as its backend, prompt
// answers, and assertions on results and on the call log. `minihost run`
// runs them against a running minihost; the format is in the README, "Automating minihost".
package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Scenario is a parsed scenario file.
type Scenario struct {
	File        string // as given, for reports
	Name        string
	Description string
	App         string // default app of the steps; "" = the only loaded app
	Personas    string // a personas file (minihost ctl personas export) imported first
	Steps       []Step
}

// Step is one step: exactly one action and the options that go with it.
type Step struct {
	Line    int           `yaml:"-"` // in the file, for reports
	Action  string        `yaml:"-"` // the action key, e.g. "call"
	Name    string        `yaml:"-"` // optional description
	Timeout time.Duration `yaml:"-"` // for steps that wait

	Persona        string            `yaml:"persona"`
	CreatePersona  *PersonaSpec      `yaml:"create_persona"`
	ImportPersonas string            `yaml:"import_personas"`
	Reset          string            `yaml:"reset"`
	SetApp         *AppSpec          `yaml:"set_app"`
	Policy         map[string]string `yaml:"policy"`
	ClearPolicies  bool              `yaml:"clear_policies"`
	Fault          *FaultSpec        `yaml:"fault"`
	ClearFaults    string            `yaml:"clear_faults"`
	ExpireSession  string            `yaml:"expire_session"`
	ForgetSession  string            `yaml:"forget_session"`
	Timeouts       *TimeoutsSpec     `yaml:"timeouts"`
	Settings       map[string]bool   `yaml:"settings"`
	Call           string            `yaml:"call"`
	Backend        string            `yaml:"backend"`
	Answer         string            `yaml:"answer"`
	Await          string            `yaml:"await"`
	ExpectCalls    *CallsSpec        `yaml:"expect_calls"`
	Sleep          string            `yaml:"sleep"`
	Log            string            `yaml:"log"`

	Args        map[string]any    `yaml:"args"`
	Query       map[string]string `yaml:"query"`
	Body        map[string]any    `yaml:"body"`
	Async       string            `yaml:"async"`
	Save        string            `yaml:"save"`
	Expect      map[string]any    `yaml:"expect"`
	Has         []string          `yaml:"has"`
	Match       map[string]string `yaml:"match"`
	AuthSetting map[string]bool   `yaml:"authSetting"`
	App         string            `yaml:"app"`
}

// PersonaSpec is create_persona's value.
type PersonaSpec struct {
	ID       string `yaml:"id"`
	NickName string `yaml:"nickName"`
	Language string `yaml:"language"`
	Gender   int    `yaml:"gender"`
	Color    string `yaml:"color"`
}

// AppSpec is set_app's value.
type AppSpec struct {
	EnvVersion     string `yaml:"envVersion"`
	UserInfoPolicy string `yaml:"userInfoPolicy"`
}

// FaultSpec is fault's value.
type FaultSpec struct {
	API     string `yaml:"api"`
	Times   *int   `yaml:"times"`
	ErrMsg  string `yaml:"errMsg"`
	ErrCode int    `yaml:"errCode"`
	Delay   string `yaml:"delay"`
	Hang    bool   `yaml:"hang"`
}

// TimeoutsSpec is timeouts' value.
type TimeoutsSpec struct {
	CodeTTL     string `yaml:"codeTTL"`
	LoginExpiry string `yaml:"loginExpiry"`
}

// CallsSpec is expect_calls' value: an assertion on the call log records
// made since the scenario started.
type CallsSpec struct {
	API     string `yaml:"api"`
	AppID   string `yaml:"appid"`
	Persona string `yaml:"persona"`
	Failed  bool   `yaml:"failed"`
	Count   *int   `yaml:"count"`  // exactly this many
	Min     *int   `yaml:"min"`    // at least this many
	ErrMsg  string `yaml:"errMsg"` // of the last matching record
	Fault   *bool  `yaml:"fault"`  // the last matching record was (not) answered by a fault
	Within  string `yaml:"within"` // wait this long for the count (default: the step timeout)
}

// The actions and the option keys each accepts (name and timeout go with all).
var actions = map[string][]string{
	"persona":         nil,
	"create_persona":  nil,
	"import_personas": nil,
	"reset":           {"app"},
	"set_app":         {"app"},
	"policy":          nil,
	"clear_policies":  nil,
	"fault":           nil,
	"clear_faults":    nil,
	"expire_session":  {"app"},
	"forget_session":  {"app"},
	"timeouts":        nil,
	"settings":        {"app"},
	"call":            {"args", "async", "save", "expect", "has", "match", "app"},
	"backend":         {"query", "body", "save", "expect", "has", "match", "app"},
	"answer":          {"authSetting", "expect", "match"},
	"await":           {"expect", "has", "match"},
	"expect_calls":    nil,
	"sleep":           nil,
	"log":             nil,
}

func actionNames() string {
	names := make([]string, 0, len(actions))
	for a := range actions {
		names = append(names, a)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// DefaultTimeout bounds a step that waits (a call, an answer, an await).
const DefaultTimeout = 10 * time.Second

// ParseError says where a scenario file is wrong.
type ParseError struct {
	File string
	Line int
	Step int // 1-based; 0 when not in a step
	Msg  string
}

func (e *ParseError) Error() string {
	where := e.File
	if e.Line > 0 {
		where += fmt.Sprintf(":%d", e.Line)
	}
	if e.Step > 0 {
		return fmt.Sprintf("%s: step %d: %s", where, e.Step, e.Msg)
	}
	return where + ": " + e.Msg
}

// Parse reads a scenario from YAML (or JSON, which is YAML too). file names
// it in errors and reports.
func Parse(file string, data []byte) (*Scenario, error) {
	var top struct {
		Name        string      `yaml:"name"`
		Description string      `yaml:"description"`
		App         string      `yaml:"app"`
		Personas    string      `yaml:"personas"`
		Steps       []yaml.Node `yaml:"steps"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&top); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: file, Msg: "empty file"}
		}
		return nil, &ParseError{File: file, Msg: cleanYAMLError(err)}
	}
	if len(top.Steps) == 0 {
		return nil, &ParseError{File: file, Msg: "no steps"}
	}
	sc := &Scenario{File: file, Name: top.Name, Description: top.Description, App: top.App, Personas: top.Personas}
	if sc.Name == "" {
		sc.Name = file
	}
	for i := range top.Steps {
		st, err := parseStep(&top.Steps[i])
		if err != nil {
			return nil, &ParseError{File: file, Line: top.Steps[i].Line, Step: i + 1, Msg: err.Error()}
		}
		sc.Steps = append(sc.Steps, st)
	}
	if err := checkAsync(sc); err != nil {
		return nil, err
	}
	return sc, nil
}

func cleanYAMLError(err error) string {
	return strings.ReplaceAll(strings.TrimPrefix(err.Error(), "yaml: "), "\n ", "")
}

func parseStep(n *yaml.Node) (Step, error) {
	if n.Kind != yaml.MappingNode {
		return Step{}, fmt.Errorf("want a mapping such as {call: login}, got %s", nodeKind(n))
	}
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	var action string
	for _, k := range keys {
		if _, ok := actions[k]; ok {
			if action != "" {
				return Step{}, fmt.Errorf("two actions, %s and %s: one step does one thing", action, k)
			}
			action = k
		}
	}
	if action == "" {
		return Step{}, fmt.Errorf("no action: want one of %s", actionNames())
	}
	allowed := append([]string{action, "name", "timeout"}, actions[action]...)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return Step{}, fmt.Errorf("%s does not take %q (it takes %s)", action, k, strings.Join(allowed[1:], ", "))
		}
	}
	var st Step
	if err := n.Decode(&st); err != nil {
		return Step{}, fmt.Errorf("%s: %s", action, cleanYAMLError(err))
	}
	var opts struct {
		Name    string `yaml:"name"`
		Timeout string `yaml:"timeout"`
	}
	if err := n.Decode(&opts); err != nil {
		return Step{}, errors.New(cleanYAMLError(err))
	}
	st.Line, st.Action, st.Name, st.Timeout = n.Line, action, opts.Name, DefaultTimeout
	if opts.Timeout != "" {
		d, err := time.ParseDuration(opts.Timeout)
		if err != nil || d <= 0 {
			return Step{}, fmt.Errorf("timeout %q: want a duration such as 10s", opts.Timeout)
		}
		st.Timeout = d
	}
	return st, st.check()
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// check validates an action's value beyond its type.
func (st *Step) check() error {
	need := func(ok bool, format string, args ...any) error {
		if ok {
			return nil
		}
		return fmt.Errorf(format, args...)
	}
	switch st.Action {
	case "persona":
		return need(st.Persona != "", "persona: want a persona id, e.g. persona: alice")
	case "create_persona":
		return need(st.CreatePersona != nil && st.CreatePersona.ID != "" && st.CreatePersona.NickName != "", "create_persona: want {id, nickName}")
	case "import_personas":
		return need(st.ImportPersonas != "", "import_personas: want a file")
	case "reset":
		return need(st.Reset != "", "reset: want a persona id or current")
	case "set_app":
		return need(st.SetApp != nil && (st.SetApp.EnvVersion != "" || st.SetApp.UserInfoPolicy != ""), "set_app: want envVersion and/or userInfoPolicy")
	case "policy":
		return need(len(st.Policy) > 0, "policy: want {key: policy}, e.g. {scope.userLocation: deny}")
	case "clear_policies":
		return need(st.ClearPolicies, "clear_policies: want true")
	case "fault":
		return need(st.Fault != nil && st.Fault.API != "", "fault: want at least {api: ...}")
	case "clear_faults":
		return need(st.ClearFaults != "", "clear_faults: want an api or all")
	case "expire_session":
		return need(st.ExpireSession != "", "expire_session: want a persona id or current")
	case "forget_session":
		return need(st.ForgetSession != "", "forget_session: want a persona id or current")
	case "timeouts":
		return need(st.Timeouts != nil, "timeouts: want {codeTTL, loginExpiry}")
	case "settings":
		return need(len(st.Settings) > 0, "settings: want {scope: true|false}")
	case "call":
		if err := need(st.Call != "", "call: want a wx API name"); err != nil {
			return err
		}
		return need(st.Async == "" || st.Save == "", "call: async already names the result; save is for synchronous calls")
	case "backend":
		_, ok := backendEndpoint(st.Backend)
		return need(ok, "backend %q: want one of %s", st.Backend, endpointNames())
	case "answer":
		return need(slices.Contains([]string{"allow", "deny", "cancel", "match", "no-match"}, st.Answer), "answer %q: want allow, deny, cancel, match or no-match", st.Answer)
	case "await":
		return need(st.Await != "", "await: want the name an async call gave")
	case "expect_calls":
		c := st.ExpectCalls
		if c == nil || (c.Count == nil && c.Min == nil && c.ErrMsg == "" && c.Fault == nil) {
			return errors.New("expect_calls: want count, min, errMsg or fault to check")
		}
		if c.Within != "" {
			if _, err := time.ParseDuration(c.Within); err != nil {
				return fmt.Errorf("expect_calls within %q: want a duration", c.Within)
			}
		}
	case "sleep":
		d, err := time.ParseDuration(st.Sleep)
		return need(err == nil && d >= 0 && d <= time.Hour, "sleep %q: want a duration such as 500ms", st.Sleep)
	}
	return nil
}

// checkAsync makes sure every await names an earlier async call, once.
func checkAsync(sc *Scenario) error {
	started := map[string]int{}
	for i, st := range sc.Steps {
		switch {
		case st.Async != "":
			if _, dup := started[st.Async]; dup {
				return &ParseError{File: sc.File, Line: st.Line, Step: i + 1, Msg: fmt.Sprintf("async name %q is already used", st.Async)}
			}
			started[st.Async] = i + 1
		case st.Action == "await":
			if _, ok := started[st.Await]; !ok {
				return &ParseError{File: sc.File, Line: st.Line, Step: i + 1, Msg: fmt.Sprintf("await %q: no earlier call has async: %s", st.Await, st.Await)}
			}
		}
	}
	return nil
}

// Describe is a step's one-line description for reports.
func (st *Step) Describe() string {
	if st.Name != "" {
		return st.Name
	}
	switch st.Action {
	case "persona":
		return "persona " + st.Persona
	case "call":
		return "call " + st.Call
	case "backend":
		return "backend " + st.Backend
	case "answer":
		return "answer " + st.Answer
	case "await":
		return "await " + st.Await
	case "fault":
		return "fault on " + st.Fault.API
	case "policy":
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(st.Policy)) {
			kv = append(kv, k+"="+st.Policy[k])
		}
		return "policy " + strings.Join(kv, " ")
	case "clear_faults":
		return "clear faults (" + st.ClearFaults + ")"
	case "settings":
		return "settings"
	case "reset":
		return "reset " + st.Reset
	case "expire_session":
		return "expire session of " + st.ExpireSession
	case "forget_session":
		return "forget session of " + st.ForgetSession
	case "expect_calls":
		return "expect " + describeFilter(st.ExpectCalls) + " in the call log"
	case "sleep":
		return "sleep " + st.Sleep
	case "log":
		return "log: " + st.Log
	case "create_persona":
		return "create persona " + st.CreatePersona.ID
	}
	return strings.ReplaceAll(st.Action, "_", " ")
}
