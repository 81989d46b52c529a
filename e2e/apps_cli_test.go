package e2e

// `minihost apps` lists AppSecrets and tokens whether or not a minihost holds
// the data dir: it asks the running one, or reads the state itself.

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestAppsCommand(t *testing.T) {
	h := StartHost(t, "allow")
	apps := func() string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, h.Bin, "apps", "--data-dir", h.DataDir)
		cmd.Env = hostEnv()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("minihost apps: %v\n%s", err, out)
		}
		return string(out)
	}
	want := []string{DemoAppID, h.Demo.Secret, h.Demo.Token}
	start := time.Now()
	running := apps()
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("minihost apps took %v while a minihost holds the state file", d)
	}
	for _, w := range want {
		if !strings.Contains(running, w) {
			t.Fatalf("minihost apps (running) lacks %q:\n%s", w, running)
		}
	}
	h.Kill()
	stopped := apps()
	for _, w := range want {
		if !strings.Contains(stopped, w) {
			t.Fatalf("minihost apps (stopped) lacks %q:\n%s", w, stopped)
		}
	}
}
