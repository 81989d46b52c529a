package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// The Console tab: the simulator's controls (device, show it, developer
// tools) and everything the shown app's pages printed, oldest first, as the
// IDE's console shows it: console.log… from the simulator's browser and the
// runtime's errors and warnings, each with its file and line.

// Simulator is the simulator as the window drives it (ui/simulator, wired
// by main).
type Simulator interface {
	// Device names the emulated device and the known ones.
	Device() (current string, known []string)
	SetDevice(ctx context.Context, name string) (string, error)
	// Show opens the app's simulator window, or leaves it as it is.
	Show(ctx context.Context, appID string) error
	// DevTools opens the browser's developer tools for the app's simulator.
	DevTools(ctx context.Context, appID string) error
	// OpenPage shows url (the app's origin with a launch path) in the app's
	// simulator, opening it if need be.
	OpenPage(ctx context.Context, appID, url string) error
}

// maxConsoleRows bounds the rows drawn (the page log keeps 200 per app).
const maxConsoleRows = 200

type consoleTab struct {
	mw      *mainWindow
	content fyne.CanvasObject
	rows    *fyne.Container
	scroll  *container.Scroll
	device  *widget.Select
}

func newConsoleTab(mw *mainWindow) *consoleTab {
	c := &consoleTab{mw: mw, rows: container.NewVBox()}
	c.scroll = container.NewVScroll(c.rows)
	var bar []fyne.CanvasObject
	if sim := mw.info.Simulator; sim != nil {
		cur, known := sim.Device()
		c.device = widget.NewSelect(known, nil)
		c.device.SetSelected(cur)
		c.device.OnChanged = func(name string) {
			if mw.updating {
				return
			}
			c.background("switch device", func(ctx context.Context) error { _, err := sim.SetDevice(ctx, name); return err })
		}
		bar = append(bar, widget.NewLabel("Device"), c.device,
			widget.NewButton("Show simulator", func() {
				c.background("open the simulator", func(ctx context.Context) error { return sim.Show(ctx, mw.appID) })
			}),
			widget.NewButton("Developer tools", func() {
				c.background("open the developer tools", func(ctx context.Context) error { return sim.DevTools(ctx, mw.appID) })
			}))
	} else {
		bar = append(bar, muted("No simulator: pages open in the system browser (Open in browser)."))
	}
	clearBtn := widget.NewButton("Clear", func() {
		if mw.info.PageLog != nil {
			mw.info.PageLog.Clear(mw.appID)
		}
	})
	c.content = container.NewBorder(container.NewBorder(nil, nil, container.NewHBox(bar...), clearBtn), nil, nil, nil, c.scroll)
	return c
}

// background runs a simulator action off the UI goroutine (a browser may
// take seconds to start) and shows its error.
func (c *consoleTab) background(what string, f func(ctx context.Context) error) {
	go func() {
		ctx, cancel := context.WithTimeout(c.mw.ctx, 30*time.Second)
		defer cancel()
		if err := f(ctx); err != nil {
			c.mw.u.runOnUI(func() { dialog.ShowError(fmt.Errorf("%s: %w", what, err), c.mw.win) })
		}
	}()
}

// refresh refills the console for the shown app.
func (c *consoleTab) refresh() {
	var msgs []app.PageMessage
	if c.mw.info.PageLog != nil {
		msgs = c.mw.info.PageLog.List(c.mw.appID) // newest first
	}
	if len(msgs) > maxConsoleRows {
		msgs = msgs[:maxConsoleRows]
	}
	rows := make([]fyne.CanvasObject, 0, len(msgs))
	for i := len(msgs) - 1; i >= 0; i-- {
		rows = append(rows, pageMessageView(msgs[i]))
	}
	if len(rows) == 0 {
		rows = append(rows, muted("Nothing printed yet. The pages' console.log, warnings, errors and uncaught exceptions show here with their file and line."))
	}
	c.rows.Objects = rows
	c.rows.Refresh()
	c.scroll.ScrollToBottom()
	if c.device != nil {
		if cur, _ := c.mw.info.Simulator.Device(); cur != c.device.Selected {
			c.mw.updating = true
			c.device.SetSelected(cur)
			c.mw.updating = false
		}
	}
}
