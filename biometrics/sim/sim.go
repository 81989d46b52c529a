// Package sim is a simulated biometric reader: a finger is "placed" by the
// SOTER dialog's Match / No match buttons, a headless prompt policy, or the
// control API. It is what minihost uses where no real reader is available.
package sim

import (
	"context"
	"sync"

	"github.com/minihost/minihost/app"
)

// Authenticator is a simulated reader. The zero value is not usable; use New.
type Authenticator struct {
	fingers chan bool // unbuffered: a finger reaches only a waiting Authenticate

	mu       sync.Mutex
	modes    []string
	enrolled bool
}

// New returns a simulated reader that supports modes, with something enrolled.
func New(modes ...string) *Authenticator {
	if len(modes) == 0 {
		modes = []string{app.SoterFingerPrint, app.SoterFacial}
	}
	return &Authenticator{fingers: make(chan bool), modes: modes, enrolled: true}
}

// SetEnrolled changes whether the simulated user has anything enrolled.
func (a *Authenticator) SetEnrolled(v bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.enrolled = v
}

func (a *Authenticator) Info(ctx context.Context) (app.BiometricInfo, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return app.BiometricInfo{
		Name: "simulated", Version: "1", Device: "simulated reader",
		Modes: append([]string(nil), a.modes...), Status: "simulated: answer with Match / No match",
	}, nil
}

func (a *Authenticator) Enrolled(ctx context.Context, mode string) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, m := range a.modes {
		if m == mode {
			return a.enrolled, nil
		}
	}
	return false, nil
}

// Authenticate waits for Simulate or ctx.
func (a *Authenticator) Authenticate(ctx context.Context, mode string, status func(string)) (app.Verdict, error) {
	status("Simulated reader: waiting for Match or No match")
	select {
	case match := <-a.fingers:
		if match {
			return app.Verdict{Match: true, FingerID: "simulated-finger"}, nil
		}
		return app.Verdict{}, nil
	case <-ctx.Done():
		return app.Verdict{}, ctx.Err()
	}
}

// Simulate places a matching or non-matching finger on the reader. It
// returns false when no Authenticate is waiting.
func (a *Authenticator) Simulate(match bool) bool {
	select {
	case a.fingers <- match:
		return true
	default:
		return false
	}
}
