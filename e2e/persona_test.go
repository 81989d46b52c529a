package e2e

// --persona picks the test user: getUserInfo returns that persona's nickname and an avatar URL
// served by minihost at /avatar/<persona>/<size>.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func userInfoOf(t *testing.T, h *Host) map[string]any {
	t.Helper()
	wantErrMsg(t, "authorize scope.userInfo", h.MustCall("authorize", map[string]any{"scope": "scope.userInfo"}), "authorize:ok")
	res := h.MustCall("getUserInfo", map[string]any{"lang": "en"})
	wantErrMsg(t, "getUserInfo", res, "getUserInfo:ok")
	if _, has := res["encryptedData"]; has {
		t.Errorf("getUserInfo without withCredentials returned encryptedData: %v", res)
	}
	return obj(res, "userInfo")
}

func TestPersonaFlag(t *testing.T) {
	bob := StartHost(t, "allow", "--persona", "bob")
	ui := userInfoOf(t, bob)
	if got := str(ui, "nickName"); got != "Bob" {
		t.Errorf("--persona bob: nickName = %q, want Bob", got)
	}
	avatar := str(ui, "avatarUrl")
	u, err := url.Parse(avatar)
	if err != nil || !strings.HasPrefix(u.Path, "/avatar/bob/") || !strings.HasSuffix(u.Path, "/132") {
		t.Fatalf("--persona bob: avatarUrl = %q, want …/avatar/bob/132 (default size)", avatar)
	}
	if !u.IsAbs() {
		avatar = bob.URL + avatar
	}
	for _, size := range []string{"0", "46", "64", "96", "132"} {
		resp, err := http.Get(strings.TrimSuffix(avatar, "132") + size)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
			t.Errorf("GET avatar size %s: HTTP %d %s, want 200 image/png", size, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}

	alice := StartHost(t, "allow", "--persona", "alice")
	if got := str(userInfoOf(t, alice), "nickName"); got == "" || got == "Bob" {
		t.Errorf("--persona alice: nickName = %q, want alice's own", got)
	}
}
