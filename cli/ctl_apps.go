package cli

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl apps: the loaded mini programs and a persona's state in them.
var ctlApps = ctlCommand{
	name: "apps",
	usage: `  apps [list]
  apps load DIR | unload APPID
  apps reset [APPID] [--persona P]        forget what the persona did in the app
  apps set [APPID] [--env develop|trial|release] [--userinfo full|anonymous]
  apps settings [APPID] [--persona P] [SCOPE=on|off ...]
`,
	verbs: []ctlVerb{
		{"list", noFlags(runAppsList)},
		{"load", noFlags(runAppsLoad)},
		{"unload", noFlags(runAppsUnload)},
		{"reset", func(fs *flag.FlagSet) ctlRunFunc {
			persona := personaFlag(fs)
			return func(ctx context.Context, k *ctl) error { return appsReset(ctx, k, *persona) }
		}},
		{"set", func(fs *flag.FlagSet) ctlRunFunc {
			var a appsSetArgs
			fs.StringVar(&a.env, "env", "", "envVersion: develop, trial or release")
			fs.StringVar(&a.userinfo, "userinfo", "", "user-info policy: full or anonymous")
			return a.run
		}},
		{"settings", func(fs *flag.FlagSet) ctlRunFunc {
			persona := personaFlag(fs)
			return func(ctx context.Context, k *ctl) error { return appsSettings(ctx, k, *persona) }
		}},
	},
}

func runAppsList(ctx context.Context, k *ctl) error {
	apps, err := k.c.Apps(ctx)
	if err != nil {
		return err
	}
	return k.show(map[string]any{"apps": apps}, printApps(apps))
}

func runAppsLoad(ctx context.Context, k *ctl) error {
	if err := k.want("apps load", 1, 1, "DIR"); err != nil {
		return err
	}
	a, err := k.c.LoadApp(ctx, k.args[0])
	if err != nil {
		return err
	}
	return k.show(a, printApps([]apitype.AppInfo{a}))
}

func runAppsUnload(ctx context.Context, k *ctl) error {
	if err := k.want("apps unload", 1, 1, "APPID"); err != nil {
		return err
	}
	if err := k.c.UnloadApp(ctx, k.args[0]); err != nil {
		return err
	}
	return k.show(map[string]string{"unloaded": k.args[0]}, func(w *tabwriter.Writer) { fmt.Fprintf(w, "unloaded %s\n", k.args[0]) })
}

func appsReset(ctx context.Context, k *ctl, persona string) error {
	id, err := k.appArg(ctx)
	if err != nil {
		return err
	}
	if err := k.want("apps reset", 0, 0, "at most APPID"); err != nil {
		return err
	}
	if err := k.c.ResetApp(ctx, id, persona); err != nil {
		return err
	}
	return k.show(map[string]any{"appid": id, "persona": persona, "reset": true}, func(w *tabwriter.Writer) {
		fmt.Fprintf(w, "reset %s for %s\n", id, cmp.Or(persona, "the current persona"))
	})
}

type appsSetArgs struct{ env, userinfo string }

func (a *appsSetArgs) run(ctx context.Context, k *ctl) error {
	id, err := k.appArg(ctx)
	if err != nil {
		return err
	}
	var ch apitype.AppChange
	if k.set["env"] {
		ch.EnvVersion = &a.env
	}
	if k.set["userinfo"] {
		ch.UserInfoPolicy = &a.userinfo
	}
	if ch.EnvVersion == nil && ch.UserInfoPolicy == nil {
		return errors.New("ctl apps set: give --env and/or --userinfo")
	}
	info, err := k.c.SetApp(ctx, id, ch)
	if err != nil {
		return err
	}
	return k.show(info, printApps([]apitype.AppInfo{info}))
}

func appsSettings(ctx context.Context, k *ctl, persona string) error {
	c := k.c
	id, err := k.appArg(ctx)
	if err != nil {
		return err
	}
	changes, err := scopeArgs(k.args)
	if err != nil {
		return err
	}
	s, err := c.Settings(ctx, id, persona)
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		for scope, on := range changes {
			s.Auth[scope] = on
		}
		if s, err = c.SetSettings(ctx, id, persona, s.Settings); err != nil {
			return err
		}
	}
	return k.show(s, func(w *tabwriter.Writer) {
		fmt.Fprintf(w, "SCOPE\tSETTING\t(%s, persona %s)\n", s.AppID, s.Persona)
		for _, scope := range slices.Sorted(maps.Keys(s.Auth)) {
			fmt.Fprintf(w, "%s\t%s\n", scope, onOff(s.Auth[scope]))
		}
	})
}

func printApps(apps []apitype.AppInfo) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "APPID\tNAME\tENV\tUSERINFO\tURL\tAPPSECRET\tTOKEN")
		for _, a := range apps {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.AppID, a.Name, a.EnvVersion, a.UserInfoPolicy, a.URL, a.Secret, a.Token)
		}
	}
}
