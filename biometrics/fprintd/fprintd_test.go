//go:build linux

package fprintd_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/fprintd"
	"github.com/minihost/minihost/biometrics/fprinttest"
)

// finger is the fprintd finger name the tests enroll; printA is the virtual
// print enrolled as it and printB one that was never enrolled.
const (
	finger = "right-index-finger"
	printA = "finger-a"
	printB = "finger-b"
)

// prompt bounds how long the tests wait for anything fprintd does; the
// promptness checks use the tighter bound below.
const (
	prompt = 10 * time.Second
	quick  = 2 * time.Second
)

func dial(t *testing.T, d *fprinttest.Daemon) *fprintd.Authenticator {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := fprintd.Dial(t.Context(), d.BusAddress(), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// startEnrolled starts a daemon with printA enrolled as finger.
func startEnrolled(t *testing.T) (*fprinttest.Daemon, *fprintd.Authenticator) {
	t.Helper()
	d := fprinttest.StartT(t)
	if err := d.Enroll(t.Context(), finger, printA); err != nil {
		t.Fatal(err)
	}
	return d, dial(t, d)
}

// result is one Authenticate call as seen by run.
type result struct {
	verdict  app.Verdict
	err      error
	statuses []string
	took     time.Duration // from act to Authenticate returning
}

// run starts Authenticate and, once it asks for a finger (its first status),
// calls act; it returns the outcome and how long after act it came.
func run(t *testing.T, ctx context.Context, a *fprintd.Authenticator, act func()) result {
	t.Helper()
	var mu sync.Mutex
	var statuses []string
	ready := make(chan struct{})
	var once sync.Once
	type outcome struct {
		v   app.Verdict
		err error
		at  time.Time
	}
	done := make(chan outcome, 1)
	go func() {
		v, err := a.Authenticate(ctx, fprintd.ModeFingerPrint, func(s string) {
			mu.Lock()
			statuses = append(statuses, s)
			mu.Unlock()
			once.Do(func() { close(ready) })
		})
		done <- outcome{v, err, time.Now()}
	}()
	select {
	case <-ready:
	case o := <-done:
		t.Fatalf("Authenticate returned before asking for a finger: %+v, %v", o.v, o.err)
	case <-time.After(prompt):
		t.Fatal("Authenticate never asked for a finger")
	}
	start := time.Now()
	act()
	select {
	case o := <-done:
		mu.Lock()
		defer mu.Unlock()
		return result{verdict: o.v, err: o.err, statuses: slices.Clone(statuses), took: o.at.Sub(start)}
	case <-time.After(prompt):
		t.Fatal("Authenticate did not return")
		return result{}
	}
}

func scan(t *testing.T, d *fprinttest.Daemon, print string) func() {
	return func() {
		if err := d.Scan(print); err != nil {
			t.Error(err)
		}
	}
}

func TestEnrollAndVerify(t *testing.T) {
	d := fprinttest.StartT(t)
	a := dial(t, d)
	ctx := t.Context()

	info, err := a.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("info: %+v", info)
	if info.Name != "fprintd" || info.Device != "Virtual device for debugging" ||
		!slices.Equal(info.Modes, []string{fprintd.ModeFingerPrint}) || info.Version == "" || info.Status == "" {
		t.Errorf("Info = %+v, want fprintd with the virtual reader and mode fingerPrint", info)
	}

	if got, err := a.Enrolled(ctx, fprintd.ModeFingerPrint); err != nil || got {
		t.Fatalf("Enrolled before enrolling = %v, %v; want false, nil", got, err)
	}
	if _, err := a.Authenticate(ctx, fprintd.ModeFingerPrint, nil); !errors.Is(err, fprintd.ErrNoEnrolledPrints) {
		t.Errorf("Authenticate with nothing enrolled: err = %v, want ErrNoEnrolledPrints", err)
	}

	// Enroll through the package's own helper, scanning on each request.
	var progress []string
	scans := 0
	err = a.Enroll(ctx, finger, func(msg string) {
		progress = append(progress, msg)
		if scans < 5 {
			scans++
			if err := d.Scan(printA); err != nil {
				t.Error(err)
			}
		}
	})
	if err != nil {
		t.Fatalf("Enroll: %v (progress %q)", err, progress)
	}
	if len(progress) != 6 || progress[5] != "Enrolled "+finger {
		t.Errorf("Enroll progress = %q, want a prompt, four stages and the completion", progress)
	}

	for _, mode := range []struct {
		mode string
		want bool
	}{{fprintd.ModeFingerPrint, true}, {"facial", false}, {"speech", false}} {
		if got, err := a.Enrolled(ctx, mode.mode); err != nil || got != mode.want {
			t.Errorf("Enrolled(%q) = %v, %v; want %v", mode.mode, got, err, mode.want)
		}
	}
	if _, err := a.Authenticate(ctx, "facial", nil); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Authenticate(facial): err = %v, want ErrUnsupported", err)
	}

	for _, tc := range []struct {
		print string
		want  app.Verdict
	}{
		{printA, app.Verdict{Match: true, FingerID: finger}},
		{printB, app.Verdict{Match: false}},
		{printA, app.Verdict{Match: true, FingerID: finger}}, // the no-match left the reader usable
	} {
		r := run(t, ctx, a, scan(t, d, tc.print))
		if r.err != nil || r.verdict != tc.want {
			t.Errorf("scan %s: Authenticate = %+v, %v; want %+v", tc.print, r.verdict, r.err, tc.want)
		}
		t.Logf("scan %s → verdict %+v in %v (statuses %q)", tc.print, r.verdict, r.took, r.statuses)
	}

	for _, action := range []string{"net.reactivated.fprint.device.enroll", "net.reactivated.fprint.device.verify"} {
		if !slices.Contains(d.PolkitActions(), action) {
			t.Errorf("polkit was never asked about %s (asked: %q)", action, d.PolkitActions())
		}
	}
}

// TestRetryStatus checks that each retry status reaches status() as a prompt
// and that verification carries on to a verdict afterwards.
func TestRetryStatus(t *testing.T) {
	d, a := startEnrolled(t)
	for _, tc := range []struct {
		code string // libfprint FpDeviceRetry
		want string
	}{
		{"0", "Could not read your finger, try again"},           // verify-retry-scan
		{"1", "Swipe was too short, try again"},                  // verify-swipe-too-short
		{"2", "Finger was not centred on the reader, try again"}, // verify-finger-not-centered
		{"3", "Lift your finger and try again"},                  // verify-remove-and-retry
	} {
		r := run(t, t.Context(), a, func() {
			if err := d.Command("RETRY " + tc.code); err != nil {
				t.Error(err)
			}
			scan(t, d, printA)()
		})
		if r.err != nil || !r.verdict.Match {
			t.Errorf("RETRY %s then scan: Authenticate = %+v, %v; want a match", tc.code, r.verdict, r.err)
		}
		if !slices.Contains(r.statuses, tc.want) {
			t.Errorf("RETRY %s: statuses %q do not include %q", tc.code, r.statuses, tc.want)
		}
	}
}

func TestDeviceError(t *testing.T) {
	d, a := startEnrolled(t)
	r := run(t, t.Context(), a, func() {
		if err := d.Command("ERROR 0"); err != nil { // FP_DEVICE_ERROR_GENERAL
			t.Error(err)
		}
	})
	if r.err == nil {
		t.Fatalf("Authenticate after a device error = %+v, nil; want an error", r.verdict)
	}
	t.Logf("device error → %v", r.err)
	// The reader was released: the next verification works.
	if r := run(t, t.Context(), a, scan(t, d, printA)); r.err != nil || !r.verdict.Match {
		t.Errorf("Authenticate after the error = %+v, %v; want a match", r.verdict, r.err)
	}
}

// TestCancelReleases cancels a verification mid-way and proves the reader was
// released: another client claims and verifies right after.
func TestCancelReleases(t *testing.T) {
	d, a := startEnrolled(t)
	ctx, cancel := context.WithCancel(t.Context())
	r := run(t, ctx, a, func() {
		// Enrolled must not need the claim that the verification holds.
		if got, err := a.Enrolled(t.Context(), fprintd.ModeFingerPrint); err != nil || !got {
			t.Errorf("Enrolled during verification = %v, %v; want true", got, err)
		}
		cancel()
	})
	if !errors.Is(r.err, context.Canceled) {
		t.Fatalf("cancelled Authenticate = %+v, %v; want context.Canceled", r.verdict, r.err)
	}
	if r.took > quick {
		t.Errorf("cancelled Authenticate took %v to return", r.took)
	}
	t.Logf("cancel → return in %v", r.took)

	other := dial(t, d)
	if r := run(t, t.Context(), other, scan(t, d, printA)); r.err != nil || !r.verdict.Match {
		t.Errorf("another client after the cancel: Authenticate = %+v, %v; want a match", r.verdict, r.err)
	}
}

// TestReaderBusy: while one client verifies, another's Authenticate fails at
// once (fprintd allows one claim) instead of waiting, and the first goes on.
func TestReaderBusy(t *testing.T) {
	d, a := startEnrolled(t)
	other := dial(t, d)
	r := run(t, t.Context(), a, func() {
		ctx, cancel := context.WithTimeout(t.Context(), quick)
		defer cancel()
		if _, err := other.Authenticate(ctx, fprintd.ModeFingerPrint, nil); err == nil || !strings.Contains(err.Error(), "in use by another program") {
			t.Errorf("second client's Authenticate: err = %v, want the reader in use", err)
		}
		scan(t, d, printA)()
	})
	if r.err != nil || !r.verdict.Match {
		t.Errorf("first client: Authenticate = %+v, %v; want a match", r.verdict, r.err)
	}
}

// TestFprintdComesBack: the same Authenticator (a running minihost) works
// again once fprintd restarts after dying mid-verification: no reconnect by
// hand, and the enrolled finger still matches.
func TestFprintdComesBack(t *testing.T) {
	d, a := startEnrolled(t)
	r := run(t, t.Context(), a, func() {
		if err := d.KillFprintd(); err != nil {
			t.Error(err)
		}
	})
	if !errors.Is(r.err, fprintd.ErrDisconnected) {
		t.Fatalf("Authenticate while fprintd died = %+v, %v; want ErrDisconnected", r.verdict, r.err)
	}
	if err := d.RestartFprintd(t.Context()); err != nil {
		t.Fatal(err)
	}
	info, err := a.Info(t.Context())
	if err != nil || len(info.Modes) == 0 {
		t.Fatalf("Info after fprintd restarted = %+v, %v; want fingerPrint available again", info, err)
	}
	if r := run(t, t.Context(), a, scan(t, d, printA)); r.err != nil || !r.verdict.Match {
		t.Fatalf("Authenticate after fprintd restarted = %+v, %v; want a match", r.verdict, r.err)
	}
}

// TestDisappear takes the reader away mid-verification in each way it can go
// and expects a prompt ErrDisconnected, not a hang.
func TestDisappear(t *testing.T) {
	for _, tc := range []struct {
		name     string
		disrupt  func(*fprinttest.Daemon, *fprintd.Authenticator) error
		infoDown bool // Info afterwards says fprintd is not running
	}{
		{"fprintd killed", func(d *fprinttest.Daemon, _ *fprintd.Authenticator) error { return d.KillFprintd() }, true},
		{"fprintd stopped", func(d *fprinttest.Daemon, _ *fprintd.Authenticator) error { return d.StopFprintd() }, true},
		{"reader unplugged", func(d *fprinttest.Daemon, _ *fprintd.Authenticator) error { return d.Command("UNPLUG") }, false},
		{"bus gone", func(d *fprinttest.Daemon, _ *fprintd.Authenticator) error { return d.Stop() }, false},
		{"connection closed", func(_ *fprinttest.Daemon, a *fprintd.Authenticator) error { return a.Close() }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, a := startEnrolled(t)
			r := run(t, t.Context(), a, func() {
				if err := tc.disrupt(d, a); err != nil {
					t.Error(err)
				}
			})
			if !errors.Is(r.err, fprintd.ErrDisconnected) {
				t.Fatalf("Authenticate = %+v, %v; want ErrDisconnected", r.verdict, r.err)
			}
			if r.took > quick {
				t.Errorf("Authenticate took %v to notice", r.took)
			}
			t.Logf("%s → %v in %v", tc.name, r.err, r.took)
			if tc.infoDown {
				info, err := a.Info(t.Context())
				if err != nil || len(info.Modes) != 0 || info.Status != "fprintd is not installed or not running" {
					t.Errorf("Info after fprintd died = %+v, %v; want no modes and a status saying so", info, err)
				}
			}
		})
	}
}
