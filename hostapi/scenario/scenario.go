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
	"slices"
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
	table := actions()
	var action string
	for _, k := range keys {
		if _, ok := table[k]; ok {
			if action != "" {
				return Step{}, fmt.Errorf("two actions, %s and %s: one step does one thing", action, k)
			}
			action = k
		}
	}
	if action == "" {
		return Step{}, fmt.Errorf("no action: want one of %s", actionNames())
	}
	allowed := append([]string{action, "name", "timeout"}, table[action].options...)
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
