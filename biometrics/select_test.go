//go:build linux

package biometrics_test

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/minihost/minihost/biometrics"
	"github.com/minihost/minihost/biometrics/fprintd"
	"github.com/minihost/minihost/biometrics/fprinttest"
	"github.com/minihost/minihost/biometrics/sim"
)

func TestSelect(t *testing.T) {
	d := fprinttest.StartT(t)
	noFprintd := fprinttest.StartT(t)
	if err := noFprintd.KillFprintd(); err != nil { // a system bus where fprintd is not running
		t.Fatal(err)
	}
	const nowhere = "unix:path=/nonexistent/minihost-test-system-bus"

	for _, tc := range []struct {
		name    string
		kind    string
		bus     string
		want    string // "fprintd", "sim", or "" for an error
		errText string // part of the error when want is ""
	}{
		{"sim", biometrics.Sim, nowhere, "sim", ""},
		{"auto with a reader", biometrics.Auto, d.BusAddress(), "fprintd", ""},
		{"auto without fprintd", biometrics.Auto, noFprintd.BusAddress(), "sim", ""},
		{"auto without a system bus", biometrics.Auto, nowhere, "sim", ""},
		{"fprintd with a reader", biometrics.Fprintd, d.BusAddress(), "fprintd", ""},
		{"fprintd without fprintd", biometrics.Fprintd, noFprintd.BusAddress(), "", "fprintd is not installed or not running"},
		{"fprintd without a system bus", biometrics.Fprintd, nowhere, "", "connect to D-Bus"},
		{"touchid on Linux", biometrics.TouchID, d.BusAddress(), "", "Touch ID needs macOS"},
		{"unknown kind", "fingerprint", d.BusAddress(), "", "want auto, fprintd, touchid or sim"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", tc.bus)
			simulated := sim.New()
			var logs bytes.Buffer
			a, err := biometrics.Select(t.Context(), tc.kind, simulated, slog.New(slog.NewTextHandler(io.MultiWriter(&logs, t.Output()), nil)))
			if c, ok := a.(io.Closer); ok {
				defer c.Close()
			}
			var got string
			switch a.(type) {
			case *fprintd.Authenticator:
				got = "fprintd"
			case *sim.Authenticator:
				got = "sim"
			case nil:
			default:
				got = "unexpected"
			}
			if got != tc.want {
				t.Fatalf("Select(%q) = %T, %v; want %s", tc.kind, a, err, tc.want)
			}
			if tc.want == "" {
				if err == nil || !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("Select(%q) error %v, want one mentioning %q", tc.kind, err, tc.errText)
				}
				if err != nil && strings.Contains(err.Error(), "--") {
					t.Errorf("Select(%q) error %v names a command-line flag: the caller wraps it", tc.kind, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(logs.String(), "backend=") {
				t.Errorf("the choice was not logged: %q", logs.String())
			}
		})
	}
}
