package e2e

// The SDK outside a browser: `node --test e2e/node/*.test.mjs` against a real minihost, with
// MINIHOST_URL / MINIHOST_APPID / MINIHOST_TOKEN (and MINIHOST_SECRET) in the environment.

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNodeSDK(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found on PATH: skipping the Node SDK tests (they need Node 18+)")
	}
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "e2e", "node", "*.test.mjs"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no e2e/node/*.test.mjs files under %s (%v)", root, err)
	}
	h := StartHost(t, "allow")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{"--test"}, files...)...)
	cmd.Dir = root
	cmd.Env = append(hostEnv(),
		"MINIHOST_URL="+h.URL,
		"MINIHOST_APPID="+DemoAppID,
		"MINIHOST_TOKEN="+h.Demo.Token,
		"MINIHOST_SECRET="+h.Demo.Secret,
		"NODE_NO_WARNINGS=1",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test %s: %v\n%s\n%s", strings.Join(files, " "), err, out, h.Output())
	}
	// Keep the summary in -v output.
	var summary []string
	for _, line := range strings.Split(string(out), "\n") {
		for _, key := range []string{"tests ", "pass ", "fail ", "skipped "} {
			if strings.HasPrefix(line, "# "+key) || strings.HasPrefix(line, "ℹ "+key) {
				summary = append(summary, strings.TrimSpace(line[strings.Index(line, " "):]))
			}
		}
	}
	t.Logf("node --test (%d files): %s", len(files), strings.Join(summary, "; "))
}
