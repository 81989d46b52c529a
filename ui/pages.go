package ui

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// The Pages tab: the shown app's pages, each opened in the browser at its
// launch URL; what the loader tolerated (app.MiniProgram.Warnings); and what
// its pages reported through the runtime (app.PageLog), newest first. A
// developer sees there why a page is blank without opening the browser's
// console.

const (
	pagesTabTitle = "Pages"
	// Bounds on what one page message shows: the page runs untrusted code,
	// and the full text is in the log stream anyway.
	maxShownMessage    = 600
	maxShownStackLines = 4
)

// pageURL is where a page opens: a WXML app's launch path (the runtime reads
// ?path=), or an HTML page's own file.
func pageURL(appURL string, kind app.PageKind, page string) string {
	if kind == app.KindHTML {
		return appURL + "/" + page + ".html"
	}
	return appURL + "/?path=" + url.QueryEscape(page)
}

// pagesTabText is the tab's title, with the count of errors the shown app's
// pages reported so that they are seen from any tab.
func pagesTabText(errors int) string {
	switch errors {
	case 0:
		return pagesTabTitle
	case 1:
		return pagesTabTitle + " · 1 error"
	}
	return fmt.Sprintf("%s · %d errors", pagesTabTitle, errors)
}

// refreshPages refills the Pages tab for the shown app.
func (mw *mainWindow) refreshPages() {
	a, ok := mw.host.App(mw.appID)
	if !ok {
		return
	}
	base := mw.url()
	heading := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	var rows []fyne.CanvasObject

	rows = append(rows, heading(fmt.Sprintf("Pages (%d)", len(a.Pages))))
	if a.Kind == app.KindWXML {
		rows = append(rows, muted("Opens "+base+"/?path=<page>; add &query=<url-encoded query> for the page's onLoad."))
	}
	for _, p := range a.Pages {
		u := pageURL(base, a.Kind, p)
		name := widget.NewLabel(p + pageNotes(a.MiniProgram, p))
		name.TextStyle.Monospace = true
		name.Truncation = fyne.TextTruncateEllipsis
		open := widget.NewButton("Open", func() { mw.openURL(u) })
		rows = append(rows, container.NewBorder(nil, nil, nil, open, name))
	}

	rows = append(rows, widget.NewSeparator(), heading(fmt.Sprintf("Load warnings (%d)", len(a.Warnings))))
	if len(a.Warnings) == 0 {
		rows = append(rows, muted("None: the project loaded as written."))
	}
	for _, w := range a.Warnings {
		l := wrapped(w.String())
		l.Importance = widget.WarningImportance
		rows = append(rows, l)
	}

	var msgs []app.PageMessage
	if mw.info.PageLog != nil {
		for _, m := range mw.info.PageLog.List(mw.appID) {
			if m.Source != "console" { // console.log… is the Console tab's (console.go)
				msgs = append(msgs, m)
			}
		}
	}
	nErrors := 0
	for _, m := range msgs {
		if m.Level == "error" {
			nErrors++
		}
	}
	clearBtn := widget.NewButton("Clear", func() {
		if mw.info.PageLog != nil {
			mw.info.PageLog.Clear(mw.appID) // Watch refreshes the tab
		}
	})
	if len(msgs) == 0 {
		clearBtn.Disable()
	}
	rows = append(rows, widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, clearBtn, heading(fmt.Sprintf("Page errors and warnings (%d)", len(msgs)))))
	if len(msgs) == 0 {
		rows = append(rows, muted("None reported. Compile errors, uncaught exceptions and console.warn/error of the pages show here, newest first."))
	}
	for _, m := range msgs {
		rows = append(rows, pageMessageView(m))
	}

	mw.pages.Objects = rows
	mw.pages.Refresh()
	if mw.pagesTab != nil {
		if text := pagesTabText(nErrors); mw.pagesTab.Text != text {
			mw.pagesTab.Text = text
			mw.tabs.Refresh()
		}
	}
}

// pageNotes marks the entry page and the tab bar's pages.
func pageNotes(mp *app.MiniProgram, page string) string {
	var notes []string
	if page == mp.EntryPagePath {
		notes = append(notes, "entry")
	}
	for _, t := range mp.TabBarPages {
		if t == page {
			notes = append(notes, "tab")
			break
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return "  (" + strings.Join(notes, ", ") + ")"
}

// pageMessageView is one reported message: time, level and file:line, then
// the message and the first lines of its stack.
func pageMessageView(m app.PageMessage) fyne.CanvasObject {
	head := m.Time.Format("15:04:05") + "  " + m.Level
	if w := m.Where(); w != "" {
		head += "  " + w
	}
	h := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	switch m.Level {
	case "error":
		h.Importance = widget.DangerImportance
	case "warn":
		h.Importance = widget.WarningImportance
	}
	parts := []fyne.CanvasObject{h, wrapped(clipText(m.Message, maxShownMessage))}
	if stack := stackHead(m.Stack, maxShownStackLines); stack != "" {
		s := muted(stack)
		s.Wrapping = fyne.TextWrapBreak
		parts = append(parts, s)
	}
	return container.NewVBox(parts...)
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// stackHead is the first n non-empty lines of a stack.
func stackHead(stack string, n int) string {
	var lines []string
	for _, l := range strings.Split(stack, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
		if len(lines) == n {
			break
		}
	}
	return strings.Join(lines, "\n")
}
