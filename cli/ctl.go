package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client"
)

// ctlCommand is a word after `minihost ctl` and its verbs.
type ctlCommand struct {
	name  string
	usage string // its lines in `minihost ctl -h`
	// verbs are the command's subcommands, the default (listing) one first;
	// a command without subcommands has one verb named "".
	verbs []ctlVerb
	// offline commands need no running minihost (ctl token).
	offline bool
}

// ctlVerb is one runnable `ctl COMMAND [VERB]`.
type ctlVerb struct {
	name string
	// bind defines the verb's own flags on fs (into its args struct) and
	// returns what runs it once fs is parsed.
	bind func(fs *flag.FlagSet) ctlRunFunc
}

type ctlRunFunc func(ctx context.Context, k *ctl) error

// ctlCommands is the table `minihost ctl` dispatches on, in the order its
// usage lists them. A new command is a file defining its ctlCommand, and a
// line here.
func ctlCommands() []ctlCommand {
	return []ctlCommand{
		ctlToken,      // ctl_token.go
		ctlStatus,     // ctl_status.go
		ctlPersonas,   // ctl_personas.go
		ctlApps,       // ctl_apps.go
		ctlPrompts,    // ctl_prompts.go
		ctlPolicies,   // ctl_policies.go
		ctlSessions,   // ctl_sessions.go
		ctlTimeouts,   // ctl_timeouts.go
		ctlFaults,     // ctl_faults.go
		ctlCalls,      // ctl_calls.go
		ctlScenario,   // ctl_scenario.go
		ctlMessages,   // ctl_messages.go
		ctlOpen,       // ctl_open.go
		ctlStorage,    // ctl_storage.go
		ctlLocation,   // ctl_location.go
		ctlScreenshot, // ctl_sim.go
		ctlDevice,     // ctl_sim.go
		ctlLogs,       // ctl_sim.go
	}
}

const ctlUsageHead = `usage: minihost ctl [flags] COMMAND [ARGS]

Drives a running minihost through its control API. It finds the instance via
<data dir>/instance.json and control.token, or takes --url and --token.

`

const ctlUsageTail = `
APPID may be left out when one app is loaded. Flags may follow the arguments.

flags:
`

// ctlGlobal are the flags every ctl command takes.
type ctlGlobal struct {
	conn connArgs
	json bool
}

func (g *ctlGlobal) bind(fs *flag.FlagSet) {
	g.conn.bind(fs, "control API base URL (instead of --data-dir), e.g. http://127.0.0.1:7878")
	fs.BoolVar(&g.json, "json", false, "print the JSON answer (for scripts)")
}

// ctl is one ctl invocation.
type ctl struct {
	g      ctlGlobal
	set    map[string]bool // flags given
	args   []string        // positional arguments after the command words
	stdout io.Writer
	stderr io.Writer
	c      *client.Client
	browse func(ctx context.Context, url string) error // nil: the desktop's browser (ctl open)
}

func ctlRun(ctx context.Context, args []string, o Options) error {
	return runCtl(ctx, args, o.Stdout, o.Stderr)
}

// ctlAllFlags is a FlagSet with every ctl flag: it finds the command words
// among flags given anywhere, and its defaults are the flags of ctl -h.
func ctlAllFlags(cmds []ctlCommand, stderr io.Writer) *flag.FlagSet {
	all := flag.NewFlagSet("minihost ctl", flag.ContinueOnError)
	all.SetOutput(stderr)
	all.Usage = func() {
		fmt.Fprint(stderr, ctlUsageHead)
		for _, c := range cmds {
			fmt.Fprint(stderr, c.usage)
		}
		fmt.Fprint(stderr, ctlUsageTail)
		all.PrintDefaults()
	}
	var g ctlGlobal
	g.bind(all)
	for _, c := range cmds {
		for _, v := range c.verbs {
			fs := flag.NewFlagSet("", flag.ContinueOnError)
			v.bind(fs)
			fs.VisitAll(func(f *flag.Flag) {
				if all.Lookup(f.Name) == nil {
					all.Var(f.Value, f.Name, f.Usage)
				}
			})
		}
	}
	return all
}

func runCtl(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := ctlCommands()
	all := ctlAllFlags(cmds, stderr)
	pos, err := parseInterspersed(all, args)
	if helpRequested(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		all.Usage()
		return errors.New("ctl: missing command")
	}
	i := slices.IndexFunc(cmds, func(c ctlCommand) bool { return c.name == pos[0] })
	if i < 0 {
		return fmt.Errorf("ctl: unknown command %q (see minihost ctl -h)", pos[0])
	}
	cmd := cmds[i]
	k := &ctl{stdout: stdout, stderr: stderr, set: map[string]bool{}, args: pos[1:]}
	verb := cmd.verbs[0] // the listing verb
	if len(k.args) > 0 {
		if j := slices.IndexFunc(cmd.verbs, func(v ctlVerb) bool { return v.name != "" && v.name == k.args[0] }); j >= 0 {
			verb, k.args = cmd.verbs[j], k.args[1:]
		} else if verb.name != "" {
			var names []string
			for _, v := range cmd.verbs {
				names = append(names, v.name)
			}
			return fmt.Errorf("ctl %s: unknown subcommand %q: want one of %s", cmd.name, k.args[0], strings.Join(names, ", "))
		}
	}
	name := strings.TrimSpace(cmd.name + " " + verb.name)

	// The verb's own flags, parsed again: a flag of another command is an
	// error rather than ignored.
	fs := flag.NewFlagSet("minihost ctl "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	k.g.bind(fs)
	run := verb.bind(fs)
	var bad []string
	all.Visit(func(f *flag.Flag) {
		if fs.Lookup(f.Name) == nil {
			bad = append(bad, f.Name)
		}
	})
	if len(bad) > 0 {
		return fmt.Errorf("ctl %s: --%s does not apply here", name, bad[0])
	}
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) { k.set[f.Name] = true })
	if !cmd.offline {
		if k.c, err = k.g.conn.connect(); err != nil {
			return err
		}
	}
	ctx, stop := withSignals(ctx)
	defer stop()
	return run(ctx, k)
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
	if k.g.json {
		return k.printJSON(v)
	}
	tw := tabwriter.NewWriter(k.stdout, 0, 4, 2, ' ', 0)
	human(tw)
	return tw.Flush()
}

// outputFlag is -o FILE, of the commands that write a file.
func outputFlag(fs *flag.FlagSet) *string {
	return fs.String("o", "", "write to this file instead of stdout")
}

// writeOut writes data to the -o file, or stdout.
func (k *ctl) writeOut(output string, data []byte) error {
	if output == "" || output == "-" {
		_, err := k.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(output, data, 0o644); err != nil {
		return err
	}
	if !k.g.json {
		fmt.Fprintf(k.stderr, "wrote %s\n", output)
	}
	return nil
}

// personaFlag is --persona, of the commands that act for a persona.
func personaFlag(fs *flag.FlagSet) *string {
	return fs.String("persona", "", "persona (default: the current one)")
}

// noFlags is a verb's bind for a verb without flags of its own.
func noFlags(run ctlRunFunc) func(*flag.FlagSet) ctlRunFunc {
	return func(*flag.FlagSet) ctlRunFunc { return run }
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
