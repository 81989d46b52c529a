package simulator

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestIgnored(t *testing.T) {
	tests := []struct {
		rel  string
		want bool
	}{
		{"app.json", false},
		{"pages/index/index.wxml", false},
		{"miniprogram_npm/a/index.js", false},
		{".git/index", true},
		{"node_modules/x/y.js", true},
		{"pages/.index.wxml.swp", true},
		{"pages/index.wxml~", true},
	}
	for _, tt := range tests {
		if got := ignored(tt.rel); got != tt.want {
			t.Errorf("ignored(%q) = %v", tt.rel, got)
		}
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"pages/a", ".git", "node_modules/x"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	got := make(chan []string, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := Watch(ctx, dir, 50*time.Millisecond, func(c []string) { slices.Sort(c); got <- c }); err != nil {
		t.Fatal(err)
	}
	write := func(p string) {
		if err := os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".git/index")
	write("node_modules/x/i.js")
	write("pages/a/a.wxml")
	write("pages/a/a.wxml") // coalesced with the first
	write("app.json")
	select {
	case c := <-got:
		if want := []string{"app.json", "pages/a/a.wxml"}; !slices.Equal(c, want) {
			t.Errorf("changed = %v, want %v", c, want)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no change reported")
	}
	// A folder made after Watch started is watched too.
	if err := os.MkdirAll(filepath.Join(dir, "pages/b"), 0o755); err != nil {
		t.Fatal(err)
	}
	<-got // the new folder itself
	write("pages/b/b.wxml")
	select {
	case c := <-got:
		if !slices.Contains(c, "pages/b/b.wxml") {
			t.Errorf("changed = %v, want pages/b/b.wxml", c)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("change in a new folder not reported")
	}
}
