// Package client drives a running minihost through its control API: Go
// tests use it to answer prompts, inject faults and read the call log while
// a mini program runs, and `minihost ctl` is built on it.
//
//	c, err := client.Connect(dataDir) // the minihost running on dataDir
//	p, err := c.NextPrompt(ctx)       // wait for the next prompt
//	err = c.Answer(ctx, p.ID, apitype.Answer{Action: apitype.AnswerDeny})
//
// The wire types are package apitype's, which the server encodes too;
// docs/automating.md lists every endpoint.
package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// Files a running minihost keeps in its data dir.
const (
	InstanceFile = "instance.json" // where it listens, written at start, removed at exit
	TokenFile    = "control.token" // the control token, 0600
)

// Instance is the content of InstanceFile.
type Instance struct {
	PID int    `json:"pid"`
	URL string `json:"url"`
}

// ErrNotRunning is wrapped by errors saying no minihost runs on a data dir.
var ErrNotRunning = errors.New("no minihost is running")

// ReadInstance reads dataDir's InstanceFile and checks its process is alive.
func ReadInstance(dataDir string) (Instance, error) {
	path := filepath.Join(dataDir, InstanceFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Instance{}, fmt.Errorf("%w with data dir %s (no %s there); start one with: minihost --data-dir %s", ErrNotRunning, dataDir, InstanceFile, dataDir)
	}
	if err != nil {
		return Instance{}, fmt.Errorf("read %s: %w", path, err)
	}
	var in Instance
	if err := json.Unmarshal(b, &in); err != nil || in.URL == "" {
		return Instance{}, fmt.Errorf("%s is damaged (%v); restart minihost to rewrite it", path, err)
	}
	if !alive(in.PID) {
		return Instance{}, fmt.Errorf("%w with data dir %s: %s names pid %d, which has exited; start minihost again", ErrNotRunning, dataDir, InstanceFile, in.PID)
	}
	return in, nil
}

// alive reports whether pid may be a running process: signal 0 probes it,
// and only a definite "no such process" counts as dead (where probing is not
// supported, the connection decides).
func alive(pid int) bool {
	if pid <= 0 {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return !errors.Is(err, os.ErrProcessDone) && !errors.Is(err, syscall.ESRCH)
}

// ReadToken reads dataDir's control token.
func ReadToken(dataDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, TokenFile))
	if err != nil {
		return "", fmt.Errorf("control token: %w (minihost writes it at first start)", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("control token: %s is empty", filepath.Join(dataDir, TokenFile))
	}
	return tok, nil
}

// Client talks to one minihost. It is safe for concurrent use.
type Client struct {
	base  string
	token string
	hc    *http.Client
	where string // for errors: "minihost (pid 123) at http://..."

	mu         sync.Mutex
	appTokens  map[string]string
	lastPrompt uint64 // NextPrompt's cursor
}

// New returns a Client for the minihost at baseURL with its control token.
func New(baseURL, token string) *Client {
	base := strings.TrimRight(baseURL, "/")
	// No client timeout: long polls and streams last; contexts bound calls.
	return &Client{base: base, token: token, hc: &http.Client{}, where: "minihost at " + base, appTokens: map[string]string{}}
}

// Connect finds the minihost running on dataDir (its instance.json and
// control.token) and returns a Client for it.
func Connect(dataDir string) (*Client, error) {
	in, err := ReadInstance(dataDir)
	if err != nil {
		return nil, err
	}
	tok, err := ReadToken(dataDir)
	if err != nil {
		return nil, err
	}
	c := New(in.URL, tok)
	c.where = fmt.Sprintf("minihost (pid %d) at %s", in.PID, in.URL)
	return c, nil
}

// URL is the host's base URL.
func (c *Client) URL() string { return c.base }

// Error is a control API refusal.
type Error struct {
	Method, Path string
	Status       int
	Message      string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: %d %s: %s", e.Method, e.Path, e.Status, http.StatusText(e.Status), e.Message)
}

// do sends a control request; out (may be nil) receives a JSON answer.
// It returns the status so callers can tell 204 from 200.
func (c *Client) do(ctx context.Context, method, path string, in, out any) (int, error) {
	var body io.Reader
	ctype := ""
	switch v := in.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(v)
		ctype = http.DetectContentType(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return 0, fmt.Errorf("%s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
		ctype = "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, fmt.Errorf("%s %s: %w", method, path, ctx.Err())
		}
		return 0, fmt.Errorf("%w: %s does not answer (%v); is it still running?", ErrNotRunning, c.where, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: reading answer: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(raw))
		}
		return resp.StatusCode, &Error{Method: method, Path: path, Status: resp.StatusCode, Message: e.Error}
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: decoding answer: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

func seg(s string) string { return url.PathEscape(s) }

func personaQuery(persona string) string {
	if persona == "" {
		return ""
	}
	return "?persona=" + url.QueryEscape(persona)
}

// Status reports what runs and what is active.
func (c *Client) Status(ctx context.Context) (apitype.Status, error) {
	var out apitype.Status
	_, err := c.do(ctx, "GET", "/_minihost/status", nil, &out)
	return out, err
}

// ---- apps ----

// Apps lists the loaded apps with their AppSecrets and app tokens.
func (c *Client) Apps(ctx context.Context) ([]apitype.AppInfo, error) {
	var out struct {
		Apps []apitype.AppInfo `json:"apps"`
	}
	_, err := c.do(ctx, "GET", "/_minihost/apps", nil, &out)
	return out.Apps, err
}

// App returns one loaded app.
func (c *Client) App(ctx context.Context, appID string) (apitype.AppInfo, error) {
	apps, err := c.Apps(ctx)
	if err != nil {
		return apitype.AppInfo{}, err
	}
	for _, a := range apps {
		if a.AppID == appID {
			return a, nil
		}
	}
	return apitype.AppInfo{}, fmt.Errorf("app %s is not loaded in %s", appID, c.where)
}

// LoadApp loads a mini program directory (made absolute here, since the host
// does not share our working directory).
func (c *Client) LoadApp(ctx context.Context, dir string) (apitype.AppInfo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return apitype.AppInfo{}, err
	}
	var out apitype.AppInfo
	_, err = c.do(ctx, "POST", "/_minihost/apps", apitype.LoadRequest{Dir: abs}, &out)
	return out, err
}

// UnloadApp stops serving an app.
func (c *Client) UnloadApp(ctx context.Context, appID string) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/apps/"+seg(appID), nil, nil)
	return err
}

// SetApp changes an app's envVersion and/or userInfoPolicy.
func (c *Client) SetApp(ctx context.Context, appID string, ch apitype.AppChange) (apitype.AppInfo, error) {
	var out apitype.AppInfo
	_, err := c.do(ctx, "PATCH", "/_minihost/apps/"+seg(appID), ch, &out)
	return out, err
}

// ResetApp forgets what persona ("" = current) did in the app.
func (c *Client) ResetApp(ctx context.Context, appID, persona string) error {
	_, err := c.do(ctx, "POST", "/_minihost/apps/"+seg(appID)+"/reset", apitype.PersonaRequest{Persona: persona}, nil)
	return err
}

// Settings returns persona's ("" = current) settings in the app.
func (c *Client) Settings(ctx context.Context, appID, persona string) (apitype.SettingsInfo, error) {
	var out apitype.SettingsInfo
	_, err := c.do(ctx, "GET", "/_minihost/apps/"+seg(appID)+"/settings"+personaQuery(persona), nil, &out)
	return out, err
}

// SetSettings replaces persona's settings in the app, as the settings page would.
func (c *Client) SetSettings(ctx context.Context, appID, persona string, s apitype.Settings) (apitype.SettingsInfo, error) {
	var out apitype.SettingsInfo
	_, err := c.do(ctx, "PUT", "/_minihost/apps/"+seg(appID)+"/settings"+personaQuery(persona), s, &out)
	return out, err
}

// ---- personas ----

// Personas lists the personas and names the current one.
func (c *Client) Personas(ctx context.Context) (apitype.PersonaList, error) {
	var out apitype.PersonaList
	_, err := c.do(ctx, "GET", "/_minihost/personas", nil, &out)
	return out, err
}

// CreatePersona adds a persona (ID and NickName required).
func (c *Client) CreatePersona(ctx context.Context, p apitype.Persona) (apitype.PersonaInfo, error) {
	var out apitype.PersonaInfo
	_, err := c.do(ctx, "POST", "/_minihost/personas", p, &out)
	return out, err
}

// UpdatePersona edits a persona's fields that ch sets.
func (c *Client) UpdatePersona(ctx context.Context, id string, ch apitype.PersonaChange) (apitype.PersonaInfo, error) {
	var out apitype.PersonaInfo
	_, err := c.do(ctx, "PATCH", "/_minihost/personas/"+seg(id), ch, &out)
	return out, err
}

// DeletePersona removes a persona that is not the current one.
func (c *Client) DeletePersona(ctx context.Context, id string) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/personas/"+seg(id), nil, nil)
	return err
}

// SwitchPersona makes id the current persona.
func (c *Client) SwitchPersona(ctx context.Context, id string) error {
	_, err := c.do(ctx, "POST", "/_minihost/personas/"+seg(id)+"/switch", nil, nil)
	return err
}

// SetAvatar uploads a PNG or JPEG image as the persona's avatar.
func (c *Client) SetAvatar(ctx context.Context, id string, image []byte) (apitype.PersonaInfo, error) {
	var out apitype.PersonaInfo
	_, err := c.do(ctx, "PUT", "/_minihost/personas/"+seg(id)+"/avatar", image, &out)
	return out, err
}

// ClearAvatar goes back to the drawn avatar.
func (c *Client) ClearAvatar(ctx context.Context, id string) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/personas/"+seg(id)+"/avatar", nil, nil)
	return err
}

// ExportPersonas returns the named personas (all without ids) as a file.
func (c *Client) ExportPersonas(ctx context.Context, ids ...string) (apitype.PersonaFile, error) {
	q := url.Values{"id": ids}
	var out apitype.PersonaFile
	_, err := c.do(ctx, "GET", "/_minihost/personas/export?"+q.Encode(), nil, &out)
	return out, err
}

// ImportPersonas creates or replaces the file's personas.
func (c *Client) ImportPersonas(ctx context.Context, f apitype.PersonaFile) error {
	_, err := c.do(ctx, "POST", "/_minihost/personas/import", f, nil)
	return err
}

// ---- prompts and policies ----

// Prompts lists the pending prompts, oldest first.
func (c *Client) Prompts(ctx context.Context) ([]apitype.PendingPrompt, error) {
	var out struct {
		Prompts []apitype.PendingPrompt `json:"prompts"`
	}
	_, err := c.do(ctx, "GET", "/_minihost/prompts", nil, &out)
	return out.Prompts, err
}

// NextPrompt waits until ctx ends for a pending prompt this Client has not
// returned before (its id is above the last one NextPrompt returned).
func (c *Client) NextPrompt(ctx context.Context) (apitype.PendingPrompt, error) {
	c.mu.Lock()
	after := c.lastPrompt
	c.mu.Unlock()
	p, err := c.NextPromptAfter(ctx, after)
	if err != nil {
		return p, err
	}
	c.mu.Lock()
	c.lastPrompt = max(c.lastPrompt, p.ID)
	c.mu.Unlock()
	return p, nil
}

// NextPromptAfter waits until ctx ends for a pending prompt with an id above after.
func (c *Client) NextPromptAfter(ctx context.Context, after uint64) (apitype.PendingPrompt, error) {
	for {
		var p apitype.PendingPrompt
		path := "/_minihost/prompts/next?timeout=25s&after=" + strconv.FormatUint(after, 10)
		status, err := c.do(ctx, "GET", path, nil, &p)
		if err != nil {
			return p, err
		}
		if status == http.StatusOK {
			return p, nil
		}
		// 204: nothing yet; poll again.
	}
}

// Answer answers a pending prompt.
func (c *Client) Answer(ctx context.Context, id uint64, a apitype.Answer) error {
	_, err := c.do(ctx, "POST", "/_minihost/prompts/"+strconv.FormatUint(id, 10)+"/answer", a, nil)
	return err
}

// Policies returns the default prompt policy and the rules.
func (c *Client) Policies(ctx context.Context) (apitype.Policies, error) {
	var out apitype.Policies
	_, err := c.do(ctx, "GET", "/_minihost/policies", nil, &out)
	return out, err
}

// SetPolicy sets a policy ("ask", "allow", "deny", "after:2s") for key: a
// prompting API, a scope, or "default".
func (c *Client) SetPolicy(ctx context.Context, key, policy string) error {
	_, err := c.do(ctx, "PUT", "/_minihost/policies/"+seg(key), apitype.PolicyRequest{Policy: policy}, nil)
	return err
}

// ClearPolicy removes the rule for key.
func (c *Client) ClearPolicy(ctx context.Context, key string) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/policies/"+seg(key), nil, nil)
	return err
}

// ClearPolicies removes every rule; the default stays.
func (c *Client) ClearPolicies(ctx context.Context) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/policies", nil, nil)
	return err
}

// ---- sessions and timeouts ----

// Session reports persona's ("" = current) login state in the app.
func (c *Client) Session(ctx context.Context, appID, persona string) (apitype.SessionInfo, error) {
	var out apitype.SessionInfo
	_, err := c.do(ctx, "GET", "/_minihost/sessions/"+seg(appID)+personaQuery(persona), nil, &out)
	return out, err
}

// ExpireSession makes persona's session in the app expire now.
func (c *Client) ExpireSession(ctx context.Context, appID, persona string) error {
	_, err := c.do(ctx, "POST", "/_minihost/sessions/"+seg(appID)+"/expire", apitype.PersonaRequest{Persona: persona}, nil)
	return err
}

// ForgetSession deletes persona's session in the app.
func (c *Client) ForgetSession(ctx context.Context, appID, persona string) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/sessions/"+seg(appID)+personaQuery(persona), nil, nil)
	return err
}

// Timeouts returns the default and overridden code TTL and login expiry.
func (c *Client) Timeouts(ctx context.Context) (apitype.TimeoutsInfo, error) {
	var out apitype.TimeoutsInfo
	_, err := c.do(ctx, "GET", "/_minihost/timeouts", nil, &out)
	return out, err
}

// SetTimeouts replaces the overrides ("" clears one).
func (c *Client) SetTimeouts(ctx context.Context, d apitype.Durations) (apitype.TimeoutsInfo, error) {
	var out apitype.TimeoutsInfo
	_, err := c.do(ctx, "PUT", "/_minihost/timeouts", d, &out)
	return out, err
}

// ---- messages ----

// Messages lists the subscription messages delivered to persona ("" = every
// persona), newest first.
func (c *Client) Messages(ctx context.Context, persona string) ([]apitype.Message, error) {
	var out struct {
		Messages []apitype.Message `json:"messages"`
	}
	_, err := c.do(ctx, "GET", "/_minihost/messages"+personaQuery(persona), nil, &out)
	return out.Messages, err
}

// ---- faults ----

// Faults lists the active faults.
func (c *Client) Faults(ctx context.Context) ([]apitype.FaultInfo, error) {
	var out struct {
		Faults []apitype.FaultInfo `json:"faults"`
	}
	_, err := c.do(ctx, "GET", "/_minihost/faults", nil, &out)
	return out.Faults, err
}

// AddFault injects a fault (Times nil means once).
func (c *Client) AddFault(ctx context.Context, f apitype.FaultRequest) (apitype.FaultInfo, error) {
	var out apitype.FaultInfo
	_, err := c.do(ctx, "POST", "/_minihost/faults", f, &out)
	return out, err
}

// ClearFaults removes the faults of api ("" = all) and says how many.
func (c *Client) ClearFaults(ctx context.Context, api string) (int, error) {
	path := "/_minihost/faults"
	if api != "" {
		path += "?api=" + url.QueryEscape(api)
	}
	var out struct {
		Cleared int `json:"cleared"`
	}
	_, err := c.do(ctx, "DELETE", path, nil, &out)
	return out.Cleared, err
}

// RemoveFault removes one fault.
func (c *Client) RemoveFault(ctx context.Context, id uint64) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/faults/"+strconv.FormatUint(id, 10), nil, nil)
	return err
}

// ---- call log ----

func callQuery(f apitype.CallFilter) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"appid": f.AppID, "api": f.API, "persona": f.Persona} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Failed {
		q.Set("failed", "true")
	}
	if f.AfterSeq > 0 {
		q.Set("after", strconv.FormatUint(f.AfterSeq, 10))
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	return q
}

// Calls queries the call log (oldest first; the newest 100 without a Limit).
func (c *Client) Calls(ctx context.Context, f apitype.CallFilter) ([]apitype.CallRecord, error) {
	var out struct {
		Calls []apitype.CallRecord `json:"calls"`
	}
	_, err := c.do(ctx, "GET", "/_minihost/calls?"+callQuery(f).Encode(), nil, &out)
	return out.Calls, err
}

// StreamCalls calls fn for each new call log record matching f (with
// f.AfterSeq > 0, the stored ones after it first) until ctx ends or fn
// returns an error, which StreamCalls returns.
func (c *Client) StreamCalls(ctx context.Context, f apitype.CallFilter, fn func(apitype.CallRecord) error) error {
	return c.stream(ctx, f, f.AfterSeq > 0, fn)
}

// WaitCall returns the first call log record matching f after f.AfterSeq
// (0: from the oldest stored), waiting for it until ctx ends.
func (c *Client) WaitCall(ctx context.Context, f apitype.CallFilter) (apitype.CallRecord, error) {
	var found apitype.CallRecord
	errFound := errors.New("found")
	err := c.stream(ctx, f, true, func(r apitype.CallRecord) error {
		found = r
		return errFound
	})
	if errors.Is(err, errFound) {
		return found, nil
	}
	return found, err
}

// stream reads the SSE call stream; replay asks for the stored records after
// f.AfterSeq first, on the same connection, so none falls in a gap.
func (c *Client) stream(ctx context.Context, f apitype.CallFilter, replay bool, fn func(apitype.CallRecord) error) error {
	f.Limit = 0
	q := callQuery(f)
	if replay {
		q.Set("after", strconv.FormatUint(f.AfterSeq, 10))
	}
	const path = "/_minihost/calls/stream"
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %s does not answer (%v); is it still running?", ErrNotRunning, c.where, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(raw))
		}
		return &Error{Method: "GET", Path: path, Status: resp.StatusCode, Message: e.Error}
	}
	return readEvents(ctx, resp.Body, "call stream", c.where, fn)
}

// readEvents decodes a server-sent event stream of JSON documents, calling
// fn for each, until ctx ends, fn fails or the host closes the stream.
func readEvents[T any](ctx context.Context, body io.Reader, what, where string, fn func(T) error) error {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var data strings.Builder
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "data:"):
			data.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		case line == "" && data.Len() > 0:
			var v T
			if err := json.Unmarshal([]byte(data.String()), &v); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			data.Reset()
			if err := fn(v); err != nil {
				return err
			}
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s: %s closed it", what, where)
}

// ---- acting as the mini program and its backend ----

// appToken finds an app's token (cached: it never changes).
func (c *Client) appToken(ctx context.Context, appID string) (string, error) {
	c.mu.Lock()
	tok, ok := c.appTokens[appID]
	c.mu.Unlock()
	if ok {
		return tok, nil
	}
	a, err := c.App(ctx, appID)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.appTokens[appID] = a.Token
	c.mu.Unlock()
	return a.Token, nil
}

// CallWX calls a wx API as the mini program appID does (POST /wx/<appid>/<api>
// with its app token) and returns the result object, success or failure; an
// error means no result came.
func (c *Client) CallWX(ctx context.Context, appID, api string, args any) (map[string]any, error) {
	tok, err := c.appToken(ctx, appID)
	if err != nil {
		return nil, err
	}
	if args == nil {
		args = map[string]any{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", c.base+"/wx/"+seg(appID)+"/"+seg(api), bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	return c.result(req, api)
}

// Backend calls an emulated WeChat server endpoint as a developer's backend
// does: GET path?query, or POST with a JSON body when body is not nil.
func (c *Client) Backend(ctx context.Context, path string, query url.Values, body any) (map[string]any, error) {
	method, rd := "GET", io.Reader(nil)
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		method, rd = "POST", bytes.NewReader(b)
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.result(req, path)
}

func (c *Client) result(req *http.Request, what string) (map[string]any, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		if req.Context().Err() != nil {
			return nil, fmt.Errorf("%s: %w", what, req.Context().Err())
		}
		return nil, fmt.Errorf("%w: %s does not answer (%v); is it still running?", ErrNotRunning, c.where, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&out); err != nil {
		return nil, fmt.Errorf("%s: HTTP %d, not a JSON object: %w", what, resp.StatusCode, err)
	}
	return out, nil
}

// pollEvery is how often helpers re-check state they cannot stream.
const pollEvery = 20 * time.Millisecond

// WaitNoPrompt waits until no prompt is pending, for a test asserting that a
// call did not prompt (e.g. a denied scope fails without asking).
func (c *Client) WaitNoPrompt(ctx context.Context) error {
	for {
		ps, err := c.Prompts(ctx)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("prompts still pending: %v: %w", ps, ctx.Err())
		case <-time.After(pollEvery):
		}
	}
}
