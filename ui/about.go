package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Build identifies the running minihost binary. main fills it from the one
// source of the version, FyneApp.toml, plus the commit Go's build info
// records, so the About dialog and `minihost version` agree.
type Build struct {
	Version string // e.g. "0.1.0"
	Number  string // FyneApp.toml's Build, e.g. "1"
	Commit  string // VCS revision, "" when the binary was built without it
	Dirty   bool   // built from a tree with uncommitted changes
}

// commit is the commit as the About dialog shows it.
func (b Build) commit() string {
	if b.Commit == "" {
		return "unknown (built without VCS information)"
	}
	c := b.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if b.Dirty {
		c += " (with uncommitted changes)"
	}
	return c
}

// showAbout opens the About dialog over the main window.
func (mw *mainWindow) showAbout() {
	dialog.ShowCustom("About minihost", "Close", aboutContent(mw.u.app.Icon(), mw.info), mw.win)
}

// aboutContent is what the About dialog shows: name, version, build, commit
// and data dir, each selectable so a tester can paste them into a report.
func aboutContent(icon fyne.Resource, info Info) fyne.CanvasObject {
	value := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Selectable = true
		return l
	}
	dataDir := info.DataDir
	if dataDir == "" {
		dataDir = "none"
	}
	b := info.Build
	form := widget.NewForm(
		widget.NewFormItem("Version", value(b.Version)),
		widget.NewFormItem("Build", value(b.Number)),
		widget.NewFormItem("Commit", value(b.commit())),
		widget.NewFormItem("Data dir", value(dataDir)),
	)
	title := widget.NewLabelWithStyle("minihost", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	tagline := muted("A stand-in for the WeChat mini program host client on the desktop")
	tagline.Wrapping = fyne.TextWrapOff // a dialog sizes to its content: a wrapping label would squeeze it
	head := container.NewVBox(title, tagline)
	if icon != nil { // packaged builds carry the icon in their metadata
		img := canvas.NewImageFromResource(icon)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSquareSize(64))
		return container.NewVBox(container.NewBorder(nil, nil, img, nil, head), form)
	}
	return container.NewVBox(head, form)
}

// wmClass is the X11 window class of the main window: the StartupWMClass of
// the .desktop entry `fyne package` writes (FyneApp.toml's Name), by which
// the desktop shows the window under the menu entry's icon.
const wmClass = "minihost"

// showWithWMClass shows w with wmClass as its X11 class. Fyne sets no class;
// GLFW then takes the title the native window is created with, which happens
// in the first Show. So w is created titled wmClass and gets its title back
// right after.
func showWithWMClass(w fyne.Window) {
	title := w.Title()
	w.SetTitle(wmClass)
	w.Show()
	w.SetTitle(title)
}
