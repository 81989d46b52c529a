package hostapi

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/minihost/minihost/app"
)

func faultInfo(f app.Fault) FaultInfo {
	fi := FaultInfo{ID: f.ID, API: f.API, Times: f.Times, Remaining: f.Remaining, Hits: f.Hits, ErrMsg: f.ErrMsg, ErrCode: f.ErrCode, Hang: f.Hang, Created: f.Created}
	if f.Delay > 0 {
		fi.Delay = f.Delay.String()
	}
	return fi
}

// knownAPI reports whether api names something this server dispatches, so
// a typo in a fault is an error rather than a fault that never fires.
func knownAPI(api string) bool {
	if ep, ok := strings.CutPrefix(api, app.ServerPrefix); ok {
		// An endpoint's fault name is its Name (its path's last element).
		return slices.Contains(serverFaultNames(), ep)
	}
	_, ok := app.LookupOpenAPI(api)
	return ok
}

// serverFaultNames are the server endpoints' fault names, in table order.
func serverFaultNames() []string {
	var out []string
	for _, r := range backendRoutes() {
		out = append(out, r.Name())
	}
	return out
}

func sortedAPIs() []string {
	a := APIs()
	slices.Sort(a)
	return a
}

func (s *Server) listFaults(w http.ResponseWriter, r *http.Request) {
	out := []FaultInfo{}
	for _, f := range s.host.Faults() {
		out = append(out, faultInfo(f))
	}
	writeJSON(w, http.StatusOK, map[string]any{"faults": out})
}

func (s *Server) addFault(w http.ResponseWriter, r *http.Request) {
	var req FaultRequest
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	if !knownAPI(req.API) {
		controlErr(w, http.StatusBadRequest, "fault api %q: want a wx API (%s) or server.<endpoint> (server.%s)",
			req.API, strings.Join(sortedAPIs(), ", "), strings.Join(serverFaultNames(), ", server."))
		return
	}
	delay, err := parseDuration("delay", req.Delay)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	times := 1
	if req.Times != nil {
		times = *req.Times
	}
	f, err := s.host.InjectFault(app.FaultSpec{API: req.API, Times: times, ErrMsg: req.ErrMsg, ErrCode: req.ErrCode, Delay: delay, Hang: req.Hang})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, faultInfo(f))
}

func (s *Server) clearFaults(w http.ResponseWriter, r *http.Request) {
	n := s.host.ClearFaults(r.URL.Query().Get("api"))
	writeJSON(w, http.StatusOK, map[string]any{"cleared": n})
}

func (s *Server) removeFault(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		controlErr(w, http.StatusBadRequest, "fault id %q: want a number", r.PathValue("id"))
		return
	}
	if !s.host.RemoveFault(id) {
		controlErr(w, http.StatusNotFound, "no fault %d (used up or cleared)", id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"cleared": 1})
}
