//go:build !(darwin && cgo)

package keyring

import "testing"

func TestKeychain(t *testing.T) {
	t.Skip("the macOS Keychain exists only on macOS (darwin with cgo); Linux uses the Secret Service, tested above")
}
