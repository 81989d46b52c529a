package e2e

// `minihost run` and `minihost ctl` as a QA team's CI uses them: the real binary against a real host.

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// minihostCmd runs the binary with args and returns stdout, stderr and the exit code.
func minihostCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = hostEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("minihost %s: %v", strings.Join(args, " "), err)
	}
	return stdout.String(), stderr.String(), code
}

func exampleScenarios(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "assets", "demo", "scenarios", "*.yaml"))
	if err != nil || len(files) < 2 {
		t.Fatalf("the demo's example scenarios: %v %v", files, err)
	}
	return files
}

// TestQAScenarios: the demo's example scenarios run green with `minihost run`; a deliberately
// broken copy fails at its broken step with a readable report and exit status 1.
func TestQAScenarios(t *testing.T) {
	h := StartHost(t, "allow")
	files := exampleScenarios(t)
	stdout, stderr, code := minihostCmd(t, append([]string{"run", "--data-dir", h.DataDir}, files...)...)
	if code != 0 {
		t.Fatalf("minihost run (exit %d):\n%s\n%s\n%s", code, stdout, stderr, h.Output())
	}
	for _, f := range files {
		if !strings.Contains(stdout, "PASS "+f+":") {
			t.Errorf("no PASS line for %s:\n%s", f, stdout)
		}
	}
	if !strings.Contains(stdout, "PASS: 3 scenarios") {
		t.Errorf("no summary:\n%s", stdout)
	}

	// The broken copy: the expired session's checkSession is expected to succeed.
	orig, err := os.ReadFile(filepath.Join(repoRoot(t), "assets", "demo", "scenarios", "backend-and-session.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const good = `expect: {errMsg: "checkSession:fail session time out"}`
	i := bytes.Index(orig, []byte(good))
	if i < 0 {
		t.Fatalf("the example no longer contains %s", good)
	}
	stepLine := bytes.Count(orig[:i], []byte("\n")) // the "- call: checkSession" line above it
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	os.WriteFile(broken, bytes.Replace(orig, []byte(good), []byte(`expect: {errMsg: "checkSession:ok"}`), 1), 0o644)

	stdout, stderr, code = minihostCmd(t, "run", "--data-dir", h.DataDir, broken)
	if code != 1 {
		t.Fatalf("the broken scenario exited %d, want 1:\n%s\n%s", code, stdout, stderr)
	}
	want := broken + ":" + strconv.Itoa(stepLine) + `: step 11 (call checkSession): errMsg = "checkSession:fail session time out", want "checkSession:ok"`
	if !strings.Contains(stderr, "minihost: scenario failed: "+want) {
		t.Fatalf("stderr lacks %q:\n%s", want, stderr)
	}
	// The report shows the steps that passed, the one that failed, and nothing after it.
	for _, line := range []string{"  ok   10  expire session of current", "  FAIL 11  call checkSession", "FAIL " + want, `result was {"errMsg":"checkSession:fail session time out"}`} {
		if !strings.Contains(stdout, line) {
			t.Fatalf("report lacks %q:\n%s", line, stdout)
		}
	}
	if regexp.MustCompile(`(?m)^  ok   1[2-9] `).MatchString(stdout) {
		t.Fatalf("steps ran after the failure:\n%s", stdout)
	}

	// A scenario that does not parse fails before running anything, naming the line.
	typo := filepath.Join(t.TempDir(), "typo.yaml")
	os.WriteFile(typo, []byte("name: typo\nsteps:\n  - persona: bob\n  - call: login\n    expct: {errMsg: login:ok}\n"), 0o644)
	_, stderr, code = minihostCmd(t, "run", "--data-dir", h.DataDir, files[0], typo)
	if code != 1 || !strings.Contains(stderr, typo+`:4: step 2: call does not take "expct"`) {
		t.Fatalf("typo: exit %d\n%s", code, stderr)
	}
}

// TestQACtl: minihost ctl against a running host, its --json output, and its errors.
func TestQACtl(t *testing.T) {
	h := StartHost(t, "allow")
	ctl := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := minihostCmd(t, append([]string{"ctl", "--data-dir", h.DataDir}, args...)...)
		if code != 0 {
			t.Fatalf("minihost ctl %s (exit %d):\n%s\n%s", strings.Join(args, " "), code, stdout, stderr)
		}
		return stdout
	}
	ctlJSON := func(v any, args ...string) {
		t.Helper()
		out := ctl(append(args, "--json")...)
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("ctl %s --json: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	ctlFails := func(want string, args ...string) {
		t.Helper()
		stdout, stderr, code := minihostCmd(t, args...)
		if code == 0 || !strings.Contains(stderr, want) {
			t.Fatalf("minihost %s: exit %d, want an error containing %q\n%s\n%s", strings.Join(args, " "), code, want, stdout, stderr)
		}
	}

	tok, _ := os.ReadFile(filepath.Join(h.DataDir, "control.token"))
	if got := ctl("token"); strings.TrimSpace(got) != strings.TrimSpace(string(tok)) || len(strings.TrimSpace(got)) < 32 {
		t.Fatalf("ctl token = %q", got)
	}
	var st struct {
		Persona string   `json:"persona"`
		Apps    []string `json:"apps"`
	}
	ctlJSON(&st, "status")
	if st.Persona != "alice" || len(st.Apps) != 1 || st.Apps[0] != DemoAppID {
		t.Fatalf("status %+v", st)
	}

	var p struct {
		ID, NickName, Language string
		Current                bool
	}
	ctlJSON(&p, "personas", "create", "carol", "--nickname", "Carol", "--lang", "zh_TW")
	if p.ID != "carol" || p.NickName != "Carol" || p.Language != "zh_TW" {
		t.Fatalf("personas create %+v", p)
	}
	if out := ctl("personas", "switch", "carol"); !regexp.MustCompile(`(?m)^\*\s+carol\s+Carol`).MatchString(out) {
		t.Fatalf("personas switch: the table does not mark carol current:\n%s", out)
	}
	exported := filepath.Join(t.TempDir(), "team.json")
	ctl("personas", "export", "carol", "-o", exported)
	ctl("personas", "switch", "alice")
	ctl("personas", "delete", "carol")
	ctl("personas", "import", exported)
	if out := ctl("personas"); !strings.Contains(out, "carol") {
		t.Fatalf("carol is not back after import:\n%s", out)
	}

	var f struct {
		ID        int    `json:"id"`
		API       string `json:"api"`
		ErrCode   int    `json:"errCode"`
		Remaining int    `json:"remaining"`
	}
	ctlJSON(&f, "faults", "add", "server.jscode2session", "--errcode", "40226", "--times", "2")
	if f.API != "server.jscode2session" || f.ErrCode != 40226 || f.Remaining != 2 {
		t.Fatalf("faults add %+v", f)
	}
	code := str(h.MustCall("login", nil), "code")
	wantErrcode(t, "jscode2session with a fault", h.Code2Session(code), 40226)
	if out := ctl("faults"); !regexp.MustCompile(`server\.jscode2session\s+fail 40226\s+1\s+1`).MatchString(out) {
		t.Fatalf("faults list:\n%s", out)
	}
	ctl("faults", "clear")

	ctl("policies", "set", "scope.userLocation", "deny")
	wantErrMsg(t, "authorize under a deny policy", h.MustCall("authorize", map[string]string{"scope": "scope.userLocation"}), "authorize:fail auth deny")
	if out := ctl("apps", "settings", "scope.userLocation=on"); !regexp.MustCompile(`scope.userLocation\s+on`).MatchString(out) {
		t.Fatalf("apps settings:\n%s", out)
	}
	wantErrMsg(t, "authorize after settings", h.MustCall("authorize", map[string]string{"scope": "scope.userLocation"}), "authorize:ok")

	ctl("sessions", "expire")
	wantErrMsg(t, "checkSession after ctl sessions expire", h.MustCall("checkSession", nil), "checkSession:fail session time out")
	var calls struct {
		Calls []struct {
			API    string `json:"api"`
			ErrMsg string `json:"errMsg"`
			Fault  int    `json:"fault"`
		} `json:"calls"`
	}
	ctlJSON(&calls, "calls", "--failed", "--api", "server.jscode2session")
	if len(calls.Calls) != 1 || calls.Calls[0].Fault != f.ID {
		t.Fatalf("calls %+v", calls)
	}

	// A setup exported as a scenario imports with minihost run.
	setup := filepath.Join(t.TempDir(), "setup.yaml")
	ctl("scenario", "export", "-o", setup)
	ctl("policies", "clear")
	if stdout, stderr, code := minihostCmd(t, "run", "--data-dir", h.DataDir, setup); code != 0 {
		t.Fatalf("run the exported setup: %d\n%s\n%s", code, stdout, stderr)
	}
	if out := ctl("policies"); !regexp.MustCompile(`scope.userLocation\s+deny`).MatchString(out) {
		t.Fatalf("the exported policy did not come back:\n%s", out)
	}

	ctlFails("no minihost is running with data dir", "ctl", "--data-dir", t.TempDir(), "status")
	ctlFails("does not apply", "ctl", "--data-dir", h.DataDir, "personas", "list", "--errcode", "1")
	ctlFails("unknown command", "ctl", "--data-dir", h.DataDir, "bogus")
	ctlFails("400 Bad Request: fault api", "ctl", "--data-dir", h.DataDir, "faults", "add", "nope", "--errmsg", "x")
	ctlFails("409 Conflict", "ctl", "--data-dir", h.DataDir, "personas", "delete", "alice")
	ctlFails("no minihost is running", "run", "--data-dir", t.TempDir(), exampleScenarios(t)[0])
}
