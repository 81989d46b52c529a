// Package ui is minihost's desktop front end, built with Fyne: the main
// window (the loaded mini program, personas, the live API call log, settings,
// session, server and biometrics tabs) and the host's dialogs, which implement
// app.Prompter so that wx.authorize, wx.getUserProfile, wx.openSetting and
// wx.startSoterAuthentication are answered by the person at the desktop.
//
// Threading: Fyne widgets may only be touched on the Fyne thread. Callbacks of
// widgets (taps, keys) already run there; everything that starts on another
// goroutine (a Prompter call from an HTTP handler, the call log subscription,
// a SOTER status line) reaches the UI through UI.runOnUI, which is fyne.Do.
package ui

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/minihost/minihost/app"
)

// AppID is the Fyne application ID; it names where Fyne keeps preferences
// (the remembered window size) under the user's config directory.
const AppID = "io.github.minihost"

// ErrWindowClosed is returned by prompts still pending when the minihost
// window closes. It wraps app.ErrCancelled: nobody is left to answer.
var ErrWindowClosed = fmt.Errorf("%w: the minihost window was closed", app.ErrCancelled)

// Options configure a UI.
type Options struct {
	// App is the Fyne app to use; nil creates the desktop app (tests pass
	// fyne.io/fyne/v2/test.NewApp()).
	App    fyne.App
	Logger *slog.Logger // default slog.Default()
}

// UI is the desktop front end. It implements app.Prompter. Create it with
// New, hand it to app.New as the Prompter, then call Run.
type UI struct {
	app fyne.App
	log *slog.Logger

	// do runs f on the Fyne thread; it is fyne.Do, replaced by tests with a
	// lock that stands in for the single Fyne thread of the real driver.
	do func(f func())
	// openDisplay readies the display before the window is made
	// (display.go); nothing for an App given in Options (a test's).
	openDisplay func(context.Context) error

	stopped  atomic.Bool   // the Fyne loop has ended (or is ending): the UI must not be touched
	done     chan struct{} // closed with stopped, so waiting prompts give up
	stopOnce sync.Once

	mu      sync.Mutex // guards the prompt queue (taken on the Fyne thread only)
	queue   []*pending // prompts waiting their turn, oldest first
	current *pending   // the prompt on screen
}

var _ app.Prompter = (*UI)(nil)

// New creates the UI. No window appears until a prompt arrives or Run is
// called.
func New(opts Options) *UI {
	open := func(context.Context) error { return nil }
	if opts.App == nil {
		opts.App = fyneapp.NewWithID(AppID)
		open = openDisplay
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &UI{app: opts.App, log: opts.Logger, do: fyne.Do, openDisplay: open, done: make(chan struct{})}
}

// runOnUI runs f on the Fyne thread unless the UI has stopped. It is the
// only way code on other goroutines touches widgets. After the Fyne loop has
// ended fyne.Do would run f inline on the caller's goroutine, against a
// driver that is gone: the stopped checks keep that from happening.
func (u *UI) runOnUI(f func()) {
	if u.stopped.Load() {
		return
	}
	u.do(func() {
		if u.stopped.Load() {
			return
		}
		f()
	})
}

// stop marks the UI as ended: pending prompts return ErrWindowClosed.
func (u *UI) stop() {
	u.stopOnce.Do(func() {
		u.stopped.Store(true)
		close(u.done)
	})
}
