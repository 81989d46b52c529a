// Package fprintd is an app.Authenticator backed by fprintd, the Linux
// fingerprint daemon, spoken to over the D-Bus system bus.
//
// Verification and enrollment claim the default reader for the user running
// minihost and release it again on every exit path, so that other programs
// (the login screen, sudo via pam_fprintd) are never locked out by minihost.
// Info and Enrolled only ask, without claiming.
package fprintd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/user"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/internal/bus"
)

// ModeFingerPrint is the only SOTER mode fprintd provides.
const ModeFingerPrint = app.SoterFingerPrint

// D-Bus names of fprintd's API.
const (
	service      = "net.reactivated.Fprint"
	managerPath  = dbus.ObjectPath("/net/reactivated/Fprint/Manager")
	managerIface = "net.reactivated.Fprint.Manager"
	deviceIface  = "net.reactivated.Fprint.Device"

	objectManagerIface = "org.freedesktop.DBus.ObjectManager"

	errNoSuchDevice       = "net.reactivated.Fprint.Error.NoSuchDevice"
	errNoEnrolledPrints   = "net.reactivated.Fprint.Error.NoEnrolledPrints"
	errAlreadyInUse       = "net.reactivated.Fprint.Error.AlreadyInUse"
	errNoActionInProgress = "net.reactivated.Fprint.Error.NoActionInProgress"
	errClaimDevice        = "net.reactivated.Fprint.Error.ClaimDevice"
)

// cleanupTimeout bounds VerifyStop/EnrollStop/Release after the caller's
// context has ended: they must still run, but must not hang on a wedged daemon.
const cleanupTimeout = 5 * time.Second

// removalGrace is how long an unknown error waits, after releasing the
// reader, to see whether it was in fact unplugged: fprintd removes an
// unplugged reader a few milliseconds after its client releases it.
const removalGrace = 250 * time.Millisecond

var (
	// ErrNoDevice means fprintd runs but has no fingerprint reader.
	ErrNoDevice = errors.New("no fingerprint reader")
	// ErrNoEnrolledPrints means the user has no fingerprints enrolled.
	ErrNoEnrolledPrints = errors.New("no fingerprints enrolled")
	// ErrDisconnected means the reader, fprintd or the bus went away during
	// an operation.
	ErrDisconnected = errors.New("fingerprint reader disconnected")
)

// Authenticator talks to fprintd for one user. It is safe for concurrent use,
// though fprintd lets only one client claim a reader at a time.
type Authenticator struct {
	conn   *dbus.Conn
	user   string
	logger *slog.Logger

	mu      sync.Mutex
	version string // fprintd's version once found; see Info
}

var _ app.Authenticator = (*Authenticator)(nil)

// New connects to fprintd on the system bus (DBUS_SYSTEM_BUS_ADDRESS when
// set) for the user running this process.
func New(ctx context.Context, logger *slog.Logger) (*Authenticator, error) {
	return Dial(ctx, bus.SystemAddress(), logger)
}

// Dial is New on the bus at address; test harnesses use it for a private bus.
func Dial(ctx context.Context, address string, logger *slog.Logger) (*Authenticator, error) {
	if logger == nil {
		logger = slog.Default()
	}
	u, err := user.Current()
	if err != nil {
		return nil, fmt.Errorf("fprintd: current user: %w", err)
	}
	conn, err := bus.Connect(ctx, address)
	if err != nil {
		return nil, fmt.Errorf("fprintd: %w", err)
	}
	return &Authenticator{conn: conn, user: u.Username, logger: logger.With("biometrics", "fprintd")}, nil
}

// Close closes the bus connection. Operations in progress fail with
// ErrDisconnected after releasing what they can.
func (a *Authenticator) Close() error {
	return a.conn.Close()
}

// Info reports fprintd's default reader. A missing daemon or reader is not an
// error: Info then returns no Modes and says why in Status.
func (a *Authenticator) Info(ctx context.Context) (app.BiometricInfo, error) {
	info := app.BiometricInfo{Name: "fprintd", Version: a.fprintdVersion(ctx), Modes: []string{}}
	dev, err := a.defaultDevice(ctx)
	switch {
	case errors.Is(err, ErrNoDevice):
		info.Status = "No fingerprint reader found"
		return info, nil
	case isUnavailable(err):
		info.Status = "fprintd is not installed or not running"
		return info, nil
	case err != nil:
		return info, err
	}
	var name string
	if err := a.conn.Object(service, dev).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, deviceIface, "name").Store(&name); err != nil {
		return info, fmt.Errorf("fprintd: reader name: %w", err)
	}
	info.Device = name
	info.Modes = []string{ModeFingerPrint}
	info.Status = "Fingerprint reader ready"
	return info, nil
}

// Enrolled reports whether the user has any finger enrolled on the default
// reader. It does not claim the reader: fprintd answers ListEnrolledFingers
// without a claim (as fprintd-list does), and claiming would fail while
// another program is verifying.
func (a *Authenticator) Enrolled(ctx context.Context, mode string) (bool, error) {
	if mode != ModeFingerPrint {
		return false, nil
	}
	dev, err := a.defaultDevice(ctx)
	if errors.Is(err, ErrNoDevice) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var fingers []string
	err = a.conn.Object(service, dev).CallWithContext(ctx, deviceIface+".ListEnrolledFingers", 0, a.user).Store(&fingers)
	if bus.ErrorName(err) == errNoEnrolledPrints {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("fprintd: list enrolled fingers of %s: %w", a.user, err)
	}
	return len(fingers) > 0, nil
}

// Authenticate runs one fprintd verification of any enrolled finger. status
// receives human-readable prompts and retry messages; it is called from
// Authenticate's goroutine and should not block. A no-match is a Verdict with
// Match false. The reader is always stopped and released before Authenticate
// returns, including when ctx ends (it then returns ctx.Err()). A reader,
// fprintd or bus that goes away ends it with ErrDisconnected.
func (a *Authenticator) Authenticate(ctx context.Context, mode string, status func(string)) (app.Verdict, error) {
	if mode != ModeFingerPrint {
		return app.Verdict{}, fmt.Errorf("fprintd: mode %q: %w", mode, errors.ErrUnsupported)
	}
	if status == nil {
		status = func(string) {}
	}
	s, err := a.begin(ctx, "VerifyStatus", "VerifyFingerSelected")
	if err != nil {
		return app.Verdict{}, err
	}
	defer s.end(ctx)
	if err := s.start(ctx, "VerifyStart", "VerifyStop", "any"); err != nil {
		if bus.ErrorName(err) == errNoEnrolledPrints {
			return app.Verdict{}, fmt.Errorf("fprintd: verify for %s: %w", a.user, ErrNoEnrolledPrints)
		}
		return app.Verdict{}, fmt.Errorf("fprintd: verify start: %w", err)
	}
	status(s.placePrompt(ctx))

	var finger string
	for {
		sig, err := s.next(ctx)
		if err != nil {
			return app.Verdict{}, err
		}
		switch sig.Name {
		case deviceIface + ".VerifyFingerSelected":
			var f string
			if dbus.Store(sig.Body, &f) == nil && f != "any" {
				finger = f
			}
		case deviceIface + ".VerifyStatus":
			var result string
			var done bool
			if err := dbus.Store(sig.Body, &result, &done); err != nil {
				return app.Verdict{}, fmt.Errorf("fprintd: malformed VerifyStatus: %w", err)
			}
			a.logger.DebugContext(ctx, "verify status", "result", result, "done", done)
			switch result {
			case "verify-match":
				return app.Verdict{Match: true, FingerID: finger}, nil
			case "verify-no-match":
				return app.Verdict{Match: false}, nil
			case "verify-disconnected":
				return app.Verdict{}, fmt.Errorf("fprintd: verify: %w", ErrDisconnected)
			case "verify-unknown-error":
				if s.removed(ctx) {
					return app.Verdict{}, fmt.Errorf("fprintd: verify: the reader was removed: %w", ErrDisconnected)
				}
				return app.Verdict{}, errors.New("fprintd: verify: the reader reported an unknown error")
			}
			if text, ok := retryText(result); ok {
				status(text)
				continue
			}
			if done {
				return app.Verdict{}, fmt.Errorf("fprintd: verify ended with unexpected status %q", result)
			}
			status(result)
		}
	}
}

// Enroll enrolls finger (an fprintd finger name such as "right-index-finger")
// for the user, reporting each step to progress. Like Authenticate it always
// stops and releases the reader before returning.
func (a *Authenticator) Enroll(ctx context.Context, finger string, progress func(string)) error {
	if progress == nil {
		progress = func(string) {}
	}
	s, err := a.begin(ctx, "EnrollStatus")
	if err != nil {
		return err
	}
	defer s.end(ctx)
	var stages int32
	if err := s.dev.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, deviceIface, "num-enroll-stages").Store(&stages); err != nil {
		return fmt.Errorf("fprintd: enroll stages: %w", err)
	}
	if err := s.start(ctx, "EnrollStart", "EnrollStop", finger); err != nil {
		return fmt.Errorf("fprintd: enroll %s: %w", finger, err)
	}
	progress(fmt.Sprintf("%s (scan 1 of %d)", s.placePrompt(ctx), stages))

	passed := int32(0)
	for {
		sig, err := s.next(ctx)
		if err != nil {
			return err
		}
		if sig.Name != deviceIface+".EnrollStatus" {
			continue
		}
		var result string
		var done bool
		if err := dbus.Store(sig.Body, &result, &done); err != nil {
			return fmt.Errorf("fprintd: malformed EnrollStatus: %w", err)
		}
		a.logger.DebugContext(ctx, "enroll status", "result", result, "done", done)
		switch result {
		case "enroll-completed":
			progress(fmt.Sprintf("Enrolled %s", finger))
			return nil
		case "enroll-stage-passed":
			passed++
			progress(fmt.Sprintf("Scan %d of %d done. Lift your finger and place it again (scan %d of %d)", passed, stages, passed+1, stages))
			continue
		case "enroll-disconnected":
			return fmt.Errorf("fprintd: enroll %s: %w", finger, ErrDisconnected)
		case "enroll-duplicate":
			return fmt.Errorf("fprintd: enroll %s: this finger is already enrolled", finger)
		case "enroll-data-full":
			return fmt.Errorf("fprintd: enroll %s: the reader's storage is full", finger)
		case "enroll-unknown-error":
			if s.removed(ctx) {
				return fmt.Errorf("fprintd: enroll %s: the reader was removed: %w", finger, ErrDisconnected)
			}
			return fmt.Errorf("fprintd: enroll %s: the reader reported an unknown error", finger)
		case "enroll-failed":
			return fmt.Errorf("fprintd: enroll %s failed", finger)
		}
		if text, ok := retryText(result); ok {
			progress(text)
			continue
		}
		if done {
			return fmt.Errorf("fprintd: enroll %s ended with unexpected status %q", finger, result)
		}
		progress(result)
	}
}

// retryText turns fprintd's verify-/enroll- retry statuses into prompts.
func retryText(result string) (string, bool) {
	switch result {
	case "verify-retry-scan", "enroll-retry-scan":
		return "Could not read your finger, try again", true
	case "verify-swipe-too-short", "enroll-swipe-too-short":
		return "Swipe was too short, try again", true
	case "verify-finger-not-centered", "enroll-finger-not-centered":
		return "Finger was not centred on the reader, try again", true
	case "verify-remove-and-retry", "enroll-remove-and-retry":
		return "Lift your finger and try again", true
	}
	return "", false
}

// defaultDevice asks fprintd's manager for the default reader. On a desktop
// this also starts fprintd through D-Bus activation.
func (a *Authenticator) defaultDevice(ctx context.Context) (dbus.ObjectPath, error) {
	var dev dbus.ObjectPath
	err := a.conn.Object(service, managerPath).CallWithContext(ctx, managerIface+".GetDefaultDevice", 0).Store(&dev)
	if bus.ErrorName(err) == errNoSuchDevice {
		return "", fmt.Errorf("fprintd: %w", ErrNoDevice)
	}
	if err != nil {
		return "", fmt.Errorf("fprintd: default device: %w", err)
	}
	return dev, nil
}

// isUnavailable reports whether err says fprintd is not on the bus at all.
func isUnavailable(err error) bool {
	switch bus.ErrorName(err) {
	case bus.ErrServiceUnknown, bus.ErrNameHasNoOwner:
		return true
	}
	return false
}
