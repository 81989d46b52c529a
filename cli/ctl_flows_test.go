package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/app/wxacode"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
)

const (
	ctlAppID   = "wxctl00000000001"
	ctlControl = "ctl-test-control-token"
)

// ctlHost is a real host and server for ctl to drive over --url/--token.
type ctlHost struct {
	t      *testing.T
	h      *app.Host
	b      *app.Broker
	srv    *httptest.Server
	secret string
	token  string // the app token
}

func newCtlHost(t *testing.T) *ctlHost {
	t.Helper()
	t.Setenv("DISPLAY", "") // ctl open must not start a browser here
	t.Setenv("WAYLAND_DISPLAY", "")
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	b := app.NewBroker(nil, app.Policy{Kind: app.PolicyAllow}, quiet)
	h, err := app.New(context.Background(), app.Options{Store: db, Keys: db.Keys(), Prompter: b, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string]string{
		"project.config.json":    `{"appid":"` + ctlAppID + `","projectname":"Ctl"}`,
		"app.json":               `{"pages":["pages/index/index","pages/item/item"]}`,
		"minihost.json":          `{"subscribeTemplates":{"SHIP":{"title":"Order shipped","fields":{"thing1":"Item"}},"NEWS":{"title":"News"}}}`,
		"pages/index/index.html": `<script src="/wx.js"></script>`,
		"pages/item/item.html":   `<script src="/wx.js"></script>`,
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mp, err := app.LoadMiniProgramDir(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Load(context.Background(), mp); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hostapi.New(h, hostapi.Options{ControlToken: ctlControl, Logger: quiet, Prompts: b}))
	h.SetBaseURL(srv.URL)
	t.Cleanup(func() { srv.Close(); h.Close(); db.Close() })
	a, _ := h.App(ctlAppID)
	return &ctlHost{t: t, h: h, b: b, srv: srv, secret: a.Secret, token: a.Token}
}

// ctl runs minihost ctl against the host and returns stdout.
func (c *ctlHost) ctl(args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := runCtl(context.Background(), append(args, "--url", c.srv.URL, "--token", ctlControl), &out, &errOut)
	return out.String(), err
}

func (c *ctlHost) post(path, body string, header map[string]string) (*http.Response, []byte) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func (c *ctlHost) wx(api, body string) map[string]any {
	c.t.Helper()
	_, b := c.post("/wx/"+ctlAppID+"/"+api, body, map[string]string{"Authorization": "Bearer " + c.token})
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		c.t.Fatalf("%s: %s", api, b)
	}
	return m
}

func (c *ctlHost) accessToken() string {
	c.t.Helper()
	r, err := c.h.AccessToken(context.Background(), app.TokenRequest{GrantType: "client_credential", AppID: ctlAppID, Secret: c.secret})
	if err != nil {
		c.t.Fatal(err)
	}
	return r.AccessToken
}

func TestCtlOpenScan(t *testing.T) {
	c := newCtlHost(t)
	res, img := c.post("/wxa/getwxacodeunlimit?access_token="+url.QueryEscape(c.accessToken()), `{"scene":"id=42","page":"pages/item/item"}`, nil)
	if res.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("getwxacodeunlimit: %s %s", res.Header.Get("Content-Type"), img)
	}
	file := filepath.Join(t.TempDir(), "code.jpg")
	os.WriteFile(file, img, 0o644)

	want := app.OriginURL(c.srv.URL, ctlAppID) + "/?path=pages%2Fitem%2Fitem&query=scene%3Did%25253D42&scene=1047"
	out, err := c.ctl("open", "--scan", file)
	if err != nil || strings.TrimSpace(out) != want {
		t.Fatalf("ctl open = %q, %v; want %s", out, err, want)
	}
	out, err = c.ctl("open", "--scan", file, "--json")
	var j struct {
		URL    string            `json:"url"`
		Scene  int               `json:"scene"`
		Query  map[string]string `json:"query"`
		Opened bool              `json:"opened"`
	}
	if err != nil || json.Unmarshal([]byte(out), &j) != nil || j.URL != want || j.Scene != 1047 || j.Query["scene"] != "id=42" || j.Opened {
		t.Fatalf("ctl open --json = %s, %v", out, err)
	}

	// With a display, the URL goes to the browser.
	var opened string
	k := &ctl{stdout: io.Discard, stderr: io.Discard, c: client.New(c.srv.URL, ctlControl),
		browse: func(_ context.Context, u string) error { opened = u; return nil }}
	a := openArgs{scan: file}
	t.Setenv("DISPLAY", ":99")
	if err := a.run(context.Background(), k); err != nil || opened != want {
		t.Fatalf("open with a display: browsed %q, %v", opened, err)
	}
	t.Setenv("DISPLAY", "")

	other, _ := wxacode.Encode("https://example.com/", 300, wxacode.PNG)
	notOurs := filepath.Join(t.TempDir(), "other.png")
	os.WriteFile(notOurs, other, 0o644)
	text := filepath.Join(t.TempDir(), "text.png")
	os.WriteFile(text, []byte("hello"), 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"open"}, "want --scan FILE"},
		{[]string{"open", "--scan", notOurs}, "is not a minihost mini program code"},
		{[]string{"open", "--scan", text}, "not a PNG or JPEG image"},
		{[]string{"open", "--scan", "/nonexistent.png"}, "no such file"},
		{[]string{"open", "--scan", t.TempDir()}, "want an image file"},
	} {
		if _, err := c.ctl(tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ctl %v = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestCtlPersonaPhone(t *testing.T) {
	c := newCtlHost(t)
	out, err := c.ctl("personas", "edit", "bob", "--phone", "139 0000 0000", "--json")
	if err != nil || !strings.Contains(out, `"phone": "+86 13900000000"`) {
		t.Fatalf("edit --phone = %s, %v", out, err)
	}
	if _, err := c.ctl("personas", "edit", "bob", "--phone", "call me"); err == nil || !strings.Contains(err.Error(), "phone") {
		t.Fatalf("edit --phone 'call me' = %v", err)
	}
	out, err = c.ctl("personas", "create", "carol", "--nickname", "Carol", "--phone", "+44 7700900123")
	if err != nil || !strings.Contains(out, "+44 7700900123") {
		t.Fatalf("create --phone = %s, %v", out, err)
	}
	if _, err := c.ctl("personas", "edit", "carol", "--phone", ""); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.h.Persona("carol"); p.Phone != "" {
		t.Fatalf("--phone '' left %q", p.Phone)
	}
}

func TestCtlMessagesAndSubscribeAnswer(t *testing.T) {
	c := newCtlHost(t)
	if err := c.b.SetPolicy("requestSubscribeMessage", app.Policy{Kind: app.PolicyAsk}); err != nil {
		t.Fatal(err)
	}
	done := make(chan map[string]any, 1)
	go func() { done <- c.wx("requestSubscribeMessage", `{"tmplIds":["SHIP","NEWS"]}`) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := c.b.Next(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.ctl("prompts")
	if err != nil || !strings.Contains(out, "subscribe") || !strings.Contains(out, "SHIP,NEWS") {
		t.Fatalf("ctl prompts = %s, %v", out, err)
	}
	if _, err := c.ctl("prompts", "answer", itoa(p.ID), "allow", "NEWS=off", "--keep"); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r["SHIP"] != "accept" || r["NEWS"] != "reject" {
		t.Fatalf("requestSubscribeMessage = %v", r)
	}
	if s, _ := c.h.Settings("alice", ctlAppID); s.Subscriptions.ItemSettings["NEWS"] != "reject" {
		t.Fatalf("--keep did not keep: %+v", s.Subscriptions)
	}

	openid, _ := c.h.OpenID(context.Background(), "alice", ctlAppID)
	res, body := c.post("/cgi-bin/message/subscribe/send?access_token="+url.QueryEscape(c.accessToken()),
		`{"touser":"`+openid+`","template_id":"SHIP","page":"pages/item/item?id=7","data":{"thing1":{"value":"Blue mug"}}}`, nil)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`"errcode":0`)) {
		t.Fatalf("send = %s", body)
	}
	out, err = c.ctl("messages", "--json")
	var l struct{ Messages []app.Message }
	if err != nil || json.Unmarshal([]byte(out), &l) != nil || len(l.Messages) != 1 || l.Messages[0].Title != "Order shipped" ||
		l.Messages[0].Fields[0].Value != "Blue mug" || l.Messages[0].Page != "pages/item/item?id=7" {
		t.Fatalf("ctl messages = %s, %v", out, err)
	}
	if out, err := c.ctl("messages", "--persona", "bob", "--json"); err != nil || !strings.Contains(out, `"messages": []`) {
		t.Fatalf("ctl messages --persona bob = %s, %v", out, err)
	}
	if out, err := c.ctl("messages"); err != nil || !strings.Contains(out, "Item: Blue mug") {
		t.Fatalf("ctl messages = %s, %v", out, err)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
