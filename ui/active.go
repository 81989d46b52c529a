package ui

import (
	"fmt"
	"image/color"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// The "in force" banner: injected faults, prompt policies that answer
// without asking, and timeout overrides make calls behave unlike a phone.
// QA scripts set them through the control API, so a person watching the
// window could not know; the banner under the header lists them while any
// is in force (issue 5), and is hidden otherwise.

// activeTitle heads the banner.
const activeTitle = "Test conditions in force: calls may not behave as on a phone"

// refreshActive rebuilds the banner from the host and the broker. The
// window calls it when WatchFaults or WatchPolicies signal, and after a call
// a fault answered (a hit counts a fault down without a signal).
func (mw *mainWindow) refreshActive() {
	var pol *app.Policies
	if mw.info.Prompts != nil {
		p := mw.info.Prompts.Policies()
		pol = &p
	}
	lines := activeLines(mw.host.Faults(), pol, mw.host.TimeoutOverrides(), mw.host.DefaultTimeouts())
	// Showing or hiding the banner changes the header's height, which a
	// container does not pass up to the window's layout by itself.
	defer mw.win.Content().Refresh()
	if len(lines) == 0 {
		mw.active.Objects = nil
		mw.active.Hide()
		return
	}
	// One label for all lines keeps them at text spacing, so the banner
	// takes no more height than it must.
	title := widget.NewLabelWithStyle(activeTitle, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := wrapped(strings.Join(lines, "\n"))
	// The warning colour, faded so the text on it stays readable in the
	// light and the dark theme.
	r, g, b, _ := theme.Color(theme.ColorNameWarning).RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40})
	icon := widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	mw.active.Objects = []fyne.CanvasObject{container.NewStack(bg, container.NewPadded(
		container.NewBorder(nil, nil, container.NewVBox(icon), nil, container.NewVBox(title, body))))}
	mw.active.Show()
}

// activeLines describes what is in force, one line each: faults oldest
// first, then prompt policies (pol nil: no broker), then timeout overrides.
// A window's prompts are normally asked, so the default policy is listed
// only when it is not "ask", and rules that ask only when the default does
// not.
func activeLines(faults []app.Fault, pol *app.Policies, over, def app.Timeouts) []string {
	var out []string
	for _, f := range faults {
		out = append(out, describeFault(f))
	}
	if pol != nil {
		ask := pol.Default.Kind == app.PolicyAsk
		if !ask {
			out = append(out, describePolicy(app.PolicyDefaultKey, pol.Default))
		}
		for _, key := range slices.Sorted(maps.Keys(pol.Rules)) {
			if p := pol.Rules[key]; p.Kind != app.PolicyAsk || !ask {
				out = append(out, describePolicy(key, p))
			}
		}
	}
	if over.CodeTTL > 0 {
		out = append(out, fmt.Sprintf("Timeout · login codes are valid for %s (normally %s)", over.CodeTTL, def.CodeTTL))
	}
	if over.LoginExpiry > 0 {
		out = append(out, fmt.Sprintf("Timeout · sessions expire after %s idle (normally %s)", over.LoginExpiry, def.LoginExpiry))
	}
	return out
}

// describeFault says which calls a fault hits, what they get, and how many
// calls it has left, e.g. `Fault #2 · server.jscode2session fails with
// errcode 45011 · 1 more call`.
func describeFault(f app.Fault) string {
	var does []string
	if f.Delay > 0 {
		does = append(does, "is delayed "+f.Delay.String())
	}
	switch {
	case f.Hang:
		does = append(does, "hangs until the caller gives up")
	case f.ErrCode != 0 || f.ErrMsg != "":
		s := "fails"
		if f.ErrCode != 0 {
			code := "errCode" // wx.js's field; the server's is errcode
			if strings.HasPrefix(f.API, app.ServerPrefix) {
				code = "errcode"
			}
			s += fmt.Sprintf(" with %s %d", code, f.ErrCode)
		}
		if f.ErrMsg != "" {
			s += fmt.Sprintf(" %q", f.ErrMsg)
		}
		does = append(does, s)
	}
	left := "every call until cleared"
	if f.Times > 0 {
		left = fmt.Sprintf("%d more call", f.Remaining)
		if f.Remaining != 1 {
			left += "s"
		}
	}
	return fmt.Sprintf("Fault #%d · %s %s · %s", f.ID, f.API, strings.Join(does, ", then "), left)
}

// describePolicy says how the prompts of key are answered, e.g.
// `Prompts · scope.userLocation → deny (answered Deny without showing)`.
func describePolicy(key string, p app.Policy) string {
	how := "shown, waiting for an answer"
	switch p.Kind {
	case app.PolicyAllow:
		how = "answered Allow without showing"
	case app.PolicyDeny:
		how = "answered Deny without showing"
	case app.PolicyAfter:
		how = "shown, answered Allow after " + p.Delay.String()
	}
	return fmt.Sprintf("Prompts · %s → %s (%s)", key, p, how)
}
