package hostapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi"
)

// fakeSim stands in for ui/simulator: the control API's side is tested here,
// the browser's in ui/simulator and e2e.
type fakeSim struct {
	device string
	shots  map[string][]byte
}

func (f *fakeSim) Screenshot(_ context.Context, appID string) ([]byte, error) {
	if b, ok := f.shots[appID]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("no simulator open for %q", appID)
}

func (f *fakeSim) Device() (string, []string) { return f.device, []string{"iPhone 15", "Pixel 7"} }

func (f *fakeSim) SetDevice(_ context.Context, name string) (string, error) {
	if name != "Pixel 7" && name != "iPhone 15" {
		return "", fmt.Errorf("unknown device %q", name)
	}
	f.device = name
	return name, nil
}

func newSimEnv(t *testing.T, sim hostapi.Simulator, log *app.PageLog) *env {
	e := newEnv(t, true)
	srv := httptest.NewServer(hostapi.New(e.host, hostapi.Options{ControlToken: control, Logger: quietLogger(), Simulator: sim, PageLog: log}))
	t.Cleanup(srv.Close)
	e.srv = srv
	return e
}

func TestControlScreenshotAndDevice(t *testing.T) {
	sim := &fakeSim{device: "iPhone 15", shots: map[string][]byte{appID: []byte("\x89PNG fake")}}
	e := newSimEnv(t, sim, app.NewPageLog(0))

	req, _ := http.NewRequest("GET", e.srv.URL+"/_minihost/screenshot?appid="+appID, nil)
	req.Header.Set("Authorization", "Bearer "+control)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || string(body) != "\x89PNG fake" {
		t.Errorf("screenshot: %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	e.wantError(e.ctl("GET", "/_minihost/screenshot?appid=wxnope", ""), 404, "no app", "screenshot of an unknown app")
	e.wantError(e.ctl("GET", "/_minihost/screenshot", ""), 409, "no simulator open", "screenshot with none open")

	r := e.ctl("GET", "/_minihost/device", "")
	if r.status != 200 || r.body["device"] != "iPhone 15" {
		t.Errorf("device: %d %v", r.status, r.body)
	}
	r = e.ctl("PUT", "/_minihost/device", `{"device":"Pixel 7"}`)
	if r.status != 200 || r.body["device"] != "Pixel 7" || sim.device != "Pixel 7" {
		t.Errorf("set device: %d %v", r.status, r.body)
	}
	e.wantError(e.ctl("PUT", "/_minihost/device", `{"device":"Nokia"}`), 400, "unknown device", "unknown device")
	e.wantError(e.ctl("PUT", "/_minihost/device", `{}`), 400, "body must be", "no device")
}

func TestControlNoSimulator(t *testing.T) {
	e := newSimEnv(t, nil, nil)
	e.wantError(e.ctl("GET", "/_minihost/screenshot", ""), 501, "no simulator", "screenshot")
	e.wantError(e.ctl("GET", "/_minihost/logs", ""), 501, "no page log", "logs")
}

func TestControlLogs(t *testing.T) {
	log := app.NewPageLog(0)
	e := newSimEnv(t, nil, log)
	log.Add(app.PageMessage{AppID: appID, Level: "error", Message: "boom", File: "app.js", Line: 3})
	log.Add(app.PageMessage{AppID: "other", Level: "info", Source: "console", Message: "hi"})

	r := e.ctl("GET", "/_minihost/logs?appid="+appID, "")
	logs, _ := r.body["logs"].([]any)
	if r.status != 200 || len(logs) != 1 {
		t.Fatalf("logs: %d %v", r.status, r.body)
	}
	if m := logs[0].(map[string]any); m["message"] != "boom" || m["source"] != "runtime" || m["line"] != 3.0 {
		t.Errorf("log entry %v", m)
	}
	r = e.ctl("GET", "/_minihost/logs?after=1", "")
	if logs, _ := r.body["logs"].([]any); len(logs) != 1 || logs[0].(map[string]any)["message"] != "hi" {
		t.Errorf("logs after 1: %v", r.body)
	}
	e.wantError(e.ctl("GET", "/_minihost/logs?after=x", ""), 400, "after", "bad after")

	// The stream sends what comes after it opened.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/_minihost/logs/stream?appid="+appID, nil)
	req.Header.Set("Authorization", "Bearer "+control)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Scan() // the opening comment
	go func() {
		log.Add(app.PageMessage{AppID: "other", Message: "not mine"})
		log.Add(app.PageMessage{AppID: appID, Level: "info", Source: "console", Message: "live"})
	}()
	for sc.Scan() {
		line := sc.Text()
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var m hostapi.LogEntry
			if err := json.Unmarshal([]byte(data), &m); err != nil {
				t.Fatal(err)
			}
			if m.Message != "live" || m.Source != "console" || m.Seq != 4 {
				t.Errorf("streamed %+v", m)
			}
			return
		}
	}
	t.Fatalf("stream ended: %v", sc.Err())
}
