package e2e

// A damaged state.db, from the real binary's point of view: the start stops
// with what happened and how to go on (exit 1, no Go stack trace), and
// --restore-state brings back the copy the last clean start saved, with the
// app's AppSecret and a working login.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDamagedStateFile(t *testing.T) {
	h := StartHost(t, "allow")
	secret := h.Demo.Secret
	h.MustCall("login", nil)
	h.Kill()

	state := filepath.Join(h.DataDir, "state.db")
	st, err := os.Stat(state)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(state, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	ps := int64(os.Getpagesize())
	junk := bytes.Repeat([]byte{0xa5, 0xff, 0x13, 0x7f}, int(ps)/4)
	for off := 2 * ps; off < st.Size(); off += ps { // every page but the two meta pages
		if _, err := f.WriteAt(junk, off); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()

	cmd := exec.Command(h.Bin, "--headless", "--addr", "127.0.0.1:0", "--data-dir", h.DataDir)
	cmd.Env = hostEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("exit code %d (%v), want 1\nstdout:\n%s\nstderr:\n%s", code, err, &stdout, &stderr)
	}
	out := stderr.String()
	for _, want := range []string{"minihost: " + state + " is damaged", "minihost --data-dir " + h.DataDir + " --restore-state", "mv " + state} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "goroutine ") || strings.Contains(out, "panic:") && strings.Contains(out, ".go:") {
		t.Errorf("a Go stack trace was printed:\n%s", out)
	}

	h.Args = append(h.Args, "--restore-state")
	h.Start()
	if !strings.Contains(h.Output(), "minihost: restored the state file from ") {
		t.Errorf("--restore-state does not say what it restored:\n%s", h.Output())
	}
	if h.Demo.Secret != secret {
		t.Errorf("the AppSecret changed across the restore")
	}
	code := str(h.MustCall("login", nil), "code")
	if sess := h.Code2Session(code); str(sess, "openid") == "" {
		t.Fatalf("jscode2session after the restore: %v", sess)
	}
	if m, _ := filepath.Glob(state + ".damaged-*"); len(m) != 1 {
		t.Fatalf("damaged files kept aside: %v", m)
	}
}
