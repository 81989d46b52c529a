//go:build darwin && cgo

package touchid

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"
)

// TestInfo runs on any Mac: it only asks the framework, without a dialog.
func TestInfo(t *testing.T) {
	a := New("minihost test", nil)
	info, err := a.Info(t.Context())
	if err != nil || info.Name != "touchid" || info.Status == "" {
		t.Fatalf("Info = %+v, %v", info, err)
	}
	enrolled, err := a.Enrolled(t.Context(), ModeFingerPrint)
	t.Logf("Info %+v, enrolled %v (%v)", info, enrolled, err)
	if enrolled && len(info.Modes) == 0 {
		t.Error("enrolled but no modes")
	}
}

// TestAuthenticateCancel shows the dialog and cancels it: it needs a Mac with
// Touch ID and someone who does not touch the sensor, so it is opt-in.
func TestAuthenticateCancel(t *testing.T) {
	if os.Getenv("MINIHOST_TOUCHID_INTERACTIVE") == "" {
		t.Skip("shows the Touch ID dialog; set MINIHOST_TOUCHID_INTERACTIVE=1 on a Mac with Touch ID")
	}
	a := New("minihost test: do not touch the sensor", nil)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := a.Authenticate(ctx, ModeFingerPrint, nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 4*time.Second {
		t.Errorf("Authenticate = %v after %v; want DeadlineExceeded promptly", err, time.Since(start))
	}
}
