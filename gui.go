package main

// The window: when minihost is not --headless and there is a display, the
// host's prompts are Fyne dialogs (ui.UI is the app.Prompter) and the main
// window runs on the main goroutine, as Fyne requires, until it is closed or
// minihost is interrupted.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/ui"
)

// displayAvailable reports whether there is a display to show a window on.
func displayAvailable() bool { return ui.DisplayProblem() == "" }

// newWindowUI returns the UI when minihost should show its window, nil when
// it runs headless.
func newWindowUI(headless bool, log *slog.Logger) *ui.UI {
	if headless || !displayAvailable() {
		return nil
	}
	disableBusAutolaunch()
	return ui.New(ui.Options{Logger: log})
}

// disableBusAutolaunch stops Fyne from starting a session bus when the desktop
// has none (CI under Xvfb, a bare X server). Fyne asks the desktop portal for
// the theme on the session bus, and godbus, finding none named, runs
// dbus-launch --autolaunch: a bus daemon that outlives minihost, one more on
// every start. Nothing on such a bus would serve the portal anyway;
// "disabled:" is libdbus's address for no bus.
func disableBusAutolaunch() {
	if _, err := biometrics.SessionBus(); err != nil {
		os.Setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
	}
}

// backendEndpoints are the emulated WeChat server endpoints hostapi serves,
// listed on the window's Server tab: hostapi's own table, so the list is
// what is served.
func backendEndpoints() []ui.Endpoint {
	var out []ui.Endpoint
	for _, e := range hostapi.BackendEndpoints() {
		out = append(out, ui.Endpoint{Method: e.Method, Path: e.Path, Query: e.Query, Doc: e.Doc})
	}
	return out
}

// runWindow shows the window until the person closes it or ctx ends; if the
// HTTP server stops meanwhile (errc), the window closes and that error is
// returned. "minihost: window shown" goes to stdout once it is on screen.
func runWindow(ctx context.Context, w *ui.UI, host *app.Host, info ui.Info, errc <-chan error, stdout io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	info.Endpoints = backendEndpoints()
	info.Build = currentBuild().ui()
	info.Shown = func() { fmt.Fprintln(stdout, "minihost: window shown") }
	serveErr := make(chan error, 1)
	go func() {
		select {
		case err := <-errc:
			serveErr <- err
			cancel()
		case <-ctx.Done():
		}
	}()
	err := w.Run(ctx, host, info)
	select {
	case e := <-serveErr:
		return fmt.Errorf("serve: %w", e)
	default:
	}
	return err
}
