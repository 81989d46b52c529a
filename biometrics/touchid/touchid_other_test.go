//go:build !(darwin && cgo)

package touchid

import "testing"

func TestTouchID(t *testing.T) {
	t.Skip("Touch ID exists only on macOS (darwin with cgo); this build has no Touch ID backend")
}
