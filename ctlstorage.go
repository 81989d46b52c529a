package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/minihost/minihost/app"
)

// storageArgs splits [APPID] KEY [VALUE]: the APPID may be left out when
// one app is loaded.
func (k *ctl) storageArgs(ctx context.Context, name string, rest int) (appID string, args []string, err error) {
	switch n := len(k.args); {
	case n == rest+1:
		return k.args[0], k.args[1:], nil
	case n == rest:
		saved := k.args
		k.args = nil
		appID, err = k.appArg(ctx)
		return appID, saved, err
	}
	what := map[int]string{0: "[APPID]", 1: "[APPID] KEY", 2: "[APPID] KEY VALUE"}[rest]
	return "", nil, fmt.Errorf("ctl %s: want %s, got %d argument(s)", name, what, len(k.args))
}

func (k *ctl) storage(ctx context.Context, name string) error {
	c, persona := k.c, k.f.persona
	rest := map[string]int{"storage list": 0, "storage clear": 0, "storage get": 1, "storage remove": 1, "storage set": 2}[name]
	appID, args, err := k.storageArgs(ctx, name, rest)
	if err != nil {
		return err
	}
	switch name {
	case "storage get":
		it, err := c.StorageGet(ctx, appID, persona, args[0])
		if err != nil {
			return err
		}
		return k.show(it, func(w *tabwriter.Writer) { fmt.Fprintf(w, "%s\n", it.Data) })
	case "storage set":
		data := json.RawMessage(args[1])
		if k.f.str || !json.Valid(data) {
			data, _ = json.Marshal(args[1])
		}
		if err := c.StorageSet(ctx, appID, persona, args[0], data); err != nil {
			return err
		}
	case "storage remove":
		if err := c.StorageRemove(ctx, appID, persona, args[0]); err != nil {
			return err
		}
	case "storage clear":
		if err := c.StorageClear(ctx, appID, persona); err != nil {
			return err
		}
	}
	st, err := c.Storage(ctx, appID, persona)
	if err != nil {
		return err
	}
	return k.show(st, func(w *tabwriter.Writer) {
		info := st.Info()
		fmt.Fprintf(w, "app %s, persona %s: %d key(s), %d KB of %d KB\n", st.AppID, st.Persona, len(st.Items), info.CurrentSize, info.LimitSize)
		if len(st.Items) > 0 {
			fmt.Fprintln(w, "KEY\tVALUE")
		}
		for _, it := range st.Items {
			v := string(it.Data)
			if len(v) > 80 {
				v = v[:77] + "..."
			}
			if it.Type != "" {
				v += " (" + it.Type + ")"
			}
			fmt.Fprintf(w, "%s\t%s\n", it.Key, v)
		}
	})
}

// location shows or moves a persona (the current one by default).
func (k *ctl) location(ctx context.Context) error {
	c := k.c
	args := k.args
	persona := ""
	if len(args) > 0 {
		if _, err := strconv.ParseFloat(args[0], 64); err != nil { // a persona, not a latitude
			persona, args = args[0], args[1:]
		}
	}
	if persona == "" {
		st, err := c.Status(ctx)
		if err != nil {
			return err
		}
		persona = st.Persona
	}
	if len(args) != 0 && len(args) != 2 && len(args) != 3 {
		return fmt.Errorf("ctl location: want [PERSONA] [LATITUDE LONGITUDE [NAME]]")
	}
	if len(args) >= 2 {
		lat, err1 := strconv.ParseFloat(args[0], 64)
		lng, err2 := strconv.ParseFloat(args[1], 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("ctl location: %q %q: want numbers, e.g. 31.2304 121.4737", args[0], args[1])
		}
		l := app.Location{Latitude: lat, Longitude: lng}
		if len(args) == 3 {
			l.Name = args[2]
		}
		if err := c.SetLocation(ctx, persona, l); err != nil {
			return err
		}
	}
	l, err := c.Location(ctx, persona)
	if err != nil {
		return err
	}
	return k.show(l, func(w *tabwriter.Writer) {
		fmt.Fprintf(w, "persona\t%s\nlatitude\t%v\nlongitude\t%v\nname\t%s\n", persona, l.Latitude, l.Longitude, l.Name)
	})
}
