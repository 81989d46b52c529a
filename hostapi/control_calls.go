package hostapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// maxCallsLimit bounds one call log query.
const maxCallsLimit = 10000

// callFilter reads ?appid=&api=&persona=&failed=&after=&limit=.
func callFilter(q url.Values) (app.CallFilter, error) {
	f := app.CallFilter{AppID: q.Get("appid"), API: q.Get("api"), Persona: q.Get("persona")}
	if v := q.Get("failed"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, fmt.Errorf("failed %q: want true or false", v)
		}
		f.Failed = b
	}
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return f, fmt.Errorf("after %q: want a call sequence number", v)
		}
		f.AfterSeq = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxCallsLimit {
			return f, fmt.Errorf("limit %q: want 1 to %d", v, maxCallsLimit)
		}
		f.Limit = n
	}
	return f, nil
}

func (s *Server) listCalls(w http.ResponseWriter, r *http.Request) {
	f, err := callFilter(r.URL.Query())
	if err != nil {
		controlErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	calls, err := s.host.Calls(f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if calls == nil {
		calls = []app.CallRecord{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"calls": wireCalls(calls)})
}

// sseKeepalive keeps idle streams (and proxies) from timing out.
const sseKeepalive = 15 * time.Second

// streamCalls is Server-Sent Events of the call log: one "call" event per
// record, id = its seq. With ?after= (or a Last-Event-ID on reconnect) the
// stored records after that seq come first, so nothing falls in between.
func (s *Server) streamCalls(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if id := r.Header.Get("Last-Event-ID"); id != "" && !q.Has("after") {
		q.Set("after", id)
	}
	f, err := callFilter(q)
	if err != nil {
		controlErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	ctx := r.Context()
	live := s.host.SubscribeCalls(ctx) // before the backlog query, so nothing is missed
	var backlog []app.CallRecord
	if q.Has("after") {
		bf := f
		bf.Limit = maxCallsLimit
		if backlog, err = s.host.Calls(bf); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	last := f.AfterSeq
	send := func(rec app.CallRecord) error {
		b, err := json.Marshal(apitype.CallRecord(rec))
		if err != nil {
			return err
		}
		last = rec.Seq
		_, err = fmt.Fprintf(w, "id: %d\nevent: call\ndata: %s\n\n", rec.Seq, b)
		return err
	}
	for _, rec := range backlog {
		if send(rec) != nil {
			return
		}
	}
	// A comment first, so a client sees the stream open before any call.
	if _, err := fmt.Fprint(w, ": minihost call log\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(sseKeepalive)
	defer tick.Stop()
	for {
		select {
		case rec, ok := <-live:
			if !ok {
				return
			}
			if rec.Seq <= last || !f.Match(rec) {
				continue
			}
			if send(rec) != nil || rc.Flush() != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keepalive\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}
