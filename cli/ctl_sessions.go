package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"
)

// ctl sessions: a persona's login session in an app.
var ctlSessions = ctlCommand{
	name:  "sessions",
	usage: "  sessions show|expire|forget [APPID] [--persona P]\n",
	verbs: []ctlVerb{
		{"show", sessionsVerb("show")},
		{"expire", sessionsVerb("expire")},
		{"forget", sessionsVerb("forget")},
	},
}

func sessionsVerb(verb string) func(fs *flag.FlagSet) ctlRunFunc {
	return func(fs *flag.FlagSet) ctlRunFunc {
		persona := personaFlag(fs)
		return func(ctx context.Context, k *ctl) error { return sessions(ctx, k, verb, *persona) }
	}
}

func sessions(ctx context.Context, k *ctl, verb, persona string) error {
	c := k.c
	id, err := k.appArg(ctx)
	if err != nil {
		return err
	}
	if err := k.want("sessions "+verb, 0, 0, "at most APPID"); err != nil {
		return err
	}
	switch verb {
	case "expire":
		err = c.ExpireSession(ctx, id, persona)
	case "forget":
		err = c.ForgetSession(ctx, id, persona)
	}
	if err != nil {
		return err
	}
	s, err := c.Session(ctx, id, persona)
	if err != nil {
		return err
	}
	return k.show(s, func(w *tabwriter.Writer) {
		fmt.Fprintf(w, "app\t%s\npersona\t%s\nlogged in\t%v\nvalid\t%v\n", s.AppID, s.Persona, s.LoggedIn, s.Valid)
		if s.LoggedIn {
			fmt.Fprintf(w, "last used\t%s\nexpires\t%s\n", s.LastUsed.Format(time.RFC3339), s.Expires.Format(time.RFC3339))
		}
	})
}
