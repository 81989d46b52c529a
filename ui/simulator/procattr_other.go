//go:build !linux

package simulator

import "os/exec"

// tieToHost: outside Linux there is no Pdeathsig; chromedp's allocator
// cancels the browser when minihost ends normally.
func tieToHost(cmd *exec.Cmd) {}

func killGroup(pid int) {}
