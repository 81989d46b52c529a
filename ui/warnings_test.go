package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/assets"
	"github.com/minihost/minihost/biometrics/sim"
)

// A keystore that lost an app's AppSecret is named in the window at the next
// start, until dismissed.
func TestWindowShowsStartWarnings(t *testing.T) {
	u, th := newTestUI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mp, err := app.LoadMiniProgram(assets.Demo())
	if err != nil {
		t.Fatal(err)
	}
	start := func() *app.Host {
		h, err := app.New(ctx, app.Options{Store: db, Keys: db.Keys(), Prompter: u, Auth: sim.New(), Logger: u.log})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	h := start()
	if err := h.Load(ctx, mp); err != nil {
		t.Fatal(err)
	}
	h.Close()
	if err := db.Keys().Delete(ctx, "app/"+demoID+"/secret"); err != nil {
		t.Fatal(err)
	}
	h = start()
	defer h.Close()
	if err := h.Load(ctx, mp); err != nil {
		t.Fatal(err)
	}
	var mw *mainWindow
	th.run(func() {
		mw, err = newMainWindow(ctx, u, h, Info{BaseURL: "http://127.0.0.1:7878", AppID: demoID})
	})
	if err != nil {
		t.Fatal(err)
	}
	th.run(func() {
		if !hasText(mw.win.Content(), warningsTitle) || !containsText(mw.win.Content(), "lost the AppSecret and app token of "+demoID) {
			t.Fatalf("the window does not show the lost AppSecret: %q", texts(mw.win.Content()))
		}
		if !visibleText(mw.win.Content(), warningsTitle) {
			t.Fatal("the warnings banner is hidden")
		}
		test.Tap(button(t, mw.win.Content(), "Dismiss"))
	})
	th.run(func() {
		if visibleText(mw.win.Content(), warningsTitle) {
			t.Fatal("the warnings banner still shows after Dismiss")
		}
	})
}

// visibleText reports whether a shown label reads want.
func visibleText(o fyne.CanvasObject, want string) bool {
	if o == nil || !o.Visible() {
		return false
	}
	switch x := o.(type) {
	case *widget.Label:
		return x.Text == want
	case *fyne.Container:
		for _, c := range x.Objects {
			if visibleText(c, want) {
				return true
			}
		}
	}
	return false
}
