package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

// TestLoadMiniProgramArg: `minihost DIR` takes a project root naming
// miniprogramRoot, given as a relative path, and prints the loader's
// warnings as `minihost: warning:` lines.
func TestLoadMiniProgramArg(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"project.config.json":                `{"appid":"touristappid","miniprogramRoot":"miniprogram/"}`,
		"miniprogram/app.json":               `{"pages":["pages/index/index"],"permission":{"scope.userLocation":{"desc":"` + strings.Repeat("x", 66) + `"}}}`,
		"miniprogram/pages/index/index.wxml": `<view>hi</view>`,
		"miniprogram/pages/index/index.js":   `Page({})`,
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Dir(dir))
	mp, err := loadMiniProgram(t.Context(), []string{filepath.Base(dir)})
	if err != nil {
		t.Fatal(err)
	}
	if mp.Kind != app.KindWXML || mp.AppID != app.TestAppID(dir) || mp.Dir != dir {
		t.Fatalf("kind %q appid %q dir %q", mp.Kind, mp.AppID, mp.Dir)
	}
	var out bytes.Buffer
	printLoadWarnings(&out, mp)
	for _, want := range []string{
		"minihost: warning: project.config.json: appid \"touristappid\" is the IDE's tourist appid; using the test appid " + mp.AppID,
		"minihost: warning: app.json: permission.scope.userLocation.desc: 66 characters, at most 30\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	if _, err := loadMiniProgram(t.Context(), []string{filepath.Join(dir, "miniprogram/pages")}); err == nil || !strings.Contains(err.Error(), "app.json") {
		t.Errorf("a folder without app.json: %v", err)
	}
	if mp, err := loadMiniProgram(t.Context(), nil); err != nil || mp.AppID != "wx6d696e69686f7374" {
		t.Errorf("embedded demo: %v", err)
	} else if len(mp.Warnings) > 0 {
		t.Errorf("the embedded demo, a newcomer's first project, loads with warnings: %v", mp.Warnings)
	}
}
