package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// Window titles of the phone-number and subscription prompts.
const (
	TitlePhone     = "Phone number"
	TitleSubscribe = "Subscribe"
)

// PhoneNumber asks whether the app may have the persona's phone number
// (the getPhoneNumber button's sheet). Allow and Enter give it; Deny,
// Escape and closing the window refuse it ("user deny").
func (u *UI) PhoneNumber(ctx context.Context, req app.PhoneRequest) (bool, error) {
	return ask(ctx, u, dialogTitle(TitlePhone, req.App), func(reply func(bool, error)) dialogContent {
		allow := primaryButton("Allow", func() { reply(true, nil) })
		deny := widget.NewButton("Deny", func() { reply(false, nil) })
		what := "would like your phone number:"
		if req.API == "getRealtimePhoneNumber" {
			what = "would like your phone number (verified now):"
		}
		return dialogContent{
			body: dialogBody(
				appHeading(req.App, what),
				widget.NewLabelWithStyle(req.Phone, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
				muted("Answering as "+req.Persona.NickName),
				buttonRow(deny, allow),
			),
			onKey:   allowDenyKeys(reply),
			onClose: func() { reply(false, app.ErrCancelled) },
		}
	})
}

// Subscribe is requestSubscribeMessage's sheet: a switch per template (on
// by default, as the phone shows them) and "always keep this choice".
// Allow or Enter confirm the switches; Cancel, Escape or closing the
// window reject every template.
func (u *UI) Subscribe(ctx context.Context, req app.SubscribeRequest) (app.SubscribeAnswer, error) {
	return ask(ctx, u, dialogTitle(TitleSubscribe, req.App), func(reply func(app.SubscribeAnswer, error)) dialogContent {
		var win fyne.Window
		checks := make([]*widget.Check, len(req.Templates))
		list := container.NewVBox()
		for i, t := range req.Templates {
			c := widget.NewCheck(t.Title, func(bool) {
				if win != nil {
					win.Canvas().Unfocus() // give Enter and Escape back to the window
				}
			})
			c.SetChecked(true)
			checks[i] = c
			list.Add(c)
			if t.Title != t.ID {
				list.Add(muted(t.ID))
			}
		}
		keep := widget.NewCheck("Always keep this choice", nil)
		current := func() app.SubscribeAnswer {
			a := app.SubscribeAnswer{Choices: map[string]string{}, Keep: keep.Checked}
			for i, t := range req.Templates {
				a.Choices[t.ID] = app.SubReject
				if checks[i].Checked {
					a.Choices[t.ID] = app.SubAccept
				}
			}
			return a
		}
		cancel := widget.NewButton("Cancel", func() { reply(app.SubscribeAnswer{}, app.ErrCancelled) })
		allow := primaryButton("Allow", func() { reply(current(), nil) })
		return dialogContent{
			body: dialogBody(
				appHeading(req.App, "would like to send you:"),
				list,
				widget.NewSeparator(),
				keep,
				muted("Answering as "+req.Persona.NickName),
				buttonRow(cancel, allow),
			),
			onKey: func(ev *fyne.KeyEvent) {
				switch {
				case isEnter(ev):
					reply(current(), nil)
				case ev.Name == fyne.KeyEscape:
					reply(app.SubscribeAnswer{}, app.ErrCancelled)
				}
			},
			onClose: func() { reply(app.SubscribeAnswer{}, app.ErrCancelled) },
			shown:   func(w fyne.Window) { win = w },
		}
	})
}
