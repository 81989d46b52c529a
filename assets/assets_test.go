package assets

import (
	"io/fs"
	"strings"
	"testing"
)

// The Go server serves these names from Runtime(); the runtime fetches the
// compiler by its name (build.mjs WASM_NAME).
func TestRuntimeHoldsTheBuiltFiles(t *testing.T) {
	rt := Runtime()
	for _, c := range []struct {
		name, contains string
	}{
		{"runtime.js", "__minihost"},
		{"engine.js", "__minihostEngine"}, // the shell page loads it by this name
		{"runtime.css", ".mh-page"},
		{"automation.js", "__minihostAutomationBridge"}, // runtime.js loads it by this name
		{"template_compiler.wasm", "\x00asm"},
		{"THIRD_PARTY_LICENSES.txt", "glass-easel-template-compiler 0.12.1 (MIT)"},
	} {
		b, err := fs.ReadFile(rt, c.name)
		if err != nil {
			t.Errorf("Runtime(): %v", err)
			continue
		}
		if !strings.Contains(string(b), c.contains) {
			t.Errorf("Runtime() %s does not contain %q", c.name, c.contains)
		}
	}
}
