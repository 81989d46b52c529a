//go:build linux

package fprinttest

import "testing"

// StartT starts a Daemon for a test and stops it when the test ends, logging
// fprintd's output first if the test failed. It fails the test when the
// daemon cannot start (fprintd is installable here, so that is a failure, not
// a reason to skip).
func StartT(t testing.TB) *Daemon {
	t.Helper()
	d, err := Start(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("fprintd log:\n%s", d.Log())
		}
		if err := d.Stop(); err != nil {
			t.Errorf("stop fprintd: %v", err)
		}
	})
	return d
}
