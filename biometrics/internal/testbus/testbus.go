//go:build linux

// Package testbus runs private D-Bus daemons, and the daemons that serve on
// them, for tests and test harnesses. Every process gets its own process
// group, so killing it kills what it spawned, and dies with the test binary.
package testbus

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// killTimeout bounds waiting for a signalled process to exit.
const killTimeout = 5 * time.Second

// Proc is a child process in its own process group.
type Proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has been waited for
}

// Spawn starts cmd in a new process group that is SIGKILLed if the test
// binary dies (Pdeathsig), and reaps it when it exits.
func Spawn(cmd *exec.Cmd) (*Proc, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Proc{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Pid is the process's id (and its process group's).
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Done is closed once the process has exited and been reaped.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Signal sends sig to the process group and waits (bounded) for the process
// to exit.
func (p *Proc) Signal(sig syscall.Signal) error {
	select {
	case <-p.done:
		return nil // reaped: its pid may already belong to someone else
	default:
	}
	_ = syscall.Kill(-p.Pid(), sig)
	select {
	case <-p.done:
		return nil
	case <-time.After(killTimeout):
		return fmt.Errorf("process %d (%s) did not exit after %v", p.Pid(), p.cmd.Path, sig)
	}
}

// Kill SIGKILLs the process group and waits for the process. A nil Proc is
// already gone.
func (p *Proc) Kill() error {
	if p == nil {
		return nil
	}
	return p.Signal(syscall.SIGKILL)
}

// config is a bus of the given type that lets anyone own, send and receive:
// the tests exercise the daemons on it, not a bus policy. It has no service
// directories, so nothing a test does can activate a desktop daemon.
const config = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>%s</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
`

// Bus is a private dbus-daemon.
type Bus struct {
	proc *Proc
	out  *os.File // the daemon's stdout, kept open so it never gets SIGPIPE
	addr string
}

// StartBus starts a dbus-daemon of type kind ("system" or "session")
// listening on dir/bus, and returns once it accepts connections.
func StartBus(ctx context.Context, kind, dir string) (*Bus, error) {
	sock := filepath.Join(dir, "bus")
	// sun_path holds 108 bytes; a longer path fails with an unhelpful EINVAL.
	if len(sock) > 100 {
		return nil, fmt.Errorf("socket path %s is too long for a unix socket; use a shorter dir", sock)
	}
	var path strings.Builder
	_ = xml.EscapeText(&path, []byte(sock)) // a temp dir may hold '&'
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, config, kind, path.String()), 0o600); err != nil {
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=1")
	cmd.Stdout = w
	proc, err := Spawn(cmd)
	w.Close()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("start dbus-daemon (`make deps` installs dbus): %w", err)
	}
	b := &Bus{proc: proc, out: r}
	// The address is printed once the bus listens: that is the readiness
	// signal, no polling for the socket needed.
	if deadline, ok := ctx.Deadline(); ok {
		_ = r.SetReadDeadline(deadline)
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		return nil, errors.Join(fmt.Errorf("dbus-daemon did not report its address: %w", err), b.Stop())
	}
	b.addr = strings.TrimSpace(line)
	return b, nil
}

// Pid is the dbus-daemon's process id.
func (b *Bus) Pid() int { return b.proc.Pid() }

// Address is the bus's D-Bus address.
func (b *Bus) Address() string { return b.addr }

// Stop kills the bus.
func (b *Bus) Stop() error {
	err := b.proc.Kill()
	b.out.Close()
	return err
}
