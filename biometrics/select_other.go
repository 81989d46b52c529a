//go:build !(darwin && cgo)

package biometrics

import (
	"context"
	"errors"
	"log/slog"

	"github.com/minihost/minihost/app"
)

func openTouchID(ctx context.Context, logger *slog.Logger) (app.Authenticator, app.BiometricInfo, error) {
	return nil, app.BiometricInfo{}, errors.New("Touch ID needs macOS and a build with cgo")
}
