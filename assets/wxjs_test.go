package assets

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// TestWXJSVersion: the minihost-wx package, its sources and the served
// /wx.js carry FyneApp.toml's version, minihost's one version number
// (`make runtime` writes it; this catches a bump without a rebuild).
func TestWXJSVersion(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	want := string(m[1])

	var pkg struct{ Version string }
	b, err := os.ReadFile("wxjs/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("wxjs/src/version.js")
	if err != nil {
		t.Fatal(err)
	}
	inJS := regexp.MustCompile(`version = "([^"]+)"`)
	for name, got := range map[string]string{
		"wxjs/package.json":   pkg.Version,
		"wxjs/src/version.js": first(inJS, src),
		"served /wx.js":       first(inJS, WXJS),
	} {
		if got != want {
			t.Errorf("%s says version %q, FyneApp.toml %q: run make runtime", name, got, want)
		}
	}
}

func first(re *regexp.Regexp, b []byte) string {
	if m := re.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}
