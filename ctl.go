package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/scenario"
)

const ctlUsage = `usage: minihost ctl [flags] COMMAND [ARGS]

Drives a running minihost through its control API. It finds the instance via
<data dir>/instance.json and control.token, or takes --url and --token.

  token                                   print the control token
  status                                  what runs and what is active
  personas [list]
  personas create ID --nickname NAME [--lang en|zh_CN|zh_TW] [--gender 0|1|2] [--color #rrggbb] [--phone "+86 13800138000"]
  personas edit ID [--nickname N] [--lang L] [--gender G] [--color C] [--phone P] [--avatar FILE | --clear-avatar]
                                          --phone "" unbinds the number (getPhoneNumber then fails)
  personas switch ID | delete ID
  personas export [ID...] [-o FILE]       write a personas file (all personas without IDs)
  personas import FILE
  apps [list]
  apps load DIR | unload APPID
  apps reset [APPID] [--persona P]        forget what the persona did in the app
  apps set [APPID] [--env develop|trial|release] [--userinfo full|anonymous]
  apps settings [APPID] [--persona P] [SCOPE=on|off ...]
  prompts [list]
  prompts next [--timeout 30s]            wait for the next pending prompt
  prompts answer ID allow|deny|cancel|match|no-match [SCOPE=on|off ...] [TMPLID=on|off ...] [--keep]
                                          subscribe prompts: TMPLID=off rejects that template
  policies [list]
  policies set KEY ask|allow|deny|after:DURATION   KEY: default, an API, or a scope
  policies clear [KEY]                    without KEY: every rule
  sessions show|expire|forget [APPID] [--persona P]
  timeouts [show]
  timeouts set [--code-ttl D] [--login-expiry D]   0 clears an override
  faults [list]
  faults add API [--times N] [--errmsg MSG] [--errcode N] [--delay D] [--hang]
  faults clear [API|ID]                   without an argument: all
  calls [--api A] [--appid X] [--persona P] [--failed] [--after SEQ] [--limit N] [--follow]
  scenario export [APPID] [-o FILE]       write the current setup as a scenario
  messages [--persona P]                  subscription messages delivered (all personas without --persona)
  open --scan FILE                        read a mini program code (PNG/JPEG from getwxacodeunlimit) and open
                                          its page with scene 1047 in the browser (prints the URL; --print: only that)
  storage [list] [APPID] [--persona P]    the app's wx storage (setStorage's)
  storage get|remove [APPID] KEY [--persona P]
  storage set [APPID] KEY VALUE [--persona P] [--string]   VALUE is JSON unless --string
  storage clear [APPID] [--persona P]
  location [PERSONA] [LATITUDE LONGITUDE [NAME]]   show or move a persona (getLocation)
  screenshot [APPID] [-o FILE]            the simulator's page as shown (PNG; stdout without -o)
  device [NAME]                           show or switch the simulator's device (iPhone 15, iPhone SE, Pixel 7, iPad mini)
  logs [APPID] [--after SEQ] [--follow]   the pages' console and errors (all apps without APPID)

APPID may be left out when one app is loaded. Flags may follow the arguments.

flags:
`

// ctlFlags are every flag of every ctl command; each command says which of
// them it takes, so a misplaced flag is an error rather than ignored.
type ctlFlags struct {
	dataDir, url, token string
	json                bool

	nickname, lang, color, avatar string
	phone                         string
	keep                          bool
	scan                          string
	printOnly                     bool
	gender                        int
	clearAvatar                   bool
	output                        string
	persona                       string
	env, userinfo                 string
	timeout                       time.Duration
	codeTTL, loginExpiry          string
	times, errcode                int
	errmsg, delay                 string
	hang                          bool
	api, appid                    string
	failed, follow                bool
	after                         uint64
	limit                         int
	str                           bool
}

var globalCtlFlags = []string{"data-dir", "url", "token", "json"}

func newCtlFlagSet(f *ctlFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("minihost ctl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, ctlUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.dataDir, "data-dir", defaultDataDir(), "data dir of the running minihost")
	fs.StringVar(&f.url, "url", "", "control API base URL (instead of --data-dir), e.g. http://127.0.0.1:7878")
	fs.StringVar(&f.token, "token", "", "control token, with --url")
	fs.BoolVar(&f.json, "json", false, "print the JSON answer (for scripts)")
	fs.StringVar(&f.nickname, "nickname", "", "persona nickname")
	fs.StringVar(&f.lang, "lang", "", "persona language: en, zh_CN or zh_TW")
	fs.IntVar(&f.gender, "gender", 0, "persona gender: 0 unknown, 1 male, 2 female")
	fs.StringVar(&f.color, "color", "", "persona avatar colour, #rrggbb")
	fs.StringVar(&f.phone, "phone", "", `persona phone number, "+<country code> <number>" ("" unbinds)`)
	fs.BoolVar(&f.keep, "keep", false, "prompts answer on a subscribe prompt: always keep this choice")
	fs.StringVar(&f.scan, "scan", "", "open: a mini program code image to read")
	fs.BoolVar(&f.printOnly, "print", false, "open: print the URL, do not open a browser")
	fs.StringVar(&f.avatar, "avatar", "", "PNG or JPEG file to use as the persona's avatar")
	fs.BoolVar(&f.clearAvatar, "clear-avatar", false, "go back to the drawn avatar")
	fs.StringVar(&f.output, "o", "", "write to this file instead of stdout")
	fs.StringVar(&f.persona, "persona", "", "persona (default: the current one)")
	fs.StringVar(&f.env, "env", "", "envVersion: develop, trial or release")
	fs.StringVar(&f.userinfo, "userinfo", "", "user-info policy: full or anonymous")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "how long prompts next waits")
	fs.StringVar(&f.codeTTL, "code-ttl", "", "login code validity override, e.g. 30s (0 clears)")
	fs.StringVar(&f.loginExpiry, "login-expiry", "", "session idle expiry override, e.g. 2m (0 clears)")
	fs.IntVar(&f.times, "times", 1, "how many calls the fault hits (0: until cleared)")
	fs.IntVar(&f.errcode, "errcode", 0, "fault errCode (wx) or errcode (server.*), e.g. 45011")
	fs.StringVar(&f.errmsg, "errmsg", "", "fault errMsg reason (wx) or errmsg (server.*)")
	fs.StringVar(&f.delay, "delay", "", "fault delay, e.g. 3s")
	fs.BoolVar(&f.hang, "hang", false, "the fault holds the call until the caller gives up")
	fs.StringVar(&f.api, "api", "", "call log: only this API (wx name or server.<endpoint>)")
	fs.StringVar(&f.appid, "appid", "", "call log: only this app")
	fs.BoolVar(&f.failed, "failed", false, "call log: only failed calls")
	fs.BoolVar(&f.follow, "follow", false, "call log: keep printing new calls (Ctrl-C stops)")
	fs.Uint64Var(&f.after, "after", 0, "call log: only calls after this sequence number")
	fs.IntVar(&f.limit, "limit", 0, "call log: at most this many (newest), default 100")
	fs.BoolVar(&f.str, "string", false, "storage set: VALUE is a string, not JSON")
	return fs
}

// parseInterspersed parses flags wherever they are among the arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// ctl is one ctl invocation.
type ctl struct {
	f      ctlFlags
	set    map[string]bool // flags given
	args   []string        // positional arguments after the command words
	stdout io.Writer
	stderr io.Writer
	c      *client.Client
	browse func(ctx context.Context, url string) error // nil: the desktop's browser (ctl open)
}

func runCtl(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	k := &ctl{stdout: stdout, stderr: stderr, set: map[string]bool{}}
	fs := newCtlFlagSet(&k.f, stderr)
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	fs.Visit(func(fl *flag.Flag) { k.set[fl.Name] = true })
	if len(pos) == 0 {
		fs.Usage()
		return errors.New("ctl: missing command")
	}
	cmd, verb := pos[0], ""
	k.args = pos[1:]
	if len(k.args) > 0 && slices.Contains(ctlVerbs[cmd], k.args[0]) {
		verb, k.args = k.args[0], k.args[1:]
	}
	if _, ok := ctlVerbs[cmd]; !ok {
		return fmt.Errorf("ctl: unknown command %q (see minihost ctl -h)", cmd)
	}
	if verb == "" && len(ctlVerbs[cmd]) > 0 {
		verb = ctlVerbs[cmd][0] // the listing verb
		if len(k.args) > 0 {
			return fmt.Errorf("ctl %s: unknown subcommand %q: want one of %s", cmd, k.args[0], strings.Join(ctlVerbs[cmd], ", "))
		}
	}
	name := strings.TrimSpace(cmd + " " + verb)
	allowed := append(slices.Clone(globalCtlFlags), ctlCommandFlags[name]...)
	for fl := range k.set {
		if !slices.Contains(allowed, fl) {
			return fmt.Errorf("ctl %s: --%s does not apply here", name, fl)
		}
	}
	if name == "token" {
		return k.token()
	}
	if k.f.url != "" {
		if k.f.token == "" {
			if k.f.token, err = client.ReadToken(k.f.dataDir); err != nil {
				return fmt.Errorf("--url needs --token: %w", err)
			}
		}
		k.c = client.New(k.f.url, k.f.token)
	} else if k.c, err = client.Connect(k.f.dataDir); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return k.run(ctx, name)
}

// ctlVerbs lists each command's verbs, the default (listing) one first.
var ctlVerbs = map[string][]string{
	"token":      nil,
	"status":     nil,
	"personas":   {"list", "create", "edit", "switch", "delete", "export", "import"},
	"apps":       {"list", "load", "unload", "reset", "set", "settings"},
	"prompts":    {"list", "next", "answer"},
	"policies":   {"list", "set", "clear"},
	"sessions":   {"show", "expire", "forget"},
	"timeouts":   {"show", "set"},
	"faults":     {"list", "add", "clear"},
	"calls":      nil,
	"scenario":   {"export"},
	"messages":   nil,
	"open":       nil,
	"storage":    {"list", "get", "set", "remove", "clear"},
	"location":   nil,
	"screenshot": nil,
	"device":     nil,
	"logs":       nil,
}

// ctlCommandFlags lists the flags each command takes besides the global ones.
var ctlCommandFlags = map[string][]string{
	"personas create": {"nickname", "lang", "gender", "color", "phone"},
	"personas edit":   {"nickname", "lang", "gender", "color", "phone", "avatar", "clear-avatar"},
	"personas export": {"o"},
	"apps reset":      {"persona"},
	"apps set":        {"env", "userinfo"},
	"apps settings":   {"persona"},
	"prompts next":    {"timeout"},
	"prompts answer":  {"keep"},
	"messages":        {"persona"},
	"open":            {"scan", "print"},
	"sessions show":   {"persona"},
	"sessions expire": {"persona"},
	"sessions forget": {"persona"},
	"timeouts set":    {"code-ttl", "login-expiry"},
	"faults add":      {"times", "errcode", "errmsg", "delay", "hang"},
	"calls":           {"api", "appid", "persona", "failed", "after", "limit", "follow"},
	"scenario export": {"o"},
	"storage list":    {"persona"},
	"storage get":     {"persona"},
	"storage set":     {"persona", "string"},
	"storage remove":  {"persona"},
	"storage clear":   {"persona"},
	"screenshot":      {"o"},
	"logs":            {"after", "follow"},
}

func (k *ctl) token() error {
	tok, err := client.ReadToken(k.f.dataDir)
	if err != nil {
		return fmt.Errorf("%w\n(start minihost once with --data-dir %s to create it)", err, k.f.dataDir)
	}
	if k.f.json {
		return k.printJSON(map[string]string{"token": tok})
	}
	fmt.Fprintln(k.stdout, tok)
	return nil
}

// want checks the number of positional arguments.
func (k *ctl) want(name string, min, max int, what string) error {
	if n := len(k.args); n < min || n > max {
		return fmt.Errorf("ctl %s: want %s, got %d argument(s)", name, what, n)
	}
	return nil
}

// appArg is the optional APPID argument, else the only loaded app.
func (k *ctl) appArg(ctx context.Context) (string, error) {
	if len(k.args) > 0 && !strings.Contains(k.args[0], "=") {
		id := k.args[0]
		k.args = k.args[1:]
		return id, nil
	}
	apps, err := k.c.Apps(ctx)
	if err != nil {
		return "", err
	}
	if len(apps) != 1 {
		var ids []string
		for _, a := range apps {
			ids = append(ids, a.AppID)
		}
		return "", fmt.Errorf("%d apps are loaded (%s): name the APPID", len(apps), strings.Join(ids, ", "))
	}
	return apps[0].AppID, nil
}

// scopeArgs reads SCOPE=on|off arguments.
func scopeArgs(args []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, a := range args {
		scope, v, ok := strings.Cut(a, "=")
		on, err := strconv.ParseBool(strings.NewReplacer("on", "true", "off", "false").Replace(v))
		if !ok || err != nil || scope == "" {
			return nil, fmt.Errorf("%q: want SCOPE=on or SCOPE=off, e.g. scope.userLocation=on", a)
		}
		out[scope] = on
	}
	return out, nil
}

func (k *ctl) printJSON(v any) error {
	enc := json.NewEncoder(k.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// show prints v as JSON with --json, else runs the human printer.
func (k *ctl) show(v any, human func(w *tabwriter.Writer)) error {
	if k.f.json {
		return k.printJSON(v)
	}
	tw := tabwriter.NewWriter(k.stdout, 0, 4, 2, ' ', 0)
	human(tw)
	return tw.Flush()
}

// writeOut writes data to -o FILE or stdout.
func (k *ctl) writeOut(data []byte) error {
	if k.f.output == "" || k.f.output == "-" {
		_, err := k.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(k.f.output, data, 0o644); err != nil {
		return err
	}
	if !k.f.json {
		fmt.Fprintf(k.stderr, "wrote %s\n", k.f.output)
	}
	return nil
}

func (k *ctl) run(ctx context.Context, name string) error {
	c := k.c
	switch name {
	case "status":
		st, err := c.Status(ctx)
		if err != nil {
			return err
		}
		return k.show(st, func(w *tabwriter.Writer) {
			fmt.Fprintf(w, "url\t%s\nversion\t%s\npersona\t%s\napps\t%s\npending prompts\t%d\nfaults\t%d\n", c.URL(), st.Version, st.Persona, strings.Join(st.Apps, ", "), st.Pending, st.Faults)
			if st.Policies != nil {
				fmt.Fprintf(w, "default policy\t%s\n", st.Policies.Default)
				for _, key := range slices.Sorted(maps.Keys(st.Policies.Rules)) {
					fmt.Fprintf(w, "policy %s\t%s\n", key, st.Policies.Rules[key])
				}
			}
			if o := st.Overrides; o.CodeTTL != "" || o.LoginExpiry != "" {
				fmt.Fprintf(w, "timeout overrides\tcodeTTL=%s loginExpiry=%s\n", o.CodeTTL, o.LoginExpiry)
			}
		})

	case "personas list":
		if err := k.want(name, 0, 0, "no arguments"); err != nil {
			return err
		}
		l, err := c.Personas(ctx)
		if err != nil {
			return err
		}
		return k.show(l, printPersonas(l.Personas))
	case "personas create":
		if err := k.want(name, 1, 1, "ID"); err != nil {
			return err
		}
		p, err := c.CreatePersona(ctx, app.Persona{ID: k.args[0], NickName: k.f.nickname, Language: k.f.lang, Gender: k.f.gender, Color: k.f.color, Phone: k.f.phone})
		if err != nil {
			return err
		}
		return k.show(p, printPersonas([]hostapi.PersonaInfo{p}))
	case "personas edit":
		if err := k.want(name, 1, 1, "ID"); err != nil {
			return err
		}
		id := k.args[0]
		var ch app.PersonaChange
		if k.set["nickname"] {
			ch.NickName = &k.f.nickname
		}
		if k.set["lang"] {
			ch.Language = &k.f.lang
		}
		if k.set["gender"] {
			ch.Gender = &k.f.gender
		}
		if k.set["color"] {
			ch.Color = &k.f.color
		}
		if k.set["phone"] {
			ch.Phone = &k.f.phone
		}
		p, err := c.UpdatePersona(ctx, id, ch)
		if err != nil {
			return err
		}
		switch {
		case k.f.avatar != "":
			img, err := os.ReadFile(k.f.avatar)
			if err != nil {
				return fmt.Errorf("--avatar: %w", err)
			}
			if p, err = c.SetAvatar(ctx, id, img); err != nil {
				return err
			}
		case k.f.clearAvatar:
			if err := c.ClearAvatar(ctx, id); err != nil {
				return err
			}
			p.CustomAvatar = false
		}
		return k.show(p, printPersonas([]hostapi.PersonaInfo{p}))
	case "personas switch", "personas delete":
		if err := k.want(name, 1, 1, "ID"); err != nil {
			return err
		}
		var err error
		if name == "personas switch" {
			err = c.SwitchPersona(ctx, k.args[0])
		} else {
			err = c.DeletePersona(ctx, k.args[0])
		}
		if err != nil {
			return err
		}
		l, err := c.Personas(ctx)
		if err != nil {
			return err
		}
		return k.show(l, printPersonas(l.Personas))
	case "personas export":
		f, err := c.ExportPersonas(ctx, k.args...)
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return err
		}
		return k.writeOut(append(b, '\n'))
	case "personas import":
		if err := k.want(name, 1, 1, "FILE"); err != nil {
			return err
		}
		b, err := os.ReadFile(k.args[0])
		if err != nil {
			return err
		}
		var f hostapi.PersonaFile
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("%s: %w", k.args[0], err)
		}
		if err := c.ImportPersonas(ctx, f); err != nil {
			return err
		}
		l, err := c.Personas(ctx)
		if err != nil {
			return err
		}
		return k.show(l, printPersonas(l.Personas))

	case "apps list":
		apps, err := c.Apps(ctx)
		if err != nil {
			return err
		}
		return k.show(map[string]any{"apps": apps}, printApps(apps))
	case "apps load":
		if err := k.want(name, 1, 1, "DIR"); err != nil {
			return err
		}
		a, err := c.LoadApp(ctx, k.args[0])
		if err != nil {
			return err
		}
		return k.show(a, printApps([]hostapi.AppInfo{a}))
	case "apps unload":
		if err := k.want(name, 1, 1, "APPID"); err != nil {
			return err
		}
		if err := c.UnloadApp(ctx, k.args[0]); err != nil {
			return err
		}
		return k.show(map[string]string{"unloaded": k.args[0]}, func(w *tabwriter.Writer) { fmt.Fprintf(w, "unloaded %s\n", k.args[0]) })
	case "apps reset":
		id, err := k.appArg(ctx)
		if err != nil {
			return err
		}
		if err := k.want(name, 0, 0, "at most APPID"); err != nil {
			return err
		}
		if err := c.ResetApp(ctx, id, k.f.persona); err != nil {
			return err
		}
		return k.show(map[string]any{"appid": id, "persona": k.f.persona, "reset": true}, func(w *tabwriter.Writer) {
			fmt.Fprintf(w, "reset %s for %s\n", id, cmp.Or(k.f.persona, "the current persona"))
		})
	case "apps set":
		id, err := k.appArg(ctx)
		if err != nil {
			return err
		}
		var ch hostapi.AppChange
		if k.set["env"] {
			ch.EnvVersion = &k.f.env
		}
		if k.set["userinfo"] {
			ch.UserInfoPolicy = &k.f.userinfo
		}
		if ch.EnvVersion == nil && ch.UserInfoPolicy == nil {
			return errors.New("ctl apps set: give --env and/or --userinfo")
		}
		a, err := c.SetApp(ctx, id, ch)
		if err != nil {
			return err
		}
		return k.show(a, printApps([]hostapi.AppInfo{a}))
	case "apps settings":
		id, err := k.appArg(ctx)
		if err != nil {
			return err
		}
		changes, err := scopeArgs(k.args)
		if err != nil {
			return err
		}
		s, err := c.Settings(ctx, id, k.f.persona)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			for scope, on := range changes {
				s.Auth[scope] = on
			}
			if s, err = c.SetSettings(ctx, id, k.f.persona, s.Settings); err != nil {
				return err
			}
		}
		return k.show(s, func(w *tabwriter.Writer) {
			fmt.Fprintf(w, "SCOPE\tSETTING\t(%s, persona %s)\n", s.AppID, s.Persona)
			for _, scope := range slices.Sorted(maps.Keys(s.Auth)) {
				fmt.Fprintf(w, "%s\t%s\n", scope, onOff(s.Auth[scope]))
			}
		})

	case "prompts list":
		ps, err := c.Prompts(ctx)
		if err != nil {
			return err
		}
		return k.show(map[string]any{"prompts": ps}, printPrompts(ps))
	case "prompts next":
		wctx, cancel := context.WithTimeout(ctx, k.f.timeout)
		defer cancel()
		p, err := c.NextPromptAfter(wctx, 0)
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no prompt within %s", k.f.timeout)
		}
		if err != nil {
			return err
		}
		return k.show(p, printPrompts([]app.PendingPrompt{p}))
	case "prompts answer":
		if len(k.args) < 2 {
			return fmt.Errorf("ctl %s: want ID and an answer (allow, deny, cancel, match, no-match)", name)
		}
		id, err := strconv.ParseUint(k.args[0], 10, 64)
		if err != nil {
			return fmt.Errorf("prompt id %q: want a number (see minihost ctl prompts)", k.args[0])
		}
		a, err := k.answer(ctx, id)
		if err != nil {
			return err
		}
		if err := c.Answer(ctx, id, a); err != nil {
			return err
		}
		return k.show(map[string]any{"id": id, "answer": k.args[1]}, func(w *tabwriter.Writer) { fmt.Fprintf(w, "answered prompt %d: %s\n", id, k.args[1]) })

	case "policies list", "policies set", "policies clear":
		var err error
		switch name {
		case "policies set":
			if err = k.want(name, 2, 2, "KEY and POLICY"); err != nil {
				return err
			}
			err = c.SetPolicy(ctx, k.args[0], k.args[1])
		case "policies clear":
			if err = k.want(name, 0, 1, "at most KEY"); err != nil {
				return err
			}
			if len(k.args) == 1 {
				err = c.ClearPolicy(ctx, k.args[0])
			} else {
				err = c.ClearPolicies(ctx)
			}
		}
		if err != nil {
			return err
		}
		p, err := c.Policies(ctx)
		if err != nil {
			return err
		}
		return k.show(p, func(w *tabwriter.Writer) {
			fmt.Fprintf(w, "KEY\tPOLICY\n%s\t%s\n", app.PolicyDefaultKey, p.Default)
			for _, key := range slices.Sorted(maps.Keys(p.Rules)) {
				fmt.Fprintf(w, "%s\t%s\n", key, p.Rules[key])
			}
		})

	case "sessions show", "sessions expire", "sessions forget":
		id, err := k.appArg(ctx)
		if err != nil {
			return err
		}
		if err := k.want(name, 0, 0, "at most APPID"); err != nil {
			return err
		}
		switch name {
		case "sessions expire":
			err = c.ExpireSession(ctx, id, k.f.persona)
		case "sessions forget":
			err = c.ForgetSession(ctx, id, k.f.persona)
		}
		if err != nil {
			return err
		}
		s, err := c.Session(ctx, id, k.f.persona)
		if err != nil {
			return err
		}
		return k.show(s, func(w *tabwriter.Writer) {
			fmt.Fprintf(w, "app\t%s\npersona\t%s\nlogged in\t%v\nvalid\t%v\n", s.AppID, s.Persona, s.LoggedIn, s.Valid)
			if s.LoggedIn {
				fmt.Fprintf(w, "last used\t%s\nexpires\t%s\n", s.LastUsed.Format(time.RFC3339), s.Expires.Format(time.RFC3339))
			}
		})

	case "timeouts show", "timeouts set":
		if name == "timeouts set" {
			cur, err := c.Timeouts(ctx)
			if err != nil {
				return err
			}
			d := cur.Overrides
			if k.set["code-ttl"] {
				d.CodeTTL = k.f.codeTTL
			}
			if k.set["login-expiry"] {
				d.LoginExpiry = k.f.loginExpiry
			}
			if _, err := c.SetTimeouts(ctx, d); err != nil {
				return err
			}
		}
		t, err := c.Timeouts(ctx)
		if err != nil {
			return err
		}
		return k.show(t, func(w *tabwriter.Writer) {
			fmt.Fprintf(w, "TIMEOUT\tDEFAULT\tOVERRIDE\ncodeTTL\t%s\t%s\nloginExpiry\t%s\t%s\n",
				t.Defaults.CodeTTL, cmp.Or(t.Overrides.CodeTTL, "-"), t.Defaults.LoginExpiry, cmp.Or(t.Overrides.LoginExpiry, "-"))
		})

	case "faults list":
		fs, err := c.Faults(ctx)
		if err != nil {
			return err
		}
		return k.show(map[string]any{"faults": fs}, printFaults(fs))
	case "faults add":
		if err := k.want(name, 1, 1, "API (e.g. login or server.jscode2session)"); err != nil {
			return err
		}
		times := k.f.times
		f, err := c.AddFault(ctx, hostapi.FaultRequest{API: k.args[0], Times: &times, ErrMsg: k.f.errmsg, ErrCode: k.f.errcode, Delay: k.f.delay, Hang: k.f.hang})
		if err != nil {
			return err
		}
		return k.show(f, printFaults([]hostapi.FaultInfo{f}))
	case "faults clear":
		if err := k.want(name, 0, 1, "at most API or ID"); err != nil {
			return err
		}
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

	case "calls":
		if err := k.want(name, 0, 0, "no arguments (filters are flags)"); err != nil {
			return err
		}
		f := app.CallFilter{API: k.f.api, AppID: k.f.appid, Persona: k.f.persona, Failed: k.f.failed, AfterSeq: k.f.after, Limit: k.f.limit}
		if k.f.follow {
			return k.followCalls(ctx, f)
		}
		calls, err := c.Calls(ctx, f)
		if err != nil {
			return err
		}
		return k.show(map[string]any{"calls": calls}, func(w *tabwriter.Writer) {
			fmt.Fprintln(w, "SEQ\tTIME\tAPP\tPERSONA\tAPI\tERRMSG\tTOOK")
			for _, r := range calls {
				printCall(w, r)
			}
		})

	case "storage list", "storage get", "storage set", "storage remove", "storage clear":
		return k.storage(ctx, name)
	case "location":
		return k.location(ctx)

	case "scenario export":
		if err := k.want(name, 0, 1, "at most APPID"); err != nil {
			return err
		}
		id := ""
		if len(k.args) == 1 {
			id = k.args[0]
		}
		b, err := scenario.Export(ctx, c, id)
		if err != nil {
			return err
		}
		return k.writeOut(b)
	case "messages":
		if err := k.want(name, 0, 0, "no arguments"); err != nil {
			return err
		}
		ms, err := c.Messages(ctx, k.f.persona)
		if err != nil {
			return err
		}
		return k.show(map[string]any{"messages": ms}, printMessages(ms))
	case "open":
		return k.open(ctx)
	case "screenshot", "device", "logs":
		return k.simulator(ctx, name) // ctl_sim.go
	}
	return fmt.Errorf("ctl %s: not implemented", name)
}

// answer builds a prompts answer: SCOPE=on|off flip a settings page's
// switches, TMPLID=on|off a subscribe prompt's.
func (k *ctl) answer(ctx context.Context, id uint64) (app.Answer, error) {
	a := app.Answer{Action: k.args[1], Keep: k.f.keep}
	switches, err := scopeArgs(k.args[2:])
	if err != nil {
		return a, err
	}
	if len(switches) == 0 && !k.f.keep {
		return a, nil
	}
	ps, err := k.c.Prompts(ctx)
	if err != nil {
		return a, err
	}
	i := slices.IndexFunc(ps, func(p app.PendingPrompt) bool { return p.ID == id })
	if i >= 0 && ps[i].Kind == app.PromptSubscribe {
		if len(switches) > 0 {
			a.Choices = map[string]string{}
			for _, t := range ps[i].Templates {
				a.Choices[t.ID] = app.SubAccept // a template not named stays on, as in the dialog
			}
			for tmpl, on := range switches {
				a.Choices[tmpl] = app.SubReject
				if on {
					a.Choices[tmpl] = app.SubAccept
				}
			}
		}
		return a, nil
	}
	if len(switches) > 0 {
		a.Auth = switches
	}
	return a, nil // the host says what does not fit the prompt
}

func (k *ctl) followCalls(ctx context.Context, f app.CallFilter) error {
	tw := tabwriter.NewWriter(k.stdout, 0, 4, 2, ' ', 0)
	if !k.f.json {
		fmt.Fprintln(tw, "SEQ\tTIME\tAPP\tPERSONA\tAPI\tERRMSG\tTOOK")
		tw.Flush()
	}
	enc := json.NewEncoder(k.stdout)
	err := k.c.StreamCalls(ctx, f, func(r app.CallRecord) error {
		if k.f.json {
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

func printCall(w io.Writer, r app.CallRecord) {
	fault := ""
	if r.Fault != 0 {
		fault = fmt.Sprintf(" [fault %d]", r.Fault)
	}
	fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s%s\t%s\n", r.Seq, r.Time.Local().Format("15:04:05.000"), cmp.Or(r.AppID, "-"), cmp.Or(r.Persona, "-"), r.API, r.ErrMsg, fault, r.Duration.Round(time.Millisecond))
}

func printPersonas(ps []hostapi.PersonaInfo) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "\tID\tNICKNAME\tLANGUAGE\tPHONE\tAVATAR")
		for _, p := range ps {
			cur, avatar := "", "drawn "+p.Color
			if p.Current {
				cur = "*"
			}
			if p.CustomAvatar {
				avatar = "uploaded"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", cur, p.ID, p.NickName, p.Language, cmp.Or(p.Phone, "-"), avatar)
		}
	}
}

func printApps(apps []hostapi.AppInfo) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "APPID\tNAME\tENV\tUSERINFO\tURL\tAPPSECRET\tTOKEN")
		for _, a := range apps {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.AppID, a.Name, a.EnvVersion, a.UserInfoPolicy, a.URL, a.Secret, a.Token)
		}
	}
}

func printPrompts(ps []app.PendingPrompt) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "ID\tKIND\tAPP\tPERSONA\tDETAILS\tPOLICY\tWAITING")
		for _, p := range ps {
			details := p.Scope
			switch p.Kind {
			case app.PromptProfile:
				details = strconv.Quote(p.Desc)
			case app.PromptSettings:
				details = strings.Join(p.Scopes, ",")
			case app.PromptPhone:
				details = p.Phone
			case app.PromptSubscribe:
				var ids []string
				for _, t := range p.Templates {
					ids = append(ids, t.ID)
				}
				details = strings.Join(ids, ",")
			case app.PromptSoter:
				details = p.Mode
				if p.Simulated {
					details += " (simulated: match/no-match)"
				}
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Kind, p.AppID, p.Persona, details, p.Policy, time.Since(p.Created).Round(time.Second))
		}
	}
}

func printFaults(fs []hostapi.FaultInfo) func(*tabwriter.Writer) {
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

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
