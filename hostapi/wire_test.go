package hostapi

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// The control API's answers are apitype's shapes: each must encode exactly
// as the domain value it converts did, field for field, so moving the wire
// types out of the server changed no byte a client sees.
func TestWireShapesEncodeAsTheDomain(t *testing.T) {
	at := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	settings := app.Settings{Auth: map[string]bool{"scope.userLocation": true, "scope.camera": false},
		Subscriptions: app.Subscriptions{MainSwitch: true, ItemSettings: map[string]string{"SHIP": "accept"}}}
	prompt := app.PendingPrompt{ID: 7, Kind: app.PromptSubscribe, API: "requestSubscribeMessage", AppID: "wx1", AppName: "Shop",
		Persona: "alice", Scope: "scope.x", ScopeName: "X", Desc: "why", Mode: "fingerPrint", AuthContent: "pay", Simulated: true,
		Scopes: []string{"scope.x"}, Settings: &settings, Phone: "+86 13800138000",
		Templates: []app.SubscribeTemplate{{ID: "SHIP", Title: "Shipped", Fields: []app.TemplateField{{Name: "thing1", Label: "Item"}}}},
		Policy:    app.Policy{Kind: app.PolicyAfter, Delay: 2 * time.Second}, Created: at, Waiters: 2}
	policies := app.Policies{Default: app.Policy{Kind: app.PolicyAsk}, Rules: map[string]app.Policy{"authorize": {Kind: app.PolicyDeny}}}
	messages := []app.Message{{ID: 1, Time: at, AppID: "wx1", AppName: "Shop", Persona: "bob", TemplateID: "SHIP", Title: "Shipped",
		Fields: []app.MessageField{{Name: "thing1", Label: "Item", Value: "mug"}}, Page: "pages/a?b=1", State: "formal", Lang: "zh_CN"}}
	calls := []app.CallRecord{{Seq: 3, Time: at, AppID: "wx1", Persona: "bob", API: "login", Args: json.RawMessage(`{"a":1}`),
		Result: json.RawMessage(`{"code":"x"}`), ErrMsg: "login:ok", Duration: time.Millisecond, Fault: 2, RID: "r-1"}}
	storage := app.Storage{Persona: "bob", AppID: "wx1", Items: []app.StorageItem{{Key: "k", Data: json.RawMessage(`{"n":1}`), Type: "Date"}},
		ItemLimit: 1 << 20, AppLimit: 10 << 20}
	persona := app.Persona{ID: "carol", NickName: "Carol", Language: "en", Gender: 2, Color: "#112233", Phone: "+44 7700900123"}
	exports := []app.PersonaExport{{Persona: persona, AvatarPNG: []byte{1, 2, 3}}}
	session := app.SessionState{LoggedIn: true, Valid: true, Created: at, LastUsed: at, Expires: at.Add(time.Hour)}
	location := app.Location{Latitude: 31.2, Longitude: 121.4, Name: "Square", Address: "Road 1"}

	for _, tt := range []struct {
		name         string
		domain, wire any
	}{
		{"prompt", prompt, wirePrompt(prompt)},
		{"prompts", []app.PendingPrompt{prompt}, wirePrompts([]app.PendingPrompt{prompt})},
		{"no prompts", []app.PendingPrompt(nil), wirePrompts(nil)},
		{"policies", policies, wirePolicies(policies)},
		{"policies without rules", app.Policies{}, wirePolicies(app.Policies{})},
		{"settings", settings, wireSettings(settings)},
		{"messages", messages, wireMessages(messages)},
		{"calls", calls, wireCalls(calls)},
		{"a call", calls[0], apitype.CallRecord(calls[0])},
		{"storage", storage, wireStorage(storage)},
		{"empty storage", app.Storage{Items: []app.StorageItem{}}, wireStorage(app.Storage{Items: []app.StorageItem{}})},
		{"storage item", storage.Items[0], apitype.StorageItem(storage.Items[0])},
		{"persona", persona, wirePersona(persona)},
		{"persona exports", exports, wirePersonaExports(exports)},
		{"session", session, apitype.SessionState(session)},
		{"location", location, apitype.Location(location)},
	} {
		d, err1 := json.Marshal(tt.domain)
		w, err2 := json.Marshal(tt.wire)
		if err1 != nil || err2 != nil || string(d) != string(w) {
			t.Errorf("%s: the wire shape encodes\n%s\nthe domain value\n%s", tt.name, w, d)
		}
	}

	// What clients send decodes to the same domain value either way.
	var da app.Answer
	var wa apitype.Answer
	answer := []byte(`{"answer":"allow","authSetting":{"scope.camera":true},"subscriptionsSetting":{"mainSwitch":true,"itemSettings":{"A":"ban"}},"choices":{"A":"accept"},"keep":true}`)
	if json.Unmarshal(answer, &da) != nil || json.Unmarshal(answer, &wa) != nil || !reflect.DeepEqual(domainAnswer(wa), da) {
		t.Errorf("answer: decoded through the wire %+v, directly %+v", domainAnswer(wa), da)
	}
	var ds app.Settings
	var ws apitype.Settings
	body := []byte(`{"authSetting":{"scope.camera":true},"subscriptionsSetting":{"mainSwitch":false,"itemSettings":{"A":"reject"}}}`)
	if json.Unmarshal(body, &ds) != nil || json.Unmarshal(body, &ws) != nil || !reflect.DeepEqual(domainSettings(ws), ds) {
		t.Errorf("settings: decoded through the wire %+v, directly %+v", domainSettings(ws), ds)
	}
	if got := domainPersonaExports(wirePersonaExports(exports)); !reflect.DeepEqual(got, exports) {
		t.Errorf("persona exports do not survive the wire: %+v", got)
	}
}

// The wire's words are the domain's.
func TestWireConstants(t *testing.T) {
	for _, c := range [][2]string{
		{apitype.PromptAuthorize, app.PromptAuthorize}, {apitype.PromptProfile, app.PromptProfile}, {apitype.PromptSettings, app.PromptSettings},
		{apitype.PromptSoter, app.PromptSoter}, {apitype.PromptPhone, app.PromptPhone}, {apitype.PromptSubscribe, app.PromptSubscribe},
		{apitype.AnswerAllow, app.AnswerAllow}, {apitype.AnswerDeny, app.AnswerDeny}, {apitype.AnswerCancel, app.AnswerCancel},
		{apitype.AnswerMatch, app.AnswerMatch}, {apitype.AnswerNoMatch, app.AnswerNoMatch},
		{apitype.SubAccept, app.SubAccept}, {apitype.SubReject, app.SubReject}, {apitype.SubBan, app.SubBan},
		{apitype.PolicyDefaultKey, app.PolicyDefaultKey},
	} {
		if c[0] != c[1] {
			t.Errorf("apitype says %q where app says %q", c[0], c[1])
		}
	}
}
