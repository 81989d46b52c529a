package e2e

// Durable state: authSetting, AppSecret, app token, openid and the session survive a SIGKILL.

import (
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestRestartKeepsState(t *testing.T) {
	h := StartHost(t, "allow")

	wantErrMsg(t, "authorize scope.userLocation", h.MustCall("authorize", map[string]any{"scope": "scope.userLocation"}), "authorize:ok")
	login := h.MustCall("login", nil)
	wantErrMsg(t, "login", login, "login:ok")
	sess := h.Code2Session(str(login, "code"))
	openid := str(sess, "openid")
	if openid == "" {
		t.Fatalf("jscode2session: %v", sess)
	}
	setting := h.MustCall("getSetting", nil)
	wantErrMsg(t, "getSetting", setting, "getSetting:ok")
	before := obj(setting, "authSetting")
	if before["scope.userLocation"] != true {
		t.Fatalf("getSetting before restart: %v", setting)
	}
	secret, token, url := h.Demo.Secret, h.Demo.Token, h.URL
	if len(secret) != 32 || strings.Trim(secret, "0123456789abcdef") != "" {
		t.Errorf("AppSecret %q is not 32 lowercase hex characters", secret)
	}

	h.Restart() // SIGKILL, then the same data dir

	if h.Demo.Secret != secret {
		t.Errorf("AppSecret changed across restart: %q → %q", secret, h.Demo.Secret)
	}
	if h.Demo.Token != token {
		t.Errorf("app token changed across restart: %q → %q", token, h.Demo.Token)
	}
	t.Logf("restarted: %s → %s", url, h.URL)

	after := h.MustCall("getSetting", nil)
	wantErrMsg(t, "getSetting after restart", after, "getSetting:ok")
	if !reflect.DeepEqual(obj(after, "authSetting"), before) {
		t.Errorf("authSetting after restart = %v, want %v", after["authSetting"], before)
	}
	wantErrMsg(t, "checkSession after restart", h.MustCall("checkSession", nil), "checkSession:ok")

	// The old AppSecret still works for the backend, and the user's openid is the same.
	login2 := h.MustCall("login", nil)
	sess2 := h.Code2Session(str(login2, "code"))
	if got := str(sess2, "openid"); got != openid {
		t.Errorf("openid after restart = %q (%v), want %q", got, sess2, openid)
	}

	// The control API lists the same credentials.
	ctl, err := os.ReadFile(filepath.Join(h.DataDir, "control.token"))
	if err != nil {
		t.Fatalf("control token: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(h.DataDir, "control.token")); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("control.token mode %v, want 0600", fi.Mode().Perm())
	}
	req, _ := http.NewRequest("GET", h.URL+"/_minihost/apps", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(ctl)))
	status, apps := h.do(req)
	if status != 200 {
		t.Fatalf("GET /_minihost/apps: HTTP %d %v", status, apps)
	}
	found := false
	list, _ := apps["apps"].([]any)
	for _, a := range list {
		a, _ := a.(map[string]any)
		if str(a, "appid") == DemoAppID {
			found = true
			if str(a, "secret") != secret || str(a, "token") != token {
				t.Errorf("/_minihost/apps demo entry %v, want secret %s token %s", a, secret, token)
			}
		}
	}
	if !found {
		t.Errorf("/_minihost/apps lacks the demo: %v", apps)
	}
}
