package automator

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"github.com/minihost/minihost/app"
)

// fakePage answers forwarded calls by decoding the method and params out
// of the expression, as the runtime's handle would receive them.
type fakePage struct {
	mu     sync.Mutex
	calls  []string
	answer func(method string, params map[string]any) (any, string) // result, error message
	emit   func(string)
	// resetGate, when set, holds Automation.reset until closed (a
	// simulator still starting).
	resetGate chan struct{}
}

var handleArgs = regexp.MustCompile(`\}\)\((.*)\)$`)

func (p *fakePage) Await(ctx context.Context, expr string, gesture bool) (json.RawMessage, error) {
	m := handleArgs.FindStringSubmatch(expr)
	if m == nil {
		return nil, errors.New("not a handle expression")
	}
	var args []json.RawMessage
	if err := json.Unmarshal([]byte("["+m[1]+"]"), &args); err != nil {
		return nil, err
	}
	var method string
	var params map[string]any
	json.Unmarshal(args[0], &method)
	json.Unmarshal(args[1], &params)
	if gesture != strings.HasPrefix(method, "Element.") {
		return nil, fmt.Errorf("%s evaluated with gesture %v", method, gesture)
	}
	p.mu.Lock()
	p.calls = append(p.calls, method)
	answer, gate := p.answer, p.resetGate
	p.mu.Unlock()
	if method == "Automation.reset" && gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	res, msg := any(nil), "unknown method "+method
	if answer != nil {
		res, msg = answer(method, params)
	}
	if method == "Automation.reset" {
		res, msg = nil, ""
	}
	if msg != "" {
		return json.Marshal(map[string]any{"e": msg})
	}
	return json.Marshal(map[string]any{"r": res})
}

func (p *fakePage) Bind(ctx context.Context, name string, fn func(string)) (func(), error) {
	if name != EmitBinding {
		return nil, errors.New("unexpected binding " + name)
	}
	p.mu.Lock()
	p.emit = fn
	p.mu.Unlock()
	return func() {}, nil
}

func (p *fakePage) Calls() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.calls...)
}

func (p *fakePage) Screenshot(ctx context.Context) ([]byte, error) {
	return []byte("\x89PNG fake"), nil
}

type fakeAccounts []Account

func (a fakeAccounts) TestAccounts(context.Context) ([]Account, error) { return a, nil }

const testApp = "wx6175746f6d61746f"

type env struct {
	t      *testing.T
	srv    *Server
	page   *fakePage
	broker *app.Broker
	url    string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, page: &fakePage{}}
	e.broker = app.NewBroker(nil, app.Policy{Kind: app.PolicyAsk}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.srv = New(Options{AppID: testApp, Page: e.page, Screen: e.page, Prompts: e.broker,
		Accounts:   fakeAccounts{{ID: "alice", NickName: "Alice", OpenID: "o-alice"}},
		PromptWait: 300 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	unbind, err := e.page.Bind(t.Context(), EmitBinding, e.srv.emit)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unbind)
	h := e.srv.Handler()
	// x/net's client always sends an Origin; the SDK's does not.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("Origin")
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	e.url = "ws" + strings.TrimPrefix(ts.URL, "http") + "/"
	return e
}

// client is the SDK's side of a session.
type client struct {
	t      *testing.T
	conn   *websocket.Conn
	mu     sync.Mutex
	byID   map[string]chan message
	events chan message
}

func (e *env) dial() *client {
	e.t.Helper()
	conn, err := websocket.Dial(e.url, "", "http://localhost/")
	if err != nil {
		e.t.Fatalf("dial: %v", err)
	}
	c := &client{t: e.t, conn: conn, byID: map[string]chan message{}, events: make(chan message, 16)}
	e.t.Cleanup(func() { conn.Close() })
	go func() {
		for {
			var m message
			if err := websocket.JSON.Receive(conn, &m); err != nil {
				return
			}
			if m.ID == "" {
				c.events <- m
				continue
			}
			c.mu.Lock()
			ch := c.byID[m.ID]
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
		}
	}()
	return c
}

var nextID struct {
	sync.Mutex
	n int
}

// call sends a request and waits (2 s at most) for its answer.
func (c *client) call(method string, params any) message {
	c.t.Helper()
	nextID.Lock()
	nextID.n++
	id := "id-" + string(rune('a'+nextID.n%26)) + time.Now().Format("150405.000000000")
	nextID.Unlock()
	ch := make(chan message, 1)
	c.mu.Lock()
	c.byID[id] = ch
	c.mu.Unlock()
	p, _ := json.Marshal(params)
	if err := websocket.JSON.Send(c.conn, message{ID: id, Method: method, Params: p}); err != nil {
		c.t.Fatalf("send %s: %v", method, err)
	}
	select {
	case m := <-ch:
		return m
	case <-time.After(2 * time.Second):
		c.t.Fatalf("%s: no answer in 2 s", method)
	}
	return message{}
}

func TestRefusesWebPagesAndRemoteHosts(t *testing.T) {
	e := newEnv(t)
	h := e.srv.Handler()
	tests := []struct {
		name   string
		host   string
		header map[string]string
		want   int
	}{
		{"origin of a web page", "127.0.0.1:9420", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"origin null", "127.0.0.1:9420", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"non-loopback host (DNS rebinding)", "evil.example:9420", nil, http.StatusForbidden},
		{"not a WebSocket", "127.0.0.1:9420", map[string]string{"Upgrade": ""}, http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = tc.host
			r.Header.Set("Connection", "Upgrade")
			r.Header.Set("Upgrade", "websocket")
			r.Header.Set("Sec-WebSocket-Version", "13")
			r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d (%s)", w.Code, tc.want, w.Body)
			}
		})
	}
}

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:9420": true, "localhost:1": true, "[::1]:9420": true, "127.0.0.1": true,
		"0.0.0.0:9420": false, "192.168.1.2:9420": false, "evil.example": false, "": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestAnswersEveryRequest(t *testing.T) {
	e := newEnv(t)
	e.page.answer = func(method string, params map[string]any) (any, string) {
		switch method {
		case "Page.getElement":
			if params["selector"] == "#ok" {
				return map[string]any{"elementId": "e1", "tagName": "view"}, ""
			}
			return nil, "no element matches " + params["selector"].(string)
		case "App.getCurrentPage":
			return map[string]any{"pageId": 1, "path": "pages/index/index", "query": map[string]any{}}, ""
		case "Element.tap":
			return nil, ""
		}
		return nil, "unknown method " + method
	}
	c := e.dial()
	tests := []struct {
		method  string
		params  any
		result  string // JSON, when an answer is wanted
		errPart string // when an error is
	}{
		{"Tool.getInfo", map[string]any{}, `{"SDKVersion":"` + SDKVersion + `"}`, ""},
		{"Tool.getTestAccounts", map[string]any{}, `{"accounts":[{"id":"alice","nickName":"Alice","openid":"o-alice"}]}`, ""},
		{"App.getCurrentPage", map[string]any{}, `{"pageId":1,"path":"pages/index/index","query":{}}`, ""},
		{"Page.getElement", map[string]any{"selector": "#ok", "pageId": 1}, `{"elementId":"e1","tagName":"view"}`, ""},
		{"Page.getElement", map[string]any{"selector": "#none", "pageId": 1}, "", "no element matches #none"},
		{"Element.tap", map[string]any{"elementId": "e1", "pageId": 1}, `{}`, ""},
		{"Element.noSuch", map[string]any{}, "", "unknown method Element.noSuch"},
		{"App.exit", map[string]any{}, `{}`, ""},
		{"Tool.close", map[string]any{}, `{}`, ""},
		{"Tool.enableRemoteDebug", map[string]any{"auto": true}, "", "not available in minihost"},
		{"Tool.getTicket", map[string]any{}, "", "not available in minihost"},
		{"Nonsense.method", map[string]any{}, "", "unknown method Nonsense.method"},
		{"Page.getData", nil, "", "unknown method Page.getData"}, // params null: still answered
		{"Tool.native", map[string]any{"method": "shareCancel", "data": nil}, "", "minihost has no such dialog"},
	}
	for _, tc := range tests {
		m := c.call(tc.method, tc.params)
		switch {
		case tc.errPart != "":
			if m.Error == nil || !strings.Contains(m.Error.Message, tc.errPart) {
				t.Errorf("%s: answer %+v result %s, want an error containing %q", tc.method, m.Error, m.Result, tc.errPart)
			}
		case m.Error != nil:
			t.Errorf("%s: error %q, want %s", tc.method, m.Error.Message, tc.result)
		case string(m.Result) != tc.result:
			t.Errorf("%s: result %s, want %s", tc.method, m.Result, tc.result)
		}
	}
	m := c.call("App.captureScreenshot", map[string]any{})
	var shot struct{ Data string }
	json.Unmarshal(m.Result, &shot)
	if png, _ := base64.StdEncoding.DecodeString(shot.Data); !strings.HasPrefix(string(png), "\x89PNG") {
		t.Errorf("App.captureScreenshot = %s %+v, want base64 of the PNG", m.Result, m.Error)
	}
	if calls := e.page.Calls(); calls[0] != "Automation.reset" {
		t.Errorf("the page's first call is %q, want Automation.reset (a new session starts clean)", calls[0])
	}
}

func TestSlowPageCallDoesNotBlockOthers(t *testing.T) {
	e := newEnv(t)
	release := make(chan struct{})
	e.page.answer = func(method string, _ map[string]any) (any, string) {
		if method == "App.callWxMethod" {
			<-release // a showModal waiting for its answer
		}
		return map[string]any{"ok": true}, ""
	}
	c := e.dial()
	slow := make(chan message, 1)
	go func() { slow <- c.call("App.callWxMethod", map[string]any{"method": "showModal"}) }()
	time.Sleep(50 * time.Millisecond)
	if m := c.call("Tool.getInfo", map[string]any{}); m.Error != nil {
		t.Fatalf("Tool.getInfo behind a waiting call: %v", m.Error.Message)
	}
	if m := c.call("Page.getData", map[string]any{}); m.Error != nil {
		t.Fatalf("Page.getData behind a waiting call: %v", m.Error.Message)
	}
	close(release)
	if m := <-slow; m.Error != nil || string(m.Result) != `{"ok":true}` {
		t.Fatalf("the slow call answered %s %+v", m.Result, m.Error)
	}
}

func TestToolAnswersWhileThePageStarts(t *testing.T) {
	e := newEnv(t)
	e.page.resetGate = make(chan struct{})
	e.page.answer = func(string, map[string]any) (any, string) { return map[string]any{"pageId": 1}, "" }
	c := e.dial()
	if m := c.call("Tool.getInfo", map[string]any{}); m.Error != nil {
		t.Fatalf("Tool.getInfo while the page starts: %s", m.Error.Message)
	}
	page := make(chan message, 1)
	go func() { page <- c.call("App.getCurrentPage", map[string]any{}) }()
	select {
	case m := <-page:
		t.Fatalf("a page request answered (%s) before the session's reset reached the page", m.Result)
	case <-time.After(100 * time.Millisecond):
	}
	close(e.page.resetGate)
	if m := <-page; m.Error != nil || string(m.Result) != `{"pageId":1}` {
		t.Fatalf("App.getCurrentPage after the reset: %s %+v", m.Result, m.Error)
	}
	if calls := e.page.Calls(); len(calls) < 2 || calls[0] != "Automation.reset" || calls[1] != "App.getCurrentPage" {
		t.Errorf("page calls %v, want the reset first", calls)
	}
}

func TestPageEventsReachTheScript(t *testing.T) {
	e := newEnv(t)
	e.page.emit(`{"method":"App.logAdded","params":{"type":"log","args":["dropped: no session"]}}`)
	c := e.dial()
	c.call("Tool.getInfo", map[string]any{}) // the session is registered
	e.page.emit(`not json`)
	e.page.emit(`{"params":{}}`)
	e.page.emit(`{"method":"Tool.onRemoteDebugConnected","params":{}}`) // the page speaks only for the page
	e.page.emit(`{"method":"App.logAdded","params":{"type":"log","args":["hi",1,{"a":true}]}}`)
	e.page.emit(`{"method":"App.exceptionThrown","params":{"message":"boom","stack":"at x"}}`)
	want := []string{`App.logAdded {"type":"log","args":["hi",1,{"a":true}]}`, `App.exceptionThrown {"message":"boom","stack":"at x"}`}
	for _, w := range want {
		select {
		case m := <-c.events:
			if got := m.Method + " " + string(m.Params); got != w {
				t.Errorf("event %s, want %s", got, w)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("no event, want %s", w)
		}
	}
}

func TestNativeAnswersThePendingPrompt(t *testing.T) {
	e := newEnv(t)
	c := e.dial()
	authorize := func(appID, scope string) chan bool {
		res := make(chan bool, 1)
		go func() {
			ok, _ := e.broker.Authorize(t.Context(), app.AuthorizeRequest{App: app.AppInfo{AppID: appID}, Scope: scope})
			res <- ok
		}()
		return res
	}
	// The tap that prompts may arrive after native(): it waits for it.
	res := make(chan bool, 1)
	go func() {
		time.Sleep(50 * time.Millisecond)
		res <- <-authorize(testApp, "scope.userLocation")
	}()
	if m := c.call("Tool.native", map[string]any{"method": "authorizeAllow", "data": map[string]any{}}); m.Error != nil {
		t.Fatalf("authorizeAllow: %s", m.Error.Message)
	}
	if !<-res {
		t.Fatal("authorizeAllow: the page's wx.authorize was refused")
	}
	denied := authorize(testApp, "scope.record")
	if m := c.call("Tool.native", map[string]any{"method": "authorizeCancel"}); m.Error != nil {
		t.Fatalf("authorizeCancel: %s", m.Error.Message)
	}
	if <-denied {
		t.Fatal("authorizeCancel: the page's wx.authorize was allowed")
	}
	// Another app's prompt is not this script's to answer.
	other := authorize("wxother", "scope.camera")
	if m := c.call("Tool.native", map[string]any{"method": "authorizeAllow"}); m.Error == nil || !strings.Contains(m.Error.Message, "no authorization prompt") {
		t.Fatalf("authorizeAllow with only another app's prompt: %+v, want an error", m.Error)
	}
	for _, p := range e.broker.Pending() {
		e.broker.Answer(t.Context(), p.ID, app.Answer{Action: app.AnswerDeny})
	}
	<-other
}

func TestOneSessionAtATime(t *testing.T) {
	e := newEnv(t)
	first := e.dial()
	first.call("Tool.getInfo", map[string]any{})
	e.waitResets(t, 1)
	start := time.Now()
	if _, err := websocket.Dial(e.url, "", "http://localhost/"); err == nil {
		t.Fatal("a second session while the first is open was accepted")
	}
	if d := time.Since(start); d < sessionGrace/2 {
		t.Errorf("refused after %v, want a grace period for a closing session", d)
	}
	// Disconnect and connect again at once: the script's usual pattern.
	first.conn.Close()
	second := e.dial()
	if m := second.call("Tool.getInfo", map[string]any{}); m.Error != nil {
		t.Fatal(m.Error.Message)
	}
	// Start, end of the first; start of the second. A session's first
	// reset runs beside its first call, so it is waited for, not assumed.
	e.waitResets(t, 3)
}

// waitResets waits (2 s at most) until the page has had n Automation.reset
// calls, and fails if it had another number.
func (e *env) waitResets(t *testing.T, n int) {
	t.Helper()
	count := func() (k int) {
		for _, c := range e.page.Calls() {
			if c == "Automation.reset" {
				k++
			}
		}
		return k
	}
	deadline := time.Now().Add(2 * time.Second)
	for count() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if k := count(); k != n {
		t.Errorf("Automation.reset sent %d times, want %d (%v)", k, n, e.page.Calls())
	}
}

func TestCloseRunsOnCloseAfterTheSession(t *testing.T) {
	e := newEnv(t)
	closed := make(chan struct{})
	e.srv.opts.OnClose = func() { close(closed) }
	c := e.dial()
	c.call("App.exit", map[string]any{})
	select {
	case <-closed:
		t.Fatal("OnClose ran after App.exit, before Tool.close")
	case <-time.After(50 * time.Millisecond):
	}
	c.call("Tool.close", map[string]any{})
	c.conn.Close()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("OnClose did not run after Tool.close and the socket closing")
	}
}

// The SDK version answered here is the one the runtime reports.
func TestSDKVersionIsTheRuntimes(t *testing.T) {
	b, err := os.ReadFile("../../assets/runtime/src/apis/device.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`SDK_VERSION = '([^']+)'`).FindSubmatch(b)
	if m == nil || string(m[1]) != SDKVersion {
		t.Fatalf("runtime SDK_VERSION %q, automator.SDKVersion %q: keep them equal", m, SDKVersion)
	}
}

// Serve on a real listener: the SDK's handshake (no Origin) is accepted,
// and stopping the host closes the session's socket.
func TestServeStopsWithTheHost(t *testing.T) {
	page := &fakePage{}
	srv := New(Options{AppID: testApp, Page: page, Screen: page, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", ln.Addr())
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("the SDK's handshake: %v %v", resp, err)
	}
	cancel()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatalf("the socket stayed open after the host stopped: %v", err)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
