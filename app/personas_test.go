package app_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
)

func TestCreatePersona(t *testing.T) {
	tests := []struct {
		name    string
		p       app.Persona
		wantErr error
	}{
		{"minimal", app.Persona{ID: "carol", NickName: "Carol"}, nil},
		{"full", app.Persona{ID: "dave_2", NickName: "戴夫", Language: "zh_TW", Gender: 1, Color: "#123456"}, nil},
		{"exists", app.Persona{ID: "alice", NickName: "Alice 2"}, app.ErrConflict},
		{"uppercase id", app.Persona{ID: "Carol", NickName: "C"}, app.ErrInvalid},
		{"reserved id", app.Persona{ID: "default", NickName: "D"}, app.ErrInvalid},
		{"empty nickname", app.Persona{ID: "eve"}, app.ErrInvalid},
		{"long nickname", app.Persona{ID: "eve", NickName: strings.Repeat("e", 33)}, app.ErrInvalid},
		{"control char", app.Persona{ID: "eve", NickName: "e\nve"}, app.ErrInvalid},
		{"bad language", app.Persona{ID: "eve", NickName: "Eve", Language: "fr"}, app.ErrInvalid},
		{"bad gender", app.Persona{ID: "eve", NickName: "Eve", Gender: 3}, app.ErrInvalid},
		{"bad color", app.Persona{ID: "eve", NickName: "Eve", Color: "red"}, app.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			got, err := th.CreatePersona(context.Background(), tt.p)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stored, err := th.Persona(tt.p.ID)
			if err != nil || stored != got || got.Language == "" || !strings.HasPrefix(got.Color, "#") {
				t.Fatalf("created %+v, stored %+v, %v", got, stored, err)
			}
			if err := th.SwitchPersona(context.Background(), tt.p.ID); err != nil {
				t.Fatal(err)
			}
			r, err := th.GetUserProfile(context.Background(), testAppID, app.UserProfileRequest{Desc: "Show profile", Lang: "", UserGesture: true})
			if errMsg(t, r, err) != "getUserProfile:ok" || r["userInfo"].(app.UserInfo).NickName != tt.p.NickName {
				t.Fatalf("the new persona's profile: %v %v", r, err)
			}
		})
	}
}

func TestUpdateAndDeletePersona(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	name, lang := "Bobby", "zh_CN"
	p, err := th.UpdatePersona(ctx, "bob", app.PersonaChange{NickName: &name, Language: &lang})
	if err != nil || p.NickName != "Bobby" || p.Language != "zh_CN" || p.Color != "#10ac84" {
		t.Fatalf("UpdatePersona = %+v, %v", p, err)
	}
	bad := "fr"
	if _, err := th.UpdatePersona(ctx, "bob", app.PersonaChange{NickName: &name, Language: &bad}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("bad language: %v", err)
	}
	if p, _ := th.Persona("bob"); p.Language != "zh_CN" {
		t.Fatalf("a refused edit changed the persona: %+v", p)
	}
	if _, err := th.UpdatePersona(ctx, "nobody", app.PersonaChange{NickName: &name}); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown persona: %v", err)
	}

	if err := th.DeletePersona(ctx, "alice"); !errors.Is(err, app.ErrConflict) {
		t.Fatalf("deleting the current persona: %v", err)
	}
	// Bob's state in the app goes with Bob.
	th.SwitchPersona(ctx, "bob")
	if _, err := th.Login(ctx, testAppID); err != nil {
		t.Fatal(err)
	}
	th.SetScope(ctx, app.ScopeChange{PersonaID: "bob", AppID: testAppID, Scope: "scope.camera", On: true})
	th.SwitchPersona(ctx, "alice")
	if err := th.DeletePersona(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := th.Persona("bob"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("deleted persona still there: %v", err)
	}
	if err := th.DeletePersona(ctx, "bob"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
	if _, err := th.CreatePersona(ctx, app.Persona{ID: "bob", NickName: "New Bob"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := th.Settings("bob", testAppID); len(s.Auth) != 0 {
		t.Fatalf("a recreated persona inherited settings: %+v", s.Auth)
	}
	if st, _ := th.Session("bob", testAppID); st.LoggedIn {
		t.Fatalf("a recreated persona inherited a session: %+v", st)
	}
}

func encodeImage(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAvatars(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		data    []byte
		wantErr bool
	}{
		{"png landscape", encodeImage(t, "png", 300, 200), false},
		{"jpeg portrait", encodeImage(t, "jpeg", 120, 240), false},
		{"tiny png", encodeImage(t, "png", 1, 1), false},
		{"gif", encodeImage(t, "gif", 50, 50), true},
		{"not an image", []byte("hello"), true},
		{"too wide", encodeImage(t, "png", 5000, 1), true},
		{"too large a file", append(encodeImage(t, "png", 10, 10), make([]byte, app.MaxAvatarBytes)...), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			drawn, _ := th.Avatar("alice", 46)
			err := th.SetAvatar(ctx, "alice", tt.data)
			if tt.wantErr {
				if !errors.Is(err, app.ErrInvalid) || th.CustomAvatar("alice") {
					t.Fatalf("SetAvatar = %v (custom %v), want ErrInvalid and no change", err, th.CustomAvatar("alice"))
				}
				return
			}
			if err != nil || !th.CustomAvatar("alice") {
				t.Fatalf("SetAvatar = %v", err)
			}
			for _, size := range []int{0, 46, 64, 96, 132} {
				b, err := th.Avatar("alice", size)
				if err != nil {
					t.Fatal(err)
				}
				img, format, err := image.Decode(bytes.NewReader(b))
				want := size
				if size == 0 {
					want = 640
				}
				if err != nil || format != "png" || img.Bounds().Dx() != want || img.Bounds().Dy() != want {
					t.Fatalf("size %d: %s %v %v", size, format, img.Bounds(), err)
				}
			}
			if err := th.ClearAvatar(ctx, "alice"); err != nil {
				t.Fatal(err)
			}
			if b, _ := th.Avatar("alice", 46); !bytes.Equal(b, drawn) || th.CustomAvatar("alice") {
				t.Fatal("ClearAvatar did not bring back the drawn avatar")
			}
		})
	}
	th := newTestHost(t, nil, nil)
	if err := th.SetAvatar(ctx, "nobody", encodeImage(t, "png", 5, 5)); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown persona: %v", err)
	}
	if _, err := th.Avatar("alice", 50); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("bad size: %v", err)
	}
}

func TestExportImportPersonas(t *testing.T) {
	ctx := context.Background()
	src := newTestHost(t, nil, nil)
	src.CreatePersona(ctx, app.Persona{ID: "carol", NickName: "Carol", Language: "zh_TW"})
	if err := src.SetAvatar(ctx, "carol", encodeImage(t, "png", 64, 64)); err != nil {
		t.Fatal(err)
	}
	all, err := src.ExportPersonas()
	if err != nil || len(all) != 4 {
		t.Fatalf("export all: %d, %v", len(all), err)
	}
	only, err := src.ExportPersonas("carol")
	if err != nil || len(only) != 1 || only[0].AvatarPNG == nil || only[0].NickName != "Carol" {
		t.Fatalf("export carol: %+v, %v", only, err)
	}
	if _, err := src.ExportPersonas("nobody"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("export unknown: %v", err)
	}

	dst := newTestHost(t, nil, nil)
	if err := dst.ImportPersonas(ctx, only); err != nil {
		t.Fatal(err)
	}
	p, err := dst.Persona("carol")
	if err != nil || p != only[0].Persona || !dst.CustomAvatar("carol") {
		t.Fatalf("imported %+v, %v", p, err)
	}
	// The file carries the 640×640 avatar; the smaller sizes are made from it.
	a, _ := src.Avatar("carol", 0)
	b, _ := dst.Avatar("carol", 0)
	if !bytes.Equal(a, b) {
		t.Fatal("the imported avatar differs")
	}
	// A bad entry changes nothing.
	bad := []app.PersonaExport{{Persona: app.Persona{ID: "zed", NickName: "Zed"}}, {Persona: app.Persona{ID: "Bad", NickName: "x"}}}
	if err := dst.ImportPersonas(ctx, bad); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "personas[1]") {
		t.Fatalf("bad import: %v", err)
	}
	if _, err := dst.Persona("zed"); !errors.Is(err, app.ErrNotFound) {
		t.Fatal("a refused import created a persona")
	}
}

func TestResetAppAndUnload(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	th.Login(ctx, testAppID)
	th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.camera", On: false})
	th.SetScope(ctx, app.ScopeChange{PersonaID: "bob", AppID: testAppID, Scope: "scope.camera", On: true})
	if err := th.ResetApp(ctx, "alice", testAppID); err != nil {
		t.Fatal(err)
	}
	if s, _ := th.Settings("alice", testAppID); len(s.Auth) != 0 {
		t.Fatalf("alice's settings after reset: %+v", s.Auth)
	}
	if r, err := th.CheckSession(ctx, testAppID); errMsg(t, r, err) != "checkSession:fail session time out" {
		t.Fatal("alice's session survived the reset")
	}
	if s, _ := th.Settings("bob", testAppID); !s.Auth["scope.camera"] {
		t.Fatal("resetting alice changed bob")
	}
	if err := th.ResetApp(ctx, "nobody", testAppID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("reset for an unknown persona: %v", err)
	}
	if err := th.Unload(testAppID); err != nil {
		t.Fatal(err)
	}
	if _, ok := th.App(testAppID); ok {
		t.Fatal("an unloaded app is still loaded")
	}
	if err := th.Unload(testAppID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unloading twice: %v", err)
	}
}

func TestTimeoutOverrides(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, map[string]string{"minihost.json": `{"loginExpiry":"72h"}`})
	a, _ := th.App(testAppID)
	if err := th.SetTimeoutOverrides(app.Timeouts{CodeTTL: -time.Second}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("negative override: %v", err)
	}
	if err := th.SetTimeoutOverrides(app.Timeouts{CodeTTL: 10 * time.Second, LoginExpiry: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if o := th.TimeoutOverrides(); o.CodeTTL != 10*time.Second || o.LoginExpiry != time.Minute {
		t.Fatalf("overrides %+v", o)
	}
	if d := th.DefaultTimeouts(); d.CodeTTL != app.DefaultCodeTTL || d.LoginExpiry != app.DefaultLoginExpiry {
		t.Fatalf("defaults %+v", d)
	}
	r, _ := th.Login(ctx, testAppID)
	th.clock.add(11 * time.Second)
	if _, err := th.Code2Session(ctx, app.CodeExchange{AppID: testAppID, Secret: a.Secret, JSCode: r["code"].(string), GrantType: "authorization_code"}); err == nil || !strings.Contains(err.Error(), "40029") {
		t.Fatalf("a code past the overridden TTL: %v", err)
	}
	// The override beats the app's 72h loginExpiry.
	th.clock.add(time.Minute)
	if r, err := th.CheckSession(ctx, testAppID); errMsg(t, r, err) != "checkSession:fail session time out" {
		t.Fatal("the session outlived the overridden login expiry")
	}
	th.SetTimeoutOverrides(app.Timeouts{})
	if r, err := th.CheckSession(ctx, testAppID); errMsg(t, r, err) != "checkSession:ok" {
		t.Fatal("clearing the override did not restore the app's 72h expiry")
	}
}

func TestLoadMiniProgramDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "project.config.json"), []byte(`{"appid":"wxdir0001"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "app.json"), []byte(`{"pages":["a"]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "a.html"), []byte(`<p>a</p>`), 0o644)
	file := filepath.Join(dir, "app.json")
	tests := []struct {
		dir string
		ok  bool
	}{
		{dir, true},
		{"relative/dir", false},
		{filepath.Join(dir, "missing"), false},
		{file, false},
		{t.TempDir(), false}, // empty: no app.json
	}
	for _, tt := range tests {
		mp, err := app.LoadMiniProgramDir(t.Context(), tt.dir)
		if tt.ok != (err == nil) || (err != nil && !errors.Is(err, app.ErrInvalid)) {
			t.Errorf("LoadMiniProgramDir(%s) = %v", tt.dir, err)
		}
		if tt.ok && mp.AppID != "wxdir0001" {
			t.Errorf("appid %q", mp.AppID)
		}
	}
}
