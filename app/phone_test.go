package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
)

func accessToken(t *testing.T, th *testHost) string {
	t.Helper()
	r, err := th.AccessToken(context.Background(), app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th)})
	if err != nil {
		t.Fatal(err)
	}
	return r.AccessToken
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want, wantNumber, wantCode string }{
		{"13800138000", "+86 13800138000", "13800138000", "86"},
		{"+86 13800138000", "+86 13800138000", "13800138000", "86"},
		{"+8613800138000", "+86 13800138000", "13800138000", "86"},
		{"+86-138 0013 8000", "+86 13800138000", "13800138000", "86"},
		{" +1 202-555-0143 ", "+1 2025550143", "+12025550143", "1"},
		{"", "", "", ""},
		{"+12025550143", "", "", ""}, // which digits are the code? ambiguous
		{"+86 12", "", "", ""},
		{"phone", "", "", ""},
		{"+0 13800138000", "", "", ""},
		{"+86 1380013800012345678", "", "", ""},
	}
	for _, tt := range tests {
		got, err := app.NormalizePhone(tt.in)
		if tt.want == "" && tt.in != "" {
			if err == nil {
				t.Errorf("NormalizePhone(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if got == "" {
			continue
		}
		p, err := app.ParsePhone(got)
		if err != nil || p.PhoneNumber != tt.wantNumber || p.CountryCode != tt.wantCode {
			t.Errorf("ParsePhone(%q) = %+v, %v", got, p, err)
		}
	}
}

func TestPersonaPhone(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	for _, tt := range []struct {
		phone, want string
		ok          bool
	}{
		{"138 0013 8000", "+86 13800138000", true},
		{"+44 7700900123", "+44 7700900123", true},
		{"", "", true}, // unbinds
		{"not a phone", "", false},
	} {
		p, err := th.UpdatePersona(ctx, "bob", app.PersonaChange{Phone: &tt.phone})
		if (err == nil) != tt.ok || (tt.ok && p.Phone != tt.want) {
			t.Errorf("UpdatePersona(phone %q) = %q, %v", tt.phone, p.Phone, err)
		}
	}
	if _, err := th.CreatePersona(ctx, app.Persona{ID: "carol", NickName: "Carol", Phone: "12"}); err == nil {
		t.Error("CreatePersona accepted phone 12")
	}
	p, err := th.CreatePersona(ctx, app.Persona{ID: "dave", NickName: "Dave", Phone: "+8613900139000"})
	if err != nil || p.Phone != "+86 13900139000" {
		t.Errorf("CreatePersona = %+v, %v", p, err)
	}
}

func TestGetPhoneNumber(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		realtime bool
		gesture  bool
		allow    bool
		login    bool
		noPhone  bool
		want     string
		wantEnc  bool
	}{
		{"allow, logged in", false, true, true, true, false, "getPhoneNumber:ok", true},
		{"allow, no login: code only", false, true, true, false, false, "getPhoneNumber:ok", false},
		{"realtime: the code alone", true, true, true, true, false, "getRealtimePhoneNumber:ok", false},
		{"deny", false, true, false, true, false, "getPhoneNumber:fail user deny", false},
		{"realtime deny", true, true, false, true, false, "getRealtimePhoneNumber:fail user deny", false},
		{"no tap", false, false, true, true, false, "getPhoneNumber:fail can only be invoked by user TAP gesture.", false},
		{"no number bound", false, true, true, true, true, "getPhoneNumber:fail no phone number bound to this user (set one in the persona editor or with minihost ctl personas edit --phone)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			th.prompt.allow = tt.allow
			if tt.noPhone {
				empty := ""
				if _, err := th.UpdatePersona(ctx, "alice", app.PersonaChange{Phone: &empty}); err != nil {
					t.Fatal(err)
				}
			}
			var key string
			if tt.login {
				s, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: secret(th), JSCode: login(t, th), GrantType: "authorization_code"})
				if err != nil {
					t.Fatal(err)
				}
				key = s.SessionKey
			}
			r, err := th.GetPhoneNumber(ctx, testAppID, tt.realtime, tt.gesture)
			if got := errMsg(t, r, err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			prompted := th.prompt.count("phone")
			if wantPrompt := tt.gesture && !tt.noPhone; (prompted == 1) != wantPrompt {
				t.Fatalf("prompts %d, want prompted=%v", prompted, wantPrompt)
			}
			if err != nil {
				return
			}
			if _, has := r["encryptedData"]; has != tt.wantEnc {
				t.Fatalf("encryptedData present %v, want %v: %v", has, tt.wantEnc, r)
			}
			if tt.wantEnc {
				plain := decryptUserData(t, key, r["iv"].(string), r["encryptedData"].(string))
				if plain["phoneNumber"] != "+12025550143" || plain["purePhoneNumber"] != "2025550143" || plain["countryCode"] != "1" {
					t.Fatalf("plaintext %v", plain)
				}
				if wm := plain["watermark"].(map[string]any); wm["appid"] != testAppID {
					t.Fatalf("watermark %v", wm)
				}
			}
			// The backend exchanges the code once.
			tok := accessToken(t, th)
			info, err := th.UserPhoneNumber(ctx, tok, r["code"].(string))
			if err != nil {
				t.Fatal(err)
			}
			if info.ErrCode != 0 || info.ErrMsg != "ok" {
				t.Fatalf("answer %v", info)
			}
		})
	}
}

func TestUserPhoneNumberErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, th *testHost) (token, code string)
		want    int
	}{
		{"ok", func(t *testing.T, th *testHost) (string, string) { return accessToken(t, th), phoneCode(t, th) }, 0},
		{"used code", func(t *testing.T, th *testHost) (string, string) {
			tok, code := accessToken(t, th), phoneCode(t, th)
			if _, err := th.UserPhoneNumber(ctx, tok, code); err != nil {
				t.Fatal(err)
			}
			return tok, code
		}, 40163},
		{"unknown code", func(t *testing.T, th *testHost) (string, string) { return accessToken(t, th), "nope" }, 40029},
		{"empty code", func(t *testing.T, th *testHost) (string, string) { return accessToken(t, th), "" }, 40029},
		{"a login code is not a phone code", func(t *testing.T, th *testHost) (string, string) { return accessToken(t, th), login(t, th) }, 40029},
		{"expired code", func(t *testing.T, th *testHost) (string, string) {
			code := phoneCode(t, th)
			th.clock.add(5*time.Minute + time.Second)
			return accessToken(t, th), code
		}, 40029},
		{"just in time", func(t *testing.T, th *testHost) (string, string) {
			code := phoneCode(t, th)
			th.clock.add(5 * time.Minute)
			return accessToken(t, th), code
		}, 0},
		{"bad token", func(t *testing.T, th *testHost) (string, string) { return "bogus", phoneCode(t, th) }, 40001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			tok, code := tt.prepare(t, th)
			r, err := th.UserPhoneNumber(ctx, tok, code)
			if got := serverCode(err); got != tt.want {
				t.Fatalf("errcode %d (%v), want %d", got, err, tt.want)
			}
			if tt.want == 0 && r.PhoneInfo == (app.PhoneInfo{}) {
				t.Fatalf("no phone_info: %v", r)
			}
		})
	}
}

func phoneCode(t *testing.T, th *testHost) string {
	t.Helper()
	r, err := th.GetPhoneNumber(context.Background(), testAppID, false, true)
	if err != nil {
		t.Fatal(err)
	}
	return r["code"].(string)
}
