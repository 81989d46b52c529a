package main

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
		rest    []string
		logged  string
		err     string
	}{
		{name: "the SDK's launch line", args: []string{"auto", "--project", "/p", "--auto-port", "9420"}, port: 9420, rest: []string{"/p"}},
		{name: "with an account", args: []string{"auto", "--project", "/p", "--auto-port", "9420", "--auto-account", "bob"}, port: 9420, persona: "bob", rest: []string{"/p"}},
		{name: "ticket and trust ignored, said so", args: []string{"auto", "--project", "/p", "--auto-port", "1", "--ticket", "T", "--trust-project"}, port: 1, rest: []string{"/p"}, logged: "--ticket ignored"},
		{name: "no project", args: []string{"auto", "--auto-port", "9420"}, err: "--project DIR and --auto-port N are required"},
		{name: "no port", args: []string{"auto", "--project", "/p"}, err: "required"},
		{name: "extra argument", args: []string{"auto", "--project", "/p", "--auto-port", "2", "x"}, err: "unexpected arguments"},
		{name: "unknown flag", args: []string{"auto", "--project", "/p", "--auto-port", "2", "--lang", "zh"}, err: "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			// Host flags come first, as launch({args}) puts them.
			f, rest, err := parseHostFlags(append([]string{"--headless", "--simulator", "auto"}, tc.args...), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if rest[0] != "auto" {
				t.Fatalf("rest %q: the subcommand is not first", rest)
			}
			f, rest, err = autoCommand(f, rest[1:], &stderr)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.autoPort != tc.port || !f.autoLaunched || f.persona != tc.persona || !slices.Equal(rest, tc.rest) || !f.headless {
				t.Errorf("got port %d launched %v persona %q rest %q headless %v", f.autoPort, f.autoLaunched, f.persona, rest, f.headless)
			}
			if !strings.Contains(stderr.String(), tc.logged) {
				t.Errorf("stderr %q, want %q", stderr.String(), tc.logged)
			}
		})
	}
}

func TestAutoPortFlag(t *testing.T) {
	f, rest, err := parseHostFlags([]string{"--auto-port", "9420", "dir"}, io.Discard)
	if err != nil || f.autoPort != 9420 || f.autoLaunched || !slices.Equal(rest, []string{"dir"}) {
		t.Fatalf("--auto-port 9420 dir: %+v %q %v", f, rest, err)
	}
}
