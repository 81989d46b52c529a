package client_test

import (
	"os/exec"
	"strings"
	"testing"
)

// A QA project imports the client: it must not pull in the server
// (hostapi), the domain (app), the window (ui) or anything else of
// minihost's but its wire types.
func TestClientImportsNoServerOrDomain(t *testing.T) {
	const mod = "github.com/minihost/minihost"
	allowed := map[string]bool{mod + "/hostapi/client": true, mod + "/hostapi/client/apitype": true}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the client's imports: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", mod+"/hostapi/client").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || !allowed[deps[len(deps)-1]] {
		t.Fatalf("go list -deps printed %d packages, ending %q: not the client's imports", len(deps), deps[len(deps)-1])
	}
	for _, p := range deps {
		if (p == mod || strings.HasPrefix(p, mod+"/")) && !allowed[p] {
			t.Errorf("hostapi/client imports %s; a QA project would build the server or the domain with it (keep wire types in hostapi/client/apitype)", p)
		}
	}
}
