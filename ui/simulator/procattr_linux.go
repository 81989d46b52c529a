package simulator

import (
	"os/exec"
	"syscall"
)

// tieToHost makes the kernel kill the browser when minihost dies, even by
// kill -9 (Pdeathsig; chromedp starts it from a locked OS thread), and puts
// it in its own process group so quitting can kill its helpers too.
func tieToHost(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	cmd.SysProcAttr.Setpgid = true
}

// killGroup kills the browser's process group (its zygote and renderers).
func killGroup(pid int) {
	if pid > 0 {
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}
}
