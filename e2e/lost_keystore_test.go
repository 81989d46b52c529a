package e2e

// A lost keystore, from the real binary's point of view: the secrets file
// deleted between two runs. The next start names what was lost in a
// "minihost: warning:" line, and wx.login → jscode2session → checkSession
// work at once.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLostKeystore(t *testing.T) {
	h := &Host{t: t, Bin: binary(t), DataDir: t.TempDir(), Args: []string{"--prompt-policy", "allow"},
		Env: []string{"DBUS_SESSION_BUS_ADDRESS=disabled:"}} // no Secret Service: the secrets file
	t.Cleanup(h.Kill)
	h.Start()
	if !strings.Contains(h.Output(), "minihost: keystore file") {
		t.Fatalf("the keystore is not the secrets file:\n%s", h.Output())
	}
	before := h.Code2Session(str(h.MustCall("login", nil), "code"))
	oldSecret := h.Demo.Secret
	h.Kill()

	if err := os.Remove(filepath.Join(h.DataDir, "keyring", "secrets.json")); err != nil {
		t.Fatal(err)
	}
	h.Start()
	out := h.Output()
	for _, want := range []string{"minihost: warning: the keystore lost the AppSecret and app token of " + DemoAppID, "minihost: warning: the keystore lost the id secret", "minihost: warning: the keystore lost the session_key"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if h.Demo.Secret == oldSecret {
		t.Fatal("the AppSecret did not change: nothing was lost")
	}
	wantErrMsg(t, "checkSession before a new login", h.MustCall("checkSession", nil), "checkSession:fail session time out")
	after := h.Code2Session(str(h.MustCall("login", nil), "code"))
	if str(after, "openid") == "" || str(after, "openid") == str(before, "openid") {
		t.Fatalf("openid before %q, after %q: want a new one", str(before, "openid"), str(after, "openid"))
	}
	wantErrMsg(t, "checkSession after login", h.MustCall("checkSession", nil), "checkSession:ok")
}
