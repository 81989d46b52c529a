package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// warningsTitle heads the banner of problems the host found at start (a
// lost keystore): they change what a backend sees, so the person must not
// miss them in the console.
const warningsTitle = "Found at start"

// warningsBanner lists the host's start warnings above the window's tabs,
// until dismissed; nil when there are none.
func warningsBanner(warnings []string) fyne.CanvasObject {
	if len(warnings) == 0 {
		return nil
	}
	lines := container.NewVBox()
	for _, w := range warnings {
		l := wrapped(w)
		l.Importance = widget.WarningImportance
		lines.Add(l)
	}
	var banner *fyne.Container
	dismiss := widget.NewButton("Dismiss", func() { banner.Hide() })
	title := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), dismiss,
		widget.NewLabelWithStyle(warningsTitle, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	banner = container.NewVBox(title, lines, widget.NewSeparator())
	return banner
}
