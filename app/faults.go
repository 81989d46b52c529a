package app

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// FaultSpec describes an injected fault: the next Times calls of API fail,
// are delayed, or hang. Faults are host state kept in memory only: a restart
// clears them, so a forgotten fault cannot haunt the next day's work.
type FaultSpec struct {
	// API is a wx API name ("login") or a server endpoint ("server.jscode2session").
	API string `json:"api"`
	// Times is how many calls the fault hits; 0 means every call until cleared.
	Times int `json:"times"`
	// ErrMsg is the failure's reason: a wx call fails with
	// {errMsg: "<api>:fail <ErrMsg>"}, a server endpoint with errmsg ErrMsg
	// (default: WeChat's message for ErrCode).
	ErrMsg string `json:"errMsg,omitempty"`
	// ErrCode is a wx call's errCode (0: none) or a server endpoint's errcode
	// (required for a server failure, e.g. 45011, 40226, -1).
	ErrCode int `json:"errCode,omitempty"`
	// Delay holds the call this long before answering (or failing).
	Delay time.Duration `json:"delay,omitempty"`
	// Hang holds the call until the caller gives up.
	Hang bool `json:"hang,omitempty"`
}

// Fault is an active fault.
type Fault struct {
	FaultSpec
	ID        uint64    `json:"id"`
	Remaining int       `json:"remaining"` // calls left; 0 with Times 0 means until cleared
	Hits      int       `json:"hits"`
	Created   time.Time `json:"created"`
}

// ServerPrefix starts the API name of an emulated server endpoint in faults
// and the call log.
const ServerPrefix = "server."

var faultAPIPattern = regexp.MustCompile(`^(server\.)?[A-Za-z][A-Za-z0-9_]{0,63}$`)

// maxFaultDelay bounds Delay; longer is a typo, use Hang.
const maxFaultDelay = 10 * time.Minute

// Check validates a FaultSpec.
func (s FaultSpec) Check() error {
	switch {
	case !faultAPIPattern.MatchString(s.API):
		return invalidf("fault api %q: want a wx API name (login) or server.<endpoint> (server.jscode2session)", s.API)
	case s.Times < 0:
		return invalidf("fault times %d: want 0 (until cleared) or more", s.Times)
	case s.Delay < 0 || s.Delay > maxFaultDelay:
		return invalidf("fault delay %s: want 0 to %s (use hang to wait for the caller)", s.Delay, maxFaultDelay)
	case s.Hang && (s.failing() || s.Delay > 0):
		return invalidf("a hanging fault has no errMsg, errCode or delay: it never answers")
	case !s.Hang && !s.failing() && s.Delay == 0:
		return invalidf("a fault needs errMsg/errCode (fail), delay, or hang")
	case s.failing() && strings.HasPrefix(s.API, ServerPrefix) && s.ErrCode == 0:
		return invalidf("a server fault needs an errcode (e.g. 45011, 40226, -1)")
	}
	return nil
}

func (s FaultSpec) failing() bool { return s.ErrMsg != "" || s.ErrCode != 0 }

// failure is the error the faulted call returns instead of running.
func (s FaultSpec) failure(reason string) error {
	if strings.HasPrefix(s.API, ServerPrefix) {
		code, msg := s.ErrCode, s.ErrMsg
		if code == 0 {
			code = errSystem.Code
		}
		if reason != "" {
			msg = reason
		}
		if msg == "" {
			msg = serverErrMsg(code)
		}
		return &ServerError{Code: code, Msg: msg}
	}
	if reason == "" {
		reason = strings.TrimPrefix(s.ErrMsg, s.API+":fail ")
	}
	if reason == "" {
		reason = "injected fault"
	}
	return &Fail{API: s.API, Reason: reason, Code: s.ErrCode}
}

// serverErrMsg is WeChat's errmsg for a code the emulation knows.
func serverErrMsg(code int) string {
	for _, e := range []*ServerError{errSystem, errInvalidCred, errInvalidAppID, errInvalidCode, errInvalidSecret,
		errCodeUsed, errCodeBlocked, errQuota, errInvalidSig, errInvalidArgs, errMissingCode, errMissingOpenID,
		errInvalidOpenID, errInvalidGrant, errMissingSecret, errInvalidRequest, errDailyQuota} {
		if e.Code == code {
			return e.Msg
		}
	}
	return "injected error"
}

// FaultService injects faults into wx calls and server endpoints, for tests
// of a mini program's error paths. Memory only.
type FaultService struct {
	*core
	faults faultSet
}

// faultSet is the host's active faults, oldest first.
type faultSet struct {
	mu      sync.Mutex
	lastID  uint64
	list    []*Fault
	changed notifier
}

// InjectFault adds a fault; it applies from the next call of its API.
func (h *FaultService) InjectFault(spec FaultSpec) (Fault, error) {
	if err := spec.Check(); err != nil {
		return Fault{}, err
	}
	fs := &h.faults
	fs.mu.Lock()
	fs.lastID++
	f := &Fault{FaultSpec: spec, ID: fs.lastID, Remaining: spec.Times, Created: h.now()}
	fs.list = append(fs.list, f)
	out := *f
	fs.mu.Unlock()
	h.log.Info("fault injected", "id", f.ID, "api", spec.API, "times", spec.Times, "errMsg", spec.ErrMsg, "errCode", spec.ErrCode, "delay", spec.Delay, "hang", spec.Hang)
	fs.changed.notify()
	return out, nil
}

// Faults lists the active faults, oldest first.
func (h *FaultService) Faults() []Fault {
	fs := &h.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, 0, len(fs.list))
	for _, f := range fs.list {
		out = append(out, *f)
	}
	return out
}

// ClearFaults removes the faults of api, or all of them when api is "". It
// returns how many it removed.
func (h *FaultService) ClearFaults(api string) int {
	return h.dropFaults(func(f *Fault) bool { return api == "" || f.API == api })
}

// RemoveFault removes one fault; false when there is no such fault.
func (h *FaultService) RemoveFault(id uint64) bool {
	return h.dropFaults(func(f *Fault) bool { return f.ID == id }) > 0
}

func (h *FaultService) dropFaults(match func(*Fault) bool) int {
	fs := &h.faults
	fs.mu.Lock()
	n := len(fs.list)
	fs.list = slices.DeleteFunc(fs.list, match)
	n -= len(fs.list)
	fs.mu.Unlock()
	if n > 0 {
		fs.changed.notify()
	}
	return n
}

// WatchFaults signals (coalesced) when faults are added, used up or cleared,
// or the timeout overrides change, until ctx ends: the window shows what is
// active (Faults, TimeoutOverrides) so a person is never surprised.
func (h *FaultService) WatchFaults(ctx context.Context) <-chan struct{} {
	return h.faults.changed.watch(ctx)
}

// notifyWatchers wakes WatchFaults' watchers for a change they show besides
// faults (the timeout overrides).
func (h *FaultService) notifyWatchers() { h.faults.changed.notify() }

// takeFault counts one hit on the oldest fault for api.
func (h *FaultService) takeFault(api string) (Fault, bool) {
	fs := &h.faults
	fs.mu.Lock()
	i := slices.IndexFunc(fs.list, func(f *Fault) bool { return f.API == api })
	if i < 0 {
		fs.mu.Unlock()
		return Fault{}, false
	}
	f := fs.list[i]
	f.Hits++
	usedUp := false
	if f.Times > 0 {
		f.Remaining--
		if f.Remaining <= 0 {
			fs.list = slices.Delete(fs.list, i, i+1)
			usedUp = true
		}
	}
	out := *f
	fs.mu.Unlock()
	if usedUp {
		fs.changed.notify()
	}
	return out, true
}

// ApplyFault is what the server asks before dispatching a call of api (a wx
// API name, or server.<endpoint>): with no fault for it, it returns (0, nil)
// at once. Otherwise it holds the call as the fault says and returns the
// fault's ID and the error to answer instead of running the call (a *Fail
// for wx APIs, a *ServerError for server endpoints), or nil when the fault
// only delays. A hang ends when ctx does.
func (h *FaultService) ApplyFault(ctx context.Context, api string) (uint64, error) {
	f, ok := h.takeFault(api)
	if !ok {
		return 0, nil
	}
	h.log.Info("fault applied", "id", f.ID, "api", api)
	var wait <-chan time.Time
	switch {
	case f.Hang:
		// wait stays nil: only ctx ends it.
	case f.Delay > 0:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		wait = t.C
	default:
		return f.ID, f.failure("")
	}
	select {
	case <-wait:
	case <-ctx.Done():
		what := "delay"
		if f.Hang {
			what = "hang"
		}
		return f.ID, f.failure("injected " + what + " ended: the caller gave up")
	}
	if f.failing() {
		return f.ID, f.failure("")
	}
	return f.ID, nil
}
