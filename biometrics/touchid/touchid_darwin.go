//go:build darwin && cgo

package touchid

/*
#cgo LDFLAGS: -framework LocalAuthentication -framework Foundation
#include <stdlib.h>
#include "la_darwin.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/cgo"
	"time"
	"unsafe"

	"github.com/minihost/minihost/app"
)

// ModeFingerPrint is the SOTER mode Touch ID provides.
const ModeFingerPrint = app.SoterFingerPrint

// LAError codes, from LocalAuthentication/LAError.h.
const (
	laErrorAuthenticationFailed = -1
	laErrorUserCancel           = -2
	laErrorUserFallback         = -3
	laErrorSystemCancel         = -4
	laErrorPasscodeNotSet       = -5
	laErrorBiometryNotAvailable = -6
	laErrorBiometryNotEnrolled  = -7
	laErrorBiometryLockout      = -8
	laErrorAppCancel            = -9
)

// laBiometryTouchID is LABiometryTypeTouchID.
const laBiometryTouchID = 1

// invalidateWait bounds waiting for the framework's reply after cancelling.
const invalidateWait = 2 * time.Second

// Authenticator asks Touch ID. It holds no resources: each call makes its own
// LAContext.
type Authenticator struct {
	reason string
	logger *slog.Logger
}

var _ app.Authenticator = (*Authenticator)(nil)

// New returns a Touch ID authenticator whose system dialog shows reason
// (macOS prefixes it with the app's name).
func New(reason string, logger *slog.Logger) *Authenticator {
	if logger == nil {
		logger = slog.Default()
	}
	if reason == "" {
		reason = "confirm a mini program's request" // evaluatePolicy throws on an empty reason
	}
	return &Authenticator{reason: reason, logger: logger.With("biometrics", "touchid")}
}

// canEvaluate reports whether Touch ID can be used now, the LAError code when
// not, and the biometry type.
func canEvaluate() (ok bool, code int, biometry int) {
	lac := C.mhLANew()
	defer C.mhLARelease(lac)
	var c C.long
	ok = C.mhLACanEvaluate(lac, &c) == 1
	return ok, int(c), int(C.mhLABiometryType(lac))
}

func osVersion() string {
	s := C.mhOSVersion()
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s)
}

// Info reports Touch ID's state. A Mac with a sensor but no enrolled finger,
// or locked out, still offers fingerPrint: Enrolled and Authenticate say the
// rest, as a phone would.
func (a *Authenticator) Info(ctx context.Context) (app.BiometricInfo, error) {
	info := app.BiometricInfo{Name: "touchid", Version: osVersion(), Device: "Touch ID", Modes: []string{}}
	ok, code, biometry := canEvaluate()
	switch {
	case ok && biometry != laBiometryTouchID:
		info.Status = "this Mac's biometry is not Touch ID"
	case ok:
		info.Modes = []string{ModeFingerPrint}
		info.Status = "Touch ID ready"
	case code == laErrorBiometryNotEnrolled:
		info.Modes = []string{ModeFingerPrint}
		info.Status = "Touch ID has no enrolled fingerprint"
	case code == laErrorBiometryLockout:
		info.Modes = []string{ModeFingerPrint}
		info.Status = "Touch ID is locked out; unlock the Mac with its password"
	case code == laErrorBiometryNotAvailable:
		info.Status = "this Mac has no Touch ID sensor, or it is unavailable"
	case code == laErrorPasscodeNotSet:
		info.Status = "Touch ID needs a login password"
	default:
		info.Status = fmt.Sprintf("Touch ID unavailable (LAError %d)", code)
	}
	return info, nil
}

// Enrolled reports whether a fingerprint is enrolled in Touch ID.
func (a *Authenticator) Enrolled(ctx context.Context, mode string) (bool, error) {
	if mode != ModeFingerPrint {
		return false, nil
	}
	ok, code, _ := canEvaluate()
	return ok || code == laErrorBiometryLockout, nil
}

// reply is the framework's answer to one evaluation.
type reply struct {
	ok   bool
	code int
}

//export touchidReply
func touchidReply(handle C.uintptr_t, ok C.int, code C.long) {
	h := cgo.Handle(handle)
	h.Value().(chan reply) <- reply{ok: ok != 0, code: int(code)} // buffered: never blocks
	h.Delete()
}

// Authenticate shows the Touch ID dialog and waits for the finger. When ctx
// ends the dialog is closed (the LAContext invalidated) and ctx.Err() returned.
func (a *Authenticator) Authenticate(ctx context.Context, mode string, status func(string)) (app.Verdict, error) {
	if mode != ModeFingerPrint {
		return app.Verdict{}, fmt.Errorf("touchid: mode %q: %w", mode, errors.ErrUnsupported)
	}
	if status == nil {
		status = func(string) {}
	}
	lac := C.mhLANew()
	ch := make(chan reply, 1)
	reason := C.CString(a.reason)
	defer C.free(unsafe.Pointer(reason))

	status("Touch the Touch ID sensor")
	C.mhLAEvaluate(lac, reason, C.uintptr_t(cgo.NewHandle(ch)))
	select {
	case r := <-ch:
		C.mhLARelease(lac)
		return verdict(ctx, r)
	case <-ctx.Done():
		C.mhLAInvalidate(lac)
		select {
		case <-ch:
			C.mhLARelease(lac)
		case <-time.After(invalidateWait):
			// No reply yet: the framework may still use the context, so it
			// is left alive (a small leak) rather than freed under it.
			a.logger.WarnContext(ctx, "Touch ID did not answer the cancellation")
		}
		return app.Verdict{}, ctx.Err()
	}
}

// verdict maps the framework's reply to minihost's outcomes.
func verdict(ctx context.Context, r reply) (app.Verdict, error) {
	if r.ok {
		return app.Verdict{Match: true}, nil // Touch ID does not say which finger
	}
	switch r.code {
	case laErrorAuthenticationFailed:
		return app.Verdict{Match: false}, nil
	case laErrorUserCancel, laErrorUserFallback:
		return app.Verdict{}, app.ErrCancelled
	case laErrorBiometryLockout:
		return app.Verdict{}, app.ErrLockedOut
	case laErrorSystemCancel, laErrorAppCancel:
		if err := ctx.Err(); err != nil {
			return app.Verdict{}, err
		}
		return app.Verdict{}, errors.New("touchid: the system cancelled authentication")
	case laErrorBiometryNotEnrolled:
		return app.Verdict{}, errors.New("touchid: no fingerprint enrolled")
	case laErrorBiometryNotAvailable:
		return app.Verdict{}, errors.New("touchid: Touch ID is not available")
	}
	return app.Verdict{}, fmt.Errorf("touchid: LAError %d", r.code)
}
