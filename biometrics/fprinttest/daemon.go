//go:build linux

package fprinttest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/minihost/minihost/biometrics/fprintd"
	"github.com/minihost/minihost/biometrics/internal/bus"
	"github.com/minihost/minihost/biometrics/internal/testbus"
)

// FprintdPath is where Debian installs the daemon.
const FprintdPath = "/usr/libexec/fprintd"

const (
	startTimeout   = 20 * time.Second
	commandTimeout = 2 * time.Second
)

// Daemon is a running fprintd with a virtual reader on a private bus.
type Daemon struct {
	dir   string
	vdev  string
	fpLog string

	bus      *testbus.Bus
	fprintd  *testbus.Proc
	polkitC  *dbus.Conn
	polkit   *authority
	client   *dbus.Conn
	stopOnce sync.Once
	stopErr  error
}

// Start starts a private system bus, the polkit stand-in and fprintd with a
// virtual reader, in a new temporary directory under dir (os.TempDir() when
// dir is ""), and returns once fprintd lists the reader. Stop undoes it all.
func Start(ctx context.Context, dir string) (_ *Daemon, err error) {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := checkInstalled(); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, "fprinttest-")
	if err != nil {
		return nil, fmt.Errorf("fprinttest: %w", err)
	}
	d := &Daemon{
		dir:   tmp,
		vdev:  filepath.Join(tmp, "vdev"),
		fpLog: filepath.Join(tmp, "fprintd.log"),
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("fprinttest: %w%s", err, d.logTail())
			_ = d.Stop()
		}
	}()
	if err := os.Mkdir(filepath.Join(tmp, "state"), 0o700); err != nil {
		return nil, err
	}
	// fprintd serves only on a bus of type system.
	if d.bus, err = testbus.StartBus(ctx, "system", tmp); err != nil {
		return nil, err
	}
	if d.polkitC, d.polkit, err = startPolkit(ctx, d.bus.Address()); err != nil {
		return nil, err
	}
	if err := d.startFprintd(); err != nil {
		return nil, err
	}
	if d.client, err = bus.Connect(ctx, d.bus.Address()); err != nil {
		return nil, err
	}
	if err := d.waitForReader(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// checkInstalled says what to install when the daemons are missing.
func checkInstalled() error {
	if _, err := exec.LookPath(FprintdPath); err != nil {
		return fmt.Errorf("fprinttest: %s not found (run `make deps`, which installs fprintd and libfprint-2-2): %w", FprintdPath, err)
	}
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		return fmt.Errorf("fprinttest: dbus-daemon not found (run `make deps`, which installs dbus): %w", err)
	}
	return nil
}

func (d *Daemon) startFprintd() error {
	logf, err := os.OpenFile(d.fpLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close() // the child has its own copy
	// -t: stay up when idle, instead of exiting after 30 seconds.
	cmd := exec.Command(FprintdPath, "-t")
	cmd.Env = append(os.Environ(),
		"DBUS_SYSTEM_BUS_ADDRESS="+d.bus.Address(),
		"STATE_DIRECTORY="+filepath.Join(d.dir, "state"), // enrolled prints live here, not in /var/lib/fprint
		"FP_VIRTUAL_DEVICE="+d.vdev,
		"FP_DRIVERS_WHITELIST=virtual_device", // never grab a real reader on a developer's laptop
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	if d.fprintd, err = testbus.Spawn(cmd); err != nil {
		return fmt.Errorf("start fprintd: %w", err)
	}
	return nil
}

// waitForReader polls fprintd's manager until it lists a device.
func (d *Daemon) waitForReader(ctx context.Context) error {
	manager := d.client.Object("net.reactivated.Fprint", "/net/reactivated/Fprint/Manager")
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		var devices []dbus.ObjectPath
		err := manager.CallWithContext(ctx, "net.reactivated.Fprint.Manager.GetDevices", 0).Store(&devices)
		if err == nil && len(devices) > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("fprintd did not list a reader (last error: %v): %w", err, ctx.Err())
		case <-d.fprintd.Done():
			return errors.New("fprintd exited during start-up")
		case <-tick.C:
		}
	}
}

// BusAddress is the private system bus's address, for DBUS_SYSTEM_BUS_ADDRESS
// or fprintd.Dial.
func (d *Daemon) BusAddress() string { return d.bus.Address() }

// Dir is the temporary directory holding the bus socket, state and logs.
func (d *Daemon) Dir() string { return d.dir }

// VirtualDevice is the virtual reader's command socket. It exists once
// fprintd has opened the reader, i.e. after the first Claim.
func (d *Daemon) VirtualDevice() string { return d.vdev }

// Scan puts print (any name: "finger-a") on the virtual reader with the
// command "SCAN <print>\n". The reader takes the bytes as they come, newline
// included, so every writer of prints for one Daemon must use this same form.
// The reader must be open (claimed); a scan sent while no action runs is
// queued by the reader for the next one.
func (d *Daemon) Scan(print string) error {
	return d.Command("SCAN " + print + "\n")
}

// Command writes one raw command to the virtual reader, exactly as given,
// e.g. "RETRY 1" (a retry status), "ERROR 0" (a device error) or "UNPLUG",
// and returns once the reader has taken it.
//
// The reader serves one connection at a time and drops a connection it has
// not read yet when the next one arrives, so two quick commands would lose
// the first. It closes each connection after handling its command: waiting
// for that close is what makes one command per connection reliable.
func (d *Daemon) Command(cmd string) error {
	c, err := net.DialTimeout("unix", d.vdev, commandTimeout)
	if err != nil {
		return fmt.Errorf("fprinttest: virtual reader: %w", err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(commandTimeout))
	if _, err := c.Write([]byte(cmd)); err != nil {
		return fmt.Errorf("fprinttest: virtual reader: write %q: %w", cmd, err)
	}
	if _, err := io.Copy(io.Discard, c); err != nil {
		return fmt.Errorf("fprinttest: virtual reader: %q not taken: %w", cmd, err)
	}
	return nil
}

// Enroll enrolls print as finger ("right-index-finger") for the user running
// the test, through minihost's own fprintd client, scanning print once per
// enrollment stage.
func (d *Daemon) Enroll(ctx context.Context, finger, print string) error {
	a, err := fprintd.Dial(ctx, d.bus.Address(), slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer a.Close()
	var dev dbus.ObjectPath
	err = d.client.Object("net.reactivated.Fprint", "/net/reactivated/Fprint/Manager").
		CallWithContext(ctx, "net.reactivated.Fprint.Manager.GetDefaultDevice", 0).Store(&dev)
	if err != nil {
		return fmt.Errorf("fprinttest: default device: %w", err)
	}
	var stages int32
	err = d.client.Object("net.reactivated.Fprint", dev).
		CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, "net.reactivated.Fprint.Device", "num-enroll-stages").Store(&stages)
	if err != nil {
		return fmt.Errorf("fprinttest: enroll stages: %w", err)
	}
	// Enroll reports progress once when ready and once after each stage;
	// each asks for the next scan until every stage has had one. No extra
	// scan may be sent: the reader would keep it for the next verification.
	var scanned int32
	var scanErr error
	err = a.Enroll(ctx, finger, func(string) {
		if scanned < stages && scanErr == nil {
			scanned++
			scanErr = d.Scan(print)
		}
	})
	return errors.Join(err, scanErr)
}

// PolkitActions lists the polkit actions fprintd has asked about, in order.
func (d *Daemon) PolkitActions() []string { return d.polkit.actions() }

// KillFprintd SIGKILLs fprintd, leaving the bus up, as when the daemon
// crashes under a client.
func (d *Daemon) KillFprintd() error { return d.fprintd.Kill() }

// RestartFprintd starts fprintd again after KillFprintd or StopFprintd, on
// the same bus, reader socket and enrolled prints, and waits for its reader.
func (d *Daemon) RestartFprintd(ctx context.Context) error {
	select {
	case <-d.fprintd.Done():
	default:
		return errors.New("fprinttest: fprintd is still running")
	}
	if err := d.startFprintd(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return d.waitForReader(ctx)
}

// StopFprintd stops fprintd with SIGTERM, as `systemctl stop fprintd` does,
// leaving the bus up, and waits for it to exit.
func (d *Daemon) StopFprintd() error {
	if err := d.fprintd.Signal(syscall.SIGTERM); err != nil {
		return errors.Join(err, d.fprintd.Kill())
	}
	return nil
}

// Log returns what fprintd has written to stdout and stderr so far.
func (d *Daemon) Log() string {
	b, _ := os.ReadFile(d.fpLog)
	return string(b)
}

// logTail is the end of fprintd's log, for start-up errors.
func (d *Daemon) logTail() string {
	log := strings.TrimSpace(d.Log())
	if log == "" {
		return ""
	}
	if len(log) > 2000 {
		log = "…" + log[len(log)-2000:]
	}
	return "\nfprintd log:\n" + log
}

// Stop kills fprintd and the bus and removes the temporary directory. It is
// safe to call more than once.
func (d *Daemon) Stop() error {
	d.stopOnce.Do(func() {
		var errs []error
		errs = append(errs, d.fprintd.Kill())
		for _, c := range []*dbus.Conn{d.client, d.polkitC} {
			if c != nil {
				c.Close()
			}
		}
		if d.bus != nil {
			errs = append(errs, d.bus.Stop())
		}
		errs = append(errs, os.RemoveAll(d.dir))
		d.stopErr = errors.Join(errs...)
	})
	return d.stopErr
}
