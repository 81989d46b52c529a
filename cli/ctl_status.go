package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// ctl status: what runs and what is active.
var ctlStatus = ctlCommand{
	name:  "status",
	usage: "  status                                  what runs and what is active\n",
	verbs: []ctlVerb{{bind: noFlags(runCtlStatus)}},
}

func runCtlStatus(ctx context.Context, k *ctl) error {
	c := k.c
	st, err := c.Status(ctx)
	if err != nil {
		return err
	}
	return k.show(st, func(w *tabwriter.Writer) {
		fmt.Fprintf(w, "url\t%s\nversion\t%s\npersona\t%s\napps\t%s\npending prompts\t%d\nfaults\t%d\n", c.URL(), st.Version, st.Persona, strings.Join(st.Apps, ", "), st.Pending, st.Faults)
		if st.Policies != nil {
			fmt.Fprintf(w, "default policy\t%s\n", st.Policies.Default)
			for _, key := range slices.Sorted(maps.Keys(st.Policies.Rules)) {
				fmt.Fprintf(w, "policy %s\t%s\n", key, st.Policies.Rules[key])
			}
		}
		if o := st.Overrides; o.CodeTTL != "" || o.LoginExpiry != "" {
			fmt.Fprintf(w, "timeout overrides\tcodeTTL=%s loginExpiry=%s\n", o.CodeTTL, o.LoginExpiry)
		}
	})
}
