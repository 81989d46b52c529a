package cli

// The simulator's ctl commands: screenshot, device, logs.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

var ctlScreenshot = ctlCommand{
	name:  "screenshot",
	usage: "  screenshot [APPID] [-o FILE]            the simulator's page as shown (PNG; stdout without -o)\n",
	verbs: []ctlVerb{{bind: func(fs *flag.FlagSet) ctlRunFunc {
		output := outputFlag(fs)
		return func(ctx context.Context, k *ctl) error {
			if err := k.want("screenshot", 0, 1, "at most APPID"); err != nil {
				return err
			}
			appID := ""
			if len(k.args) == 1 {
				appID = k.args[0]
			}
			png, err := k.c.Screenshot(ctx, appID)
			if err != nil {
				return err
			}
			return k.writeOut(*output, png)
		}
	}}},
}

var ctlDevice = ctlCommand{
	name:  "device",
	usage: "  device [NAME]                           show or switch the simulator's device (iPhone 15, iPhone SE, Pixel 7, iPad mini)\n",
	verbs: []ctlVerb{{bind: noFlags(runDevice)}},
}

func runDevice(ctx context.Context, k *ctl) error {
	if err := k.want("device", 0, 1, "at most NAME"); err != nil {
		return err
	}
	c := k.c
	get := c.Device
	if len(k.args) == 1 {
		get = func(ctx context.Context) (apitype.DeviceInfo, error) { return c.SetDevice(ctx, k.args[0]) }
	}
	d, err := get(ctx)
	if err != nil {
		return err
	}
	return k.show(d, func(w *tabwriter.Writer) {
		for _, n := range d.Devices {
			mark := " "
			if n == d.Device {
				mark = "*"
			}
			fmt.Fprintf(w, "%s %s\n", mark, n)
		}
	})
}

var ctlLogs = ctlCommand{
	name:  "logs",
	usage: "  logs [APPID] [--after SEQ] [--follow]   the pages' console and errors (all apps without APPID)\n",
	verbs: []ctlVerb{{bind: func(fs *flag.FlagSet) ctlRunFunc {
		var a logsArgs
		fs.Uint64Var(&a.after, "after", 0, "logs: only messages after this sequence number")
		fs.BoolVar(&a.follow, "follow", false, "logs: keep printing new messages (Ctrl-C stops)")
		return a.run
	}}},
}

type logsArgs struct {
	after  uint64
	follow bool
}

func (a *logsArgs) run(ctx context.Context, k *ctl) error {
	if err := k.want("logs", 0, 1, "at most APPID"); err != nil {
		return err
	}
	c := k.c
	appID := ""
	if len(k.args) == 1 {
		appID = k.args[0]
	}
	logs, err := c.Logs(ctx, appID, a.after)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(k.stdout)
	print := func(e apitype.LogEntry) error {
		if k.g.json {
			return enc.Encode(e) // one JSON object per line
		}
		printLog(k.stdout, e)
		return nil
	}
	for _, e := range logs {
		if err := print(e); err != nil {
			return err
		}
	}
	if !a.follow {
		return nil
	}
	err = c.StreamLogs(ctx, appID, print)
	if ctx.Err() != nil {
		return nil // Ctrl-C ends --follow
	}
	return err
}

// printLog prints one page message as a console shows it:
// "15:04:05.000 wx0123 log pages/index/index.js:12 message".
func printLog(w io.Writer, e apitype.LogEntry) {
	where := e.File
	if where != "" && e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if where == "" {
		where = "-"
	}
	fmt.Fprintf(w, "%s %s %-5s %s %s\n", e.Time.Local().Format("15:04:05.000"), e.AppID, e.Level, where, e.Message)
}
