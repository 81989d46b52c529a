package testutil

import (
	"os/exec"
	"strings"
	"sync"
	"testing"
)

func TestBufferConcurrent(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				b.Write([]byte("x"))
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := len(b.String()); n != 800 {
		t.Fatalf("%d bytes written, want 800", n)
	}
}

// The binary does not carry test support.
func TestNotInTheProduct(t *testing.T) {
	const mod = "github.com/minihost/minihost"
	out, err := exec.Command("go", "list", "-deps", mod).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 || deps[len(deps)-1] != mod {
		t.Fatalf("go list -deps printed %d packages: not the binary's imports", len(deps))
	}
	for _, p := range deps {
		if strings.HasPrefix(p, mod+"/internal/testutil") {
			t.Errorf("the minihost binary imports %s", p)
		}
	}
}
