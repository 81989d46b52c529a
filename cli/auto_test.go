package cli

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestAutoCommand(t *testing.T) {
	tests := []struct {
		name    string
		args    []string // after host flags, "auto" included
		port    int
		persona string
		dirs    []string
		logged  string
		err     string
	}{
		{name: "the SDK's launch line", args: []string{"auto", "--project", "/p", "--auto-port", "9420"}, port: 9420, dirs: []string{"/p"}},
		{name: "with an account", args: []string{"auto", "--project", "/p", "--auto-port", "9420", "--auto-account", "bob"}, port: 9420, persona: "bob", dirs: []string{"/p"}},
		{name: "ticket and trust ignored, said so", args: []string{"auto", "--project", "/p", "--auto-port", "1", "--ticket", "T", "--trust-project"}, port: 1, dirs: []string{"/p"}, logged: "--ticket ignored"},
		{name: "no project", args: []string{"auto", "--auto-port", "9420"}, err: "--project DIR and --auto-port N are required"},
		{name: "no port", args: []string{"auto", "--project", "/p"}, err: "required"},
		{name: "extra argument", args: []string{"auto", "--project", "/p", "--auto-port", "2", "x"}, err: "unexpected arguments"},
		{name: "unknown flag", args: []string{"auto", "--project", "/p", "--auto-port", "2", "--lang", "zh"}, err: "flag provided but not defined"},
		{name: "port out of range", args: []string{"auto", "--project", "/p", "--auto-port", "70000"}, err: "want a port from 1 to 65535"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			// Host flags come first, as launch({args}) puts them.
			a, err := parseHostArgs(append([]string{"--headless", "--simulator", "auto"}, tc.args...), &stderr)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.AutoPort != tc.port || !a.AutoLaunched || a.Persona != tc.persona || !slices.Equal(a.Dirs, tc.dirs) || !a.Headless {
				t.Errorf("got port %d launched %v persona %q dirs %q headless %v", a.AutoPort, a.AutoLaunched, a.Persona, a.Dirs, a.Headless)
			}
			if !strings.Contains(stderr.String(), tc.logged) {
				t.Errorf("stderr %q, want %q", stderr.String(), tc.logged)
			}
		})
	}
}

func TestAutoPortFlag(t *testing.T) {
	a, err := parseHostArgs([]string{"--auto-port", "9420", "dir"}, io.Discard)
	if err != nil || a.AutoPort != 9420 || a.AutoLaunched || !slices.Equal(a.Dirs, []string{"dir"}) {
		t.Fatalf("--auto-port 9420 dir: %+v %v", a, err)
	}
	// Automation asks by default: the script's native() answers prompts.
	if got := a.Policy(false).String(); got != "ask" {
		t.Errorf("policy with --auto-port: %q, want ask", got)
	}
	a.PromptPolicy = "deny"
	if got := a.Policy(false).String(); got != "deny" {
		t.Errorf("an explicit --prompt-policy: %q, want deny", got)
	}
}
