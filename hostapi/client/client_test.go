package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/biometrics/sim"
	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

const (
	appID        = "wxclient00000001"
	controlToken = "client-test-control-token"
)

// hostDir runs a real host behind httptest and writes its instance.json and
// control.token into a data dir, as minihost does.
func hostDir(t *testing.T) (string, *app.Host) {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	b := app.NewBroker(nil, app.Policy{Kind: app.PolicyAsk}, quiet)
	h, err := app.New(context.Background(), app.Options{Store: db, Keys: db.Keys(), Prompter: b, Auth: sim.New(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	mp, err := app.LoadMiniProgram(fstest.MapFS{
		"project.config.json":    {Data: []byte(`{"appid":"` + appID + `"}`)},
		"app.json":               {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"pages/index/index.html": {Data: []byte(`<script src="/wx.js"></script>`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.Load(context.Background(), mp)
	srv := httptest.NewServer(hostapi.New(h, hostapi.Options{ControlToken: controlToken, Logger: quiet, Prompts: b}))
	h.SetBaseURL(srv.URL)
	t.Cleanup(func() { srv.Close(); h.Close(); db.Close() })
	dir := t.TempDir()
	writeInstance(t, dir, os.Getpid(), srv.URL)
	os.WriteFile(filepath.Join(dir, client.TokenFile), []byte(controlToken+"\n"), 0o600)
	return dir, h
}

func writeInstance(t *testing.T, dir string, pid int, url string) {
	t.Helper()
	b, _ := json.Marshal(client.Instance{PID: pid, URL: url})
	if err := os.WriteFile(filepath.Join(dir, client.InstanceFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestConnectErrors(t *testing.T) {
	// A pid that is not running: a child that has exited.
	deadPID := 0
	for pid := 4000000; pid > 3000000; pid -= 7919 {
		if _, err := os.Stat("/proc/" + itoa(pid)); err != nil {
			deadPID = pid
			break
		}
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closedURL := "http://" + ln.Addr().String()
	ln.Close()
	tests := []struct {
		name       string
		setup      func(dir string)
		wantErr    string
		notRunning bool
		atCall     bool // Connect succeeds, the first call fails
	}{
		{"no instance.json", func(string) {}, "no minihost is running with data dir", true, false},
		{"damaged instance.json", func(d string) { os.WriteFile(filepath.Join(d, client.InstanceFile), []byte("{"), 0o600) }, "is damaged", false, false},
		{"exited process", func(d string) { writeInstance(t, d, deadPID, closedURL) }, "which has exited", true, false},
		{"no token", func(d string) { writeInstance(t, d, os.Getpid(), closedURL) }, "control token", false, false},
		{"not answering", func(d string) {
			writeInstance(t, d, os.Getpid(), closedURL)
			os.WriteFile(filepath.Join(d, client.TokenFile), []byte("tok"), 0o600)
		}, "does not answer", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(dir)
			c, err := client.Connect(dir)
			if tt.atCall {
				if err != nil {
					t.Fatalf("Connect: %v", err)
				}
				_, err = c.Status(context.Background())
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || errors.Is(err, client.ErrNotRunning) != tt.notRunning {
				t.Fatalf("err = %v, want %q (ErrNotRunning %v)", err, tt.wantErr, tt.notRunning)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestClientControl(t *testing.T) {
	ctx := context.Background()
	dir, h := hostDir(t)
	c, err := client.Connect(dir)
	if err != nil {
		t.Fatal(err)
	}
	apps, err := c.Apps(ctx)
	if err != nil || len(apps) != 1 || apps[0].AppID != appID || apps[0].Secret == "" {
		t.Fatalf("Apps = %+v, %v", apps, err)
	}
	// Refusals are *client.Error with the host's message.
	_, err = c.CreatePersona(ctx, apitype.Persona{ID: "Bad!", NickName: "x"})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != 400 || !strings.Contains(ce.Message, "persona id") {
		t.Fatalf("CreatePersona(bad) = %v", err)
	}
	if _, err := c.CreatePersona(ctx, apitype.Persona{ID: "carol", NickName: "Carol"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SwitchPersona(ctx, "carol"); err != nil || h.CurrentPersona().ID != "carol" {
		t.Fatalf("SwitchPersona: %v", err)
	}
	f, err := c.ExportPersonas(ctx, "carol")
	if err != nil || len(f.Personas) != 1 || f.Format != hostapi.PersonaFileFormat {
		t.Fatalf("ExportPersonas = %+v, %v", f, err)
	}
	if err := c.SetPolicy(ctx, "authorize", "deny"); err != nil {
		t.Fatal(err)
	}
	if p, err := c.Policies(ctx); err != nil || p.Rules["authorize"] != "deny" || p.Default != "ask" {
		t.Fatalf("Policies = %+v, %v", p, err)
	}
	fi, err := c.AddFault(ctx, hostapi.FaultRequest{API: "server.jscode2session", ErrCode: 40226})
	if err != nil || fi.Remaining != 1 {
		t.Fatalf("AddFault = %+v, %v", fi, err)
	}
	login, err := c.CallWX(ctx, appID, "login", nil)
	if err != nil || login["errMsg"] != "login:ok" {
		t.Fatalf("CallWX(login) = %v, %v", login, err)
	}
	q := url.Values{"appid": {appID}, "secret": {apps[0].Secret}, "js_code": {login["code"].(string)}, "grant_type": {"authorization_code"}}
	if res, err := c.Backend(ctx, "/sns/jscode2session", q, nil); err != nil || res["errcode"] != float64(40226) || !strings.HasPrefix(res["errmsg"].(string), "code blocked rid: ") {
		t.Fatalf("Backend = %v, %v", res, err)
	}
	if err := c.ExpireSession(ctx, appID, ""); err != nil {
		t.Fatal(err)
	}
	if s, err := c.Session(ctx, appID, "carol"); err != nil || s.Valid {
		t.Fatalf("Session = %+v, %v", s, err)
	}
	if res, _ := c.CallWX(ctx, appID, "checkSession", nil); res["errMsg"] != "checkSession:fail session time out" {
		t.Fatalf("checkSession = %v", res)
	}
	if _, err := c.SetTimeouts(ctx, hostapi.Durations{LoginExpiry: "90s"}); err != nil {
		t.Fatal(err)
	}
	if tm, _ := c.Timeouts(ctx); tm.Overrides.LoginExpiry != "1m30s" {
		t.Fatalf("Timeouts = %+v", tm)
	}
	calls, err := c.Calls(ctx, apitype.CallFilter{Failed: true})
	if err != nil || len(calls) != 2 || calls[0].API != "server.jscode2session" || calls[0].Fault != fi.ID {
		t.Fatalf("Calls(failed) = %+v, %v", calls, err)
	}
	st, err := c.Status(ctx)
	if err != nil || st.Persona != "carol" || st.Faults != 0 {
		t.Fatalf("Status = %+v, %v", st, err)
	}
}

func TestClientPrompts(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir, _ := hostDir(t)
	c, _ := client.Connect(dir)
	results := make(chan map[string]any, 2)
	for _, scope := range []string{"scope.camera", "scope.record"} {
		go func() {
			r, _ := c.CallWX(ctx, appID, "authorize", map[string]string{"scope": scope})
			results <- r
		}()
		// One after the other, so the ids follow the scopes.
		for {
			ps, _ := c.Prompts(ctx)
			if len(ps) > 0 && ps[len(ps)-1].Scope == scope {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	first, err := c.NextPrompt(ctx)
	if err != nil || first.Scope != "scope.camera" {
		t.Fatalf("NextPrompt = %+v, %v", first, err)
	}
	second, err := c.NextPrompt(ctx)
	if err != nil || second.Scope != "scope.record" {
		t.Fatalf("NextPrompt again = %+v, %v", second, err)
	}
	c.Answer(ctx, first.ID, apitype.Answer{Action: apitype.AnswerAllow})
	c.Answer(ctx, second.ID, apitype.Answer{Action: apitype.AnswerDeny})
	got := map[string]bool{}
	for range 2 {
		r := <-results
		got[r["errMsg"].(string)] = true
	}
	if !got["authorize:ok"] || !got["authorize:fail auth deny"] {
		t.Fatalf("results %v", got)
	}
	if err := c.WaitNoPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	if _, err := c.NextPrompt(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("NextPrompt with nothing pending = %v", err)
	}
}

func TestClientCallLogStream(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir, _ := hostDir(t)
	c, _ := client.Connect(dir)
	c.CallWX(ctx, appID, "login", nil)
	// WaitCall finds a stored record...
	r, err := c.WaitCall(ctx, apitype.CallFilter{API: "login"})
	if err != nil || r.API != "login" || r.Seq != 1 {
		t.Fatalf("WaitCall(stored) = %+v, %v", r, err)
	}
	// ...and waits for a future one.
	got := make(chan apitype.CallRecord, 1)
	go func() {
		r, err := c.WaitCall(ctx, apitype.CallFilter{API: "checkSession", AfterSeq: 1})
		if err == nil {
			got <- r
		}
	}()
	time.Sleep(50 * time.Millisecond)
	c.CallWX(ctx, appID, "checkSession", nil)
	select {
	case r := <-got:
		if r.API != "checkSession" || r.ErrMsg != "checkSession:ok" {
			t.Fatalf("WaitCall(future) = %+v", r)
		}
	case <-ctx.Done():
		t.Fatal("WaitCall did not see the call")
	}
	// StreamCalls replays after AfterSeq and returns fn's error.
	stop := errors.New("stop")
	var seen []string
	err = c.StreamCalls(ctx, apitype.CallFilter{AfterSeq: 1}, func(r apitype.CallRecord) error {
		seen = append(seen, r.API)
		return stop
	})
	if !errors.Is(err, stop) || len(seen) != 1 || seen[0] != "checkSession" {
		t.Fatalf("StreamCalls = %v, saw %v", err, seen)
	}
}
