package main

import (
	"image/png"
	"os"
	"regexp"
	"testing"

	"github.com/minihost/minihost/ui"
)

// FyneApp.toml is read by `fyne package` for the installed package and by
// minihost itself; these keep it consistent with the code and the assets.
func TestFyneAppTOML(t *testing.T) {
	field := func(name string) string {
		m := regexp.MustCompile(`(?m)^\s*` + name + `\s*=\s*"?([^"\n]*)"?\s*$`).FindStringSubmatch(fyneAppTOML)
		if m == nil {
			return ""
		}
		return m[1]
	}
	tests := []struct {
		field, want string
		why         string
	}{
		{"ID", ui.AppID, "the app ID names Fyne's preferences directory and the .desktop file; ui.AppID must be the same"},
		{"Name", "minihost", "the binary, the tarball and the .desktop Name"},
		{"Icon", "assets/icon.png", "the real icon drawn by assets/icon.sh"},
	}
	for _, tt := range tests {
		if got := field(tt.field); got != tt.want {
			t.Errorf("FyneApp.toml %s = %q, want %q (%s)", tt.field, got, tt.want, tt.why)
		}
	}
	if v := currentBuild().Version; !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Errorf("FyneApp.toml Version = %q, want x.y.z (fyne package accepts nothing else)", v)
	}

	f, err := os.Open(field("Icon"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("icon: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon is %dx%d, want 512x512 (fyne package's largest size)", cfg.Width, cfg.Height)
	}
}
