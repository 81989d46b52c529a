package main

import (
	_ "embed"
	"fmt"
	"regexp"
	"runtime/debug"

	"github.com/minihost/minihost/ui"
)

// FyneApp.toml is the one source of the version: `fyne package` reads it for
// the installed package, and minihost embeds it for `minihost version` and
// the window's About.
//
//go:embed FyneApp.toml
var fyneAppTOML string

var (
	reVersion = regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`)
	reBuild   = regexp.MustCompile(`(?m)^\s*Build\s*=\s*(\d+)`)
)

// buildInfo is the version of this binary.
type buildInfo struct {
	Version string // from FyneApp.toml, e.g. "0.1.0"
	Build   string // FyneApp.toml build number
	Commit  string // VCS revision the binary was built from, when known
	Dirty   bool
}

func currentBuild() buildInfo {
	var b buildInfo
	if m := reVersion.FindStringSubmatch(fyneAppTOML); m != nil {
		b.Version = m[1]
	}
	if m := reBuild.FindStringSubmatch(fyneAppTOML); m != nil {
		b.Build = m[1]
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.modified":
				b.Dirty = s.Value == "true"
			}
		}
	}
	return b
}

// String is what `minihost version` prints: "0.1.0 (build 1, commit 0123abcd4567)".
func (b buildInfo) String() string {
	s := b.Version + " (build " + b.Build
	if b.Commit != "" {
		c := b.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += ", commit " + c
		if b.Dirty {
			s += "+dirty"
		}
	}
	return s + ")"
}

// ui is the build as the window's About shows it.
func (b buildInfo) ui() ui.Build {
	return ui.Build{Version: b.Version, Number: b.Build, Commit: b.Commit, Dirty: b.Dirty}
}

func (b buildInfo) check() error {
	if b.Version == "" || b.Build == "" {
		return fmt.Errorf("FyneApp.toml lacks Version or Build")
	}
	return nil
}
