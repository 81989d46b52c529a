package cli

import (
	"context"
	"fmt"

	"github.com/minihost/minihost/hostapi/client"
)

// ctl token prints the control token from the data dir; no minihost need run.
var ctlToken = ctlCommand{
	name:    "token",
	usage:   "  token                                   print the control token\n",
	offline: true,
	verbs:   []ctlVerb{{bind: noFlags(runCtlToken)}},
}

func runCtlToken(_ context.Context, k *ctl) error {
	tok, err := client.ReadToken(k.g.conn.dataDir)
	if err != nil {
		return fmt.Errorf("%w\n(start minihost once with --data-dir %s to create it)", err, k.g.conn.dataDir)
	}
	if k.g.json {
		return k.printJSON(map[string]string{"token": tok})
	}
	fmt.Fprintln(k.stdout, tok)
	return nil
}
