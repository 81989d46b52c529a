//go:build linux

package fprinttest

import (
	"errors"
	"os"
	"slices"
	"syscall"
	"testing"
)

// TestStopCleansUp checks that Stop leaves no process and no file behind.
func TestStopCleansUp(t *testing.T) {
	d, err := Start(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pids := []int{d.bus.Pid(), d.fprintd.Pid()}
	if err := d.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		// Stop has reaped them, so the pid no longer exists at all.
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("process %d still exists after Stop (kill 0: %v)", pid, err)
		}
	}
	if _, err := os.Stat(d.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still exists after Stop (%v)", d.Dir(), err)
	}
	if err := d.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// TestPolkitStandIn checks that fprintd really consults the stand-in.
func TestPolkitStandIn(t *testing.T) {
	d := StartT(t)
	if err := d.Enroll(t.Context(), "left-thumb", "print-x"); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.PolkitActions(), "net.reactivated.fprint.device.enroll") {
		t.Errorf("polkit actions %q, want net.reactivated.fprint.device.enroll among them", d.PolkitActions())
	}
}
