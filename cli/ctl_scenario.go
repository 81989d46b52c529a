package cli

import (
	"context"
	"flag"

	"github.com/minihost/minihost/hostapi/scenario"
)

// ctl scenario export writes the current setup as a scenario file.
var ctlScenario = ctlCommand{
	name:  "scenario",
	usage: "  scenario export [APPID] [-o FILE]       write the current setup as a scenario\n",
	verbs: []ctlVerb{{"export", func(fs *flag.FlagSet) ctlRunFunc {
		output := outputFlag(fs)
		return func(ctx context.Context, k *ctl) error {
			if err := k.want("scenario export", 0, 1, "at most APPID"); err != nil {
				return err
			}
			id := ""
			if len(k.args) == 1 {
				id = k.args[0]
			}
			b, err := scenario.Export(ctx, k.c, id)
			if err != nil {
				return err
			}
			return k.writeOut(*output, b)
		}
	}}},
}
