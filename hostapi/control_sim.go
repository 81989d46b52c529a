package hostapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/minihost/minihost/app"
)

// Simulator is what the control API drives of the simulator windows
// (ui/simulator, wired by main). Its errors wrap ErrNoSimulator when there
// is no browser to run one.
type Simulator interface {
	// Screenshot is a PNG of the app's page as the simulator shows it
	// ("" names the only open app).
	Screenshot(ctx context.Context, appID string) ([]byte, error)
	// Device names the emulated device and the known ones.
	Device() (current string, known []string)
	// SetDevice switches every simulator to a known device.
	SetDevice(ctx context.Context, name string) (string, error)
}

// ErrNoSimulator is wrapped by a Simulator that cannot run (no browser).
var ErrNoSimulator = errors.New("no simulator")

func (s *Server) simRoutes(c func(string, http.HandlerFunc)) {
	c("GET /_minihost/screenshot", s.screenshot)
	c("GET /_minihost/device", s.getDevice)
	c("PUT /_minihost/device", s.putDevice)
	c("GET /_minihost/logs", s.listLogs)
	c("GET /_minihost/logs/stream", s.streamLogs)
}

func (s *Server) simulator(w http.ResponseWriter) Simulator {
	if s.opts.Simulator == nil {
		controlErr(w, http.StatusNotImplemented, "this minihost runs no simulator")
	}
	return s.opts.Simulator
}

func (s *Server) simErr(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrNoSimulator):
		controlErr(w, http.StatusNotImplemented, "%v", err)
	case errors.Is(err, context.DeadlineExceeded):
		controlErr(w, http.StatusGatewayTimeout, "%v", err)
	default:
		controlErr(w, http.StatusConflict, "%v", err)
	}
}

// screenshot is GET /_minihost/screenshot?appid=: the page as shown, PNG.
func (s *Server) screenshot(w http.ResponseWriter, r *http.Request) {
	sim := s.simulator(w)
	if sim == nil {
		return
	}
	appID := r.URL.Query().Get("appid")
	if appID != "" {
		if _, ok := s.host.App(appID); !ok {
			controlErr(w, http.StatusNotFound, "no app %q loaded", appID)
			return
		}
	}
	png, err := sim.Screenshot(r.Context(), appID)
	if err != nil {
		s.simErr(w, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(png)
}

func (s *Server) getDevice(w http.ResponseWriter, r *http.Request) {
	sim := s.simulator(w)
	if sim == nil {
		return
	}
	cur, known := sim.Device()
	writeJSON(w, http.StatusOK, DeviceInfo{Device: cur, Devices: known})
}

func (s *Server) putDevice(w http.ResponseWriter, r *http.Request) {
	sim := s.simulator(w)
	if sim == nil {
		return
	}
	var in struct {
		Device string `json:"device"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody)).Decode(&in); err != nil || in.Device == "" {
		controlErr(w, http.StatusBadRequest, `body must be {"device": NAME}`)
		return
	}
	_, known := sim.Device()
	name, err := sim.SetDevice(r.Context(), in.Device)
	if err != nil && name == "" {
		controlErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	if err != nil {
		s.simErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, DeviceInfo{Device: name, Devices: known})
}

func logEntry(m app.PageMessage) LogEntry {
	src := m.Source
	if src == "" {
		src = "runtime"
	}
	return LogEntry{Seq: m.Seq, Time: m.Time, AppID: m.AppID, Level: m.Level, Source: src, Message: m.Message, File: m.File, Line: m.Line, Column: m.Column, Stack: m.Stack}
}

func (s *Server) logQuery(w http.ResponseWriter, r *http.Request) (appID string, after uint64, ok bool) {
	if s.opts.PageLog == nil {
		controlErr(w, http.StatusNotImplemented, "this minihost keeps no page log")
		return "", 0, false
	}
	q := r.URL.Query()
	if id := r.Header.Get("Last-Event-ID"); id != "" && !q.Has("after") {
		q.Set("after", id)
	}
	if a := q.Get("after"); a != "" {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil {
			controlErr(w, http.StatusBadRequest, "after: %v", err)
			return "", 0, false
		}
		after = n
	}
	return q.Get("appid"), after, true
}

// listLogs is GET /_minihost/logs?appid=&after=: kept messages, oldest first.
func (s *Server) listLogs(w http.ResponseWriter, r *http.Request) {
	appID, after, ok := s.logQuery(w, r)
	if !ok {
		return
	}
	out := []LogEntry{}
	for _, m := range s.opts.PageLog.After(appID, after) {
		out = append(out, logEntry(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{"logs": out})
}

// streamLogs is GET /_minihost/logs/stream?appid=&after=: server-sent
// events, one `event: log` per message, id = seq. Without after only new
// messages come.
func (s *Server) streamLogs(w http.ResponseWriter, r *http.Request) {
	appID, after, ok := s.logQuery(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	changed := s.opts.PageLog.Watch(ctx) // before reading, so nothing is missed
	if !r.URL.Query().Has("after") && r.Header.Get("Last-Event-ID") == "" {
		after = s.opts.PageLog.Last()
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, ": minihost page log\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(sseKeepalive)
	defer tick.Stop()
	for {
		for _, m := range s.opts.PageLog.After(appID, after) {
			b, err := json.Marshal(logEntry(m))
			if err != nil {
				return
			}
			after = m.Seq
			if _, err := fmt.Fprintf(w, "id: %d\nevent: log\ndata: %s\n\n", m.Seq, b); err != nil {
				return
			}
		}
		if rc.Flush() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changed:
			if !ok {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keepalive\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}
