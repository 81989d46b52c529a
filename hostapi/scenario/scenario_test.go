package scenario_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/assets"
	"github.com/minihost/minihost/biometrics/sim"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/scenario"
)

const demoAppID = "wx6d696e69686f7374"

// demoHost runs the demo mini program on a real host, headless, prompts
// answered by allow unless a scenario sets policies.
func demoHost(t *testing.T) (*client.Client, *app.Host) {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	b := app.NewBroker(nil, app.Policy{Kind: app.PolicyAllow}, quiet)
	h, err := app.New(context.Background(), app.Options{Store: db, Keys: db.Keys(), Prompter: b, Auth: sim.New(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	mp, err := app.LoadMiniProgram(assets.Demo())
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Load(context.Background(), mp); err != nil {
		t.Fatal(err)
	}
	const tok = "scenario-test-token"
	srv := httptest.NewServer(hostapi.New(h, hostapi.Options{ControlToken: tok, Logger: quiet, Prompts: b}))
	h.SetBaseURL(srv.URL)
	t.Cleanup(func() { srv.Close(); h.Close(); db.Close() })
	return client.New(srv.URL, tok), h
}

func examples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../assets/demo/scenarios/*.yaml")
	if err != nil || len(files) < 2 {
		t.Fatalf("example scenarios: %v, %v", files, err)
	}
	return files
}

// TestExamples runs every example scenario the demo ships, twice on the same
// host: scenarios must be repeatable.
func TestExamples(t *testing.T) {
	c, _ := demoHost(t)
	for _, file := range examples(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Parse(file, data)
			if err != nil {
				t.Fatal(err)
			}
			for run := 1; run <= 2; run++ {
				var out bytes.Buffer
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				err := sc.Run(ctx, c, &out)
				cancel()
				if err != nil {
					t.Fatalf("run %d: %v\n%s", run, err, out.String())
				}
				if !strings.Contains(out.String(), "PASS "+file) {
					t.Fatalf("run %d: no PASS line:\n%s", run, out.String())
				}
			}
		})
	}
}

// TestBrokenExample: a copy with one wrong expectation fails at that step,
// with the file, line, step and both values in the message.
func TestBrokenExample(t *testing.T) {
	c, _ := demoHost(t)
	data, err := os.ReadFile("../../assets/demo/scenarios/backend-and-session.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const good = `expect: {errMsg: "checkSession:fail session time out"}`
	if bytes.Count(data, []byte(good)) != 1 {
		t.Fatalf("the example no longer has %s", good)
	}
	broken := bytes.Replace(data, []byte(good), []byte(`expect: {errMsg: "checkSession:ok"}`), 1)
	// The step starts on the line before its expect: line.
	line := bytes.Count(data[:bytes.Index(data, []byte(good))], []byte("\n"))
	sc, err := scenario.Parse("broken.yaml", broken)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = sc.Run(context.Background(), c, &out)
	var f *scenario.Failure
	if !errors.As(err, &f) {
		t.Fatalf("Run = %v, want a *Failure\n%s", err, out.String())
	}
	want := `errMsg = "checkSession:fail session time out", want "checkSession:ok"`
	if f.Line != line || f.What != "call checkSession" || !strings.Contains(f.Msg, want) {
		t.Fatalf("failure %+v, want line %d, call checkSession, %s", f, line, want)
	}
	if !strings.Contains(err.Error(), "broken.yaml:"+itoa(line)+": step ") || !strings.Contains(out.String(), "FAIL broken.yaml") {
		t.Fatalf("report:\n%s\nerror: %v", out.String(), err)
	}
	// It stopped there: the later login never ran.
	if strings.Contains(out.String(), "call login\n") && strings.LastIndex(out.String(), "call login") > strings.Index(out.String(), "FAIL") {
		t.Fatalf("steps ran after the failure:\n%s", out.String())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"empty", ``, "empty file"},
		{"no steps", "name: x\n", "no steps"},
		{"unknown top key", "nmae: x\nsteps:\n  - persona: alice\n", "field nmae not found"},
		{"step not a mapping", "steps:\n  - persona: alice\n  - login\n", `x.yaml:3: step 2: want a mapping such as {call: login}, got "login"`},
		{"no action", "steps:\n  - args: {}\n", "x.yaml:2: step 1: no action: want one of"},
		{"two actions", "steps:\n  - call: login\n    persona: bob\n", "step 1: two actions, call and persona"},
		{"option of another action", "steps:\n  - persona: bob\n    expect: {a: 1}\n", `persona does not take "expect"`},
		{"typo in an option", "steps:\n  - call: login\n    expct: {errMsg: x}\n", `call does not take "expct"`},
		{"bad answer", "steps:\n  - answer: maybe\n", `answer "maybe": want allow`},
		{"bad backend", "steps:\n  - backend: nope\n", `backend "nope": want one of`},
		{"await unknown", "steps:\n  - await: x\n", `await "x": no earlier call has async: x`},
		{"async twice", "steps:\n  - call: login\n    async: a\n  - call: login\n    async: a\n", `x.yaml:4: step 2: async name "a" is already used`},
		{"bad timeout", "steps:\n  - call: login\n    timeout: soon\n", `timeout "soon"`},
		{"wrong type", "steps:\n  - call: login\n    has: code\n", "step 1: call:"},
		{"expect_calls without a check", "steps:\n  - expect_calls: {api: login}\n", "want count, min, errMsg or fault"},
		{"bad sleep", "steps:\n  - sleep: forever\n", `sleep "forever"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse("x.yaml", []byte(tt.yaml))
			var pe *scenario.ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, want a ParseError containing %q", err, tt.want)
			}
		})
	}
	// JSON is YAML: a scenario may be written in JSON.
	sc, err := scenario.Parse("x.json", []byte(`{"name":"j","steps":[{"call":"login","expect":{"errMsg":"login:ok"}}]}`))
	if err != nil || len(sc.Steps) != 1 || sc.Steps[0].Call != "login" || sc.Steps[0].Line != 1 {
		t.Fatalf("JSON scenario: %+v, %v", sc, err)
	}
}

// TestRunFailures: what a failing step says.
func TestRunFailures(t *testing.T) {
	c, _ := demoHost(t)
	tests := []struct {
		name, yaml, want string
	}{
		{"hangs on a prompt", "steps:\n  - policy: {scope.camera: ask}\n  - call: authorize\n    args: {scope: scope.camera}\n    timeout: 300ms\n",
			"authorize did not answer within 300ms; a prompt is waiting: #"},
		{"no prompt comes", "steps:\n  - answer: allow\n    timeout: 100ms\n", "no prompt came within 100ms"},
		{"unknown variable", "steps:\n  - backend: jscode2session\n    query: {js_code: \"${login.code}\"}\n", "${login.code}: no result named login yet"},
		{"missing field", "steps:\n  - call: checkSession\n    has: [code]\n", "code is missing"},
		{"call log count", "steps:\n  - call: login\n  - expect_calls: {api: login, count: 2, within: 100ms}\n", "1 login calls since the scenario started, want 2"},
		{"host refuses", "steps:\n  - persona: nobody\n", `persona "nobody": not found`},
		{"app not loaded", "app: wxnope\nsteps:\n  - call: login\n", "app wxnope is not loaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := scenario.Parse("x.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			// A prompt abandoned by the previous case leaves the pending list
			// when the host sees its caller go; start from none.
			for ps, _ := c.Prompts(ctx); len(ps) > 0; ps, _ = c.Prompts(ctx) {
				if ctx.Err() != nil {
					t.Fatalf("prompts still pending from an earlier case: %v", ps)
				}
				time.Sleep(10 * time.Millisecond)
			}
			err = sc.Run(ctx, c, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run = %v, want %q", err, tt.want)
			}
			c.ClearPolicies(ctx)
		})
	}
}

// TestExportRoundTrip: an exported setup, run on another host, recreates it.
func TestExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, _ := demoHost(t)
	src.SwitchPersona(ctx, "bob")
	src.SetPolicy(ctx, "scope.userLocation", "deny")
	src.SetPolicy(ctx, "default", "after:2s")
	env, policy := "trial", "anonymous"
	src.SetApp(ctx, demoAppID, hostapi.AppChange{EnvVersion: &env, UserInfoPolicy: &policy})
	src.AddFault(ctx, hostapi.FaultRequest{API: "server.jscode2session", ErrCode: 45011})
	src.SetTimeouts(ctx, hostapi.Durations{LoginExpiry: "2m"})
	data, err := scenario.Export(ctx, src, "")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("exported.yaml", data)
	if err != nil {
		t.Fatalf("the export does not parse: %v\n%s", err, data)
	}
	dst, h := demoHost(t)
	dst.AddFault(ctx, hostapi.FaultRequest{API: "login", ErrMsg: "stale"}) // replaced by the import
	if err := sc.Run(ctx, dst, io.Discard); err != nil {
		t.Fatalf("running the export: %v\n%s", err, data)
	}
	st, _ := dst.Status(ctx)
	a, _ := h.App(demoAppID)
	faults := h.Faults()
	if st.Persona != "bob" || st.Policies.Default.String() != "after:2s" || st.Policies.Rules["scope.userLocation"].String() != "deny" ||
		a.EnvVersion != "trial" || a.UserInfoPolicy != "anonymous" || len(faults) != 1 || faults[0].ErrCode != 45011 ||
		h.TimeoutOverrides().LoginExpiry != 2*time.Minute {
		t.Fatalf("imported setup: %+v, app %s/%s, faults %+v\n%s", st, a.EnvVersion, a.UserInfoPolicy, faults, data)
	}
}
