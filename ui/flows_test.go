package ui

import (
	"context"
	"errors"
	"maps"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

func TestPhoneNumberDialog(t *testing.T) {
	req := app.PhoneRequest{App: demoApp, Persona: alice, API: "getPhoneNumber", Phone: "+86 13800138000"}
	for _, tt := range []struct {
		act     action
		want    bool
		wantErr error
	}{
		{tapButton("Allow"), true, nil},
		{tapButton("Deny"), false, nil},
		{press(fyne.KeyReturn), true, nil},
		{press(fyne.KeyEscape), false, nil},
		{closeWindow, false, app.ErrCancelled},
	} {
		t.Run(tt.act.name, func(t *testing.T) {
			u, th := newTestUI(t)
			got := async(func() (bool, error) { return u.PhoneNumber(context.Background(), req) })
			p := shownPrompt(t, u, th, "Phone number · minihost demo")
			th.run(func() {
				for _, want := range []string{"+86 13800138000", "would like your phone number:", "Answering as Alice"} {
					if !hasText(content(p), want) {
						t.Errorf("phone prompt lacks %q; has %q", want, texts(content(p)))
					}
				}
			})
			tt.act.do(t, th, p)
			r := await(t, got)
			if r.v != tt.want || !errors.Is(r.err, tt.wantErr) {
				t.Errorf("PhoneNumber = (%v, %v), want (%v, %v)", r.v, r.err, tt.want, tt.wantErr)
			}
			noPrompt(t, u, th)
		})
	}
}

func TestSubscribeDialog(t *testing.T) {
	req := app.SubscribeRequest{App: demoApp, Persona: alice, Templates: []app.SubscribeTemplate{
		{ID: "T_SHIP", Title: "Order shipped"}, {ID: "T_NEWS", Title: "T_NEWS"},
	}}
	for _, tt := range []struct {
		name    string
		off     string // a switch turned off first
		keep    bool
		act     action
		want    map[string]string
		wantErr error
	}{
		{"allow all", "", false, tapButton("Allow"), map[string]string{"T_SHIP": "accept", "T_NEWS": "accept"}, nil},
		{"one off, keep", "Order shipped", true, tapButton("Allow"), map[string]string{"T_SHIP": "reject", "T_NEWS": "accept"}, nil},
		{"enter", "T_NEWS", false, press(fyne.KeyReturn), map[string]string{"T_SHIP": "accept", "T_NEWS": "reject"}, nil},
		{"cancel", "", false, tapButton("Cancel"), nil, app.ErrCancelled},
		{"escape", "", false, press(fyne.KeyEscape), nil, app.ErrCancelled},
		{"close", "", false, closeWindow, nil, app.ErrCancelled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u, th := newTestUI(t)
			got := async(func() (app.SubscribeAnswer, error) { return u.Subscribe(context.Background(), req) })
			p := shownPrompt(t, u, th, "Subscribe · minihost demo")
			th.run(func() {
				if !hasText(content(p), "T_SHIP") || !hasCheck(content(p), "Order shipped") || !hasCheck(content(p), "T_NEWS") {
					t.Errorf("subscribe prompt: %q", texts(content(p)))
				}
			})
			if tt.off != "" {
				th.run(func() { check(t, content(p), tt.off).SetChecked(false) })
			}
			if tt.keep {
				th.run(func() { check(t, content(p), "Always keep this choice").SetChecked(true) })
			}
			tt.act.do(t, th, p)
			r := await(t, got)
			if !errors.Is(r.err, tt.wantErr) || !maps.Equal(r.v.Choices, tt.want) || r.v.Keep != tt.keep {
				t.Errorf("Subscribe = (%+v, %v), want (%v keep=%v, %v)", r.v, r.err, tt.want, tt.keep, tt.wantErr)
			}
		})
	}
}

func TestMessagesTab(t *testing.T) {
	tw := newTestWindow(t)
	ctx := context.Background()
	tab := tw.mw.messages.content
	tw.th.run(func() {
		if !containsText(tab, "No messages for Alice yet") {
			t.Errorf("empty messages tab: %q", texts(tab))
		}
	})

	// The app subscribes (the window's dialog answers), its backend sends.
	sub := async(func() (app.Result, error) {
		return tw.host.RequestSubscribeMessage(ctx, demoID, []string{"T_SHIP"}, true)
	})
	p := shownPrompt(t, tw.u, tw.th, "Subscribe · minihost demo")
	tapButton("Allow").do(t, tw.th, p)
	if r := await(t, sub); r.err != nil || r.v["T_SHIP"] != "accept" {
		t.Fatalf("requestSubscribeMessage = %v, %v", r.v, r.err)
	}
	a, _ := tw.host.App(demoID)
	tok, err := tw.host.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: demoID, Secret: a.Secret})
	if err != nil {
		t.Fatal(err)
	}
	openid, _ := tw.host.OpenID(ctx, "alice", demoID)
	_, err = tw.host.SendSubscribeMessage(ctx, tok.AccessToken, app.SubscribeMessage{
		ToUser: openid, TemplateID: "T_SHIP", Page: "pages/index/index?order=7",
		Data: map[string]app.MessageValue{"thing1": {Value: "Blue mug"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, tw.th, "the message shown", func() bool {
		return hasText(tab, "T_SHIP") && hasText(tab, "Blue mug") && hasButton(tab, "Open pages/index/index?order=7")
	})
	tap(tw.th, button(t, tab, "Open pages/index/index?order=7"))

	// Bob's phone shows none of Alice's messages.
	if err := tw.host.SwitchPersona(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	eventually(t, tw.th, "bob's empty inbox", func() bool { return containsText(tab, "No messages for Bob yet") })

	// The number is edited here.
	var entry *widget.Entry
	tw.th.run(func() {
		entry = tw.mw.messages.phone
		if entry.Text != "+86 13800138002" {
			t.Errorf("bob's number shown as %q", entry.Text)
		}
		entry.SetText("139 0013 9000")
	})
	tap(tw.th, button(t, tab, "Save"))
	if p, _ := tw.host.Persona("bob"); p.Phone != "+86 13900139000" {
		t.Fatalf("after Save: %q", p.Phone)
	}
	tw.th.run(func() { entry.SetText("not a number") })
	tap(tw.th, button(t, tab, "Save"))
	tw.th.run(func() {
		if !containsText(tw.mw.status, "Could not save the phone number") {
			t.Errorf("status after a bad number: %q", tw.mw.status.Text)
		}
	})
	if p, _ := tw.host.Persona("bob"); p.Phone != "+86 13900139000" {
		t.Fatalf("a bad number changed it to %q", p.Phone)
	}
}
