package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl policies: how prompts are answered, per API or scope.
var ctlPolicies = ctlCommand{
	name: "policies",
	usage: `  policies [list]
  policies set KEY ask|allow|deny|after:DURATION   KEY: default, an API, or a scope
  policies clear [KEY]                    without KEY: every rule
`,
	verbs: []ctlVerb{
		{"list", noFlags(showPolicies)},
		{"set", noFlags(func(ctx context.Context, k *ctl) error {
			if err := k.want("policies set", 2, 2, "KEY and POLICY"); err != nil {
				return err
			}
			if err := k.c.SetPolicy(ctx, k.args[0], k.args[1]); err != nil {
				return err
			}
			return showPolicies(ctx, k)
		})},
		{"clear", noFlags(func(ctx context.Context, k *ctl) error {
			if err := k.want("policies clear", 0, 1, "at most KEY"); err != nil {
				return err
			}
			var err error
			if len(k.args) == 1 {
				err = k.c.ClearPolicy(ctx, k.args[0])
			} else {
				err = k.c.ClearPolicies(ctx)
			}
			if err != nil {
				return err
			}
			return showPolicies(ctx, k)
		})},
	},
}

func showPolicies(ctx context.Context, k *ctl) error {
	p, err := k.c.Policies(ctx)
	if err != nil {
		return err
	}
	return k.show(p, func(w *tabwriter.Writer) {
		fmt.Fprintf(w, "KEY\tPOLICY\n%s\t%s\n", apitype.PolicyDefaultKey, p.Default)
		for _, key := range slices.Sorted(maps.Keys(p.Rules)) {
			fmt.Fprintf(w, "%s\t%s\n", key, p.Rules[key])
		}
	})
}
