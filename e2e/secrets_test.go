package e2e

// Secrets never reach the logs or the call log, and the data dir is private.

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretsStayOutOfLogs(t *testing.T) {
	h := StartHost(t, "allow", "--log-level", "debug")
	h.MustCall("authorize", map[string]any{"scope": "scope.userInfo"})
	code := str(h.MustCall("login", nil), "code")
	h.MustCall("getUserInfo", map[string]any{"withCredentials": true})
	sess := h.Code2Session(code)
	key := str(sess, "session_key")
	tok := h.AccessToken()
	if key == "" || tok == "" {
		t.Fatalf("no session_key or access_token: %v", sess)
	}
	// A bad secret is echoed nowhere either.
	h.Get("/sns/jscode2session", url.Values{"appid": {DemoAppID}, "secret": {"not-the-secret-0123456789abcdef"}, "js_code": {"x"}, "grant_type": {"authorization_code"}})
	h.Kill() // the logs are complete once the process is gone

	_, stderr, _ := strings.Cut(h.Output(), "--- stderr:\n")
	for name, secret := range map[string]string{"session_key": key, "AppSecret": h.Demo.Secret, "app token": h.Demo.Token, "access_token": tok, "wrong secret": "not-the-secret-0123456789abcdef"} {
		if strings.Contains(stderr, secret) {
			t.Errorf("%s appears in the logs", name)
		}
	}

	for _, f := range []string{"state.db", "control.token"} {
		fi, err := os.Stat(filepath.Join(h.DataDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v, want no group/other access", f, fi.Mode().Perm())
		}
	}
}
