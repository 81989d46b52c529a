package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl faults: failures, delays and hangs injected into wx APIs and server
// endpoints.
var ctlFaults = ctlCommand{
	name: "faults",
	usage: `  faults [list]
  faults add API [--times N] [--errmsg MSG] [--errcode N] [--delay D] [--hang]
  faults clear [API|ID]                   without an argument: all
`,
	verbs: []ctlVerb{
		{"list", noFlags(func(ctx context.Context, k *ctl) error {
			fs, err := k.c.Faults(ctx)
			if err != nil {
				return err
			}
			return k.show(map[string]any{"faults": fs}, printFaults(fs))
		})},
		{"add", func(fs *flag.FlagSet) ctlRunFunc {
			var a faultArgs
			fs.IntVar(&a.times, "times", 1, "how many calls the fault hits (0: until cleared)")
			fs.IntVar(&a.errcode, "errcode", 0, "fault errCode (wx) or errcode (server.*), e.g. 45011")
			fs.StringVar(&a.errmsg, "errmsg", "", "fault errMsg reason (wx) or errmsg (server.*)")
			fs.StringVar(&a.delay, "delay", "", "fault delay, e.g. 3s")
			fs.BoolVar(&a.hang, "hang", false, "the fault holds the call until the caller gives up")
			return a.add
		}},
		{"clear", noFlags(clearFaults)},
	},
}

type faultArgs struct {
	times, errcode int
	errmsg, delay  string
	hang           bool
}

func (a *faultArgs) add(ctx context.Context, k *ctl) error {
	if err := k.want("faults add", 1, 1, "API (e.g. login or server.jscode2session)"); err != nil {
		return err
	}
	times := a.times
	f, err := k.c.AddFault(ctx, apitype.FaultRequest{API: k.args[0], Times: &times, ErrMsg: a.errmsg, ErrCode: a.errcode, Delay: a.delay, Hang: a.hang})
	if err != nil {
		return err
	}
	return k.show(f, printFaults([]apitype.FaultInfo{f}))
}

func clearFaults(ctx context.Context, k *ctl) error {
	if err := k.want("faults clear", 0, 1, "at most API or ID"); err != nil {
		return err
	}
	c := k.c
	n := 0
	var err error
	switch {
	case len(k.args) == 0:
		n, err = c.ClearFaults(ctx, "")
	default:
		if id, perr := strconv.ParseUint(k.args[0], 10, 64); perr == nil {
			err, n = c.RemoveFault(ctx, id), 1
		} else {
			n, err = c.ClearFaults(ctx, k.args[0])
		}
	}
	if err != nil {
		return err
	}
	return k.show(map[string]int{"cleared": n}, func(w *tabwriter.Writer) { fmt.Fprintf(w, "cleared %d fault(s)\n", n) })
}

func printFaults(fs []apitype.FaultInfo) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "ID\tAPI\tEFFECT\tLEFT\tHITS")
		for _, f := range fs {
			var effect []string
			if f.Hang {
				effect = append(effect, "hang")
			}
			if f.Delay != "" {
				effect = append(effect, "delay "+f.Delay)
			}
			if f.ErrCode != 0 || f.ErrMsg != "" {
				effect = append(effect, strings.TrimSpace(fmt.Sprintf("fail %s %s", codeStr(f.ErrCode), f.ErrMsg)))
			}
			left := strconv.Itoa(f.Remaining)
			if f.Times == 0 {
				left = "until cleared"
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\n", f.ID, f.API, strings.Join(effect, ", "), left, f.Hits)
		}
	}
}

func codeStr(c int) string {
	if c == 0 {
		return ""
	}
	return strconv.Itoa(c)
}
