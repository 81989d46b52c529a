package app_test

import (
	"context"
	"maps"
	"testing"

	"github.com/minihost/minihost/app"
)

const templatesJSON = `{"subscribeTemplates":{
	"TMPL_SHIP":{"title":"Order shipped","fields":{"thing1":"Item","time2":"Shipped at"}},
	"TMPL_PAY":{"title":"Payment received"},
	"TMPL_SHIP2":{"title":"Order shipped"},
	"TMPL_NEWS":{"title":"Weekly news"}}}`

func TestRequestSubscribeMessage(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		files     map[string]string
		ids       []string
		gesture   bool
		answer    *app.SubscribeAnswer
		kept      map[string]string // itemSettings before the call
		mainOff   bool
		want      string
		wantCode  int
		wantRes   map[string]string
		wantAsked int
	}{
		{"accept all", nil, []string{"A", "B"}, true, nil, nil, false, "requestSubscribeMessage:ok", 0, map[string]string{"A": "accept", "B": "accept"}, 1},
		{"one on, one off", nil, []string{"A", "B"}, true, &app.SubscribeAnswer{Choices: map[string]string{"A": "accept", "B": "reject"}}, nil, false, "requestSubscribeMessage:ok", 0, map[string]string{"A": "accept", "B": "reject"}, 1},
		{"empty", nil, nil, true, nil, nil, false, "requestSubscribeMessage:fail TmplIds can't be empty", 10001, nil, 0},
		{"four ids", nil, []string{"A", "B", "C", "D"}, true, nil, nil, false, "requestSubscribeMessage:fail Templates count out of max bounds", 20003, nil, 0},
		{"no tap", nil, []string{"A"}, false, nil, nil, false, "requestSubscribeMessage:fail can only be invoked by user TAP gesture.", 0, nil, 0},
		{"main switch off", nil, []string{"A"}, true, nil, nil, true, "requestSubscribeMessage:fail The main switch is switched off", 20004, nil, 0},
		{"unknown template", map[string]string{"minihost.json": templatesJSON}, []string{"TMPL_PAY", "NOPE"}, true, nil, nil, false, "requestSubscribeMessage:fail No template data return, verify the template id exist", 20001, nil, 0},
		{"same title is filtered", map[string]string{"minihost.json": templatesJSON}, []string{"TMPL_SHIP", "TMPL_SHIP2"}, true, nil, nil, false, "requestSubscribeMessage:ok", 0, map[string]string{"TMPL_SHIP": "accept", "TMPL_SHIP2": "filter"}, 1},
		{"kept choices are not asked", nil, []string{"A", "B"}, true, nil, map[string]string{"A": "ban", "B": "accept"}, false, "requestSubscribeMessage:ok", 0, map[string]string{"A": "ban", "B": "accept"}, 0},
		{"a repeated id is asked once", nil, []string{"A", "A"}, true, nil, nil, false, "requestSubscribeMessage:ok", 0, map[string]string{"A": "accept"}, 1},
		{"blank id", nil, []string{" "}, true, nil, nil, false, `requestSubscribeMessage:fail invalid template id " "`, 10004, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, tt.files)
			th.prompt.subscribe = tt.answer
			if tt.kept != nil || tt.mainOff {
				s := app.Settings{Auth: map[string]bool{}, Subscriptions: app.Subscriptions{MainSwitch: !tt.mainOff, ItemSettings: tt.kept}}
				if err := th.SetSettings(ctx, "alice", testAppID, s); err != nil {
					t.Fatal(err)
				}
			}
			r, err := th.RequestSubscribeMessage(ctx, testAppID, tt.ids, tt.gesture)
			if got := errMsg(t, r, err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if f, ok := err.(*app.Fail); ok && f.Code != tt.wantCode {
				t.Fatalf("errCode %d, want %d", f.Code, tt.wantCode)
			}
			if n := th.prompt.count("subscribe"); n != tt.wantAsked {
				t.Fatalf("asked %d times, want %d", n, tt.wantAsked)
			}
			if err != nil {
				return
			}
			got := map[string]string{}
			for k, v := range r {
				if k != "errMsg" {
					got[k] = v.(string)
				}
			}
			if !maps.Equal(got, tt.wantRes) {
				t.Fatalf("result %v, want %v", got, tt.wantRes)
			}
			for id, v := range tt.wantRes {
				n, _ := th.SubscriptionsLeft("alice", testAppID, id)
				if want := map[bool]int{true: 1}[v == "accept"]; n != want {
					t.Errorf("%s: %d messages left, want %d", id, n, want)
				}
			}
		})
	}
}

func TestSubscribeKeepChoice(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	th.prompt.subscribe = &app.SubscribeAnswer{Choices: map[string]string{"A": "accept", "B": "reject"}, Keep: true}
	if _, err := th.RequestSubscribeMessage(ctx, testAppID, []string{"A", "B"}, true); err != nil {
		t.Fatal(err)
	}
	r, err := th.GetSetting(ctx, testAppID, true)
	if err != nil {
		t.Fatal(err)
	}
	subs := r["subscriptionsSetting"].(app.Subscriptions)
	if !subs.MainSwitch || !maps.Equal(subs.ItemSettings, map[string]string{"A": "accept", "B": "reject"}) {
		t.Fatalf("subscriptionsSetting %+v", subs)
	}
	// Asked again: answered from the kept choices, and A counts twice.
	if _, err := th.RequestSubscribeMessage(ctx, testAppID, []string{"A", "B"}, true); err != nil {
		t.Fatal(err)
	}
	if n := th.prompt.count("subscribe"); n != 1 {
		t.Fatalf("asked %d times, want 1", n)
	}
	if n, _ := th.SubscriptionsLeft("alice", testAppID, "A"); n != 2 {
		t.Fatalf("A: %d left, want 2", n)
	}
}

func openID(t *testing.T, th *testHost, persona string) string {
	t.Helper()
	id, err := th.OpenID(context.Background(), persona, testAppID)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSendSubscribeMessage(t *testing.T) {
	ctx := context.Background()
	data := map[string]app.MessageValue{"thing1": {Value: "Blue mug"}, "time2": {Value: "2026-11-25 10:00"}}
	tests := []struct {
		name    string
		accepts int
		msg     func(th *testHost) app.SubscribeMessage
		token   string
		want    int
	}{
		{"delivered", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "alice"), TemplateID: "TMPL_SHIP", Page: "pages/index/index?order=7", Data: data}
		}, "", 0},
		{"no subscription left", 0, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "alice"), TemplateID: "TMPL_SHIP", Data: data}
		}, "", 43101},
		{"another persona did not subscribe", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "bob"), TemplateID: "TMPL_SHIP", Data: data}
		}, "", 43101},
		{"unknown openid", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: "onobody", TemplateID: "TMPL_SHIP", Data: data}
		}, "", 40003},
		{"unknown template", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "alice"), TemplateID: "NOPE", Data: data}
		}, "", 40037},
		{"page not in the app", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "alice"), TemplateID: "TMPL_SHIP", Page: "pages/nope/nope", Data: data}
		}, "", 41030},
		{"keyword not in the template", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "alice"), TemplateID: "TMPL_SHIP", Data: map[string]app.MessageValue{"thing9": {Value: "x"}}}
		}, "", 47003},
		{"empty value", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "alice"), TemplateID: "TMPL_SHIP", Data: map[string]app.MessageValue{"thing1": {}}}
		}, "", 47003},
		{"bad token", 1, func(th *testHost) app.SubscribeMessage {
			return app.SubscribeMessage{ToUser: openID(t, th, "alice"), TemplateID: "TMPL_SHIP", Data: data}
		}, "bogus", 40001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, map[string]string{"minihost.json": templatesJSON})
			for range tt.accepts {
				if _, err := th.RequestSubscribeMessage(ctx, testAppID, []string{"TMPL_SHIP"}, true); err != nil {
					t.Fatal(err)
				}
			}
			tok := tt.token
			if tok == "" {
				tok = accessToken(t, th)
			}
			r, err := th.SendSubscribeMessage(ctx, tok, tt.msg(th))
			if got := serverCode(err); got != tt.want {
				t.Fatalf("errcode %d (%v), want %d", got, err, tt.want)
			}
			ms, _ := th.Messages("")
			if tt.want != 0 {
				if len(ms) != 0 {
					t.Fatalf("a refused send delivered %v", ms)
				}
				return
			}
			if r.ErrCode != 0 || r.ErrMsg != "ok" || len(ms) != 1 {
				t.Fatalf("answer %v, messages %v", r, ms)
			}
			m := ms[0]
			if m.Persona != "alice" || m.Title != "Order shipped" || m.Page != "pages/index/index?order=7" || len(m.Fields) != 2 ||
				m.Fields[0] != (app.MessageField{Name: "thing1", Label: "Item", Value: "Blue mug"}) || r.MsgID != m.ID {
				t.Fatalf("message %+v (msgid %v)", m, r.MsgID)
			}
			// The accept is used up.
			if _, err := th.SendSubscribeMessage(ctx, tok, tt.msg(th)); serverCode(err) != 43101 {
				t.Fatalf("second send: %v, want 43101", err)
			}
		})
	}
}

func TestPageURL(t *testing.T) {
	for _, tt := range []struct {
		page  string
		scene int
		want  string
	}{
		{"pages/a/b", 0, "http://x.localhost:1/?path=pages%2Fa%2Fb"},
		{"/pages/a/b?id=1&k=v", 0, "http://x.localhost:1/?path=pages%2Fa%2Fb&query=id%3D1%26k%3Dv"},
		{"pages/a/b", 1047, "http://x.localhost:1/?path=pages%2Fa%2Fb&scene=1047"},
	} {
		if got := app.PageURL("http://x.localhost:1/", tt.page, tt.scene); got != tt.want {
			t.Errorf("PageURL(%q, %d) = %q, want %q", tt.page, tt.scene, got, tt.want)
		}
	}
}

func TestResetForgetsSubscriptions(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	if _, err := th.RequestSubscribeMessage(ctx, testAppID, []string{"A"}, true); err != nil {
		t.Fatal(err)
	}
	if err := th.ResetApp(ctx, "alice", testAppID); err != nil {
		t.Fatal(err)
	}
	if n, _ := th.SubscriptionsLeft("alice", testAppID, "A"); n != 0 {
		t.Fatalf("after reset: %d left", n)
	}
}
