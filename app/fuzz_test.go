package app_test

import (
	"errors"
	"os"
	"testing"
	"testing/fstest"

	"minihost/app"
)

// FuzzLoadMiniProgram feeds arbitrary config files to the loader: it must
// either load a mini program that satisfies the loader's own invariants or
// return a FieldError naming one of the three files.
func FuzzLoadMiniProgram(f *testing.F) {
	for _, dir := range []string{"../assets/demo"} {
		read := func(n string) []byte { b, _ := os.ReadFile(dir + "/" + n); return b }
		f.Add(read("project.config.json"), read("app.json"), read("minihost.json"))
	}
	f.Add([]byte(`{"appid":"wx1"}`), []byte(`{"pages":["p"],"permission":{"scope.camera":{"desc":"d"}}}`), []byte(`{"loginExpiry":"1h"}`))
	f.Add([]byte(`{"appid":1}`), []byte(`[]`), []byte(`null`))
	f.Fuzz(func(t *testing.T, project, appJSON, minihost []byte) {
		fsys := fstest.MapFS{
			"project.config.json": {Data: project},
			"app.json":            {Data: appJSON},
		}
		if len(minihost) > 0 {
			fsys["minihost.json"] = &fstest.MapFile{Data: minihost}
		}
		mp, err := app.LoadMiniProgram(fsys)
		if err != nil {
			var fe *app.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FieldError", err)
			}
			switch fe.File {
			case "project.config.json", "app.json", "minihost.json":
			default:
				t.Fatalf("error names file %q", fe.File)
			}
			return
		}
		if mp.AppID == "" || len(mp.Pages) == 0 || app.ValidEnvVersion(mp.EnvVersion) != nil || app.ValidUserInfoPolicy(mp.UserInfoPolicy) != nil {
			t.Fatalf("loaded an invalid mini program: %+v", mp)
		}
		for scope, desc := range mp.Permission {
			if !app.KnownScope(scope) || len([]rune(desc)) > 30 {
				t.Fatalf("accepted permission %s %q", scope, desc)
			}
		}
	})
}
