package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/wxacode"
)

// TestDropCodeOpensItsPage: a mini program code image dropped on the window
// opens its page with the code's scene, as a phone's scan; other drops fail
// in the status line and open nothing.
func TestDropCodeOpensItsPage(t *testing.T) {
	tw := newTestWindow(t)
	rec := &openRecorder{App: tw.u.app}
	tw.u.app = rec
	dir := t.TempDir()
	write := func(name string, data []byte) fyne.URI {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return storage.NewFileURI(p)
	}
	code := app.WXACode{AppID: demoID, Page: "pages/soter/soter", Scene: "order=42", EnvVersion: "release"}
	img, err := wxacode.Encode(code.Text(), 280, wxacode.PNG)
	if err != nil {
		t.Fatal(err)
	}
	other, err := wxacode.Encode(app.WXACode{AppID: "wxnotloaded000001", Scene: "x"}.Text(), 280, wxacode.JPEG)
	if err != nil {
		t.Fatal(err)
	}
	tw.th.run(func() {
		tw.mw.onDropped(fyne.Position{}, []fyne.URI{write("code.png", img)})
	})
	want := code.LaunchURL(app.OriginURL("http://127.0.0.1:7878", demoID))
	if !strings.Contains(want, "scene=1047") {
		t.Fatalf("launch URL %q has no scene 1047", want)
	}
	rec.mu.Lock()
	got := slices.Clone(rec.opened)
	rec.mu.Unlock()
	if !slices.Equal(got, []string{want}) {
		t.Fatalf("dropping the code opened %q, want %q", got, want)
	}

	tw.th.run(func() {
		tw.mw.onDropped(fyne.Position{}, []fyne.URI{write("other.jpg", other), write("note.txt", []byte("not an image"))})
		if s := tw.mw.status.Text; !strings.Contains(s, "open the dropped code") {
			t.Errorf("status after bad drops: %q", s)
		}
	})
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.opened) != 1 {
		t.Errorf("bad drops opened %q", rec.opened[1:])
	}
}
