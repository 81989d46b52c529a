package ui

import (
	"fmt"
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// appIcon is the mini program's icon, or a tile with its initial when
// minihost.json names none.
func appIcon(a app.AppInfo, size float32) fyne.CanvasObject {
	if len(a.Icon) > 0 {
		img := canvas.NewImageFromResource(fyne.NewStaticResource(a.AppID+"-icon.png", a.Icon))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSquareSize(size))
		return img
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSuccess))
	bg.CornerRadius = size / 5
	bg.SetMinSize(fyne.NewSquareSize(size))
	r, _ := utf8.DecodeRuneInString(a.Name)
	if r == utf8.RuneError {
		r = '?'
	}
	letter := canvas.NewText(strings.ToUpper(string(r)), color.White)
	letter.TextSize = size / 2
	letter.TextStyle.Bold = true
	return container.NewStack(bg, container.NewCenter(letter))
}

// avatar renders a persona's identicon at one of app's avatar sizes.
func avatar(p app.Persona, size int) fyne.CanvasObject {
	png, err := app.RenderAvatar(p, size)
	if err != nil { // size is one of ours; this does not happen
		return canvas.NewRectangle(color.Gray{Y: 0xc8})
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource(fmt.Sprintf("avatar-%s-%d.png", p.ID, size), png))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(float32(size)))
	return img
}

// appHeading is the top of every prompt: who is asking.
func appHeading(a app.AppInfo, line string) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	sub := widget.NewLabel(line)
	sub.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, container.NewCenter(appIcon(a, 40)), nil, container.NewVBox(name, sub))
}

// wrapped is a label that wraps rather than widen its container.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// muted is secondary text.
func muted(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// buttonRow right-aligns a dialog's buttons, the primary one last.
func buttonRow(buttons ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, buttons...)...)
}

func primaryButton(label string, tapped func()) *widget.Button {
	b := widget.NewButton(label, tapped)
	b.Importance = widget.HighImportance
	return b
}

// dialogBody stacks a prompt's parts with a separator above the buttons.
func dialogBody(parts ...fyne.CanvasObject) fyne.CanvasObject {
	buttons := parts[len(parts)-1]
	return container.NewPadded(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		container.NewVBox(parts[:len(parts)-1]...)))
}
