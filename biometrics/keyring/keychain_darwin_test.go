//go:build darwin && cgo

package keyring

import "testing"

// TestKeychain uses the real login keychain, under a data dir of its own so
// it never touches a real minihost's items, and removes what it wrote.
func TestKeychain(t *testing.T) {
	ks, info, err := Open(t.Context(), t.TempDir(), nil)
	if err != nil || info.Name != "keychain" || info.Warning != "" {
		t.Fatalf("Open on macOS = %+v, %v; want the keychain", info, err)
	}
	t.Cleanup(func() {
		for name := range secretValues() {
			_ = ks.Delete(t.Context(), name)
		}
	})
	roundTrip(t, ks)
}
