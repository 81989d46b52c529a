package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl calls: the call log.
var ctlCalls = ctlCommand{
	name:  "calls",
	usage: "  calls [--api A] [--appid X] [--persona P] [--failed] [--after SEQ] [--limit N] [--follow]\n",
	verbs: []ctlVerb{{bind: func(fs *flag.FlagSet) ctlRunFunc {
		var a callsArgs
		fs.StringVar(&a.f.API, "api", "", "call log: only this API (wx name or server.<endpoint>)")
		fs.StringVar(&a.f.AppID, "appid", "", "call log: only this app")
		fs.StringVar(&a.f.Persona, "persona", "", "persona (default: the current one)")
		fs.BoolVar(&a.f.Failed, "failed", false, "call log: only failed calls")
		fs.Uint64Var(&a.f.AfterSeq, "after", 0, "call log: only calls after this sequence number")
		fs.IntVar(&a.f.Limit, "limit", 0, "call log: at most this many (newest), default 100")
		fs.BoolVar(&a.follow, "follow", false, "call log: keep printing new calls (Ctrl-C stops)")
		return a.run
	}}},
}

type callsArgs struct {
	f      apitype.CallFilter
	follow bool
}

func (a *callsArgs) run(ctx context.Context, k *ctl) error {
	if err := k.want("calls", 0, 0, "no arguments (filters are flags)"); err != nil {
		return err
	}
	if a.follow {
		return k.followCalls(ctx, a.f)
	}
	calls, err := k.c.Calls(ctx, a.f)
	if err != nil {
		return err
	}
	return k.show(map[string]any{"calls": calls}, func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "SEQ\tTIME\tAPP\tPERSONA\tAPI\tERRMSG\tTOOK")
		for _, r := range calls {
			printCall(w, r)
		}
	})
}

func (k *ctl) followCalls(ctx context.Context, f apitype.CallFilter) error {
	tw := tabwriter.NewWriter(k.stdout, 0, 4, 2, ' ', 0)
	if !k.g.json {
		fmt.Fprintln(tw, "SEQ\tTIME\tAPP\tPERSONA\tAPI\tERRMSG\tTOOK")
		tw.Flush()
	}
	enc := json.NewEncoder(k.stdout)
	err := k.c.StreamCalls(ctx, f, func(r apitype.CallRecord) error {
		if k.g.json {
			return enc.Encode(r) // one JSON object per line
		}
		printCall(tw, r)
		return tw.Flush()
	})
	if ctx.Err() != nil {
		return nil // Ctrl-C ends --follow
	}
	return err
}

func printCall(w io.Writer, r apitype.CallRecord) {
	fault := ""
	if r.Fault != 0 {
		fault = fmt.Sprintf(" [fault %d]", r.Fault)
	}
	fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s%s\t%s\n", r.Seq, r.Time.Local().Format("15:04:05.000"), cmp.Or(r.AppID, "-"), cmp.Or(r.Persona, "-"), r.API, r.ErrMsg, fault, r.Duration.Round(time.Millisecond))
}
