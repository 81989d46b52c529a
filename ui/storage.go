package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// The Storage tab: the shown app's wx storage for the current persona, as
// the page reads it, editable (set a key as JSON, delete one, clear all).
// It follows storage calls, persona switches and the app picker on its own,
// so window.go only places it.

// maxShownKeys bounds the rows drawn; the rest are counted.
const maxShownKeys = 200

type storageTab struct {
	mw      *mainWindow
	content fyne.CanvasObject

	summary *widget.Label
	rows    *fyne.Container
	key     *widget.Entry
	value   *widget.Entry
	msg     *widget.Label

	shown string // what the rows show: persona, app and items, to notice any change
}

// fingerprint names what the tab shows of s.
func fingerprint(s app.Storage) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func newStorageTab(mw *mainWindow) *storageTab {
	st := &storageTab{mw: mw, summary: widget.NewLabel(""), rows: container.NewVBox(), msg: widget.NewLabel("")}
	st.summary.Wrapping = fyne.TextWrapWord
	st.msg.Wrapping = fyne.TextWrapWord
	st.key = widget.NewEntry()
	st.key.SetPlaceHolder("key")
	st.value = widget.NewMultiLineEntry()
	st.value.SetPlaceHolder(`value as JSON: "text", 42, {"a": 1}`)
	st.value.SetMinRowsVisible(3)
	save := widget.NewButtonWithIcon("Set", theme.DocumentSaveIcon(), st.save)
	clearAll := widget.NewButtonWithIcon("Clear all", theme.DeleteIcon(), st.confirmClear)
	form := container.NewVBox(widget.NewLabelWithStyle("Set a key", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		st.key, st.value, container.NewHBox(save, clearAll), st.msg)
	st.content = container.NewBorder(st.summary, form, nil, nil, container.NewVScroll(st.rows))
	st.refresh()
	st.follow()
	return st
}

// follow refreshes on the shown app's storage calls, on host state changes
// (a persona switch, ctl editing storage does not signal: its calls are the
// control API's, so a slow tick also catches those and the app picker).
func (st *storageTab) follow() {
	mw := st.mw
	calls := mw.host.SubscribeCalls(mw.ctx)
	state := mw.host.WatchState(mw.ctx)
	tick := time.NewTicker(time.Second)
	go func() {
		defer tick.Stop()
		for {
			select {
			case rec, ok := <-calls:
				if !ok {
					return
				}
				if strings.Contains(rec.API, "Storage") {
					mw.u.runOnUI(st.refresh)
				}
			case _, ok := <-state:
				if !ok {
					return
				}
				mw.u.runOnUI(st.refresh)
			case <-tick.C:
				mw.u.runOnUI(st.refreshIfChanged)
			case <-mw.ctx.Done():
				return
			}
		}
	}()
}

// refreshIfChanged redraws when the app, the persona or any item changed.
func (st *storageTab) refreshIfChanged() {
	s, err := st.mw.host.Storage(app.StorageAt{AppID: st.mw.appID})
	if err != nil || st.shown != fingerprint(s) {
		st.refresh()
	}
}

func summaryText(s app.Storage) string {
	info := s.Info()
	return fmt.Sprintf("Storage of %s for %s: %d key(s), %d KB of %d KB", s.AppID, s.Persona, len(s.Items), info.CurrentSize, info.LimitSize)
}

func (st *storageTab) refresh() {
	s, err := st.mw.host.Storage(app.StorageAt{AppID: st.mw.appID})
	if err != nil {
		st.summary.SetText("Storage: " + err.Error())
		return
	}
	st.shown = fingerprint(s)
	st.summary.SetText(summaryText(s))
	st.rows.RemoveAll()
	for i, it := range s.Items {
		if i == maxShownKeys {
			st.rows.Add(muted(fmt.Sprintf("… and %d more (minihost ctl storage lists them all)", len(s.Items)-maxShownKeys)))
			break
		}
		st.rows.Add(st.row(it))
	}
	if len(s.Items) == 0 {
		st.rows.Add(muted("No keys: the app has stored nothing for this persona."))
	}
}

func (st *storageTab) row(it app.StorageItem) fyne.CanvasObject {
	v := string(it.Data)
	if len(v) > 120 {
		v = v[:117] + "…"
	}
	if it.Type != "" {
		v += " (" + it.Type + ")"
	}
	name := widget.NewLabelWithStyle(it.Key, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	value := widget.NewLabel(v)
	value.Truncation = fyne.TextTruncateEllipsis
	edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() {
		st.key.SetText(it.Key)
		st.value.SetText(string(it.Data))
	})
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { st.remove(it.Key) })
	return container.NewBorder(nil, nil, name, container.NewHBox(edit, del), value)
}

func (st *storageTab) save() {
	key, raw := st.key.Text, strings.TrimSpace(st.value.Text)
	if key == "" {
		st.msg.SetText("Give a key.")
		return
	}
	if !json.Valid([]byte(raw)) {
		st.msg.SetText(`The value must be JSON: a string in quotes ("text"), a number, true/false, null, [ ] or { }.`)
		return
	}
	err := st.mw.host.StorageSet(app.StorageAt{API: "setStorage", AppID: st.mw.appID}, app.StorageItem{Key: key, Data: json.RawMessage(raw)})
	if err != nil {
		st.msg.SetText("Not set: " + err.Error())
		return
	}
	st.msg.SetText(fmt.Sprintf("Set %q. Pages read it when they load.", key))
	st.refresh()
}

func (st *storageTab) remove(key string) {
	if err := st.mw.host.StorageRemove(app.StorageAt{API: "removeStorage", AppID: st.mw.appID}, key); err != nil {
		st.msg.SetText("Not removed: " + err.Error())
		return
	}
	st.msg.SetText(fmt.Sprintf("Removed %q.", key))
	st.refresh()
}

func (st *storageTab) confirmClear() {
	s, _ := st.mw.host.Storage(app.StorageAt{AppID: st.mw.appID})
	dialog.ShowConfirm("Clear storage", fmt.Sprintf("Delete all %d key(s) of %s for %s?", len(s.Items), s.AppID, s.Persona), func(ok bool) {
		if ok {
			st.clear()
		}
	}, st.mw.win)
}

func (st *storageTab) clear() {
	if err := st.mw.host.StorageClear(app.StorageAt{AppID: st.mw.appID}); err != nil {
		st.msg.SetText("Not cleared: " + err.Error())
		return
	}
	st.msg.SetText("Cleared.")
	st.refresh()
}
