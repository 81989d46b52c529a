package main

import (
	"strings"
	"testing"
)

func TestCrashText(t *testing.T) {
	var long []string
	for i := range 40 {
		long = append(long, "line "+string(rune('a'+i%26)))
	}
	for _, tt := range []struct {
		name, out, first, last string
	}{
		{"panic after log lines", "minihost: app x\nminihost: headless\npanic: runtime error: nil map\n\ngoroutine 1 [running]:\nmain.main()", "panic: runtime error: nil map", "main.main()"},
		{"fatal error", "a\nfatal error: concurrent map writes\ngoroutine 7", "fatal error: concurrent map writes", "goroutine 7"},
		{"a signal from C", "x\nSIGSEGV: segmentation violation\nPC=0x0", "SIGSEGV: segmentation violation", "PC=0x0"},
		{"no crash: the last 20 lines", strings.Join(long, "\n"), long[20], long[39]},
	} {
		got := strings.Split(crashText(tt.out), "\n")
		if got[0] != tt.first || got[len(got)-1] != tt.last || len(got) > 30 {
			t.Errorf("%s: %d lines from %q to %q, want %q to %q", tt.name, len(got), got[0], got[len(got)-1], tt.first, tt.last)
		}
	}
}
