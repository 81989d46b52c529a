//go:build darwin && cgo

package biometrics

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/touchid"
)

func openTouchID(ctx context.Context, logger *slog.Logger) (app.Authenticator, app.BiometricInfo, error) {
	a := touchid.New(touchIDReason, logger)
	info, err := a.Info(ctx)
	if err != nil {
		return nil, info, err
	}
	if len(info.Modes) == 0 {
		return nil, info, fmt.Errorf("no usable reader (%s)", info.Status)
	}
	return a, info, nil
}
