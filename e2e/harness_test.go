package e2e

// The harness builds the real minihost binary once per test run, starts it headless on a free
// port with its own data dir, parses the startup lines of docs/protocol.md, and kills it (the
// whole process group) at cleanup. Restart keeps the data dir, as a developer's machine would.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// DemoAppID is the appid of the embedded demo mini program (assets/demo).
const DemoAppID = "wx6d696e69686f7374"

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// repoRoot is the directory of the module's go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if gomod := strings.TrimSpace(string(out)); err == nil && gomod != "" && gomod != os.DevNull {
		return filepath.Dir(gomod)
	}
	abs, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// binary returns the minihost binary under test: $MINIHOST_BIN when set, else a fresh
// `go build -o <tmp>/minihost .` in the repo root (once per test run).
func binary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("MINIHOST_BIN"); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "minihost-e2e-")
		if buildErr != nil {
			return
		}
		buildBin = filepath.Join(buildDir, "minihost")
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", buildBin, ".")
		cmd.Dir = repoRoot(t)
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build -o %s . (in %s): %v\n%s", buildBin, cmd.Dir, err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildBin
}

// App is one "minihost: app …" startup line. URL is the app's own origin,
// http://<label>.localhost:<port>.
type App struct {
	AppID, Name, URL, Token, Secret string
}

// appClient is an HTTP client for the apps' origins: Go's resolver does not
// know *.localhost (browsers resolve it to loopback themselves), so it dials
// 127.0.0.1 and keeps the Host header. It does not follow redirects.
func appClient() *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if host, port, err := net.SplitHostPort(addr); err == nil && strings.HasSuffix(host, ".localhost") {
			addr = net.JoinHostPort("127.0.0.1", port)
		}
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Host is one running minihost process, on the embedded demo or on a
// project directory.
type Host struct {
	t       testing.TB
	Bin     string
	DataDir string
	Args    []string // flags after the fixed ones, e.g. --prompt-policy deny
	// Project is the mini program directory minihost loads; "" is the
	// embedded demo, which Start then requires among the apps (Demo).
	// Display, when set, runs minihost with its window on that X display
	// instead of --headless; Start then also waits for "minihost: window shown".
	Display string
	Env     []string // extra environment variables, NAME=value
	Project string

	URL  string // http://127.0.0.1:<port>
	Apps map[string]App
	Demo App

	cmd    *exec.Cmd
	done   chan struct{} // closed when the process has exited
	mu     sync.Mutex
	stdout []string
	stderr bytes.Buffer
}

var (
	reListening = regexp.MustCompile(`^minihost: listening on (http://\S+)$`)
	reApp       = regexp.MustCompile(`^minihost: app (\S+) "(.*)" url=(\S+) token=(\S*) secret=(\S*)$`)
	reDataDir   = regexp.MustCompile(`^minihost: data dir (.+)$`)
	reWarning   = regexp.MustCompile(`^minihost: warning: (.+)$`)
)

// StartHost starts minihost headless on a free port with a fresh data dir and
// --prompt-policy policy, plus extra flags. It is killed when the test ends.
func StartHost(t testing.TB, policy string, extra ...string) *Host {
	t.Helper()
	h := &Host{
		t:       t,
		Bin:     binary(t),
		DataDir: t.TempDir(),
		Args:    append([]string{"--prompt-policy", policy}, extra...),
	}
	t.Cleanup(h.Kill)
	h.Start()
	return h
}

// startProject starts minihost headless on the project directory dir with a
// fresh data dir, plus extra flags. It is killed when the test ends.
func startProject(t testing.TB, dir string, extra ...string) *Host {
	t.Helper()
	h := &Host{t: t, Bin: binary(t), DataDir: t.TempDir(), Args: extra, Project: dir}
	t.Cleanup(h.Kill)
	h.Start()
	return h
}

// Start runs the binary and waits until its startup lines are printed and it answers HTTP.
func (h *Host) Start() {
	t := h.t
	t.Helper()
	if h.cmd != nil {
		t.Fatal("harness: Start while running")
	}
	args := append([]string{"--addr", "127.0.0.1:0", "--data-dir", h.DataDir}, h.Args...)
	if h.Project != "" {
		args = append(args, h.Project)
	}
	env := append(hostEnv(), h.Env...)
	if h.Display == "" {
		args = append([]string{"--headless"}, args...)
	} else {
		env = append(env, "DISPLAY="+h.Display)
	}
	cmd := exec.Command(h.Bin, args...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	h.stdout = nil
	h.stderr.Reset()
	h.mu.Unlock()
	cmd.Stderr = lockedWriter{&h.mu, &h.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatalf("harness: start %s: %v", h.Bin, err)
	}
	h.cmd = cmd
	h.done = make(chan struct{})
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			h.mu.Lock()
			h.stdout = append(h.stdout, sc.Text())
			h.mu.Unlock()
			select {
			case lines <- sc.Text():
			default: // nobody waits any more; keep draining
			}
		}
		close(lines)
	}()
	go func() {
		cmd.Wait()
		close(h.done)
	}()

	h.URL, h.Apps, h.Demo = "", map[string]App{}, App{}
	dataDirSeen := false
	// The last startup line (docs/protocol.md): "minihost: headless (…)",
	// or with a display "minihost: window shown"; warnings come before it.
	last := false
	deadline := time.After(40 * time.Second)
	for h.URL == "" || len(h.Apps) == 0 || !dataDirSeen || !last {
		select {
		case line, ok := <-lines:
			if !ok {
				<-h.done
				t.Fatalf("harness: minihost exited before it was ready (%v)\n%s", cmd.ProcessState, h.Output())
			}
			if m := reListening.FindStringSubmatch(line); m != nil {
				h.URL = strings.TrimRight(m[1], "/")
			} else if m := reApp.FindStringSubmatch(line); m != nil {
				h.Apps[m[1]] = App{AppID: m[1], Name: m[2], URL: m[3], Token: m[4], Secret: m[5]}
			} else if reDataDir.MatchString(line) {
				dataDirSeen = true
			} else if line == "minihost: window shown" {
				last = true
			} else if strings.HasPrefix(line, "minihost: headless") {
				if h.Display != "" {
					t.Fatalf("harness: minihost ran headless although DISPLAY=%s: %q\n%s", h.Display, line, h.Output())
				}
				last = true
			}
		case <-deadline:
			t.Fatalf("harness: no complete startup output after 40s (want the listening, app, data dir and headless or window lines of docs/protocol.md)\n%s", h.Output())
		}
	}
	if h.Project == "" {
		demo, ok := h.Apps[DemoAppID]
		if !ok {
			t.Fatalf("harness: no app line for the demo %s\n%s", DemoAppID, h.Output())
		}
		h.Demo = demo
	}
	h.waitHTTP()
}

// app returns the one loaded app.
func (h *Host) app() App {
	h.t.Helper()
	if len(h.Apps) != 1 {
		h.t.Fatalf("want exactly one app line, got %v\n%s", h.Apps, h.Output())
	}
	for _, a := range h.Apps {
		return a
	}
	return App{}
}

// warnings are the "minihost: warning: …" lines printed so far, without the prefix.
func (h *Host) warnings() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, l := range h.stdout {
		if m := reWarning.FindStringSubmatch(l); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// stderrText is everything minihost logged so far.
func (h *Host) stderrText() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stderr.String()
}

func (h *Host) waitHTTP() {
	h.t.Helper()
	end := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(h.URL + "/wx.js")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(end) {
			h.t.Fatalf("harness: GET %s/wx.js not 200 within 10s (last: %v)\n%s", h.URL, err, h.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// use makes h report to t (a subtest) until the returned func restores the previous test.
func (h *Host) use(t testing.TB) func() {
	prev := h.t
	h.t = t
	return func() { h.t = prev }
}

// Kill sends SIGKILL to the process group and waits for the exit. Safe to call twice.
func (h *Host) Kill() {
	killGroup(h.t, h.cmd, h.done)
	h.cmd = nil
	if h.DataDir != "" {
		killUsers(h.t, filepath.Join(h.DataDir, "simulator"))
	}
}

// killUsers SIGKILLs every process whose command line names dir and waits
// (5 s at most) until none is left. The simulator's Chromium runs in a
// process group of its own, so a SIGKILL of the host's group leaves it to
// notice the host is gone and shut down, writing to its profile under the
// data dir while the test's cleanup removes it.
func killUsers(t testing.TB, dir string) {
	find := func() []int {
		var pids []int
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			var pid int
			if _, err := fmt.Sscan(e.Name(), &pid); err != nil || pid == os.Getpid() {
				continue
			}
			if cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline")); err == nil && bytes.Contains(cmdline, []byte(dir)) {
				pids = append(pids, pid)
			}
		}
		return pids
	}
	for end := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		pids := find()
		if len(pids) == 0 {
			return
		}
		if time.Now().After(end) {
			t.Errorf("harness: processes %v still use %s", pids, dir)
			return
		}
		for _, pid := range pids {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// killGroup sends SIGKILL to cmd's process group and waits (10 s at most)
// until done is closed; a nil cmd is a no-op.
func killGroup(t testing.TB, cmd *exec.Cmd, done <-chan struct{}) {
	if cmd == nil {
		return
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Errorf("harness: minihost pid %d did not exit after SIGKILL", cmd.Process.Pid)
	}
}

// Interrupt sends SIGINT, as Ctrl-C does, and waits for the process to exit.
func (h *Host) Interrupt(timeout time.Duration) (*os.ProcessState, error) {
	h.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-h.done:
		return h.cmd.ProcessState, nil
	case <-time.After(timeout):
		return nil, errors.New("minihost did not exit")
	}
}

// Restart kills the process (SIGKILL, no graceful shutdown) and starts it again on the same data dir.
func (h *Host) Restart() {
	h.t.Helper()
	h.Kill()
	h.Start()
}

// Output is the process's stdout and stderr so far, for failure messages.
func (h *Host) Output() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return "--- stdout:\n" + strings.Join(h.stdout, "\n") + "\n--- stderr:\n" + tail(h.stderr.String(), 6000)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// hostEnv is the environment minus any display, so minihost runs headless.
func hostEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DISPLAY=") || strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// ---- HTTP helpers ----

var httpClient = &http.Client{Timeout: 30 * time.Second}

// Call POSTs a wx API call for the demo app with its token and returns the HTTP status and result.
func (h *Host) Call(api string, body any) (int, map[string]any) {
	h.t.Helper()
	return h.CallWith(DemoAppID, h.Demo.Token, api, body, nil)
}

// MustCall is Call that also requires HTTP 200.
func (h *Host) MustCall(api string, body any) map[string]any {
	h.t.Helper()
	status, res := h.Call(api, body)
	if status != 200 {
		h.t.Fatalf("POST /wx/%s/%s: HTTP %d %v", DemoAppID, api, status, res)
	}
	return res
}

// CallWith POSTs /wx/<appid>/<api> with a token and extra headers.
func (h *Host) CallWith(appid, token, api string, body any, header http.Header) (int, map[string]any) {
	h.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case []byte:
		raw = b
	case nil:
		raw = []byte("{}")
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			h.t.Fatal(err)
		}
	}
	req, err := http.NewRequest("POST", h.URL+"/wx/"+appid+"/"+api, bytes.NewReader(raw))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return h.do(req)
}

// postJSON POSTs a JSON body to a path (with query) on the host, without a token.
func (h *Host) postJSON(pathQuery string, body any) (int, map[string]any) {
	h.t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		h.t.Fatal(err)
	}
	req, err := http.NewRequest("POST", h.URL+pathQuery, bytes.NewReader(raw))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return h.do(req)
}

// Get GETs a path (with query) on the host and decodes the JSON object answer.
func (h *Host) Get(path string, query url.Values) (int, map[string]any) {
	h.t.Helper()
	u := h.URL + path
	if query != nil {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.do(req)
}

func (h *Host) do(req *http.Request) (int, map[string]any) {
	h.t.Helper()
	resp, err := httpClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: reading body: %v", req.Method, req.URL, err)
	}
	var res map[string]any
	if err := json.Unmarshal(data, &res); err != nil {
		h.t.Fatalf("%s %s: HTTP %d, body is not a JSON object: %v\n%s", req.Method, req.URL.Path, resp.StatusCode, err, tail(string(data), 2000))
	}
	return resp.StatusCode, res
}

// ---- backend (developer server) helpers ----

// Code2Session is GET /sns/jscode2session for the demo app.
func (h *Host) Code2Session(code string) map[string]any {
	h.t.Helper()
	_, res := h.Get("/sns/jscode2session", url.Values{
		"appid": {DemoAppID}, "secret": {h.Demo.Secret}, "js_code": {code}, "grant_type": {"authorization_code"},
	})
	return res
}

// AccessToken is GET /cgi-bin/token for the demo app.
func (h *Host) AccessToken() string {
	h.t.Helper()
	_, res := h.Get("/cgi-bin/token", url.Values{
		"grant_type": {"client_credential"}, "appid": {DemoAppID}, "secret": {h.Demo.Secret},
	})
	tok, _ := res["access_token"].(string)
	if tok == "" {
		h.t.Fatalf("GET /cgi-bin/token: no access_token: %v", res)
	}
	if n, _ := res["expires_in"].(float64); n != 7200 {
		h.t.Errorf("GET /cgi-bin/token: expires_in = %v, want 7200", res["expires_in"])
	}
	return tok
}

// ---- small assertion helpers ----

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

func errMsg(m map[string]any) string { return str(m, "errMsg") }

func wantErrMsg(t testing.TB, what string, res map[string]any, want string) {
	t.Helper()
	if got := errMsg(res); got != want {
		t.Errorf("%s: errMsg = %q, want %q (result %v)", what, got, want, res)
	}
}

func wantErrcode(t testing.TB, what string, res map[string]any, want float64) {
	t.Helper()
	if got, ok := res["errcode"].(float64); !ok || got != want {
		t.Errorf("%s: errcode = %v, want %v (result %v)", what, res["errcode"], want, res)
	}
}
