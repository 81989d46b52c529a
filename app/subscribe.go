package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Subscription messages: wx.requestSubscribeMessage asks the person per
// template; each accept is one message the app's backend may send with
// POST /cgi-bin/message/subscribe/send, delivered to the persona's inbox
// (Messages) as a phone shows a service notification.

const (
	bucketSubQuota = "subquota" // "persona|appid|tmplId" -> messages left (int)
	bucketMessages = "messages" // zero-padded sequence -> Message
	metaMessageSeq = "messageSeq"
)

// MaxSubscribeTemplates is how many tmplIds one requestSubscribeMessage may ask.
const MaxSubscribeTemplates = 3

// maxMessages bounds the stored inbox; the oldest go first.
const maxMessages = 1000

// SubscribeTemplate is a subscription message template, from minihost.json
// subscribeTemplates ({id: {title, fields: {name: label}}}).
type SubscribeTemplate struct {
	ID     string          `json:"id"`
	Title  string          `json:"title"`
	Fields []TemplateField `json:"fields,omitempty"`
}

// TemplateField is one keyword of a template: its data key and its label.
type TemplateField struct {
	Name  string `json:"name"`  // e.g. thing1
	Label string `json:"label"` // e.g. "Item"
}

// SubscribeRequest is one requestSubscribeMessage dialog: a switch per template.
type SubscribeRequest struct {
	App       AppInfo
	Persona   Persona
	Templates []SubscribeTemplate
}

// SubscribeAnswer is how the person left the dialog.
type SubscribeAnswer struct {
	Choices map[string]string // tmplId -> accept | reject
	// Keep is "always keep this choice": the choices go to
	// subscriptionsSetting.itemSettings and the next request does not ask.
	Keep bool
}

// Subscription choices a result may carry.
const (
	SubAccept = "accept"
	SubReject = "reject"
	SubBan    = "ban"
	SubFilter = "filter" // a template whose title repeats an earlier one's
)

// subscribeFail is a requestSubscribeMessage failure with its errCode.
func subscribeFail(code int, reason string) *Fail {
	return &Fail{API: apiSubscribe, Reason: reason, Code: code}
}

// template returns the app's template id, or one titled by its id when the
// app declares none; ok is false for an id the app does not declare.
func (mp *MiniProgram) template(id string) (SubscribeTemplate, bool) {
	if len(mp.SubscribeTemplates) == 0 {
		return SubscribeTemplate{ID: id, Title: id}, true
	}
	t, ok := mp.SubscribeTemplates[id]
	return t, ok
}

// RequestSubscribeMessage is wx.requestSubscribeMessage. Templates the
// person chose to always keep are answered without asking; the others get
// one dialog. Every accept adds one message the backend may send.
func (h *UserDataService) RequestSubscribeMessage(ctx context.Context, appID string, tmplIDs []string, userGesture bool) (Result, error) {
	a, err := h.app(apiSubscribe, appID)
	if err != nil {
		return nil, err
	}
	switch {
	case len(tmplIDs) == 0:
		return nil, subscribeFail(10001, "TmplIds can't be empty")
	case len(tmplIDs) > MaxSubscribeTemplates:
		return nil, subscribeFail(20003, "Templates count out of max bounds")
	case !userGesture:
		return nil, noGesture(apiSubscribe)
	}
	var templates []SubscribeTemplate
	for _, id := range tmplIDs {
		if id == "" || strings.TrimSpace(id) != id {
			return nil, subscribeFail(10004, fmt.Sprintf("invalid template id %q", id))
		}
		t, ok := a.mp.template(id)
		if !ok {
			return nil, subscribeFail(20001, "No template data return, verify the template id exist")
		}
		templates = append(templates, t)
	}
	p := h.CurrentPersona()
	s, err := h.settings.Settings(p.ID, appID)
	if err != nil {
		return nil, err
	}
	if !s.Subscriptions.MainSwitch {
		return nil, subscribeFail(20004, "The main switch is switched off")
	}
	out := map[string]string{}
	var ask []SubscribeTemplate
	titles := map[string]bool{}
	for _, t := range templates {
		if _, done := out[t.ID]; done {
			continue // a repeated id is asked once
		}
		if titles[t.Title] {
			out[t.ID] = SubFilter
			continue
		}
		titles[t.Title] = true
		if kept, ok := s.Subscriptions.ItemSettings[t.ID]; ok {
			out[t.ID] = kept
			continue
		}
		ask = append(ask, t)
		out[t.ID] = SubReject // until answered
	}
	var ans SubscribeAnswer
	if len(ask) > 0 {
		ans, err = h.opts.Prompter.Subscribe(ctx, SubscribeRequest{App: a.mp.Info(), Persona: p, Templates: ask})
		if errors.Is(err, ErrCancelled) {
			ans, err = SubscribeAnswer{}, nil // closed: every template rejected
		}
		if err != nil {
			return nil, promptFailure(apiSubscribe, err)
		}
	}
	var accepted []string
	for _, t := range ask {
		if ans.Choices[t.ID] == SubAccept {
			out[t.ID] = SubAccept
		}
	}
	for id, v := range out {
		if v == SubAccept {
			accepted = append(accepted, id)
		}
	}
	err = h.stateChanged(h.opts.Store.Update(func(tx Tx) error {
		for _, id := range accepted {
			k := userKey(p.ID, appID) + "|" + id
			n := readCount(tx, k)
			if err := putJSON(tx, bucketSubQuota, k, n+1); err != nil {
				return err
			}
		}
		if !ans.Keep || len(ask) == 0 {
			return nil
		}
		cur, err := readSettings(tx, p.ID, appID)
		if err != nil {
			return err
		}
		for _, t := range ask {
			cur.Subscriptions.ItemSettings[t.ID] = out[t.ID]
		}
		return putJSON(tx, bucketSubs, userKey(p.ID, appID), cur.Subscriptions)
	}))
	if err != nil {
		return nil, err
	}
	r := Result{}
	for id, v := range out {
		r[id] = v
	}
	return OK(apiSubscribe, r), nil
}

func readCount(tx Tx, key string) int {
	var n int
	if getJSON(tx, bucketSubQuota, key, &n) != nil {
		return 0
	}
	return n
}

// SubscriptionsLeft is how many messages appID may still send the persona
// with template tmplID.
func (h *UserDataService) SubscriptionsLeft(personaID, appID, tmplID string) (int, error) {
	var n int
	err := h.opts.Store.View(func(tx Tx) error {
		n = readCount(tx, userKey(personaID, appID)+"|"+tmplID)
		return nil
	})
	return n, err
}

// Message is a delivered subscription message: what the persona's phone
// shows as a service notification.
type Message struct {
	ID         uint64         `json:"id"`
	Time       time.Time      `json:"time"`
	AppID      string         `json:"appid"`
	AppName    string         `json:"appName"`
	Persona    string         `json:"persona"`
	TemplateID string         `json:"templateId"`
	Title      string         `json:"title"`
	Fields     []MessageField `json:"fields"`
	Page       string         `json:"page,omitempty"`  // "pages/x/y?a=1", where tapping it opens the app
	State      string         `json:"state,omitempty"` // miniprogram_state: developer, trial, formal
	Lang       string         `json:"lang,omitempty"`
}

// MessageField is one keyword line of a message.
type MessageField struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// SubscribeMessage is the body of POST /cgi-bin/message/subscribe/send.
type SubscribeMessage struct {
	ToUser           string                  `json:"touser"`
	TemplateID       string                  `json:"template_id"`
	Page             string                  `json:"page"`
	Data             map[string]MessageValue `json:"data"`
	MiniprogramState string                  `json:"miniprogram_state"`
	Lang             string                  `json:"lang"`
}

// MessageValue is one data item, {"value": ...}; SDKs send numbers as well
// as strings there (a "color" is accepted and ignored, as the real server
// no longer shows colours).
type MessageValue struct {
	Value any `json:"value"`
}

// Server errors of subscribe/send and getwxacodeunlimit.
var (
	errInvalidTemplate = &ServerError{40037, "invalid template_id"}
	errArgInvalid      = &ServerError{47003, "argument invalid!"}
	errUserRefuse      = &ServerError{43101, "user refuse to accept the msg"}
	errInvalidPage     = &ServerError{41030, "invalid page"}
	errInvalidArgsWxa  = &ServerError{40097, "invalid args"}
	errInvalidScene    = &ServerError{40129, "invalid scene"}
)

// SendSubscribeMessage is POST /cgi-bin/message/subscribe/send: it uses one
// of the persona's accepts for the template and delivers the message.
func (h *BackendService) SendSubscribeMessage(ctx context.Context, accessTok string, m SubscribeMessage) (SentMessage, error) {
	appID, err := h.appForToken(accessTok)
	if err != nil {
		return SentMessage{}, err
	}
	a, ok := h.App(appID)
	if !ok {
		return SentMessage{}, errInvalidCred
	}
	if m.ToUser == "" {
		return SentMessage{}, errMissingOpenID
	}
	p, err := h.personaByOpenID(ctx, appID, m.ToUser)
	if err != nil {
		return SentMessage{}, errInvalidOpenID
	}
	t, ok := a.template(m.TemplateID)
	if m.TemplateID == "" || !ok {
		return SentMessage{}, errInvalidTemplate
	}
	if m.Page != "" && !hasPage(a.MiniProgram, m.Page) {
		return SentMessage{}, errInvalidPage
	}
	switch m.MiniprogramState {
	case "", "developer", "trial", "formal":
	default:
		return SentMessage{}, &ServerError{errArgInvalid.Code, "argument invalid! miniprogram_state must be developer, trial or formal"}
	}
	fields, err := messageFields(t, m.Data)
	if err != nil {
		return SentMessage{}, err
	}
	msg := Message{
		Time: h.now(), AppID: appID, AppName: a.Name, Persona: p.ID, TemplateID: t.ID, Title: t.Title,
		Fields: fields, Page: m.Page, State: m.MiniprogramState, Lang: m.Lang,
	}
	err = h.stateChanged(h.opts.Store.Update(func(tx Tx) error {
		k := userKey(p.ID, appID) + "|" + t.ID
		n := readCount(tx, k)
		if n <= 0 {
			return errUserRefuse
		}
		if err := putJSON(tx, bucketSubQuota, k, n-1); err != nil {
			return err
		}
		var seq uint64
		_ = getJSON(tx, bucketMeta, metaMessageSeq, &seq)
		seq++
		msg.ID = seq
		if err := putJSON(tx, bucketMeta, metaMessageSeq, seq); err != nil {
			return err
		}
		if err := putJSON(tx, bucketMessages, messageKey(seq), msg); err != nil {
			return err
		}
		if seq > maxMessages {
			return tx.Delete(bucketMessages, messageKey(seq-maxMessages))
		}
		return nil
	}))
	if err != nil {
		return SentMessage{}, err
	}
	h.log.Info("subscription message delivered", "appid", appID, "persona", p.ID, "template", t.ID, "id", msg.ID)
	return SentMessage{ServerStatus: serverOK(), MsgID: msg.ID}, nil
}

func messageKey(seq uint64) string { return fmt.Sprintf("%020d", seq) }

// messageFields checks data against the template: every value a string
// under "value", only the template's keywords when it declares them.
func messageFields(t SubscribeTemplate, data map[string]MessageValue) ([]MessageField, error) {
	if len(data) == 0 {
		return nil, &ServerError{errArgInvalid.Code, "argument invalid! data is empty"}
	}
	var out []MessageField
	for _, name := range sortedKeys(data) {
		var v string
		switch x := data[name].Value.(type) {
		case string:
			v = x
		case float64:
			v = strconv.FormatFloat(x, 'f', -1, 64)
		}
		if v == "" {
			return nil, &ServerError{errArgInvalid.Code, "argument invalid! data." + name + ".value is empty"}
		}
		label := name
		if len(t.Fields) > 0 {
			i := slices.IndexFunc(t.Fields, func(f TemplateField) bool { return f.Name == name })
			if i < 0 {
				return nil, &ServerError{errArgInvalid.Code, "argument invalid! data." + name + " is not a keyword of the template"}
			}
			label = t.Fields[i].Label
		}
		out = append(out, MessageField{Name: name, Label: label, Value: v})
	}
	return out, nil
}

// hasPage reports whether page ("pages/a/b", optionally "?query") is one of
// the app's pages.
func hasPage(mp *MiniProgram, page string) bool {
	path, _, _ := strings.Cut(page, "?")
	return slices.Contains(mp.Pages, strings.TrimPrefix(path, "/"))
}

// Messages lists the delivered messages, newest first; persona "" means
// every persona's.
func (h *UserDataService) Messages(personaID string) ([]Message, error) {
	var out []Message
	err := h.opts.Store.View(func(tx Tx) error {
		return decodeEach(tx, bucketMessages, func(_ string, m Message) error {
			if personaID == "" || m.Persona == personaID {
				out = append(out, m)
			}
			return nil
		})
	})
	slices.Reverse(out)
	return out, err
}

// parseTemplates reads minihost.json subscribeTemplates.
func parseTemplates(raw map[string]struct {
	Title  string            `json:"title"`
	Fields map[string]string `json:"fields"`
}) (map[string]SubscribeTemplate, error) {
	out := map[string]SubscribeTemplate{}
	for _, id := range sortedKeys(raw) {
		v := raw[id]
		if id == "" || strings.TrimSpace(id) != id || len(id) > 128 {
			return nil, fmt.Errorf("template id %q: want 1-128 characters without surrounding spaces", id)
		}
		t := SubscribeTemplate{ID: id, Title: v.Title}
		if t.Title == "" {
			t.Title = id
		}
		for _, name := range sortedKeys(v.Fields) {
			t.Fields = append(t.Fields, TemplateField{Name: name, Label: v.Fields[name]})
		}
		out[id] = t
	}
	return out, nil
}

// PageURL is where a message or a scanned code opens the app: its launch
// URL with path and query (the runtime reads ?path=&query=), and the scene
// when it is not the default 1001.
func PageURL(appURL, page string, scene int) string {
	path, query, _ := strings.Cut(strings.TrimPrefix(page, "/"), "?")
	u := strings.TrimRight(appURL, "/") + "/?path=" + url.QueryEscape(path)
	if query != "" {
		u += "&query=" + url.QueryEscape(query)
	}
	if scene != 0 && scene != 1001 {
		u += "&scene=" + strconv.Itoa(scene)
	}
	return u
}
