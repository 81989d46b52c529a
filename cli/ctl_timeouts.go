package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
)

// ctl timeouts: the login code and session timeouts, and overrides of them.
var ctlTimeouts = ctlCommand{
	name: "timeouts",
	usage: `  timeouts [show]
  timeouts set [--code-ttl D] [--login-expiry D]   0 clears an override
`,
	verbs: []ctlVerb{
		{"show", noFlags(showTimeouts)},
		{"set", func(fs *flag.FlagSet) ctlRunFunc {
			var a timeoutsArgs
			fs.StringVar(&a.codeTTL, "code-ttl", "", "login code validity override, e.g. 30s (0 clears)")
			fs.StringVar(&a.loginExpiry, "login-expiry", "", "session idle expiry override, e.g. 2m (0 clears)")
			return a.set
		}},
	},
}

type timeoutsArgs struct{ codeTTL, loginExpiry string }

func (a *timeoutsArgs) set(ctx context.Context, k *ctl) error {
	cur, err := k.c.Timeouts(ctx)
	if err != nil {
		return err
	}
	d := cur.Overrides
	if k.set["code-ttl"] {
		d.CodeTTL = a.codeTTL
	}
	if k.set["login-expiry"] {
		d.LoginExpiry = a.loginExpiry
	}
	if _, err := k.c.SetTimeouts(ctx, d); err != nil {
		return err
	}
	return showTimeouts(ctx, k)
}

func showTimeouts(ctx context.Context, k *ctl) error {
	t, err := k.c.Timeouts(ctx)
	if err != nil {
		return err
	}
	return k.show(t, func(w *tabwriter.Writer) {
		fmt.Fprintf(w, "TIMEOUT\tDEFAULT\tOVERRIDE\ncodeTTL\t%s\t%s\nloginExpiry\t%s\t%s\n",
			t.Defaults.CodeTTL, cmp.Or(t.Overrides.CodeTTL, "-"), t.Defaults.LoginExpiry, cmp.Or(t.Overrides.LoginExpiry, "-"))
	})
}
