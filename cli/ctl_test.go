package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args    []string
		wantPos []string
		wantAPI string
		times   int
	}{
		{[]string{"faults", "add", "login"}, []string{"faults", "add", "login"}, "", 1},
		{[]string{"faults", "add", "server.token", "--errcode", "-1", "--times", "3"}, []string{"faults", "add", "server.token"}, "", 3},
		{[]string{"--api", "login", "calls"}, []string{"calls"}, "login", 1},
		{[]string{"calls", "--api=login", "--", "--literal"}, []string{"calls", "--literal"}, "login", 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := ctlAllFlags(ctlCommands(), io.Discard)
			pos, err := parseInterspersed(fs, tt.args)
			api, times := fs.Lookup("api").Value.String(), fs.Lookup("times").Value.String()
			if err != nil || !slices.Equal(pos, tt.wantPos) || api != tt.wantAPI || times != strconv.Itoa(tt.times) {
				t.Fatalf("got %v api=%q times=%s err=%v; want %v api=%q times=%d", pos, api, times, err, tt.wantPos, tt.wantAPI, tt.times)
			}
		})
	}
	if _, err := parseInterspersed(ctlAllFlags(ctlCommands(), io.Discard), []string{"calls", "--nope"}); err == nil {
		t.Fatal("an unknown flag was accepted")
	}
}

func TestScopeArgs(t *testing.T) {
	got, err := scopeArgs([]string{"scope.camera=on", "scope.record=off", "scope.werun=true"})
	if err != nil || !got["scope.camera"] || got["scope.record"] || !got["scope.werun"] {
		t.Fatalf("scopeArgs = %v, %v", got, err)
	}
	for _, bad := range []string{"scope.camera", "scope.camera=maybe", "=on"} {
		if _, err := scopeArgs([]string{bad}); err == nil {
			t.Errorf("scopeArgs(%q) accepted", bad)
		}
	}
}

func TestPromptPolicyFlag(t *testing.T) {
	tests := []struct {
		flag   string
		window bool
		want   string
		ok     bool
	}{
		{"", false, "allow", true},
		{"", true, "ask", true},
		{"deny", true, "deny", true},
		{"after:3s", false, "after:3s", true},
		{"sometimes", false, "", false},
	}
	for _, tt := range tests {
		p, err := promptPolicy(tt.flag, tt.window)
		if (err == nil) != tt.ok || (tt.ok && p.String() != tt.want) {
			t.Errorf("promptPolicy(%q, %v) = %s, %v; want %s", tt.flag, tt.window, p, err, tt.want)
		}
	}
}

func TestCtlUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "missing command"},
		{[]string{"bogus"}, `unknown command "bogus"`},
		{[]string{"personas", "frobnicate"}, `unknown subcommand "frobnicate"`},
		{[]string{"personas", "list", "--errcode", "3"}, "--errcode does not apply here"},
		{[]string{"token", "--data-dir", "/nonexistent-minihost-dir"}, "control token"},
		{[]string{"status", "--data-dir", "/nonexistent-minihost-dir"}, "no minihost is running with data dir /nonexistent-minihost-dir"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runCtl(context.Background(), tt.args, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("runCtl(%v) = %v, want %q", tt.args, err, tt.want)
			}
		})
	}
}

// ctl finds the command words with one FlagSet holding every verb's flags,
// so a flag name must take the same kind of value wherever it is defined:
// else a value would be read as a command word, or a word as a value.
func TestCtlFlagsOneKindPerName(t *testing.T) {
	kinds := map[string]string{}
	var g ctlGlobal
	global := flag.NewFlagSet("", flag.ContinueOnError)
	g.bind(global)
	global.VisitAll(func(f *flag.Flag) { kinds[f.Name] = fmt.Sprintf("%T", f.Value) })
	for _, c := range ctlCommands() {
		for _, v := range c.verbs {
			fs := flag.NewFlagSet("", flag.ContinueOnError)
			v.bind(fs)
			fs.VisitAll(func(f *flag.Flag) {
				if global.Lookup(f.Name) != nil {
					t.Errorf("ctl %s %s defines the global flag --%s again", c.name, v.name, f.Name)
				}
				kind := fmt.Sprintf("%T", f.Value)
				if k, ok := kinds[f.Name]; ok && k != kind {
					t.Errorf("ctl %s %s: --%s is a %s, elsewhere a %s", c.name, v.name, f.Name, kind, k)
				}
				kinds[f.Name] = kind
			})
		}
	}
}

// The usage is made from the command tables: every command is in it.
func TestUsageListsEveryCommand(t *testing.T) {
	var out bytes.Buffer
	if err := runCtl(context.Background(), []string{"-h"}, io.Discard, &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range ctlCommands() {
		if !strings.Contains(out.String(), "\n  "+c.name) {
			t.Errorf("ctl -h does not list %s:\n%s", c.name, out.String())
		}
		for _, v := range c.verbs {
			fs := flag.NewFlagSet("", flag.ContinueOnError)
			v.bind(fs)
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(out.String(), "\n  -"+f.Name+" ") && !strings.Contains(out.String(), "\n  -"+f.Name+"\n") {
					t.Errorf("ctl -h does not describe --%s (of %s %s)", f.Name, c.name, v.name)
				}
			})
		}
	}
	out.Reset()
	if err := Run(context.Background(), []string{"-h"}, Options{Stdout: io.Discard, Stderr: &out}); err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if !strings.Contains(out.String(), "minihost "+c.usage+"\n") {
			t.Errorf("minihost -h lacks %q:\n%s", "minihost "+c.usage, out.String())
		}
	}
}
