package automator

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/websocket"

	"github.com/minihost/minihost/app"
)

// SDKVersion is the base library version minihost reports (the runtime's
// getSystemInfo SDKVersion; a test keeps the two equal). The SDK's
// handshake wants at least 2.7.3.
const SDKVersion = "3.5.0"

// EmitBinding is the page binding the runtime calls with each event,
// JSON {method, params}.
const EmitBinding = "__minihostAutomationEmit"

// Page evaluates in the mini program's page (the simulator).
type Page interface {
	// Await evaluates a JS expression, waits for its promise and returns
	// the JSON value; with gesture it runs as the user's action.
	Await(ctx context.Context, expr string, gesture bool) (json.RawMessage, error)
	// Bind makes window[name](string) in the page call fn (also after reloads).
	Bind(ctx context.Context, name string, fn func(payload string)) (unbind func(), err error)
}

// Screenshotter captures the page as shown, as PNG.
type Screenshotter interface {
	Screenshot(ctx context.Context) ([]byte, error)
}

// Account is a test account as Tool.getTestAccounts lists it: a minihost
// persona, with its openid in the app.
type Account struct {
	ID       string `json:"id"`
	NickName string `json:"nickName"`
	OpenID   string `json:"openid"`
}

// Accounts lists the test accounts (personas).
type Accounts interface {
	TestAccounts(ctx context.Context) ([]Account, error)
}

// Prompts are minihost's pending native prompts (app.Broker).
type Prompts interface {
	Pending() []app.PendingPrompt
	Answer(ctx context.Context, id uint64, a app.Answer) error
	WatchPending(ctx context.Context) <-chan struct{}
}

// Options configure a Server.
type Options struct {
	AppID    string // the app under test; its prompts are the ones answered
	Page     Page
	Screen   Screenshotter
	Accounts Accounts
	Prompts  Prompts
	Logger   *slog.Logger
	// OnClose, when set, runs after a session that sent Tool.close ends
	// (mp.close()): a host the SDK launched quits then, as DevTools does.
	OnClose func()
	// PromptWait is how long a native() answer waits for its prompt or
	// modal to appear (the tap that opens it may still be on its way);
	// default 5 s.
	PromptWait time.Duration
}

// Server serves automation sessions.
type Server struct {
	opts Options
	log  *slog.Logger

	mu     sync.Mutex
	active *session
	ended  chan struct{} // closed when active ends
}

// New returns a Server; Handler serves it.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PromptWait == 0 {
		opts.PromptWait = 5 * time.Second
	}
	return &Server{opts: opts, log: opts.Logger}
}

// Serve binds the page's event function and serves sessions on ln until
// ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	unbind, err := s.opts.Page.Bind(ctx, EmitBinding, s.emit)
	if err != nil {
		return err
	}
	defer unbind()
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sessionGrace is how long a new connection waits for the previous
// session to finish closing before it is refused.
const sessionGrace = 2 * time.Second

// Handler upgrades loopback, Origin-less requests to a session.
func (s *Server) Handler() http.Handler {
	ws := websocket.Server{Handler: s.serve}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			// The SDK sends no Origin; a web page always does.
			s.log.Warn("automation: refused a connection from a web page", "origin", o)
			http.Error(w, "automation: connections from web pages (with an Origin header) are refused", http.StatusForbidden)
			return
		}
		if !loopbackHost(r.Host) {
			http.Error(w, "automation: Host must be a loopback address", http.StatusForbidden)
			return
		}
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			http.Error(w, "minihost automation: connect with the miniprogram-automator SDK (WebSocket)", http.StatusBadRequest)
			return
		}
		if !s.waitIdle(r.Context()) {
			http.Error(w, "automation: another session is connected; one session at a time", http.StatusConflict)
			return
		}
		ws.ServeHTTP(w, r)
	})
}

// waitIdle waits (sessionGrace at most) until no session is active.
func (s *Server) waitIdle(ctx context.Context) bool {
	t := time.NewTimer(sessionGrace)
	defer t.Stop()
	for {
		s.mu.Lock()
		ended := s.ended
		idle := s.active == nil
		s.mu.Unlock()
		if idle {
			return true
		}
		select {
		case <-ended:
		case <-t.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) serve(conn *websocket.Conn) {
	defer conn.Close()
	ctx, cancel := context.WithCancel(conn.Request().Context())
	sess := &session{srv: s, conn: conn, ctx: ctx, reset: make(chan struct{}), events: make(chan message, eventQueue)}
	s.mu.Lock()
	if s.active != nil { // lost a race with another connection
		s.mu.Unlock()
		cancel()
		return
	}
	s.active, s.ended = sess, make(chan struct{})
	s.mu.Unlock()
	defer func() {
		cancel()
		sess.wg.Wait()
		// A new session starts clean; so does the page without one.
		rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
		if _, err := s.forward(rctx, "Automation.reset", json.RawMessage("{}")); err != nil {
			s.log.Debug("automation: reset after the session", "err", err)
		}
		rcancel()
		s.mu.Lock()
		s.active = nil
		close(s.ended)
		s.mu.Unlock()
		s.log.Info("automation session ended")
		if sess.closeAsked.Load() && s.opts.OnClose != nil {
			s.opts.OnClose()
		}
	}()
	s.log.Info("automation session started", "remote", conn.Request().RemoteAddr)
	// Mocks, bindings and log forwarding of an earlier session are gone
	// before this one's first page request; Tool.getInfo does not wait for
	// it (the simulator may still be starting).
	go func() {
		defer close(sess.reset)
		rctx, rcancel := context.WithTimeout(ctx, resetWait)
		defer rcancel()
		if _, err := s.forward(rctx, "Automation.reset", json.RawMessage("{}")); err != nil {
			s.log.Debug("automation: reset at session start", "err", err)
		}
	}()
	go sess.writeEvents()
	go func() {
		<-ctx.Done() // the host is stopping (or the session ended): unblock the read
		conn.Close()
	}()
	sess.readLoop()
}

// resetWait bounds Automation.reset (the simulator may have to start first).
const resetWait = 30 * time.Second

// eventQueue is how many page events wait for a slow socket before more
// are dropped: the page's binding call must never block the browser.
const eventQueue = 1024

// emit passes a page event to the session (no session: dropped).
// pageEvent reports whether method is an event the page forwards to the script.
func pageEvent(method string) bool {
	switch method {
	case "App.logAdded", "App.exceptionThrown", "App.bindingCalled":
		return true
	}
	return false
}

func (s *Server) emit(payload string) {
	var ev struct {
		Method string          `json:"method"`
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal([]byte(payload), &ev); err != nil || !pageEvent(ev.Method) {
		// The page is the mini program's: it may call the binding itself,
		// but it speaks only for the page, never for the host (Tool.*).
		s.log.Debug("automation: not an event the page sends", "payload", payload)
		return
	}
	if len(ev.Params) == 0 || string(ev.Params) == "null" {
		ev.Params = json.RawMessage("{}")
	}
	s.mu.Lock()
	sess := s.active
	s.mu.Unlock()
	if sess == nil {
		return
	}
	select {
	case sess.events <- message{Method: ev.Method, Params: ev.Params}:
	default:
		s.log.Warn("automation: the script reads events too slowly; one dropped", "method", ev.Method)
	}
}

// message is every frame: a request (ID, Method, Params), a response (ID,
// Result or Error) or an event (Method, Params).
type message struct {
	ID     string          `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *wireError      `json:"error,omitempty"`
}

type wireError struct {
	Message string `json:"message"`
}

type session struct {
	srv        *Server
	conn       *websocket.Conn
	ctx        context.Context
	wg         sync.WaitGroup
	closeAsked atomic.Bool   // Tool.close was answered
	reset      chan struct{} // closed once the session-start reset is done
	events     chan message  // page events, to the socket in order
}

func (ss *session) writeEvents() {
	for {
		select {
		case m := <-ss.events:
			ss.send(m)
		case <-ss.ctx.Done():
			return
		}
	}
}

// maxMessage bounds one request (an evaluate's source, a setData).
const maxMessage = 16 << 20

func (ss *session) readLoop() {
	ss.conn.MaxPayloadBytes = maxMessage
	for {
		var raw []byte
		if err := websocket.Message.Receive(ss.conn, &raw); err != nil {
			if errors.Is(err, websocket.ErrFrameTooLarge) {
				ss.srv.log.Warn("automation: request too large; closing the session", "limit", maxMessage)
			}
			return
		}
		var req message
		if err := json.Unmarshal(raw, &req); err != nil || req.ID == "" || req.Method == "" {
			// Without an id there is nobody to answer.
			ss.srv.log.Warn("automation: not a request", "message", truncate(string(raw), 200))
			continue
		}
		if req.Method == "Tool.close" {
			ss.closeAsked.Store(true)
		}
		ss.wg.Add(1)
		go func() {
			defer ss.wg.Done()
			if !strings.HasPrefix(req.Method, "Tool.") {
				select {
				case <-ss.reset:
				case <-ss.ctx.Done():
					return
				}
			}
			res, err := ss.srv.handle(ss.ctx, req.Method, req.Params)
			if ss.ctx.Err() != nil {
				return // the socket is gone
			}
			if err != nil {
				ss.send(message{ID: req.ID, Error: &wireError{Message: err.Error()}})
				return
			}
			ss.send(message{ID: req.ID, Result: res})
		}()
	}
}

func (ss *session) send(m message) {
	b, err := json.Marshal(m)
	if err != nil {
		ss.srv.log.Warn("automation: answer", "err", err)
		return
	}
	if err := websocket.Message.Send(ss.conn, string(b)); err != nil {
		ss.srv.log.Debug("automation: send", "err", err)
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

var empty = json.RawMessage("{}")

// handle answers one request.
func (s *Server) handle(ctx context.Context, method string, params json.RawMessage) (json.RawMessage, error) {
	if len(params) == 0 || string(params) == "null" {
		params = empty
	}
	domain, _, _ := strings.Cut(method, ".")
	switch method {
	case "Tool.getInfo":
		return json.Marshal(map[string]string{"SDKVersion": SDKVersion})
	case "Tool.close", "App.exit":
		// The SDK's close() sends App.exit, then Tool.close, then closes
		// the socket itself: both answer and keep the session.
		return empty, nil
	case "Tool.getTestAccounts":
		accts, err := s.opts.Accounts.TestAccounts(ctx)
		if err != nil {
			return nil, err
		}
		if accts == nil {
			accts = []Account{}
		}
		return json.Marshal(map[string]any{"accounts": accts})
	case "Tool.native":
		return s.native(ctx, params)
	case "App.captureScreenshot":
		png, err := s.opts.Screen.Screenshot(ctx)
		if err != nil {
			return nil, fmt.Errorf("screenshot: %w", err)
		}
		return json.Marshal(map[string]string{"data": base64.StdEncoding.EncodeToString(png)})
	}
	switch domain {
	case "Tool":
		return nil, fmt.Errorf("%s is not available in minihost (it needs WeChat DevTools' account or a phone)", method)
	case "App", "Page", "Element":
		return s.forward(ctx, method, params)
	}
	return nil, fmt.Errorf("unknown method %s", method)
}
