package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl prompts: the prompts waiting for a person, answered from a script.
var ctlPrompts = ctlCommand{
	name: "prompts",
	usage: `  prompts [list]
  prompts next [--timeout 30s]            wait for the next pending prompt
  prompts answer ID allow|deny|cancel|match|no-match [SCOPE=on|off ...] [TMPLID=on|off ...] [--keep]
                                          subscribe prompts: TMPLID=off rejects that template
`,
	verbs: []ctlVerb{
		{"list", noFlags(runPromptsList)},
		{"next", func(fs *flag.FlagSet) ctlRunFunc {
			timeout := fs.Duration("timeout", 30*time.Second, "how long prompts next waits")
			return func(ctx context.Context, k *ctl) error { return promptsNext(ctx, k, *timeout) }
		}},
		{"answer", func(fs *flag.FlagSet) ctlRunFunc {
			keep := fs.Bool("keep", false, "prompts answer on a subscribe prompt: always keep this choice")
			return func(ctx context.Context, k *ctl) error { return promptsAnswer(ctx, k, *keep) }
		}},
	},
}

func runPromptsList(ctx context.Context, k *ctl) error {
	ps, err := k.c.Prompts(ctx)
	if err != nil {
		return err
	}
	return k.show(map[string]any{"prompts": ps}, printPrompts(ps))
}

func promptsNext(ctx context.Context, k *ctl, timeout time.Duration) error {
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	p, err := k.c.NextPromptAfter(wctx, 0)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no prompt within %s", timeout)
	}
	if err != nil {
		return err
	}
	return k.show(p, printPrompts([]apitype.PendingPrompt{p}))
}

func promptsAnswer(ctx context.Context, k *ctl, keep bool) error {
	if len(k.args) < 2 {
		return fmt.Errorf("ctl prompts answer: want ID and an answer (allow, deny, cancel, match, no-match)")
	}
	id, err := strconv.ParseUint(k.args[0], 10, 64)
	if err != nil {
		return fmt.Errorf("prompt id %q: want a number (see minihost ctl prompts)", k.args[0])
	}
	a, err := k.answer(ctx, id, keep)
	if err != nil {
		return err
	}
	if err := k.c.Answer(ctx, id, a); err != nil {
		return err
	}
	return k.show(map[string]any{"id": id, "answer": k.args[1]}, func(w *tabwriter.Writer) { fmt.Fprintf(w, "answered prompt %d: %s\n", id, k.args[1]) })
}

// answer builds a prompts answer: SCOPE=on|off flip a settings page's
// switches, TMPLID=on|off a subscribe prompt's.
func (k *ctl) answer(ctx context.Context, id uint64, keep bool) (apitype.Answer, error) {
	a := apitype.Answer{Action: k.args[1], Keep: keep}
	switches, err := scopeArgs(k.args[2:])
	if err != nil {
		return a, err
	}
	if len(switches) == 0 && !keep {
		return a, nil
	}
	ps, err := k.c.Prompts(ctx)
	if err != nil {
		return a, err
	}
	i := slices.IndexFunc(ps, func(p apitype.PendingPrompt) bool { return p.ID == id })
	if i >= 0 && ps[i].Kind == apitype.PromptSubscribe {
		if len(switches) > 0 {
			a.Choices = map[string]string{}
			for _, t := range ps[i].Templates {
				a.Choices[t.ID] = apitype.SubAccept // a template not named stays on, as in the dialog
			}
			for tmpl, on := range switches {
				a.Choices[tmpl] = apitype.SubReject
				if on {
					a.Choices[tmpl] = apitype.SubAccept
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

func printPrompts(ps []apitype.PendingPrompt) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "ID\tKIND\tAPP\tPERSONA\tDETAILS\tPOLICY\tWAITING")
		for _, p := range ps {
			details := p.Scope
			switch p.Kind {
			case apitype.PromptProfile:
				details = strconv.Quote(p.Desc)
			case apitype.PromptSettings:
				details = strings.Join(p.Scopes, ",")
			case apitype.PromptPhone:
				details = p.Phone
			case apitype.PromptSubscribe:
				var ids []string
				for _, t := range p.Templates {
					ids = append(ids, t.ID)
				}
				details = strings.Join(ids, ",")
			case apitype.PromptSoter:
				details = p.Mode
				if p.Simulated {
					details += " (simulated: match/no-match)"
				}
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Kind, p.AppID, p.Persona, details, p.Policy, time.Since(p.Created).Round(time.Second))
		}
	}
}
