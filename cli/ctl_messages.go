package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl messages: the subscription messages delivered.
var ctlMessages = ctlCommand{
	name:  "messages",
	usage: "  messages [--persona P]                  subscription messages delivered (all personas without --persona)\n",
	verbs: []ctlVerb{{bind: func(fs *flag.FlagSet) ctlRunFunc {
		persona := personaFlag(fs)
		return func(ctx context.Context, k *ctl) error {
			if err := k.want("messages", 0, 0, "no arguments"); err != nil {
				return err
			}
			ms, err := k.c.Messages(ctx, *persona)
			if err != nil {
				return err
			}
			return k.show(map[string]any{"messages": ms}, printMessages(ms))
		}
	}}},
}

func printMessages(ms []apitype.Message) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "ID\tTIME\tPERSONA\tAPP\tTITLE\tFIELDS\tPAGE")
		for _, m := range ms {
			var fields []string
			for _, f := range m.Fields {
				fields = append(fields, f.Label+": "+f.Value)
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.Time.Local().Format("01-02 15:04:05"), m.Persona,
				cmp.Or(m.AppName, m.AppID), m.Title, strings.Join(fields, "; "), cmp.Or(m.Page, "-"))
		}
	}
}
