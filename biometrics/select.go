// Package biometrics chooses the Authenticator (minihost's --biometrics). The
// backends live in its subpackages: fprintd (Linux), touchid (macOS), sim
// (simulated), and keyring holds the key stores.
package biometrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/fprintd"
)

// The kinds Select takes.
const (
	Auto    = "auto"    // the machine's real biometrics if present, else simulated
	Fprintd = "fprintd" // fprintd over the system bus (Linux)
	TouchID = "touchid" // Touch ID (macOS)
	Sim     = "sim"     // the simulated reader
)

// probeTimeout bounds looking for a real reader at start-up. It is generous
// because on a desktop the first call starts fprintd through D-Bus activation.
const probeTimeout = 5 * time.Second

// touchIDReason is the text macOS shows in the Touch ID dialog.
const touchIDReason = "confirm a mini program's request"

// Select returns the Authenticator for kind: Auto picks the real backend of
// this OS (fprintd with a reader on Linux, Touch ID on macOS) and falls back
// to sim; Fprintd and TouchID fail with a clear error when that backend is
// not usable here. The returned Authenticator may hold a connection: if it
// implements io.Closer, close it on shutdown. Errors name the kind, not a
// command-line flag: the caller says where the kind came from.
func Select(ctx context.Context, kind string, sim app.Authenticator, logger *slog.Logger) (app.Authenticator, error) {
	if logger == nil {
		logger = slog.Default()
	}
	var a app.Authenticator
	var info app.BiometricInfo
	var err error
	simulated := false
	switch kind {
	case Sim:
		if sim == nil {
			return nil, errors.New("sim: no simulated reader was given")
		}
		a, simulated = sim, true
	case Fprintd, TouchID:
		if a, info, err = open(ctx, kind, logger); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
	case Auto:
		native := Fprintd
		if runtime.GOOS == "darwin" {
			native = TouchID
		}
		if a, info, err = open(ctx, native, logger); err != nil {
			if sim == nil {
				return nil, fmt.Errorf("auto: %w, and no simulated reader was given", err)
			}
			logger.InfoContext(ctx, "biometrics: no real reader, using the simulated one", "tried", native, "reason", err)
			a, simulated = sim, true
		}
	default:
		return nil, fmt.Errorf("unknown backend %q: want %s, %s, %s or %s", kind, Auto, Fprintd, TouchID, Sim)
	}
	if simulated {
		if info, err = sim.Info(ctx); err != nil {
			return nil, fmt.Errorf("biometrics: simulated reader: %w", err)
		}
	}
	logger.InfoContext(ctx, "biometrics", "backend", info.Name, "version", info.Version, "device", info.Device,
		"modes", info.Modes, "status", info.Status)
	return a, nil
}

// open returns the real backend kind if it offers a mode right now, with
// what it reported about itself.
func open(ctx context.Context, kind string, logger *slog.Logger) (app.Authenticator, app.BiometricInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if kind == TouchID {
		return openTouchID(ctx, logger)
	}
	a, err := fprintd.New(ctx, logger)
	if err != nil {
		return nil, app.BiometricInfo{}, err
	}
	info, err := a.Info(ctx)
	if err == nil && len(info.Modes) == 0 {
		err = fmt.Errorf("no usable reader (%s)", info.Status)
	}
	if err != nil {
		a.Close()
		return nil, app.BiometricInfo{}, err
	}
	return a, info, nil
}
