// Command minihost stands in for a mini program's host client on a
// developer's desktop: it loads a mini program, serves the wx open interfaces
// to it on localhost, and emulates the WeChat server for its backend.
//
//	minihost [flags] [MINIPROGRAM_DIR]   run the host (the embedded demo without a directory)
//	minihost apps [--data-dir DIR]       list apps, AppSecrets and tokens
//	minihost ctl [flags] COMMAND ...     drive a running minihost
//	minihost run SCENARIO.yaml ...       run scenario files against it
//	minihost version                     print the version
//
// The commands live in package cli; this package wires: it assembles the
// host (host.go, gui.go, simulator.go, datadir.go) and hands it to cli.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/minihost/minihost/cli"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "minihost:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return cli.Run(ctx, args, cli.Options{Stdout: stdout, Stderr: stderr, Version: currentBuild().String(), Host: runHost})
}
