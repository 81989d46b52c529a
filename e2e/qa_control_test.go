package e2e

// QA automation end to end: a Node script plays the demo mini program with wx.js while this test
// drives the real minihost binary through the Go client (hostapi/client), as a QA team's test does.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/client/apitype"
	"github.com/minihost/minihost/internal/testutil"
)

// coordinator is where the Node script reports its steps: each POST /step/<name> waits until the
// test has done its part and calls release.
type coordinator struct {
	steps   chan string
	release chan struct{}
}

func newCoordinator(t *testing.T) (*coordinator, string) {
	c := &coordinator{steps: make(chan string), release: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/step/")
		select {
		case c.steps <- name:
		case <-r.Context().Done():
			return
		}
		select {
		case <-c.release:
		case <-r.Context().Done():
			return
		}
	}))
	t.Cleanup(srv.Close)
	return c, srv.URL
}

// expect waits for the Node script to reach step name.
func (c *coordinator) expect(t *testing.T, name string, node <-chan error) {
	t.Helper()
	select {
	case got := <-c.steps:
		if got != name {
			t.Fatalf("the Node script is at step %q, want %q", got, name)
		}
	case err := <-node:
		t.Fatalf("the Node script ended before step %q: %v", name, err)
	case <-time.After(60 * time.Second):
		t.Fatalf("the Node script did not reach step %q within 60s", name)
	}
}

func (c *coordinator) goOn() { c.release <- struct{}{} }

func TestQAControlNode(t *testing.T) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found on PATH: skipping (it needs Node 18+)")
	}
	h := StartHost(t, "ask") // every prompt waits for an answer
	c, err := client.Connect(h.DataDir)
	if err != nil {
		t.Fatalf("client.Connect(%s): %v", h.DataDir, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	coord, coordURL := newCoordinator(t)

	script := filepath.Join(repoRoot(t), "e2e", "node", "qa_play.mjs")
	cmd := exec.CommandContext(ctx, nodeBin, "--test", "--test-reporter=spec", script)
	cmd.Env = append(hostEnv(),
		"MINIHOST_URL="+h.URL, "MINIHOST_APPID="+DemoAppID, "MINIHOST_TOKEN="+h.Demo.Token,
		"MINIHOST_SECRET="+h.Demo.Secret, "QA_COORDINATOR="+coordURL, "NODE_NO_WARNINGS=1",
	)
	var out testutil.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	node := make(chan error, 1)
	go func() { node <- cmd.Wait() }()
	defer func() {
		if t.Failed() {
			t.Logf("node output:\n%s\nminihost:\n%s", out.String(), h.Output())
		}
	}()

	prompt := func(kind string) apitype.PendingPrompt {
		t.Helper()
		pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		p, err := c.NextPrompt(pctx)
		if err != nil {
			t.Fatalf("waiting for a %s prompt: %v", kind, err)
		}
		if p.Kind != kind || p.AppID != DemoAppID || p.Persona != "alice" {
			t.Fatalf("prompt %+v, want a %s prompt of %s for alice", p, kind, DemoAppID)
		}
		return p
	}
	answer := func(p apitype.PendingPrompt, a apitype.Answer) {
		t.Helper()
		if err := c.Answer(ctx, p.ID, a); err != nil {
			t.Fatalf("answer %s to prompt %d: %v", a.Action, p.ID, err)
		}
	}

	// Deny, then allow via settings.
	coord.expect(t, "authorize", node)
	coord.goOn()
	p := prompt(apitype.PromptAuthorize)
	if p.Scope != "scope.userLocation" || p.Desc != "Show shops near you" {
		t.Fatalf("authorize prompt %+v", p)
	}
	answer(p, apitype.Answer{Action: apitype.AnswerDeny})
	coord.expect(t, "settings", node)
	// The second authorize failed without prompting: nothing was left pending.
	if ps, err := c.Prompts(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("pending prompts after a denied scope was asked again: %+v, %v", ps, err)
	}
	coord.goOn()
	p = prompt(apitype.PromptSettings)
	if len(p.Scopes) != 1 || p.Scopes[0] != "scope.userLocation" {
		t.Fatalf("settings page %+v", p)
	}
	answer(p, apitype.Answer{Action: apitype.AnswerAllow, Auth: map[string]bool{"scope.userLocation": true}})

	// 45011 from jscode2session, once.
	coord.expect(t, "quota", node)
	f, err := c.AddFault(ctx, hostapi.FaultRequest{API: "server.jscode2session", ErrCode: 45011})
	if err != nil {
		t.Fatal(err)
	}
	coord.goOn()

	// An expired session.
	coord.expect(t, "expire", node)
	if faults, _ := c.Faults(ctx); len(faults) != 0 {
		t.Fatalf("the 45011 fault was not used up: %+v", faults)
	}
	if err := c.ExpireSession(ctx, DemoAppID, "alice"); err != nil {
		t.Fatal(err)
	}
	coord.goOn()

	// SOTER: no-match, then match, on the same open prompt.
	coord.expect(t, "soter", node)
	coord.goOn()
	p = prompt(apitype.PromptSoter)
	if !p.Simulated || p.Mode != "fingerPrint" || p.AuthContent != "Confirm payment" {
		t.Fatalf("SOTER prompt %+v", p)
	}
	answer(p, apitype.Answer{Action: apitype.AnswerNoMatch})
	if ps, _ := c.Prompts(ctx); len(ps) != 1 || ps[0].ID != p.ID {
		t.Fatalf("after a no-match the SOTER prompt should stay open: %+v", ps)
	}
	answer(p, apitype.Answer{Action: apitype.AnswerMatch})

	coord.expect(t, "done", node)
	coord.goOn()
	select {
	case err := <-node:
		if err != nil {
			t.Fatalf("node --test %s: %v", script, err)
		}
	case <-ctx.Done():
		t.Fatal("the Node script did not finish")
	}
	// All five tests ran (none skipped for a missing environment) and passed.
	for _, want := range []string{"a mini program under QA control", "tests 5", "pass 5", "fail 0", "skipped 0"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("node output lacks %q:\n%s", want, out.String())
		}
	}

	// The call log saw it all, the fault included.
	failed, err := c.Calls(ctx, apitype.CallFilter{Failed: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range failed {
		msg := r.ErrMsg
		if strings.HasPrefix(r.API, "server.") { // a server errmsg ends in its request id, logged beside it
			if r.RID == "" || !strings.HasSuffix(msg, " rid: "+r.RID) {
				t.Errorf("server call %q is not logged with its rid (%q)", msg, r.RID)
			}
			msg = strings.TrimSuffix(msg, " rid: "+r.RID)
		}
		got = append(got, r.API+" "+msg)
		if r.API == "server.jscode2session" && r.Fault != f.ID {
			t.Errorf("the 45011 call is not marked as fault %d: %+v", f.ID, r)
		}
	}
	want := []string{
		"authorize authorize:fail auth deny",
		"authorize authorize:fail auth deny",
		"server.jscode2session jscode2session:fail api minute-quota reach limit mustslower retry next minute",
		"checkSession checkSession:fail session time out",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("failed calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ok, err := c.Calls(ctx, apitype.CallFilter{API: "startSoterAuthentication"}); err != nil || len(ok) != 1 || ok[0].ErrMsg != "startSoterAuthentication:ok" {
		t.Fatalf("SOTER calls %+v, %v", ok, err)
	}
}

// TestQAHostJS runs e2e/node/qa_host.mjs: the minihost object of wx.js against the real binary.
func TestQAHostJS(t *testing.T) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found on PATH: skipping (it needs Node 18+)")
	}
	h := StartHost(t, "allow")
	tok, err := client.ReadToken(h.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	script := filepath.Join(repoRoot(t), "e2e", "node", "qa_host.mjs")
	cmd := exec.CommandContext(ctx, nodeBin, "--test", "--test-reporter=spec", script)
	cmd.Env = append(hostEnv(),
		"MINIHOST_URL="+h.URL, "MINIHOST_APPID="+DemoAppID, "MINIHOST_TOKEN="+h.Demo.Token,
		"MINIHOST_CONTROL_TOKEN="+tok, "NODE_NO_WARNINGS=1",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test %s: %v\n%s\n%s", script, err, out, h.Output())
	}
	for _, want := range []string{"tests 8", "pass 8", "fail 0", "skipped 0"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("node output lacks %q:\n%s", want, out)
		}
	}
}
