package app_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
)

// mapFS makes a MapFS of file texts.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	return fsys
}

func TestLoadMiniProgram(t *testing.T) {
	const project = `{"appid":"wx0123456789abcdef","projectname":"Shop"}`
	const appJSON = `{"pages":["pages/index/index"]}`
	const page = "pages/index/index.html"
	tests := []struct {
		name      string
		files     map[string]string
		wantFile  string // "" = success
		wantField string
	}{
		{"minimal", map[string]string{"project.config.json": project, "app.json": appJSON, page: ""}, "", ""},
		{"full minihost.json", map[string]string{"project.config.json": project, "app.json": appJSON, page: "",
			"minihost.json": `{"envVersion":"release","version":"1.2.3","plugin":{"appId":"wxp","version":"1.0"},"userInfoPolicy":"anonymous","loginExpiry":"30m"}`}, "", ""},
		{"no project.config.json and no folder", map[string]string{"app.json": appJSON, page: ""}, "project.config.json", "appid"},
		{"malformed project.config.json", map[string]string{"project.config.json": `{"appid":`, "app.json": appJSON, page: ""}, "project.config.json", ""},
		{"malformed project.private.config.json", map[string]string{"project.config.json": project, "project.private.config.json": `{`, "app.json": appJSON, page: ""}, "project.private.config.json", ""},
		{"appid missing", map[string]string{"project.config.json": `{"projectname":"x"}`, "app.json": appJSON, page: ""}, "project.config.json", "appid"},
		{"appid wrong type", map[string]string{"project.config.json": `{"appid":12}`, "app.json": appJSON, page: ""}, "project.config.json", "appid"},
		{"appid with slash", map[string]string{"project.config.json": `{"appid":"../x"}`, "app.json": appJSON, page: ""}, "project.config.json", "appid"},
		{"miniprogramRoot escapes", map[string]string{"project.config.json": `{"appid":"wx1","miniprogramRoot":"../x/"}`, "app.json": appJSON, page: ""}, "project.config.json", "miniprogramRoot"},
		{"no app.json", map[string]string{"project.config.json": project}, "app.json", ""},
		{"app.json not JSON", map[string]string{"project.config.json": project, "app.json": `{"pages":[`}, "app.json", ""},
		{"app.json null", map[string]string{"project.config.json": project, "app.json": `null`}, "app.json", ""},
		{"no pages", map[string]string{"project.config.json": project, "app.json": `{"pages":[]}`}, "app.json", "pages"},
		{"page escapes dir", map[string]string{"project.config.json": project, "app.json": `{"pages":["../etc/passwd"]}`}, "app.json", "pages[0]"},
		{"page without files", map[string]string{"project.config.json": project, "app.json": `{"pages":["pages/index/index","pages/b/b"]}`, page: ""}, "app.json", "pages[1]"},
		{"wxml page without js", map[string]string{"project.config.json": project, "app.json": `{"pages":["a","b"]}`, "a.wxml": "", "a.js": "", "b.wxml": ""}, "app.json", "pages[1]"},
		{"subpackage page without files", map[string]string{"project.config.json": project, "app.json": `{"pages":["a"],"subPackages":[{"root":"pkg/","pages":["x/x"]}]}`, "a.wxml": "", "a.js": ""}, "app.json", "subPackages[0].pages[0]"},
		{"subpackage root escapes", map[string]string{"project.config.json": project, "app.json": `{"pages":["a"],"subpackages":[{"root":"../up","pages":["x"]}]}`, "a.html": ""}, "app.json", "subpackages[0].root"},
		{"bad envVersion", map[string]string{"project.config.json": project, "app.json": appJSON, page: "", "minihost.json": `{"envVersion":"beta"}`}, "minihost.json", "envVersion"},
		{"bad userInfoPolicy", map[string]string{"project.config.json": project, "app.json": appJSON, page: "", "minihost.json": `{"userInfoPolicy":"some"}`}, "minihost.json", "userInfoPolicy"},
		{"bad loginExpiry", map[string]string{"project.config.json": project, "app.json": appJSON, page: "", "minihost.json": `{"loginExpiry":"soon"}`}, "minihost.json", "loginExpiry"},
		{"plugin without appId", map[string]string{"project.config.json": project, "app.json": appJSON, page: "", "minihost.json": `{"plugin":{"version":"1"}}`}, "minihost.json", "plugin.appId"},
		{"missing icon", map[string]string{"project.config.json": project, "app.json": appJSON, page: "", "minihost.json": `{"icon":"icon.png"}`}, "minihost.json", "icon"},
		{"malformed minihost.json", map[string]string{"project.config.json": project, "app.json": appJSON, page: "", "minihost.json": `[`}, "minihost.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp, err := app.LoadMiniProgram(mapFS(tt.files))
			if tt.wantFile == "" {
				if err != nil {
					t.Fatal(err)
				}
				if mp.AppID != "wx0123456789abcdef" || mp.Name != "Shop" || mp.Kind != app.KindHTML {
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

// TestLoadProjectLayout loads projects laid out as real ones are: a project
// root naming miniprogramRoot, private config overrides, subpackages, tabBar.
func TestLoadProjectLayout(t *testing.T) {
	fsys := mapFS(map[string]string{
		"project.config.json": `{"appid":"wxshop0000000001","projectname":"Shop","miniprogramRoot":"miniprogram/",
			"setting":{"urlCheck":true,"es6":true}}`,
		"project.private.config.json": `{"projectname":"Shop (mine)","setting":{"urlCheck":false}}`,
		"minihost.json":               `{"envVersion":"trial"}`,
		"miniprogram/app.json": `{"pages":["pages/index/index","pages/logs/logs"],"entryPagePath":"pages/logs/logs",
			"subpackages":[{"root":"packageA/","pages":["pages/cat/cat"]}],
			"subPackages":[{"root":"packageB","pages":["pages/dog/dog"],"independent":true}],
			"tabBar":{"list":[{"pagePath":"pages/index/index"},{"pagePath":"pages/logs/logs"}]},
			"themeLocation":"theme.json","darkmode":true}`,
		"miniprogram/theme.json": `{"light":{"bg":"#fff"},"dark":{"bg":"#000"}}`,
	})
	for _, p := range []string{"pages/index/index", "pages/logs/logs", "packageA/pages/cat/cat", "packageB/pages/dog/dog"} {
		fsys["miniprogram/"+p+".wxml"] = &fstest.MapFile{Data: []byte("<view/>")}
		fsys["miniprogram/"+p+".js"] = &fstest.MapFile{Data: []byte("Page({})")}
	}
	mp, err := app.LoadMiniProgram(fsys)
	if err != nil {
		t.Fatal(err)
	}
	wantPages := []string{"pages/index/index", "pages/logs/logs", "packageA/pages/cat/cat", "packageB/pages/dog/dog"}
	switch {
	case mp.Kind != app.KindWXML:
		t.Errorf("kind %q, want wxml", mp.Kind)
	case !slices.Equal(mp.Pages, wantPages):
		t.Errorf("pages %q, want %q", mp.Pages, wantPages)
	case mp.EntryPagePath != "pages/logs/logs":
		t.Errorf("entryPagePath %q", mp.EntryPagePath)
	case !slices.Equal(mp.TabBarPages, []string{"pages/index/index", "pages/logs/logs"}):
		t.Errorf("tabBar pages %q", mp.TabBarPages)
	case mp.ThemeLocation != "theme.json":
		t.Errorf("themeLocation %q", mp.ThemeLocation)
	case mp.Name != "Shop (mine)" || mp.URLCheck() || mp.Setting["es6"] != true:
		t.Errorf("private config not merged as the IDE does: name %q setting %v", mp.Name, mp.Setting)
	case mp.EnvVersion != "trial":
		t.Errorf("minihost.json beside project.config.json not read: envVersion %q", mp.EnvVersion)
	case len(mp.Warnings) != 0:
		t.Errorf("warnings for a clean project: %v", mp.Warnings)
	}
	if _, err := fs.Stat(mp.Files, "app.json"); err != nil {
		t.Errorf("Files is not the mini program folder: %v", err)
	}
}

// TestLoadWarnings: what real projects do beyond the documented limits
// loads, with a warning naming the file.
func TestLoadWarnings(t *testing.T) {
	desc66 := strings.Repeat("位", 66)
	fsys := mapFS(map[string]string{
		"project.config.json": `{"appid":"wx0123456789abcdef"}`,
		"app.json": `{"pages":["a"],"sitemapLocation":"sitemap.json","workers":"workers","plugins":{},
			"lazyCodeLoading":"requiredComponents","myOwnKey":1,"entryPagePath":"nowhere",
			"tabBar":{"list":[{"pagePath":"b"}]},"darkmode":true,
			"permission":{"scope.userLocation":{"desc":"` + desc66 + `","desc-en":"x"},"scope.unheard":{"desc":"d"}}}`,
		"a.html": "",
	})
	mp, err := app.LoadMiniProgram(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range mp.Warnings {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"app.json: sitemapLocation:", "app.json: plugins:",
		`app.json: unknown key "myOwnKey"`, `app.json: entryPagePath "nowhere" is not a page`,
		`app.json: tabBar.list[0].pagePath "b" is not in pages`, "app.json: darkmode is true but no themeLocation",
		"app.json: permission.scope.userLocation.desc: 66 characters, at most 30",
		"app.json: permission.scope.unheard: unknown scope",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in\n%s", want, all)
		}
	}
	if strings.Contains(all, "workers") || strings.Contains(all, "lazyCodeLoading") {
		t.Errorf("workers (wx.createWorker runs them) or lazyCodeLoading (the runtime honours it) was warned about:\n%s", all)
	}
	if mp.Permission["scope.userLocation"] != desc66 || mp.EntryPagePath != "a" {
		t.Errorf("long desc not kept (%q) or entry page %q", mp.Permission["scope.userLocation"], mp.EntryPagePath)
	}
	if _, ok := mp.Permission["scope.unheard"]; ok {
		t.Error("an unknown scope was kept")
	}
}

// TestPreloadRuleWarnings: what of preloadRule the runtime cannot follow is
// a warning naming the rule; a well-formed rule is not warned about, and a
// preloadRule of the wrong shape does not stop the project from loading.
func TestPreloadRuleWarnings(t *testing.T) {
	for _, tc := range []struct {
		name, rule string
		want       []string // warnings, in order
	}{
		{"follows", `{"pages/a":{"network":"all","packages":["sub","promo","__APP__"]},"/pages/a":{"packages":["/sub/"]}}`, nil},
		{"not an object", `["pages/a"]`, []string{`app.json: preloadRule: want an object of page paths (ignored)`}},
		{"bad rule", `{"pages/a":{"packages":"sub"},"pages/b":{"network":1,"packages":["sub"]},"pages/c":{"packages":["sub",7]}}`, []string{
			`app.json: preloadRule["pages/a"]: want {"network": "wifi" or "all", "packages": [names]} (ignored)`,
			`app.json: preloadRule["pages/b"]: want`, `app.json: preloadRule["pages/c"]: want`,
		}},
		{"no such page, network, package", `{"pages/zz":{"network":"4g","packages":["sub","nope"]}}`, []string{
			`app.json: preloadRule["pages/zz"]: not a page of the app (ignored)`,
			`app.json: preloadRule["pages/zz"].network "4g": want "wifi" or "all" (taken as "wifi")`,
			`app.json: preloadRule["pages/zz"]: package "nope" is not a subpackage's root or name (ignored)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := mapFS(map[string]string{
				"project.config.json": `{"appid":"wx0123456789abcdef"}`,
				"app.json": `{"pages":["pages/a"],"subpackages":[{"root":"sub","pages":["b"]},{"root":"pro","name":"promo","pages":["c"]}],
					"preloadRule":` + tc.rule + `}`,
				"pages/a.html": "", "sub/b.html": "", "pro/c.html": "",
			})
			mp, err := app.LoadMiniProgram(fsys)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range mp.Warnings {
				if s := w.String(); strings.Contains(s, "preloadRule") {
					got = append(got, s)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("warnings:\n%s\nwant %d", strings.Join(got, "\n"), len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("warning %d: %q, want it to start %q", i, got[i], w)
				}
			}
		})
	}
}

// TestTestAppID: a folder without an appid (or with the IDE's tourist one)
// gets a stable appid from its path, with a warning; the embedded demo keeps its own.
func TestTestAppID(t *testing.T) {
	for _, config := range []string{"", `{"appid":""}`, `{"appid":"touristappid"}`} {
		dir := t.TempDir()
		if config != "" {
			os.WriteFile(filepath.Join(dir, "project.config.json"), []byte(config), 0o644)
		}
		os.WriteFile(filepath.Join(dir, "app.json"), []byte(`{"pages":["a"]}`), 0o644)
		os.WriteFile(filepath.Join(dir, "a.html"), nil, 0o644)
		mp, err := app.LoadMiniProgramDir(t.Context(), dir)
		if err != nil {
			t.Fatal(err)
		}
		again, err := app.LoadMiniProgramDir(t.Context(), dir+"/")
		if err != nil {
			t.Fatal(err)
		}
		other := app.TestAppID(t.TempDir())
		if len(mp.AppID) != 18 || !strings.HasPrefix(mp.AppID, "wx") || mp.AppID != again.AppID || mp.AppID == other {
			t.Errorf("%s: appid %q, again %q, another folder %q", config, mp.AppID, again.AppID, other)
		}
		if mp.Name != filepath.Base(dir) {
			t.Errorf("name %q, want the folder's", mp.Name)
		}
		if len(mp.Warnings) != 1 || !strings.Contains(mp.Warnings[0].Message, mp.AppID) {
			t.Errorf("%s: warnings %v", config, mp.Warnings)
		}
	}
}

// TestLoadHostileFiles: a FIFO, a device or a huge file where a config or
// the icon should be is refused with an error naming it, without blocking
// or reading it (issue 13 point 3). Each case runs under a deadline.
func TestLoadHostileFiles(t *testing.T) {
	writeProject := func(t *testing.T) string {
		dir := t.TempDir()
		for name, body := range map[string]string{
			"project.config.json": `{"appid":"wxhostile00000001"}`, "app.json": `{"pages":["a"]}`, "a.html": "",
			"minihost.json": `{"icon":"icon.png"}`,
		} {
			os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
		}
		return dir
	}
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		wantErr string
	}{
		{"FIFO app.json", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "app.json"))
			if err := syscall.Mkfifo(filepath.Join(dir, "app.json"), 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
		}, "app.json: app.json: not a regular file"},
		{"FIFO app.json under miniprogramRoot", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "project.config.json"), []byte(`{"appid":"wxhostile00000001","miniprogramRoot":"mp/"}`), 0o644)
			os.Mkdir(filepath.Join(dir, "mp"), 0o755)
			if err := syscall.Mkfifo(filepath.Join(dir, "mp/app.json"), 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
		}, "app.json: app.json: not a regular file"},
		{"FIFO project.private.config.json", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "project.private.config.json"), 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
		}, "project.private.config.json: not a regular file"},
		{"FIFO icon", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "icon.png"), 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
		}, "not a regular file"},
		{"50 MB icon", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "icon.png"), make([]byte, 50<<20), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "52428800 bytes, at most 1048576"},
		{"icon linked to /dev/zero", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "icon.png")); err != nil {
				t.Fatal(err)
			}
		}, `field "icon"`},
		{"icon linked out of the folder", func(t *testing.T, dir string) {
			secret := filepath.Join(t.TempDir(), "secret.png")
			os.WriteFile(secret, []byte("secret"), 0o600)
			if err := os.Symlink(secret, filepath.Join(dir, "icon.png")); err != nil {
				t.Fatal(err)
			}
		}, "escapes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeProject(t)
			tt.setup(t, dir)
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			done := make(chan error, 1)
			go func() { _, err := app.LoadMiniProgramDir(ctx, dir); done <- err }()
			select {
			case err := <-done:
				if err == nil || !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want ErrInvalid with %q", err, tt.wantErr)
				}
				if errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("refused only by the deadline: %v", err)
				}
			case <-time.After(8 * time.Second):
				t.Fatal("loading hung")
			}
		})
	}
}

// TestReadProjectFileDevice: a device inside the folder is refused before
// it is opened (MapFS stands in: making a device node needs privileges).
func TestReadProjectFileDevice(t *testing.T) {
	fsys := fstest.MapFS{"zero": {Mode: fs.ModeDevice | fs.ModeCharDevice}, "ok": {Data: []byte("x")}}
	if _, err := app.ReadProjectFile(fsys, "zero", 10); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("device: %v", err)
	}
	if b, err := app.ReadProjectFile(fsys, "ok", 1); err != nil || string(b) != "x" {
		t.Errorf("ok: %q %v", b, err)
	}
	if _, err := app.ReadProjectFile(fsys, "ok", 0); err == nil {
		t.Error("a file over the limit was read")
	}
}

// slowFS answers Stat and Open only after a delay, as a stuck disk would.
type slowFS struct {
	fstest.MapFS
	delay time.Duration
}

func (s slowFS) Open(name string) (fs.File, error) {
	time.Sleep(s.delay)
	return s.MapFS.Open(name)
}

// TestLoadDeadline: loading from a disk that does not answer gives up when
// the context ends instead of hanging the caller.
func TestLoadDeadline(t *testing.T) {
	fsys := slowFS{mapFS(map[string]string{"project.config.json": `{"appid":"wx1"}`, "app.json": `{"pages":["a"]}`, "a.html": ""}), time.Hour}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := app.LoadProject(ctx, fsys, "")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %s, want a deadline error at once", err, time.Since(start))
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
