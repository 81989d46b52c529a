// Command barefyne is the benchmark's baseline for the GUI figures: the
// smallest Fyne program that opens a window of minihost's default size, so
// what Fyne and the OpenGL stack cost on their own is measured in the same run.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.minihost.bench.barefyne")
	w := a.NewWindow("minihost baseline: bare Fyne window")
	w.SetContent(widget.NewLabel("A bare Fyne window."))
	w.Resize(fyne.NewSize(1120, 720))
	w.ShowAndRun()
}
