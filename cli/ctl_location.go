package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl location shows or moves a persona (the current one by default).
var ctlLocation = ctlCommand{
	name:  "location",
	usage: "  location [PERSONA] [LATITUDE LONGITUDE [NAME]]   show or move a persona (getLocation)\n",
	verbs: []ctlVerb{{bind: noFlags(runLocation)}},
}

func runLocation(ctx context.Context, k *ctl) error {
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
		l := apitype.Location{Latitude: lat, Longitude: lng}
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
