package app_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
)

func TestOriginLabel(t *testing.T) {
	hashed := func(l string) bool { return strings.HasPrefix(l, "a-") && len(l) == 18 }
	tests := []struct {
		appID string
		want  string            // "" when a hashed label is expected
		check func(string) bool // extra check of a hashed label
	}{
		{"wx0123456789abcdef", "wx0123456789abcdef", nil},
		{"WX0123456789ABCDEF", "wx0123456789abcdef", nil},
		{"my-app", "my-app", nil},
		{"a", "a", nil},
		{"wx_under", "", hashed},
		{"-lead", "", hashed},
		{"trail-", "", hashed},
		{strings.Repeat("x", 64), "", hashed}, // a label has at most 63 characters
		{strings.Repeat("x", 63), strings.Repeat("x", 63), nil},
	}
	for _, tt := range tests {
		got := app.OriginLabel(tt.appID)
		if tt.want != "" && got != tt.want {
			t.Errorf("OriginLabel(%q) = %q, want %q", tt.appID, got, tt.want)
		}
		if tt.check != nil && !tt.check(got) {
			t.Errorf("OriginLabel(%q) = %q, want a-<16 hex>", tt.appID, got)
		}
		if again := app.OriginLabel(tt.appID); again != got {
			t.Errorf("OriginLabel(%q) not stable: %q then %q", tt.appID, got, again)
		}
	}
	if app.OriginLabel("wx_a") == app.OriginLabel("wx_b") {
		t.Error("two appids share a hashed label")
	}
	for base, want := range map[string]string{
		"http://127.0.0.1:7878": "http://wxabc.localhost:7878",
		"http://localhost:80":   "http://wxabc.localhost:80",
		"http://[::1]:9":        "http://wxabc.localhost:9",
		"http://127.0.0.1":      "http://wxabc.localhost",
		"":                      "",
	} {
		if got := app.OriginURL(base, "WXabc"); got != want {
			t.Errorf("OriginURL(%q) = %q, want %q", base, got, want)
		}
	}
}

// TestLoadRefusesSharedOrigin: two appids with one origin label cannot both
// be loaded (they would share storage and each other's pages).
func TestLoadRefusesSharedOrigin(t *testing.T) {
	th := newTestHost(t, nil, nil)
	upper := strings.ToUpper(testAppID)
	mp, err := app.LoadMiniProgram(fstest.MapFS{
		"project.config.json": {Data: []byte(`{"appid":"` + upper + `"}`)},
		"app.json":            {Data: []byte(`{"pages":["p"]}`)},
		"p.html":              {Data: []byte(`<!doctype html>`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = th.Load(context.Background(), mp)
	if !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "is already app "+testAppID+"'s") {
		t.Fatalf("Load of %s beside %s: %v", upper, testAppID, err)
	}
	if _, ok := th.App(upper); ok {
		t.Fatal("the second app was loaded")
	}
	if a, ok := th.AppByLabel(app.OriginLabel(testAppID)); !ok || a.AppID != testAppID {
		t.Fatalf("AppByLabel: %v %v", a.AppID, ok)
	}
	// Loading the same app again is a reload, not a clash.
	if err := th.Load(context.Background(), testMiniProgram(t, nil)); err != nil {
		t.Fatalf("reload: %v", err)
	}
}

// TestLoadMiniProgramDirStaysInside: the Files of a directory loaded from
// disk do not lead out of it, by "..", a link or a linked folder, and never
// block on a FIFO.
func TestLoadMiniProgramDirStaysInside(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write := func(p, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "project.config.json"), `{"appid":"wxdir"}`)
	write(filepath.Join(dir, "app.json"), `{"pages":["pages/a/a"]}`)
	write(filepath.Join(dir, "pages/a/a.js"), `Page({})`)
	write(filepath.Join(dir, "pages/a/a.wxml"), `<view/>`)
	write(filepath.Join(outside, "secret.txt"), "SECRET")
	for _, err := range []error{
		os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "t.txt")),
		os.Symlink(outside, filepath.Join(dir, "linked")),
		os.Symlink("a.js", filepath.Join(dir, "pages/a/alias.js")),
		syscall.Mkfifo(filepath.Join(dir, "pages/a/pipe.wxml"), 0o644),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		mp, err := app.LoadMiniProgramDir(t.Context(), dir)
		if err != nil {
			t.Error(err)
			return
		}
		for _, name := range []string{"t.txt", "linked/secret.txt", "pages/../../" + filepath.Base(outside) + "/secret.txt", "pages/a/pipe.wxml"} {
			if data, err := fs.ReadFile(mp.Files, name); err == nil {
				t.Errorf("read %s: %q, want an error", name, data)
			}
			if f, err := mp.Files.Open(name); err == nil {
				f.Close()
				t.Errorf("open %s: want an error", name)
			}
		}
		if st, err := fs.Stat(mp.Files, "pages/a/pipe.wxml"); err != nil || st.Mode().IsRegular() {
			t.Errorf("stat of the FIFO: %v %v", st, err)
		}
		for name, want := range map[string]string{"pages/a/a.js": "Page({})", "pages/a/alias.js": "Page({})"} {
			if data, err := fs.ReadFile(mp.Files, name); err != nil || string(data) != want {
				t.Errorf("read %s: %q %v", name, data, err)
			}
		}
		if ents, err := fs.ReadDir(mp.Files, "pages/a"); err != nil || len(ents) != 4 {
			t.Errorf("ReadDir pages/a: %v %v", ents, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("blocked (on the FIFO?)")
	}
}

// TestLoadMiniProgramDirFIFO: a FIFO named app.json fails the load at once.
func TestLoadMiniProgramDirFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "project.config.json"), []byte(`{"appid":"wxfifo"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "app.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := app.LoadMiniProgramDir(t.Context(), dir); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "app.json") || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("load: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("load blocked on the FIFO")
	}
}
