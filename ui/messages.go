package ui

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// sceneSubscribeMessage is the launch scene of a tapped subscription message.
const sceneSubscribeMessage = 1014

// messagesTab is the Messages tab: the current persona's phone, its number
// (what getPhoneNumber gives apps, editable here) and the subscription
// messages apps sent it, newest first, shown as a phone shows service
// notifications. Tapping one opens its page in the browser.
type messagesTab struct {
	mw      *mainWindow
	content fyne.CanvasObject
	phone   *widget.Entry
	where   *locationRow // location.go
	shownID string       // the persona whose number the entry holds
	list    *fyne.Container
}

func newMessagesTab(mw *mainWindow) *messagesTab {
	t := &messagesTab{mw: mw, list: container.NewVBox()}
	t.phone = widget.NewEntry()
	t.phone.SetPlaceHolder("+86 13800138000 (empty: no number bound)")
	t.phone.OnSubmitted = func(string) { t.savePhone() }
	save := widget.NewButton("Save", t.savePhone)
	phoneRow := container.NewBorder(nil, nil, widget.NewLabel("Phone number"), save, t.phone)
	t.where = newLocationRow(mw)
	t.content = container.NewBorder(container.NewVBox(phoneRow, t.where.content, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(t.list))
	return t
}

func (t *messagesTab) savePhone() {
	p := t.mw.host.CurrentPersona()
	text := t.phone.Text
	got, err := t.mw.host.UpdatePersona(t.mw.ctx, p.ID, app.PersonaChange{Phone: &text})
	if err != nil {
		t.mw.fail("save the phone number", err)
		return
	}
	t.mw.u.log.Info("phone number changed from the window", "persona", p.ID)
	t.phone.SetText(got.Phone)
	t.mw.status.SetText(fmt.Sprintf("%s’s phone number: %s", got.NickName, orNone(got.Phone)))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// refresh rereads the current persona's number and messages. The number is
// set only when the persona changed, so a refresh never eats typing.
func (t *messagesTab) refresh() {
	t.where.refresh()
	p := t.mw.host.CurrentPersona()
	if p.ID != t.shownID {
		t.shownID = p.ID
		t.phone.SetText(p.Phone)
	}
	ms, err := t.mw.host.Messages(p.ID)
	if err != nil {
		t.mw.fail("read the messages", err)
		return
	}
	t.list.RemoveAll()
	if len(ms) == 0 {
		t.list.Add(muted("No messages for " + p.NickName + " yet. An app asks with wx.requestSubscribeMessage; " +
			"its backend sends with POST /cgi-bin/message/subscribe/send."))
	}
	for _, m := range ms {
		t.list.Add(t.card(m))
	}
	t.list.Refresh()
}

// card is one notification: app and time, the title, a line per keyword,
// and the page it opens.
func (t *messagesTab) card(m app.Message) fyne.CanvasObject {
	head := muted(fmt.Sprintf("%s · %s", m.AppName, m.Time.Local().Format(time.DateTime)))
	title := widget.NewLabelWithStyle(m.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	fields := container.NewVBox()
	for _, f := range m.Fields {
		fields.Add(container.NewBorder(nil, nil, muted(f.Label), nil, wrapped(f.Value)))
	}
	parts := []fyne.CanvasObject{head, title, fields}
	if m.Page != "" {
		parts = append(parts, buttonRow(widget.NewButton("Open "+m.Page, func() { t.open(m) })))
	} else {
		parts = append(parts, muted("No page: tapping it on a phone opens nothing."))
	}
	return container.NewVBox(append(parts, widget.NewSeparator())...)
}

// open shows the message's page, launched as a tapped message launches it
// (scene 1014): in the app's simulator, or the browser without one.
func (t *messagesTab) open(m app.Message) {
	target := app.PageURL(app.OriginURL(t.mw.info.BaseURL, m.AppID), m.Page, sceneSubscribeMessage)
	if sim := t.mw.info.Simulator; sim != nil {
		go func() {
			ctx, cancel := context.WithTimeout(t.mw.ctx, 30*time.Second)
			defer cancel()
			if err := sim.OpenPage(ctx, m.AppID, target); err != nil {
				fyne.Do(func() { t.mw.fail("open the message's page in the simulator", err) })
			}
		}()
		return
	}
	u, err := url.Parse(target)
	if err == nil {
		err = t.mw.u.app.OpenURL(u)
	}
	if err != nil {
		t.mw.fail("open the message's page", err)
	}
}
