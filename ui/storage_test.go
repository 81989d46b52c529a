package ui

import (
	"encoding/json"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// storageTabContent is the Storage tab's content, selected.
func (tw *testWindow) storageTab(t *testing.T) fyne.CanvasObject {
	t.Helper()
	var out fyne.CanvasObject
	tw.th.run(func() {
		for _, item := range tw.mw.tabs.Items {
			if item.Text == "Storage" {
				tw.mw.tabs.Select(item)
				out = item.Content
			}
		}
	})
	if out == nil {
		t.Fatal("no Storage tab")
	}
	return out
}

func TestStorageTab(t *testing.T) {
	tw := newTestWindow(t)
	tab := tw.storageTab(t)
	if err := tw.host.StorageSet(app.StorageAt{API: "setStorage", AppID: demoID}, app.StorageItem{Key: "cart", Data: json.RawMessage(`{"items":3}`)}); err != nil {
		t.Fatal(err)
	}
	// A page's write is a call in the log: the tab follows it.
	tw.record("setStorage", `{"key":"cart"}`, "setStorage:ok")
	eventually(t, tw.th, "the stored key listed", func() bool {
		return hasText(tab, "cart") && hasText(tab, `{"items":3}`) && containsText(tab, "1 key(s)")
	})

	// Set a key from the tab: typed as JSON.
	var keyEntry, valueEntry *widget.Entry
	tw.th.run(func() {
		walk(tab, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok {
				if e.MultiLine {
					valueEntry = e
				} else {
					keyEntry = e
				}
			}
		})
		test.Type(keyEntry, "greeting")
		test.Type(valueEntry, "not json")
	})
	tap(tw.th, button(t, tab, "Set"))
	tw.th.run(func() {
		if !containsText(tab, "must be JSON") {
			t.Errorf("invalid JSON accepted: %q", texts(tab))
		}
	})
	tw.th.run(func() { valueEntry.SetText(`"hello"`) })
	tap(tw.th, button(t, tab, "Set"))
	if it, err := tw.host.StorageGet(app.StorageAt{API: "getStorage", AppID: demoID}, "greeting"); err != nil || string(it.Data) != `"hello"` {
		t.Fatalf("set from the tab: %s %v", it.Data, err)
	}
	eventually(t, tw.th, "the new key listed", func() bool { return hasText(tab, `"hello"`) && containsText(tab, "2 key(s)") })

	// Another persona sees its own (empty) storage.
	if err := tw.host.SwitchPersona(tw.ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	eventually(t, tw.th, "bob's empty storage", func() bool { return containsText(tab, "for bob: 0 key(s)") && !hasText(tab, "cart") })
	if err := tw.host.SwitchPersona(tw.ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	eventually(t, tw.th, "alice's storage again", func() bool { return hasText(tab, "cart") })
	// An edit that is no call (ctl, the control API), of the same size, shows too.
	if err := tw.host.StorageSet(app.StorageAt{API: "setStorage", AppID: demoID}, app.StorageItem{Key: "cart", Data: json.RawMessage(`{"items":4}`)}); err != nil {
		t.Fatal(err)
	}
	eventually(t, tw.th, "the control API's edit", func() bool { return hasText(tab, `{"items":4}`) })

	// Delete one row's key, then clear all (confirmed).
	var del fyne.Tappable
	tw.th.run(func() {
		walk(tab, func(o fyne.CanvasObject) {
			// a row: Border(value | key label | [edit, delete])
			if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 3 && hasText(c.Objects[1], "cart") {
				if btns, ok := c.Objects[2].(*fyne.Container); ok && len(btns.Objects) == 2 {
					del = btns.Objects[1].(fyne.Tappable)
				}
			}
		})
	})
	if del == nil {
		t.Fatal("no delete button on the cart row")
	}
	tap(tw.th, del)
	if _, err := tw.host.StorageGet(app.StorageAt{API: "getStorage", AppID: demoID}, "cart"); err == nil {
		t.Fatal("cart still stored after delete")
	}
	tap(tw.th, button(t, tab, "Clear all"))
	var confirm fyne.CanvasObject
	eventually(t, tw.th, "the confirm dialog", func() bool {
		pop, ok := tw.mw.win.Canvas().Overlays().Top().(*widget.PopUp)
		if ok && containsText(pop.Content, "Delete all 1 key(s)") {
			confirm = pop.Content
		}
		return confirm != nil
	})
	tap(tw.th, button(t, confirm, "Yes"))
	eventually(t, tw.th, "cleared", func() bool { return containsText(tab, "0 key(s)") })
	if st, _ := tw.host.Storage(app.StorageAt{AppID: demoID}); len(st.Items) != 0 {
		t.Errorf("after clear: %+v", st.Items)
	}
}
