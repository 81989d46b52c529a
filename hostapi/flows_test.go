package hostapi_test

// Issue 16 points 9-11 on the wire: the phone number, subscription messages
// and mini program codes, byte for byte and through silenceper/wechat.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2"
	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/miniprogram/business"
	miniConfig "github.com/silenceper/wechat/v2/miniprogram/config"
	"github.com/silenceper/wechat/v2/miniprogram/qrcode"
	"github.com/silenceper/wechat/v2/miniprogram/subscribe"
	"github.com/silenceper/wechat/v2/util"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/wxacode"
)

const jsonCT = "application/json; encoding=utf-8"

func (e *env) accessToken() string {
	e.t.Helper()
	r := e.do("GET", tokenQuery(e.secret), "", nil)
	tok, _ := r.body["access_token"].(string)
	if tok == "" {
		e.t.Fatalf("no access_token: %v", r.body)
	}
	return tok
}

func (e *env) openID(persona string) string {
	e.t.Helper()
	id, err := e.host.OpenID(context.Background(), persona, appID)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func wantCT(t *testing.T, what string, r rawResp, want string) {
	t.Helper()
	if got := r.header.Get("Content-Type"); got != want {
		t.Errorf("%s: Content-Type %q, want %q", what, got, want)
	}
}

func TestPhoneNumberWire(t *testing.T) {
	e := newEnv(t, true)
	tok := e.accessToken()
	if r := e.call("getPhoneNumber", `{"_userGesture":false}`); r.body["errMsg"] != "getPhoneNumber:fail can only be invoked by user TAP gesture." {
		t.Fatalf("without a tap: %v", r.body)
	}
	r := e.call("getPhoneNumber", `{}`)
	code, _ := r.body["code"].(string)
	if r.body["errMsg"] != "getPhoneNumber:ok" || len(code) != 32 {
		t.Fatalf("getPhoneNumber = %v", r.body)
	}
	path := "/wxa/business/getuserphonenumber?access_token=" + url.QueryEscape(tok)
	ok := e.raw("POST", path, `{"code":"`+code+`"}`, nil)
	want := regexp.MustCompile(`^\{"errcode":0,"errmsg":"ok","phone_info":\{"phoneNumber":"\+12025550143","purePhoneNumber":"2025550143","countryCode":"1","watermark":\{"appid":"` + appID + `","timestamp":[0-9]{10}\}\}\}$`)
	if ok.status != 200 || !want.Match(ok.body) {
		t.Fatalf("getuserphonenumber = %d %s, want %s", ok.status, ok.body, want)
	}
	wantCT(t, "getuserphonenumber", ok, jsonCT)
	wantError(t, "used code", e.raw("POST", path, `{"code":"`+code+`"}`, nil), 40163, "code been used,")
	wantError(t, "unknown code", e.raw("POST", path, `{"code":"nope"}`, nil), 40029, "invalid code,")
	wantError(t, "no body", e.raw("POST", path, ``, nil), 47001, "data format error")
	wantError(t, "bad token", e.raw("POST", "/wxa/business/getuserphonenumber?access_token=x", `{"code":"x"}`, nil), 40001,
		"invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r")
	wantError(t, "GET", e.raw("GET", path, "", nil), 43002, "require POST method")

	deny := newEnv(t, false)
	if r := deny.call("getRealtimePhoneNumber", `{}`); r.body["errMsg"] != "getRealtimePhoneNumber:fail user deny" || r.body["code"] != nil {
		t.Fatalf("denied: %v", r.body)
	}
}

func TestSubscribeWire(t *testing.T) {
	e := newEnv(t, true)
	if r := e.call("requestSubscribeMessage", `{"tmplIds":["A","B","C","D"]}`); r.body["errMsg"] != "requestSubscribeMessage:fail Templates count out of max bounds" || r.body["errCode"] != 20003.0 {
		t.Fatalf("four ids: %v", r.body)
	}
	if r := e.call("requestSubscribeMessage", `{"tmplIds":"A"}`); r.status != http.StatusBadRequest {
		t.Fatalf("tmplIds not an array: %d %v", r.status, r.body)
	}
	r := e.call("requestSubscribeMessage", `{"tmplIds":["TMPL_A"]}`)
	if r.body["errMsg"] != "requestSubscribeMessage:ok" || r.body["TMPL_A"] != "accept" {
		t.Fatalf("requestSubscribeMessage = %v", r.body)
	}
	if r := e.call("getSetting", `{"withSubscriptions":true}`); r.body["subscriptionsSetting"] == nil {
		t.Fatalf("getSetting = %v", r.body)
	}
	path := "/cgi-bin/message/subscribe/send?access_token=" + url.QueryEscape(e.accessToken())
	body := `{"touser":"` + e.openID("alice") + `","template_id":"TMPL_A","page":"pages/index/index?order=7","data":{"thing1":{"value":"Blue mug"},"amount2":{"value":12.5}},"miniprogram_state":"developer","lang":"zh_CN"}`
	sent := e.raw("POST", path, body, nil)
	if sent.status != 200 || !regexp.MustCompile(`^\{"errcode":0,"errmsg":"ok","msgid":1\}$`).Match(sent.body) {
		t.Fatalf("send = %d %s", sent.status, sent.body)
	}
	wantCT(t, "send", sent, jsonCT)
	wantError(t, "second send", e.raw("POST", path, body, nil), 43101, "user refuse to accept the msg")
	wantError(t, "bad openid", e.raw("POST", path, strings.Replace(body, e.openID("alice"), "onobody", 1), nil), 40003, "invalid openid")
	wantError(t, "bad page", e.raw("POST", path, strings.Replace(body, "pages/index/index", "pages/x/y", 1), nil), 41030, "invalid page")

	// QA reads the inbox through the control API.
	ms := e.do("GET", "/_minihost/messages?persona=alice", "", map[string]string{"Authorization": "Bearer " + control})
	list, _ := ms.body["messages"].([]any)
	if ms.status != 200 || len(list) != 1 {
		t.Fatalf("messages = %d %v", ms.status, ms.body)
	}
	m := list[0].(map[string]any)
	fields := m["fields"].([]any)
	if m["title"] != "TMPL_A" || m["page"] != "pages/index/index?order=7" || len(fields) != 2 ||
		fields[0].(map[string]any)["value"] != "12.5" || fields[1].(map[string]any)["value"] != "Blue mug" {
		t.Fatalf("message %v", m)
	}
	if r := e.do("GET", "/_minihost/messages?persona=nobody", "", map[string]string{"Authorization": "Bearer " + control}); r.status != 404 {
		t.Fatalf("unknown persona: %d %v", r.status, r.body)
	}
}

func TestWXACodeWire(t *testing.T) {
	e := newEnv(t, true)
	path := "/wxa/getwxacodeunlimit?access_token=" + url.QueryEscape(e.accessToken())
	r := e.raw("POST", path, `{"scene":"id=42","page":"pages/index/index","width":300}`, nil)
	wantCT(t, "code", r, "image/jpeg")
	if r.status != 200 || !bytes.HasPrefix(r.body, []byte("\xff\xd8\xff")) {
		t.Fatalf("code = %d %q…", r.status, r.body[:min(len(r.body), 40)])
	}
	text, err := wxacode.Decode(r.body)
	if err != nil {
		t.Fatal(err)
	}
	c, err := app.ParseWXACode(text)
	if err != nil || c.AppID != appID || c.Page != "pages/index/index" || c.Scene != "id=42" || c.EnvVersion != "release" {
		t.Fatalf("scanned %q = %+v, %v", text, c, err)
	}
	png := e.raw("POST", path, `{"scene":"a","is_hyaline":true}`, nil)
	wantCT(t, "is_hyaline", png, "image/png")
	if !bytes.HasPrefix(png.body, []byte("\x89PNG")) {
		t.Fatalf("is_hyaline body %q…", png.body[:min(len(png.body), 8)])
	}
	for _, tc := range []struct {
		body string
		code int
		msg  string
	}{
		{`{"scene":"a","page":"pages/nope/nope"}`, 41030, "invalid page"},
		{`{"scene":"a","page":"/pages/index/index"}`, 41030, "invalid page"},
		{`{"page":"pages/index/index"}`, 40129, "invalid scene"},
		{`{"scene":"a","env_version":"beta"}`, 40097, "invalid args"},
		{`{"scene":`, 47001, "data format error"},
	} {
		r := e.raw("POST", path, tc.body, nil)
		wantError(t, tc.body, r, tc.code, tc.msg)
		wantCT(t, tc.body, r, jsonCT)
	}
	wantError(t, "bad token", e.raw("POST", "/wxa/getwxacodeunlimit?access_token=x", `{"scene":"a"}`, nil), 40001,
		"invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r")
	// The call log shows what the code says rather than its bytes.
	calls, err := e.host.Calls(app.CallFilter{API: "server.getwxacodeunlimit"})
	if err != nil || len(calls) == 0 || !json.Valid(calls[len(calls)-1].Result) {
		t.Fatalf("call log %v, %v", calls, err)
	}
}

// TestInteropSilenceperFlows runs the SDK's phone number, subscribe send and
// code calls, pointed at minihost through its documented URI modifier.
func TestInteropSilenceperFlows(t *testing.T) {
	e := newEnv(t, true)
	util.SetURIModifier(func(uri string) string {
		return strings.Replace(uri, "https://api.weixin.qq.com", e.srv.URL, 1)
	})
	t.Cleanup(func() { util.SetURIModifier(nil) })
	mini := wechat.NewWechat().GetMiniProgram(&miniConfig.Config{AppID: appID, AppSecret: e.secret, Cache: cache.NewMemory()})

	code := e.call("login", `{}`).body["code"].(string)
	sess, err := mini.GetAuth().Code2Session(code)
	if err != nil {
		t.Fatal(err)
	}
	phone := e.call("getPhoneNumber", `{}`).body
	info, err := mini.GetBusiness().GetPhoneNumber(&business.GetPhoneNumberRequest{Code: phone["code"].(string)})
	if err != nil || info.PhoneNumber != "+12025550143" || info.PurePhoneNumber != "2025550143" || info.CountryCode != "1" || info.Watermark.AppID != appID {
		t.Fatalf("GetPhoneNumber = %+v, %v", info, err)
	}
	_, err = mini.GetBusiness().GetPhoneNumber(&business.GetPhoneNumberRequest{Code: phone["code"].(string)})
	if err == nil || !strings.Contains(err.Error(), "40163") {
		t.Fatalf("GetPhoneNumber with a used code: %v, want 40163", err)
	}
	// The legacy encryptedData decrypts with the session key, as getUserInfo's.
	plain, err := mini.GetEncryptor().Decrypt(sess.SessionKey, phone["encryptedData"].(string), phone["iv"].(string))
	if err != nil || plain.PurePhoneNumber != "2025550143" || plain.CountryCode != "1" || plain.PhoneNumber != "+12025550143" {
		t.Fatalf("Decrypt(getPhoneNumber) = %+v, %v", plain, err)
	}

	if r := e.call("requestSubscribeMessage", `{"tmplIds":["TMPL_A"]}`); r.body["TMPL_A"] != "accept" {
		t.Fatalf("requestSubscribeMessage = %v", r.body)
	}
	msg := &subscribe.Message{ToUser: sess.OpenID, TemplateID: "TMPL_A", Page: "pages/index/index",
		Data: map[string]*subscribe.DataItem{"thing1": {Value: "Blue mug"}, "number2": {Value: 3}}}
	if id, err := mini.GetSubscribe().SendGetMsgID(msg); err != nil || id != 1 {
		t.Fatalf("SendGetMsgID = %d, %v", id, err)
	}
	if err := mini.GetSubscribe().Send(msg); err == nil || !strings.Contains(err.Error(), "43101") {
		t.Fatalf("Send without a subscription left: %v, want 43101", err)
	}

	// The SDK's code download ignores its URI modifier (it posts with
	// PostJSONWithRespContentType), so it goes through the README's
	// transport, which rewrites the address and the Host.
	base, _ := url.Parse(e.srv.URL)
	useTransport(t, toMinihost{base: base})
	img, err := mini.GetQRCode().GetWXACodeUnlimit(qrcode.QRCoder{Scene: "id=42", Page: "pages/index/index"})
	if err != nil {
		t.Fatalf("GetWXACodeUnlimit: %v", err)
	}
	if text, err := wxacode.Decode(img); err != nil || !strings.Contains(text, "scene=id%3D42") {
		t.Fatalf("the SDK's code reads %q, %v", text, err)
	}
	if _, err := mini.GetQRCode().GetWXACodeUnlimit(qrcode.QRCoder{Scene: "a", Page: "pages/nope/nope"}); err == nil || !strings.Contains(err.Error(), "41030") {
		t.Fatalf("GetWXACodeUnlimit with an unknown page: %v, want 41030", err)
	}
}

// The control API lists and answers the phone and subscribe prompts.
func TestControlPhoneAndSubscribePrompts(t *testing.T) {
	e, b := newControlEnv(t, "ask")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	call := e.startCall("getPhoneNumber", `{}`)
	p, err := b.Next(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := e.ctl("GET", "/_minihost/prompts", "")
	list, _ := r.body["prompts"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["kind"] != "phone" || list[0].(map[string]any)["phone"] != "+1 2025550143" {
		t.Fatalf("prompts %v", r.body)
	}
	e.wantError(e.ctl("POST", "/_minihost/prompts/"+itoa(int(p.ID))+"/answer", `{"answer":"allow","keep":true}`), 400, "subscribe prompt", "keep on a phone prompt")
	e.wantStatus(e.ctl("POST", "/_minihost/prompts/"+itoa(int(p.ID))+"/answer", `{"answer":"deny"}`), 200, "deny")
	if r := waitResp(t, call); r.body["errMsg"] != "getPhoneNumber:fail user deny" {
		t.Fatalf("denied phone: %v", r.body)
	}

	call = e.startCall("requestSubscribeMessage", `{"tmplIds":["A","B"]}`)
	p, err = b.Next(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != app.PromptSubscribe || len(p.Templates) != 2 {
		t.Fatalf("prompt %+v", p)
	}
	e.wantError(e.ctl("POST", "/_minihost/prompts/"+itoa(int(p.ID))+"/answer", `{"answer":"allow","choices":{"A":"maybe"}}`), 400, "want accept or reject", "bad choice")
	e.wantStatus(e.ctl("POST", "/_minihost/prompts/"+itoa(int(p.ID))+"/answer", `{"answer":"allow","choices":{"A":"accept","B":"reject"},"keep":true}`), 200, "allow")
	if r := waitResp(t, call); r.body["A"] != "accept" || r.body["B"] != "reject" {
		t.Fatalf("subscribe: %v", r.body)
	}
	r = e.call("getSetting", `{"withSubscriptions":true}`)
	items := r.body["subscriptionsSetting"].(map[string]any)["itemSettings"].(map[string]any)
	if items["A"] != "accept" || items["B"] != "reject" {
		t.Fatalf("getSetting after keep: %v", r.body)
	}
}
