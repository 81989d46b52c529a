package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi"
)

// simulator runs the ctl commands of the simulator: screenshot, device, logs.
func (k *ctl) simulator(ctx context.Context, name string) error {
	c := k.c
	switch name {
	case "screenshot":
		if err := k.want(name, 0, 1, "at most APPID"); err != nil {
			return err
		}
		appID := ""
		if len(k.args) == 1 {
			appID = k.args[0]
		}
		png, err := c.Screenshot(ctx, appID)
		if err != nil {
			return err
		}
		return k.writeOut(png)
	case "device":
		if err := k.want(name, 0, 1, "at most NAME"); err != nil {
			return err
		}
		get := c.Device
		if len(k.args) == 1 {
			get = func(ctx context.Context) (hostapi.DeviceInfo, error) { return c.SetDevice(ctx, k.args[0]) }
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
	case "logs":
		if err := k.want(name, 0, 1, "at most APPID"); err != nil {
			return err
		}
		appID := ""
		if len(k.args) == 1 {
			appID = k.args[0]
		}
		logs, err := c.Logs(ctx, appID, k.f.after)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(k.stdout)
		print := func(e hostapi.LogEntry) error {
			if k.f.json {
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
		if !k.f.follow {
			return nil
		}
		err = c.StreamLogs(ctx, appID, print)
		if ctx.Err() != nil {
			return nil // Ctrl-C ends --follow
		}
		return err
	}
	return fmt.Errorf("ctl %s: not implemented", name)
}

// printLog prints one page message as a console shows it:
// "15:04:05.000 wx0123 log pages/index/index.js:12 message".
func printLog(w io.Writer, e hostapi.LogEntry) {
	where := e.File
	if where != "" && e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if where == "" {
		where = "-"
	}
	fmt.Fprintf(w, "%s %s %-5s %s %s\n", e.Time.Local().Format("15:04:05.000"), e.AppID, e.Level, where, e.Message)
}
