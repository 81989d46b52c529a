package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl storage: an app's wx storage (setStorage's), per persona.
var ctlStorage = ctlCommand{
	name: "storage",
	usage: `  storage [list] [APPID] [--persona P]    the app's wx storage (setStorage's)
  storage get|remove [APPID] KEY [--persona P]
  storage set [APPID] KEY VALUE [--persona P] [--string]   VALUE is JSON unless --string
  storage clear [APPID] [--persona P]
`,
	verbs: []ctlVerb{
		{"list", storageVerb("list", 0, nil)},
		{"get", storageVerb("get", 1, nil)},
		{"set", storageVerb("set", 2, func(fs *flag.FlagSet) *bool {
			return fs.Bool("string", false, "storage set: VALUE is a string, not JSON")
		})},
		{"remove", storageVerb("remove", 1, nil)},
		{"clear", storageVerb("clear", 0, nil)},
	},
}

// storageArgs are a storage verb's flags.
type storageArgs struct {
	verb    string
	rest    int // arguments after the APPID
	persona *string
	str     *bool // storage set --string
}

func storageVerb(verb string, rest int, extra func(*flag.FlagSet) *bool) func(*flag.FlagSet) ctlRunFunc {
	return func(fs *flag.FlagSet) ctlRunFunc {
		a := &storageArgs{verb: verb, rest: rest, persona: personaFlag(fs), str: new(bool)}
		if extra != nil {
			a.str = extra(fs)
		}
		return a.run
	}
}

// split splits [APPID] KEY [VALUE]: the APPID may be left out when one app
// is loaded.
func (a *storageArgs) split(ctx context.Context, k *ctl) (appID string, args []string, err error) {
	switch n := len(k.args); {
	case n == a.rest+1:
		return k.args[0], k.args[1:], nil
	case n == a.rest:
		saved := k.args
		k.args = nil
		appID, err = k.appArg(ctx)
		return appID, saved, err
	}
	what := map[int]string{0: "[APPID]", 1: "[APPID] KEY", 2: "[APPID] KEY VALUE"}[a.rest]
	return "", nil, fmt.Errorf("ctl storage %s: want %s, got %d argument(s)", a.verb, what, len(k.args))
}

func (a *storageArgs) run(ctx context.Context, k *ctl) error {
	c, persona := k.c, *a.persona
	appID, args, err := a.split(ctx, k)
	if err != nil {
		return err
	}
	switch a.verb {
	case "get":
		it, err := c.StorageGet(ctx, appID, persona, args[0])
		if err != nil {
			return err
		}
		return k.show(it, func(w *tabwriter.Writer) { fmt.Fprintf(w, "%s\n", it.Data) })
	case "set":
		data := json.RawMessage(args[1])
		if *a.str || !json.Valid(data) {
			data, _ = json.Marshal(args[1])
		}
		if err := c.StorageSet(ctx, appID, persona, args[0], data); err != nil {
			return err
		}
	case "remove":
		if err := c.StorageRemove(ctx, appID, persona, args[0]); err != nil {
			return err
		}
	case "clear":
		if err := c.StorageClear(ctx, appID, persona); err != nil {
			return err
		}
	}
	st, err := c.Storage(ctx, appID, persona)
	if err != nil {
		return err
	}
	return k.show(st, func(w *tabwriter.Writer) {
		info := storageInfo(st)
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

// storageInfo is getStorageInfo's answer for st: the domain's rule for
// sizes, not a copy of it.
func storageInfo(st apitype.Storage) app.StorageInfo {
	s := app.Storage{Persona: st.Persona, AppID: st.AppID, ItemLimit: st.ItemLimit, AppLimit: st.AppLimit}
	for _, it := range st.Items {
		s.Items = append(s.Items, app.StorageItem(it))
	}
	return s.Info()
}
