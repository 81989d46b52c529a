package app_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"minihost/app"
)

func TestLoadMiniProgram(t *testing.T) {
	const project = `{"appid":"wx0123456789abcdef","projectname":"Shop"}`
	const appJSON = `{"pages":["pages/index/index"]}`
	tests := []struct {
		name      string
		files     map[string]string
		wantFile  string // "" = success
		wantField string
	}{
		{"minimal", map[string]string{"project.config.json": project, "app.json": appJSON}, "", ""},
		{"full minihost.json", map[string]string{"project.config.json": project, "app.json": appJSON,
			"minihost.json": `{"envVersion":"release","version":"1.2.3","plugin":{"appId":"wxp","version":"1.0"},"userInfoPolicy":"anonymous","loginExpiry":"30m"}`}, "", ""},
		{"no project.config.json", map[string]string{"app.json": appJSON}, "project.config.json", ""},
		{"malformed project.config.json", map[string]string{"project.config.json": `{"appid":`, "app.json": appJSON}, "project.config.json", ""},
		{"appid missing", map[string]string{"project.config.json": `{"projectname":"x"}`, "app.json": appJSON}, "project.config.json", "appid"},
		{"appid wrong type", map[string]string{"project.config.json": `{"appid":12}`, "app.json": appJSON}, "project.config.json", "appid"},
		{"appid with slash", map[string]string{"project.config.json": `{"appid":"../x"}`, "app.json": appJSON}, "project.config.json", "appid"},
		{"no app.json", map[string]string{"project.config.json": project}, "app.json", ""},
		{"no pages", map[string]string{"project.config.json": project, "app.json": `{"pages":[]}`}, "app.json", "pages"},
		{"page escapes dir", map[string]string{"project.config.json": project, "app.json": `{"pages":["../etc/passwd"]}`}, "app.json", "pages[0]"},
		{"unknown permission scope", map[string]string{"project.config.json": project, "app.json": `{"pages":["p"],"permission":{"scope.x":{"desc":"d"}}}`}, "app.json", "permission.scope.x"},
		{"permission desc too long", map[string]string{"project.config.json": project, "app.json": `{"pages":["p"],"permission":{"scope.camera":{"desc":"` + strings.Repeat("x", 31) + `"}}}`}, "app.json", "permission.scope.camera.desc"},
		{"bad envVersion", map[string]string{"project.config.json": project, "app.json": appJSON, "minihost.json": `{"envVersion":"beta"}`}, "minihost.json", "envVersion"},
		{"bad userInfoPolicy", map[string]string{"project.config.json": project, "app.json": appJSON, "minihost.json": `{"userInfoPolicy":"some"}`}, "minihost.json", "userInfoPolicy"},
		{"bad loginExpiry", map[string]string{"project.config.json": project, "app.json": appJSON, "minihost.json": `{"loginExpiry":"soon"}`}, "minihost.json", "loginExpiry"},
		{"plugin without appId", map[string]string{"project.config.json": project, "app.json": appJSON, "minihost.json": `{"plugin":{"version":"1"}}`}, "minihost.json", "plugin.appId"},
		{"missing icon", map[string]string{"project.config.json": project, "app.json": appJSON, "minihost.json": `{"icon":"icon.png"}`}, "minihost.json", "icon"},
		{"malformed minihost.json", map[string]string{"project.config.json": project, "app.json": appJSON, "minihost.json": `[`}, "minihost.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, d := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			mp, err := app.LoadMiniProgram(fsys)
			if tt.wantFile == "" {
				if err != nil {
					t.Fatal(err)
				}
				if mp.AppID != "wx0123456789abcdef" || mp.Name != "Shop" {
					t.Fatalf("loaded %+v", mp)
				}
				return
			}
			var fe *app.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err %v, want a FieldError", err)
			}
			if fe.File != tt.wantFile || fe.Field != tt.wantField {
				t.Fatalf("error names %s field %q, want %s field %q (%v)", fe.File, fe.Field, tt.wantFile, tt.wantField, err)
			}
			if !strings.Contains(err.Error(), tt.wantFile) {
				t.Fatalf("message %q does not name the file", err)
			}
		})
	}
}

func TestAccountInfo(t *testing.T) {
	tests := []struct {
		name, minihost, wantEnv, wantVersion string
		plugin                               bool
	}{
		{"default develop", "", "develop", "", false},
		{"trial hides version", `{"envVersion":"trial","version":"1.0.0"}`, "trial", "", false},
		{"release shows version", `{"envVersion":"release","version":"1.0.0"}`, "release", "1.0.0", false},
		{"plugin", `{"plugin":{"appId":"wxp","version":"2.0"}}`, "develop", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			extra := map[string]string{}
			if tt.minihost != "" {
				extra["minihost.json"] = tt.minihost
			}
			th := newTestHost(t, nil, extra)
			r, err := th.AccountInfo(testAppID)
			if err != nil {
				t.Fatal(err)
			}
			mp := r["miniProgram"].(app.Result)
			if mp["appId"] != testAppID || mp["envVersion"] != tt.wantEnv || mp["version"] != tt.wantVersion {
				t.Fatalf("miniProgram %v", mp)
			}
			if _, ok := r["plugin"]; ok != tt.plugin {
				t.Fatalf("plugin present %v, want %v", ok, tt.plugin)
			}
		})
	}
}
