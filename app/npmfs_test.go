package app

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWithNpm(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	project := fstest.MapFS{
		"app.json":                       file(`{"pages":["pages/a/a"]}`),
		"package.json":                   file(`{"dependencies":{"comp":"1","legacy":"1","plain":"1","@scope/ui":"1","lib-only":"1","absent":"1","../escape":"1","..":"1","a/b/c":"1","evil":"1"}}`),
		"node_modules/comp/package.json": file(`{"miniprogram":"dist/","dependencies":{"helper":"1"}}`),
		"node_modules/helper/miniprogram_dist/h.js":    file(`module.exports = 5`),
		"node_modules/comp/dist/index.js":              file(`Component({})`),
		"node_modules/comp/dist/index.wxml":            file(`<view/>`),
		"node_modules/comp/src/index.ts":               file(`source, not shown`),
		"node_modules/legacy/miniprogram_dist/a.js":    file(`module.exports = 1`),
		"node_modules/plain/index.js":                  file(`module.exports = 2`),
		"node_modules/@scope/ui/miniprogram_dist/b.js": file(`module.exports = 3`),
		"node_modules/lib-only/package.json":           file(`{"main":"lib/x.js"}`),
		"node_modules/lib-only/src/x.ts":               file(`not shown`),
		"node_modules/lib-only/lib/x.js":               file(`module.exports = 4`),
		"node_modules/lib-only/lib/index.js":           file(`not the main: the made-up index.js stands for it`),
		"node_modules/evil/package.json":               file(`{"miniprogram":"../comp"}`),
	}
	got, shown, missing := withNpm(project, project)
	if want := []string{"@scope/ui", "comp", "helper", "legacy", "lib-only", "plain"}; !slices.Equal(shown, want) { // helper: comp's dependency
		t.Errorf("shown %q, want %q", shown, want)
	}
	if want := []string{"absent", "evil"}; !slices.Equal(missing, want) {
		t.Errorf("missing %q, want %q", missing, want)
	}
	var walked []string
	err := fs.WalkDir(got, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "node_modules" {
			return fs.SkipDir
		}
		if !d.IsDir() && strings.HasPrefix(p, npmDir+"/") {
			walked = append(walked, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"miniprogram_npm/@scope/ui/b.js", "miniprogram_npm/comp/index.js", "miniprogram_npm/comp/index.wxml", "miniprogram_npm/helper/h.js", "miniprogram_npm/legacy/a.js", "miniprogram_npm/lib-only/index.js", "miniprogram_npm/lib-only/x.js", "miniprogram_npm/plain/index.js"}
	if !slices.Equal(walked, want) {
		t.Errorf("walked %q, want %q", walked, want)
	}
	if data, err := ReadProjectFile(got, "miniprogram_npm/comp/index.js", 1<<20); err != nil || string(data) != "Component({})" {
		t.Errorf("read through miniprogram_npm: %q, %v", data, err)
	}
	// a package whose main is not index.js gets one that requires it
	if data, err := ReadProjectFile(got, "miniprogram_npm/lib-only/index.js", 1<<20); err != nil || string(data) != "module.exports = require('./x.js');\n" {
		t.Errorf("lib-only's index.js: %q, %v", data, err)
	}
	for _, p := range []string{"miniprogram_npm/comp/../../package.json", "miniprogram_npm/comp/src/index.ts", "miniprogram_npm/absent/index.js", "miniprogram_npm/evil/index.js"} {
		if _, err := fs.Stat(got, p); err == nil {
			t.Errorf("%s is there", p)
		}
	}
	if st, err := fs.Stat(got, "miniprogram_npm/@scope"); err != nil || !st.IsDir() {
		t.Errorf("the scope folder: %v, %v", st, err)
	}

	// A project that built its miniprogram_npm/ is left as it is.
	project["miniprogram_npm/comp/index.js"] = file(`built`)
	if got, shown, missing := withNpm(project, project); len(shown)+len(missing) != 0 {
		t.Errorf("with miniprogram_npm/: shown %q, missing %q", shown, missing)
	} else if data, _ := fs.ReadFile(got, "miniprogram_npm/comp/index.js"); string(data) != "built" {
		t.Errorf("with miniprogram_npm/: read %q", data)
	}
}

// TestNpmRelationList: vant's quick start keeps package.json and
// node_modules in the project root and names the mini program folder in
// setting.packNpmRelationList; the packages come from there.
func TestNpmRelationList(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	project := fstest.MapFS{
		"project.config.json": file(`{"appid":"wx0123456789abcdef","miniprogramRoot":"miniprogram/","setting":{"packNpmManually":true,"packNpmRelationList":[{"packageJsonPath":"./package.json","miniprogramNpmDistDir":"./miniprogram/"}]}}`),
		"package.json":        file(`{"dependencies":{"ui":"1"}}`),
		"node_modules/ui/miniprogram_dist/button/index.js": file(`Component({})`),
		"miniprogram/app.json":                             file(`{"pages":["pages/a/a"]}`),
		"miniprogram/pages/a/a.wxml":                       file(`<view/>`),
		"miniprogram/pages/a/a.js":                         file(`Page({})`),
	}
	mp, err := LoadMiniProgram(project)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := fs.ReadFile(mp.Files, "miniprogram_npm/ui/button/index.js"); err != nil || string(data) != "Component({})" {
		t.Errorf("the root's package in the mini program folder: %q, %v", data, err)
	}
	// without the relation, the root's package.json is not the mini program's
	project["project.config.json"] = file(`{"appid":"wx0123456789abcdef","miniprogramRoot":"miniprogram/"}`)
	if mp, err = LoadMiniProgram(project); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(mp.Files, "miniprogram_npm"); err == nil {
		t.Error("a miniprogram_npm/ from the root's package.json without packNpmRelationList")
	}
}
