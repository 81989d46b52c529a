package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// aboutFields opens About from the main window's button and returns what
// its form shows, label → value.
func aboutFields(t *testing.T, tw *testWindow, mw *mainWindow) map[string]string {
	t.Helper()
	tap(tw.th, button(t, mw.win.Content(), "About"))
	fields := map[string]string{}
	tw.th.run(func() {
		top := mw.win.Canvas().Overlays().Top()
		pop, ok := top.(*widget.PopUp)
		if !ok {
			t.Fatalf("About opened %T on the window, want a dialog", top)
		}
		walk(pop.Content, func(o fyne.CanvasObject) {
			if f, ok := o.(*widget.Form); ok {
				for _, it := range f.Items {
					if l, ok := it.Widget.(*widget.Label); ok {
						fields[it.Text] = l.Text
					}
				}
			}
		})
	})
	return fields
}

func TestAbout(t *testing.T) {
	tests := []struct {
		name    string
		build   Build
		dataDir string
		want    map[string]string
	}{
		{"clean build", Build{Version: "0.1.0", Number: "1", Commit: "0123456789abcdef0123456789abcdef01234567"}, "/home/t/.config/minihost",
			map[string]string{"Version": "0.1.0", "Build": "1", "Commit": "0123456789ab", "Data dir": "/home/t/.config/minihost"}},
		{"uncommitted changes", Build{Version: "0.2.0", Number: "7", Commit: "89abcdef0123456789ab", Dirty: true}, "/tmp/d",
			map[string]string{"Version": "0.2.0", "Build": "7", "Commit": "89abcdef0123 (with uncommitted changes)", "Data dir": "/tmp/d"}},
		{"no VCS information", Build{Version: "0.1.0", Number: "1"}, "",
			map[string]string{"Version": "0.1.0", "Build": "1", "Commit": "unknown (built without VCS information)", "Data dir": "none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tw := newTestWindow(t)
			var mw *mainWindow
			var err error
			tw.th.run(func() {
				// DataDir set: the first-run welcome shows too, which About must not mind.
				mw, err = newMainWindow(tw.ctx, tw.u, tw.host, Info{BaseURL: "http://127.0.0.1:7878", AppID: demoID, DataDir: tt.dataDir, Build: tt.build})
			})
			if err != nil {
				t.Fatal(err)
			}
			got := aboutFields(t, tw, mw)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("About %s = %q, want %q (all: %q)", k, got[k], want, got)
				}
			}
		})
	}
}
