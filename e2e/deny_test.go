package e2e

// --prompt-policy deny: the headless "person" answers every prompt with Deny.

import "testing"

func TestDenyPolicy(t *testing.T) {
	h := StartHost(t, "deny")

	first := h.MustCall("authorize", map[string]any{"scope": "scope.userLocation"})
	wantErrMsg(t, "authorize scope.userLocation (denied)", first, "authorize:fail auth deny")
	second := h.MustCall("authorize", map[string]any{"scope": "scope.userLocation"})
	wantErrMsg(t, "authorize scope.userLocation again (deny remembered)", second, "authorize:fail auth deny")

	setting := h.MustCall("getSetting", nil)
	wantErrMsg(t, "getSetting", setting, "getSetting:ok")
	if got, ok := obj(setting, "authSetting")["scope.userLocation"]; !ok || got != false {
		t.Errorf("authSetting[scope.userLocation] = %v (present %v), want stored false: %v", got, ok, setting)
	}

	// No prompt for these, so the policy does not apply.
	wantErrMsg(t, "authorize scope.userInfo", h.MustCall("authorize", map[string]any{"scope": "scope.userInfo"}), "authorize:ok")
	wantErrMsg(t, "authorize scope.address", h.MustCall("authorize", map[string]any{"scope": "scope.address"}), "authorize:ok")

	// getUserProfile always prompts (a body without _userGesture counts as a tap).
	wantErrMsg(t, "getUserProfile", h.MustCall("getUserProfile", map[string]any{"desc": "Show your profile"}), "getUserProfile:fail auth deny")
}
