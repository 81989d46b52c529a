package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ctl personas: the test users.
var ctlPersonas = ctlCommand{
	name: "personas",
	usage: `  personas [list]
  personas create ID --nickname NAME [--lang en|zh_CN|zh_TW] [--gender 0|1|2] [--color #rrggbb] [--phone "+86 13800138000"]
  personas edit ID [--nickname N] [--lang L] [--gender G] [--color C] [--phone P] [--avatar FILE | --clear-avatar]
                                          --phone "" unbinds the number (getPhoneNumber then fails)
  personas switch ID | delete ID
  personas export [ID...] [-o FILE]       write a personas file (all personas without IDs)
  personas import FILE
`,
	verbs: []ctlVerb{
		{"list", noFlags(runPersonasList)},
		{"create", func(fs *flag.FlagSet) ctlRunFunc {
			var a personaArgs
			a.bind(fs)
			return a.create
		}},
		{"edit", func(fs *flag.FlagSet) ctlRunFunc {
			var a personaArgs
			a.bind(fs)
			fs.StringVar(&a.avatar, "avatar", "", "PNG or JPEG file to use as the persona's avatar")
			fs.BoolVar(&a.clearAvatar, "clear-avatar", false, "go back to the drawn avatar")
			return a.edit
		}},
		{"switch", noFlags(func(ctx context.Context, k *ctl) error { return personasSwitchDelete(ctx, k, "personas switch") })},
		{"delete", noFlags(func(ctx context.Context, k *ctl) error { return personasSwitchDelete(ctx, k, "personas delete") })},
		{"export", func(fs *flag.FlagSet) ctlRunFunc {
			output := outputFlag(fs)
			return func(ctx context.Context, k *ctl) error { return personasExport(ctx, k, *output) }
		}},
		{"import", noFlags(runPersonasImport)},
	},
}

// personaArgs are the flags of personas create and edit.
type personaArgs struct {
	nickname, lang, color, phone string
	gender                       int
	avatar                       string
	clearAvatar                  bool
}

func (a *personaArgs) bind(fs *flag.FlagSet) {
	fs.StringVar(&a.nickname, "nickname", "", "persona nickname")
	fs.StringVar(&a.lang, "lang", "", "persona language: en, zh_CN or zh_TW")
	fs.IntVar(&a.gender, "gender", 0, "persona gender: 0 unknown, 1 male, 2 female")
	fs.StringVar(&a.color, "color", "", "persona avatar colour, #rrggbb")
	fs.StringVar(&a.phone, "phone", "", `persona phone number, "+<country code> <number>" ("" unbinds)`)
}

func runPersonasList(ctx context.Context, k *ctl) error {
	if err := k.want("personas list", 0, 0, "no arguments"); err != nil {
		return err
	}
	return k.showPersonas(ctx)
}

// showPersonas prints every persona, the current one marked.
func (k *ctl) showPersonas(ctx context.Context) error {
	l, err := k.c.Personas(ctx)
	if err != nil {
		return err
	}
	return k.show(l, printPersonas(l.Personas))
}

func (a *personaArgs) create(ctx context.Context, k *ctl) error {
	if err := k.want("personas create", 1, 1, "ID"); err != nil {
		return err
	}
	p, err := k.c.CreatePersona(ctx, apitype.Persona{ID: k.args[0], NickName: a.nickname, Language: a.lang, Gender: a.gender, Color: a.color, Phone: a.phone})
	if err != nil {
		return err
	}
	return k.show(p, printPersonas([]apitype.PersonaInfo{p}))
}

func (a *personaArgs) edit(ctx context.Context, k *ctl) error {
	if err := k.want("personas edit", 1, 1, "ID"); err != nil {
		return err
	}
	c, id := k.c, k.args[0]
	var ch apitype.PersonaChange
	if k.set["nickname"] {
		ch.NickName = &a.nickname
	}
	if k.set["lang"] {
		ch.Language = &a.lang
	}
	if k.set["gender"] {
		ch.Gender = &a.gender
	}
	if k.set["color"] {
		ch.Color = &a.color
	}
	if k.set["phone"] {
		ch.Phone = &a.phone
	}
	p, err := c.UpdatePersona(ctx, id, ch)
	if err != nil {
		return err
	}
	switch {
	case a.avatar != "":
		img, err := os.ReadFile(a.avatar)
		if err != nil {
			return fmt.Errorf("--avatar: %w", err)
		}
		if p, err = c.SetAvatar(ctx, id, img); err != nil {
			return err
		}
	case a.clearAvatar:
		if err := c.ClearAvatar(ctx, id); err != nil {
			return err
		}
		p.CustomAvatar = false
	}
	return k.show(p, printPersonas([]apitype.PersonaInfo{p}))
}

func personasSwitchDelete(ctx context.Context, k *ctl, name string) error {
	if err := k.want(name, 1, 1, "ID"); err != nil {
		return err
	}
	var err error
	if name == "personas switch" {
		err = k.c.SwitchPersona(ctx, k.args[0])
	} else {
		err = k.c.DeletePersona(ctx, k.args[0])
	}
	if err != nil {
		return err
	}
	return k.showPersonas(ctx)
}

func personasExport(ctx context.Context, k *ctl, output string) error {
	f, err := k.c.ExportPersonas(ctx, k.args...)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return k.writeOut(output, append(b, '\n'))
}

func runPersonasImport(ctx context.Context, k *ctl) error {
	if err := k.want("personas import", 1, 1, "FILE"); err != nil {
		return err
	}
	b, err := os.ReadFile(k.args[0])
	if err != nil {
		return err
	}
	var f apitype.PersonaFile
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("%s: %w", k.args[0], err)
	}
	if err := k.c.ImportPersonas(ctx, f); err != nil {
		return err
	}
	return k.showPersonas(ctx)
}

func printPersonas(ps []apitype.PersonaInfo) func(*tabwriter.Writer) {
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
