package app_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

// decryptUserData is what a developer's backend does, written here without
// the host's code: AES-128-CBC, PKCS#7, key and iv base64.
func decryptUserData(t *testing.T, sessionKey, iv, data string) map[string]any {
	t.Helper()
	key, err1 := base64.StdEncoding.DecodeString(sessionKey)
	ivb, err2 := base64.StdEncoding.DecodeString(iv)
	ct, err3 := base64.StdEncoding.DecodeString(data)
	if err1 != nil || err2 != nil || err3 != nil || len(key) != 16 || len(ivb) != 16 || len(ct)%16 != 0 {
		t.Fatalf("bad base64 or sizes: key %d iv %d data %d", len(key), len(ivb), len(ct))
	}
	block, _ := aes.NewCipher(key)
	cipher.NewCBCDecrypter(block, ivb).CryptBlocks(ct, ct)
	pad := int(ct[len(ct)-1])
	if pad < 1 || pad > 16 || strings.Repeat(string(rune(pad)), pad) != string(ct[len(ct)-pad:]) {
		t.Fatalf("bad PKCS#7 padding %d", pad)
	}
	var out map[string]any
	if err := json.Unmarshal(ct[:len(ct)-pad], &out); err != nil {
		t.Fatalf("plaintext is not JSON: %v", err)
	}
	return out
}

func TestGetUserInfo(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		extra    map[string]string
		grant    bool
		login    bool
		withCred bool
		lang     string
		want     string
		wantCred bool
		wantNick string
	}{
		{"scope not granted", nil, false, true, true, "", "getUserInfo:fail scope unauthorized", false, ""},
		{"without credentials", nil, true, true, false, "", "getUserInfo:ok", false, "Alice"},
		{"with credentials, no login", nil, true, false, true, "", "getUserInfo:ok", false, "Alice"},
		{"with credentials and login", nil, true, true, true, "zh_CN", "getUserInfo:ok", true, "Alice"},
		{"bad lang", nil, true, true, true, "fr", `getUserInfo:fail invalid lang "fr": want en, zh_CN or zh_TW`, false, ""},
		{"anonymous policy", map[string]string{"minihost.json": `{"userInfoPolicy":"anonymous"}`}, true, true, true, "", "getUserInfo:ok", true, app.AnonymousNickName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, tt.extra)
			if tt.grant {
				th.Authorize(ctx, testAppID, "scope.userInfo")
			}
			code := ""
			if tt.login {
				code = login(t, th)
			}
			r, err := th.GetUserInfo(ctx, testAppID, tt.withCred, tt.lang)
			if got := errMsg(t, r, err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if err != nil {
				return
			}
			ui := r["userInfo"].(app.UserInfo)
			if ui.NickName != tt.wantNick {
				t.Fatalf("nickName %q, want %q", ui.NickName, tt.wantNick)
			}
			wantLang := tt.lang
			if wantLang == "" {
				wantLang = "en"
			}
			if ui.Language != wantLang || !strings.HasSuffix(ui.AvatarURL, "/132") {
				t.Fatalf("userInfo %+v", ui)
			}
			raw, _ := json.Marshal(ui)
			if r["rawData"] != string(raw) {
				t.Fatalf("rawData %v is not the userInfo JSON %s", r["rawData"], raw)
			}
			_, hasCred := r["encryptedData"]
			if hasCred != tt.wantCred {
				t.Fatalf("credentials present %v, want %v", hasCred, tt.wantCred)
			}
			if !tt.wantCred {
				return
			}
			sess, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: code, GrantType: "authorization_code"})
			if err != nil {
				t.Fatal(err)
			}
			key := sess.SessionKey
			sum := sha1.Sum([]byte(r["rawData"].(string) + key))
			if r["signature"] != hex.EncodeToString(sum[:]) {
				t.Fatal("signature is not sha1(rawData + session_key)")
			}
			plain := decryptUserData(t, key, r["iv"].(string), r["encryptedData"].(string))
			wm := plain["watermark"].(map[string]any)
			if wm["appid"] != testAppID || int64(wm["timestamp"].(float64)) != th.clock.now().Unix() {
				t.Fatalf("watermark %v", wm)
			}
			if plain["openId"] != sess.OpenID || plain["unionId"] != sess.UnionID || plain["nickName"] != tt.wantNick {
				t.Fatalf("plaintext %v does not match session %v", plain, sess)
			}
			if r["cloudID"] == "" {
				t.Fatal("no cloudID")
			}
		})
	}
}

func TestGetUserProfile(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		desc        string
		gesture     bool
		allow       bool
		want        string
		wantPrompts int
	}{
		{"allowed", "Show your profile", true, true, "getUserProfile:ok", 1},
		{"denied", "Show your profile", true, false, "getUserProfile:fail auth deny", 1},
		{"desc missing", "", true, true, "getUserProfile:fail desc length does not meet the requirements", 0},
		{"desc 30 characters", strings.Repeat("字", 30), true, true, "getUserProfile:ok", 1},
		{"desc 31 characters", strings.Repeat("字", 31), true, true, "getUserProfile:fail desc length does not meet the requirements", 0},
		{"not in a tap", "Show your profile", false, true, "getUserProfile:fail can only be invoked by user TAP gesture.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			th.prompt.allow = tt.allow
			code := login(t, th)
			r, err := th.GetUserProfile(ctx, testAppID, app.UserProfileRequest{Desc: tt.desc, Lang: "", UserGesture: tt.gesture})
			if got := errMsg(t, r, err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if th.prompt.count("profile") != tt.wantPrompts {
				t.Fatalf("%d prompts, want %d", th.prompt.count("profile"), tt.wantPrompts)
			}
			if err != nil {
				return
			}
			sess, _ := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: code, GrantType: "authorization_code"})
			plain := decryptUserData(t, sess.SessionKey, r["iv"].(string), r["encryptedData"].(string))
			if _, ok := plain["openId"]; ok {
				t.Fatal("getUserProfile plaintext carries openId")
			}
			if _, ok := plain["unionId"]; ok {
				t.Fatal("getUserProfile plaintext carries unionId")
			}
		})
	}
	// It prompts every time, even after an allow.
	th := newTestHost(t, nil, nil)
	th.GetUserProfile(ctx, testAppID, app.UserProfileRequest{Desc: "x", Lang: "", UserGesture: true})
	th.GetUserProfile(ctx, testAppID, app.UserProfileRequest{Desc: "x", Lang: "", UserGesture: true})
	if th.prompt.count("profile") != 2 {
		t.Fatalf("%d prompts for two calls", th.prompt.count("profile"))
	}
}

func TestRenderAvatar(t *testing.T) {
	for _, size := range []int{0, 46, 64, 96, 132} {
		png, err := app.RenderAvatar(app.BuiltinPersonas()[0], size)
		if err != nil || len(png) < 8 || string(png[1:4]) != "PNG" {
			t.Fatalf("size %d: %v", size, err)
		}
	}
	if _, err := app.RenderAvatar(app.BuiltinPersonas()[0], 100); err == nil {
		t.Fatal("size 100 accepted")
	}
}
