//go:build !(darwin && cgo)

package keyring

// openNative finds no OS-native store here: Linux and the BSDs go through
// the Secret Service, and darwin without cgo cannot reach the Keychain.
func openNative(dataDir string) (Store, Info, bool) { return nil, Info{}, false }
