//go:build linux

package e2e

// The official automation SDK (npm miniprogram-automator, pinned in
// e2e/automator/package-lock.json), unchanged, drives the automator fixture
// in a headless minihost: e2e/automator/sdk.test.mjs, run by node --test.
// SOTER goes through the real fprintd with libfprint's virtual reader: the
// script asks this test for a finger (MINIHOST_FINGER_URL).

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minihost/minihost/biometrics/fprinttest"
	"github.com/minihost/minihost/internal/testutil"
)

func TestAutomatorSDK(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found on PATH: the automation SDK test needs Node 18+")
	}
	dir := automatorModules(t)
	d := fprinttest.StartT(t)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", d.BusAddress())
	if err := d.Enroll(t.Context(), enrolledFinger, enrolledPrint); err != nil {
		t.Fatalf("enroll through fprintd: %v", err)
	}
	w := watchFprintd(t, d.BusAddress())
	port := freePort(t)
	fixture := fixtureDir(t, "automator")
	// The host runs a copy: the suite saves a file in it (live reload).
	project := filepath.Join(t.TempDir(), "automator")
	if err := os.CopyFS(project, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	h := startProject(t, project, "--auto-port", fmt.Sprint(port), "--biometrics", "fprintd")
	if !strings.Contains(h.Output(), fmt.Sprintf("minihost: automation ws://127.0.0.1:%d", port)) {
		t.Fatalf("no automation line for port %d:\n%s", port, h.Output())
	}
	if !strings.Contains(h.Output(), `prompts answered "ask"`) {
		t.Fatalf("with --auto-port prompts must wait for native(), not be answered by policy:\n%s", h.Output())
	}

	// The finger: the script GETs this once the page waits on SOTER.
	finger := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		deadline := time.After(10 * time.Second)
		for started := false; !started; {
			select {
			case sig := <-w.sigs:
				started = sig.Name == fpDevice+".VerifyFingerSelected"
			case <-deadline:
				http.Error(rw, "fprintd started no verification within 10 s", http.StatusGatewayTimeout)
				return
			}
		}
		if err := d.Scan(enrolledPrint); err != nil {
			http.Error(rw, "scan: "+err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(rw, "scanned")
	}))
	defer finger.Close()
	w.drain()

	launchData := t.TempDir()
	launchArgs := fmt.Sprintf(`["--headless","--addr","127.0.0.1:0","--data-dir",%q,"--biometrics","sim"]`, launchData)
	start := time.Now()
	out, err := runNodeGroup(t, 4*time.Minute, dir, node, []string{"--test", "--test-concurrency=1", "sdk.test.mjs"},
		"MINIHOST_AUTO_WS=ws://127.0.0.1:"+fmt.Sprint(port),
		"MINIHOST_FINGER_URL="+finger.URL,
		"MINIHOST_FIXTURE_COPY="+project,
		"MINIHOST_CLI="+binary(t),
		"MINIHOST_FIXTURE="+fixture,
		"MINIHOST_LAUNCH_PORT="+fmt.Sprint(freePort(t)),
		"MINIHOST_LAUNCH_ARGS="+launchArgs,
	)
	if err != nil {
		t.Fatalf("node --test sdk.test.mjs: %v\n%s\n%s", err, out, h.Output())
	}
	t.Logf("the SDK suite took %v: %s", time.Since(start).Round(time.Millisecond), nodeSummary(out))
	h.Kill()

	// The README's example, as a QA engineer copies it, on a fresh host.
	port = freePort(t)
	h2 := startProject(t, fixture, "--auto-port", fmt.Sprint(port), "--biometrics", "sim")
	out, err = runNodeGroup(t, 2*time.Minute, dir, node, []string{"--test", "example.test.mjs"},
		"MINIHOST_AUTO_WS=ws://127.0.0.1:"+fmt.Sprint(port))
	if err != nil {
		t.Fatalf("node --test example.test.mjs (the README's): %v\n%s\n%s", err, out, h2.Output())
	}
	t.Logf("the README's example: %s", nodeSummary(out))
}

// The README shows e2e/automator/example.test.mjs, which TestAutomatorSDK runs, verbatim.
func TestAutomatorReadmeExample(t *testing.T) {
	root := repoRoot(t)
	example, err := os.ReadFile(filepath.Join(root, "e2e", "automator", "example.test.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```js\n"+string(example)+"```\n") {
		t.Fatal("README.md's miniprogram-automator example is not e2e/automator/example.test.mjs verbatim: copy the file into the README's js block")
	}
}

// automatorModules installs the pinned SDK (npm ci) unless it is in place,
// and returns e2e/automator.
func automatorModules(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "e2e", "automator")
	lock, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if done, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil && !done.ModTime().Before(lock.ModTime()) {
		return dir
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm not found on PATH: cannot install miniprogram-automator")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
	return dir
}

// runNodeGroup runs node in its own process group and kills the group
// afterwards: what it spawned (automator.launch's minihost) goes too.
func runNodeGroup(t *testing.T, timeout time.Duration, dir, node string, args []string, env ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	cmd.Env = append(hostEnv(), append(env, "NODE_NO_WARNINGS=1")...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var buf testutil.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	select {
	case err := <-done:
		return buf.String(), err
	case <-time.After(timeout):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return buf.String(), fmt.Errorf("killed after %v", timeout)
	}
}

// freePort is a loopback port free right now.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// nodeSummary is node --test's closing counts.
func nodeSummary(out string) string {
	var summary []string
	for _, line := range strings.Split(out, "\n") {
		for _, key := range []string{"tests ", "pass ", "fail ", "skipped ", "duration_ms "} {
			if strings.HasPrefix(line, "# "+key) || strings.HasPrefix(line, "ℹ "+key) {
				summary = append(summary, strings.TrimSpace(line[strings.Index(line, " "):]))
			}
		}
	}
	return strings.Join(summary, "; ")
}
