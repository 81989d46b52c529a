package ui

import (
	"context"
	"maps"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// Window titles of the prompts; the GUI end-to-end test finds the real
// windows by them.
const (
	TitleAuthorize = "Authorize"
	TitleProfile   = "User profile"
	TitleSettings  = "Settings"
	TitleSoter     = "SOTER"
)

func dialogTitle(kind string, a app.AppInfo) string { return kind + " · " + a.Name }

// Authorize asks whether the app may use a scope. Allow and Enter grant it;
// Deny and Escape refuse it (the host remembers the refusal); closing the
// window answers nothing (app.ErrCancelled), so nothing is remembered.
func (u *UI) Authorize(ctx context.Context, req app.AuthorizeRequest) (bool, error) {
	return ask(ctx, u, dialogTitle(TitleAuthorize, req.App), func(reply func(bool, error)) dialogContent {
		allow := primaryButton("Allow", func() { reply(true, nil) })
		deny := widget.NewButton("Deny", func() { reply(false, nil) })
		parts := []fyne.CanvasObject{
			appHeading(req.App, "would like to use:"),
			widget.NewLabelWithStyle(req.ScopeName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			muted(req.Scope),
		}
		if req.Desc != "" { // app.json permission[scope].desc: why the app asks
			d := widget.NewLabelWithStyle("“"+req.Desc+"”", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
			d.Wrapping = fyne.TextWrapWord
			parts = append(parts, d)
		}
		parts = append(parts, muted("Answering as "+req.Persona.NickName), buttonRow(deny, allow))
		return dialogContent{
			body:    dialogBody(parts...),
			onKey:   allowDenyKeys(reply),
			onClose: func() { reply(false, app.ErrCancelled) },
		}
	})
}

// UserProfile asks whether the app may read the persona's nickname and
// avatar, showing them and the caller's desc. Keys and closing work as in
// Authorize.
func (u *UI) UserProfile(ctx context.Context, req app.ProfileRequest) (bool, error) {
	return ask(ctx, u, dialogTitle(TitleProfile, req.App), func(reply func(bool, error)) dialogContent {
		allow := primaryButton("Allow", func() { reply(true, nil) })
		deny := widget.NewButton("Deny", func() { reply(false, nil) })
		who := container.NewBorder(nil, nil, avatar(req.Persona, 64), nil,
			container.NewVBox(
				widget.NewLabelWithStyle(req.Persona.NickName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
				muted("Nickname and avatar"),
			))
		purpose := widget.NewLabel("Purpose: " + req.Desc)
		purpose.Wrapping = fyne.TextWrapWord
		return dialogContent{
			body:    dialogBody(appHeading(req.App, "asks for your profile:"), who, purpose, buttonRow(deny, allow)),
			onKey:   allowDenyKeys(reply),
			onClose: func() { reply(false, app.ErrCancelled) },
		}
	})
}

func allowDenyKeys(reply func(bool, error)) func(*fyne.KeyEvent) {
	return func(ev *fyne.KeyEvent) {
		switch {
		case isEnter(ev):
			reply(true, nil)
		case ev.Name == fyne.KeyEscape:
			reply(false, nil)
		}
	}
}

// Settings is the app's settings page (wx.openSetting): a switch per scope
// the app has asked and the subscription messages main switch. Done, Enter or
// closing the window returns the switches as they are; Escape discards the
// changes (app.ErrCancelled, which the host treats as "closed unchanged").
func (u *UI) Settings(ctx context.Context, req app.SettingsRequest) (app.Settings, error) {
	return ask(ctx, u, dialogTitle(TitleSettings, req.App), func(reply func(app.Settings, error)) dialogContent {
		var win fyne.Window // set when shown
		checks := make(map[string]*widget.Check, len(req.Scopes))
		list := container.NewVBox()
		for _, s := range req.Scopes {
			c := widget.NewCheck(s.Name, nil)
			c.SetChecked(req.Current.Auth[s.Scope])
			checks[s.Scope] = c
			list.Add(c)
		}
		if len(req.Scopes) == 0 {
			list.Add(muted("This mini program has not asked for any permission yet."))
		}
		mainSwitch := widget.NewCheck("Subscription messages", nil)
		mainSwitch.SetChecked(req.Current.Subscriptions.MainSwitch)
		current := func() app.Settings {
			s := app.Settings{
				Auth:          maps.Clone(req.Current.Auth),
				Subscriptions: req.Current.Subscriptions,
			}
			if s.Auth == nil {
				s.Auth = map[string]bool{}
			}
			for scope, c := range checks {
				s.Auth[scope] = c.Checked
			}
			s.Subscriptions.MainSwitch = mainSwitch.Checked
			s.Subscriptions.ItemSettings = maps.Clone(req.Current.Subscriptions.ItemSettings)
			return s
		}
		// A tapped check takes keyboard focus, which would swallow Enter and
		// Escape; hand the keys back to the window.
		for _, c := range append(slices.Collect(maps.Values(checks)), mainSwitch) {
			c.OnChanged = func(bool) {
				if win != nil {
					win.Canvas().Unfocus()
				}
			}
		}
		done := primaryButton("Done", func() { reply(current(), nil) })
		body := dialogBody(
			appHeading(req.App, "Allow this mini program to use:"),
			list,
			widget.NewSeparator(),
			mainSwitch,
			buttonRow(done),
		)
		return dialogContent{
			body: body,
			onKey: func(ev *fyne.KeyEvent) {
				switch {
				case isEnter(ev):
					reply(current(), nil)
				case ev.Name == fyne.KeyEscape:
					reply(app.Settings{}, app.ErrCancelled)
				}
			},
			onClose: func() { reply(current(), nil) },
			shown:   func(w fyne.Window) { win = w },
		}
	})
}

// Soter is the biometric prompt shown while the host's Authenticator runs:
// the caller's authContent, a live status line, Cancel (and Escape); with the
// simulated reader also "No match" and "Match". Enter does nothing here: only
// a finger (or the simulator's buttons) may answer.
func (u *UI) Soter(ctx context.Context, req app.SoterPrompt) error {
	// Status lines may arrive before the prompt's turn comes; the labels show
	// the latest two when it appears (the one before stays visible, so "Try
	// again" is not overwritten at once by the reader's next "waiting").
	// Both run on the Fyne thread.
	var status, earlier *widget.Label
	var lines [2]string // earlier, latest
	show := func() {
		if status != nil {
			earlier.SetText(lines[0])
			status.SetText(lines[1])
		}
	}
	stopStatus := make(chan struct{})
	defer close(stopStatus)
	if req.Status != nil {
		go func() {
			for {
				select {
				case s, ok := <-req.Status:
					if !ok {
						return
					}
					u.runOnUI(func() {
						lines = [2]string{lines[1], s}
						show()
					})
				case <-stopStatus:
					return
				}
			}
		}()
	}
	_, err := ask(ctx, u, dialogTitle(TitleSoter, req.App), func(reply func(struct{}, error)) dialogContent {
		cancel := widget.NewButton("Cancel", func() { reply(struct{}{}, app.ErrCancelled) })
		earlier = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
		earlier.Importance = widget.LowImportance
		earlier.Wrapping = fyne.TextWrapWord
		status = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
		status.Wrapping = fyne.TextWrapWord
		show()
		icon := canvas.NewImageFromResource(soterIcon(req.Mode))
		icon.FillMode = canvas.ImageFillContain
		icon.SetMinSize(fyne.NewSquareSize(64))
		content := req.AuthContent
		if content == "" {
			content = "Verify your identity"
		}
		text := widget.NewLabelWithStyle(content, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		text.Wrapping = fyne.TextWrapWord
		parts := []fyne.CanvasObject{appHeading(req.App, "asks you to verify it is you ("+req.Mode+")"), container.NewCenter(icon), text, earlier, status}
		buttons := []fyne.CanvasObject{cancel}
		if req.Simulate != nil {
			parts = append(parts, muted("Simulated reader: answer for the finger."))
			buttons = append(buttons,
				widget.NewButton("No match", func() { u.simulate(req.Simulate, false, status) }),
				primaryButton("Match", func() { u.simulate(req.Simulate, true, status) }))
		}
		parts = append(parts, buttonRow(buttons...))
		return dialogContent{
			body: dialogBody(parts...),
			onKey: func(ev *fyne.KeyEvent) {
				if ev.Name == fyne.KeyEscape {
					reply(struct{}{}, app.ErrCancelled)
				}
			},
			onClose: func() { reply(struct{}{}, app.ErrCancelled) },
		}
	})
	return err
}

// simulate places a simulated finger. The reader may be between two
// attempts (after a no-match the host starts the next one), so it retries
// briefly off the Fyne thread rather than failing the tap.
func (u *UI) simulate(sim func(bool) bool, match bool, status *widget.Label) {
	go func() {
		deadline := time.Now().Add(time.Second)
		for !sim(match) {
			if time.Now().After(deadline) {
				u.runOnUI(func() { status.SetText("The reader is not waiting for a finger.") })
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
}
