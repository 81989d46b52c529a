package ui

import (
	"bytes"
	"github.com/minihost/minihost/assets"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

func TestPageURL(t *testing.T) {
	const base = "http://wxabc.localhost:7878"
	for _, tc := range []struct {
		kind app.PageKind
		page string
		want string
	}{
		{app.KindWXML, "pages/index/index", base + "/?path=pages%2Findex%2Findex"},
		{app.KindWXML, "packageA/pages/deal/deal", base + "/?path=packageA%2Fpages%2Fdeal%2Fdeal"},
		{app.KindHTML, "pages/index/index", base + "/pages/index/index.html"},
	} {
		if got := pageURL(base, tc.kind, tc.page); got != tc.want {
			t.Errorf("pageURL(%s, %s) = %q, want %q", tc.kind, tc.page, got, tc.want)
		}
	}
}

func TestPagesTabText(t *testing.T) {
	for n, want := range map[int]string{0: "Pages", 1: "Pages · 1 error", 3: "Pages · 3 errors"} {
		if got := pagesTabText(n); got != want {
			t.Errorf("pagesTabText(%d) = %q, want %q", n, got, want)
		}
	}
}

// openRecorder is the Fyne app with OpenURL recorded instead of a browser started.
type openRecorder struct {
	fyne.App
	mu     sync.Mutex
	opened []string
}

func (r *openRecorder) OpenURL(u *url.URL) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.opened = append(r.opened, u.String())
	return nil
}

// pageRow finds the Pages tab's row of a page: its label and Open button.
func pageRow(t *testing.T, mw *mainWindow, page string) (*widget.Label, *widget.Button) {
	t.Helper()
	for _, o := range mw.pages.Objects {
		var label *widget.Label
		var open *widget.Button
		walk(o, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.Label:
				if x.Text == page || strings.HasPrefix(x.Text, page+"  (") {
					label = x
				}
			case *widget.Button:
				if x.Text == "Open" {
					open = x
				}
			}
		})
		if label != nil && open != nil {
			return label, open
		}
	}
	t.Fatalf("the Pages tab has no row for %s: %q", page, texts(mw.pages))
	return nil, nil
}

func TestPagesTabListsAndOpensPages(t *testing.T) {
	tw := newTestWindow(t)
	rec := &openRecorder{App: tw.u.app}
	tw.u.app = rec
	a, _ := tw.host.App(demoID)
	if a.Kind != app.KindWXML || len(a.Pages) < 2 {
		t.Fatalf("the demo is %s with pages %v, want a WXML app with several pages", a.Kind, a.Pages)
	}
	tw.th.run(func() {
		if !containsText(tw.mw.pages, "Pages ("+strconv.Itoa(len(a.Pages))+")") {
			t.Errorf("no page count heading: %q", texts(tw.mw.pages))
		}
		for _, p := range a.Pages {
			pageRow(t, tw.mw, p)
		}
		if l, _ := pageRow(t, tw.mw, a.EntryPagePath); !strings.Contains(l.Text, "entry") {
			t.Errorf("entry page row %q is not marked as the entry", l.Text)
		}
		if l, _ := pageRow(t, tw.mw, "pages/account/account"); strings.Contains(l.Text, "(") {
			t.Errorf("pages/account/account is neither entry nor tab, its row says %q", l.Text)
		}
		if l, _ := pageRow(t, tw.mw, "pages/soter/soter"); !strings.HasSuffix(l.Text, "(tab)") {
			t.Errorf("pages/soter/soter is a tab page, its row says %q", l.Text)
		}
		_, open := pageRow(t, tw.mw, "pages/account/account")
		test.Tap(open)
	})
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if want := "http://" + demoID + ".localhost:7878/?path=pages%2Faccount%2Faccount"; !slices.Equal(rec.opened, []string{want}) {
		t.Errorf("Open opened %q, want %q", rec.opened, want)
	}
}

func TestPagesTabShowsLoadWarnings(t *testing.T) {
	// The demo with what real projects often have: a sitemap and a long desc.
	project := fstest.MapFS{}
	err := fs.WalkDir(assets.Demo(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assets.Demo(), p)
		project[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	project["app.json"].Data = bytes.Replace(project["app.json"].Data, []byte(`"permission": {`),
		[]byte(`"sitemapLocation": "sitemap.json", "permission": {"scope.writePhotosAlbum": {"desc": "Save the receipt of your order to your photos so the courier can scan it at the door"},`), 1)
	tw := newTestWindowOf(t, project)
	a, _ := tw.host.App(demoID)
	if len(a.Warnings) < 2 {
		t.Fatalf("precondition: the changed demo has load warnings, got %v", a.Warnings)
	}
	tw.th.run(func() {
		for _, w := range a.Warnings {
			if !hasText(tw.mw.pages, w.String()) {
				t.Errorf("the Pages tab lacks the load warning %q: %q", w, texts(tw.mw.pages))
			}
		}
	})
}

func TestPagesTabShowsPageErrorsNewestFirst(t *testing.T) {
	tw := newTestWindow(t)
	tw.th.run(func() {
		if tw.mw.pagesTab.Text != "Pages" {
			t.Errorf("tab title %q before any page error", tw.mw.pagesTab.Text)
		}
		if !containsText(tw.mw.pages, "None reported") {
			t.Errorf("no empty state: %q", texts(tw.mw.pages))
		}
	})

	tw.pageLog.Add(app.PageMessage{AppID: demoID, Level: "error", Message: "x is not defined", File: "pages/index/index.js", Line: 12, Column: 5, Stack: "ReferenceError: x is not defined\n    at onLoad (pages/index/index.js:12:5)"})
	tw.pageLog.Add(app.PageMessage{AppID: "wxsomeoneelse0000", Level: "error", Message: "not this app's"})
	tw.pageLog.Add(app.PageMessage{AppID: demoID, Level: "warn", Message: "deprecated", File: "app.js", Line: 3})

	eventually(t, tw.th, "the page error in the Pages tab", func() bool {
		return containsText(tw.mw.pages, "pages/index/index.js:12:5")
	})
	tw.th.run(func() {
		if got := tw.mw.pagesTab.Text; got != "Pages · 1 error" {
			t.Errorf("tab title %q, want Pages · 1 error (the warning is not counted)", got)
		}
		all := texts(tw.mw.pages)
		iErr := slices.IndexFunc(all, func(s string) bool { return strings.HasSuffix(s, "error  pages/index/index.js:12:5") })
		iWarn := slices.IndexFunc(all, func(s string) bool { return strings.HasSuffix(s, "warn  app.js:3") })
		if iErr < 0 || iWarn < 0 || iWarn > iErr {
			t.Errorf("want the warning (newer) above the error, with time, level and file:line; got %q", all)
		}
		if !hasText(tw.mw.pages, "x is not defined") || !containsText(tw.mw.pages, "at onLoad (pages/index/index.js:12:5)") {
			t.Errorf("message or stack missing: %q", all)
		}
		if containsText(tw.mw.pages, "not this app's") {
			t.Errorf("another app's page error is shown: %q", all)
		}
		test.Tap(button(t, tw.mw.pages, "Clear"))
	})
	eventually(t, tw.th, "the page errors cleared", func() bool {
		return !containsText(tw.mw.pages, "x is not defined") && tw.mw.pagesTab.Text == "Pages"
	})
	if got := tw.pageLog.List("wxsomeoneelse0000"); len(got) != 1 {
		t.Errorf("Clear in the window cleared another app's messages: %v", got)
	}
}
