package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestVersionComesFromFyneAppTOML(t *testing.T) {
	b := currentBuild()
	if err := b.check(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	want := "minihost " + b.Version + " (build " + b.Build
	if !strings.HasPrefix(out.String(), want) {
		t.Fatalf("minihost version printed %q, want it to start with %q", out.String(), want)
	}
}
