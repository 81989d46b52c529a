package app_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/minihost/minihost/app"
)

// FuzzLoadMiniProgram feeds arbitrary config files to the loader: it must
// either load a mini program that satisfies the loader's own invariants or
// return a FieldError naming one of the project's files.
func FuzzLoadMiniProgram(f *testing.F) {
	for _, dir := range []string{"../assets/demo"} {
		read := func(n string) []byte { b, _ := os.ReadFile(dir + "/" + n); return b }
		f.Add(read("project.config.json"), read("app.json"), read("minihost.json"))
	}
	f.Add([]byte(`{"appid":"wx1"}`), []byte(`{"pages":["p"],"permission":{"scope.camera":{"desc":"d"}}}`), []byte(`{"loginExpiry":"1h"}`))
	f.Add([]byte(`{"appid":"wx1","miniprogramRoot":"mp/"}`), []byte(`{"pages":["w"],"subpackages":[{"root":"pkg","pages":["w"]}],"tabBar":{"list":[{"pagePath":"w"}]},"themeLocation":"theme.json"}`), []byte(``))
	f.Add([]byte(`{"appid":1}`), []byte(`[]`), []byte(`null`))
	f.Fuzz(func(t *testing.T, project, appJSON, minihost []byte) {
		// Pages the fuzzer can name: an HTML page, and a WXML page at the
		// top and in a subpackage, both under a miniprogramRoot "mp" too.
		fsys := fstest.MapFS{
			"project.config.json": {Data: project},
			"app.json":            {Data: appJSON},
			"mp/app.json":         {Data: appJSON},
			"theme.json":          {Data: []byte(`{"light":{}}`)},
		}
		for _, dir := range []string{"", "mp/"} {
			for _, name := range []string{"p.html", "pages/index/index.html", "w.wxml", "w.js", "pkg/w.wxml", "pkg/w.js"} {
				fsys[dir+name] = &fstest.MapFile{}
			}
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
			switch strings.TrimSuffix(fe.File, " (with project.private.config.json)") {
			case "project.config.json", "app.json", "minihost.json":
			default:
				t.Fatalf("error names file %q", fe.File)
			}
			return
		}
		if mp.AppID == "" || len(mp.Pages) == 0 || app.ValidEnvVersion(mp.EnvVersion) != nil || app.ValidUserInfoPolicy(mp.UserInfoPolicy) != nil {
			t.Fatalf("loaded an invalid mini program: %+v", mp)
		}
		if mp.Kind != app.KindWXML && mp.Kind != app.KindHTML || !slices.Contains(mp.Pages, mp.EntryPagePath) {
			t.Fatalf("kind %q, entry page %q of %q", mp.Kind, mp.EntryPagePath, mp.Pages)
		}
		for _, p := range mp.Pages {
			if !fs.ValidPath(p) {
				t.Fatalf("page %q is not a path inside the app", p)
			}
		}
		for scope := range mp.Permission {
			if !app.KnownScope(scope) {
				t.Fatalf("accepted permission %s", scope)
			}
		}
	})
}

// FuzzRedact feeds arbitrary documents to Redact: whatever it returns must be
// JSON in which every secret field's value is "[redacted]", so the fast path
// that skips decoding can never let one through.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		`{"session_key":"k","openid":"o"}`, `{"a":{"secret":"s"},"b":[{"access_token":"t"}]}`,
		`{"scope":"scope.camera"}`, `{"session\u005fkey":"k"}`, "{\"\u017fecret\":\"s\"}",
		`{"Authorization":"Bearer x","nickName":"小明"}`, `not json`, `[{"token":1}]`,
	} {
		f.Add([]byte(s))
	}
	secret := func(k string) bool {
		for _, s := range []string{"session_key", "secret", "access_token", "token", "Authorization"} {
			if strings.EqualFold(k, s) {
				return true
			}
		}
		return false
	}
	var check func(t *testing.T, v any)
	check = func(t *testing.T, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if secret(k) && x != "[redacted]" {
					t.Fatalf("secret field %q kept its value %v", k, x)
				}
				check(t, x)
			}
		case []any:
			for _, x := range v {
				check(t, x)
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		out := app.Redact(raw)
		if len(out) == 0 {
			return
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.UseNumber() // 1E700 is JSON, if no float64
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("Redact returned invalid JSON %q: %v", out, err)
		}
		check(t, v)
	})
}
