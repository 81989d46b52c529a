package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
)

func TestFaultSpecCheck(t *testing.T) {
	tests := []struct {
		name string
		spec app.FaultSpec
		ok   bool
	}{
		{"wx fail", app.FaultSpec{API: "login", Times: 1, ErrMsg: "system error"}, true},
		{"server fail", app.FaultSpec{API: "server.jscode2session", Times: 2, ErrCode: 45011}, true},
		{"delay", app.FaultSpec{API: "login", Delay: time.Second}, true},
		{"hang", app.FaultSpec{API: "server.token", Hang: true}, true},
		{"delay then fail", app.FaultSpec{API: "login", Delay: time.Second, ErrMsg: "x"}, true},
		{"nothing to do", app.FaultSpec{API: "login", Times: 1}, false},
		{"bad api", app.FaultSpec{API: "log in", ErrMsg: "x"}, false},
		{"empty api", app.FaultSpec{ErrMsg: "x"}, false},
		{"negative times", app.FaultSpec{API: "login", Times: -1, ErrMsg: "x"}, false},
		{"hang with errMsg", app.FaultSpec{API: "login", Hang: true, ErrMsg: "x"}, false},
		{"server fail without errcode", app.FaultSpec{API: "server.jscode2session", ErrMsg: "x"}, false},
		{"delay too long", app.FaultSpec{API: "login", Delay: time.Hour}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Check()
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, app.ErrInvalid)) {
				t.Fatalf("Check = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestApplyFault(t *testing.T) {
	tests := []struct {
		name     string
		spec     app.FaultSpec
		api      string
		calls    int
		wantErrs []string // per call: "" = runs normally
	}{
		{"wx fail once", app.FaultSpec{API: "login", Times: 1, ErrMsg: "system error", ErrCode: 1}, "login", 2,
			[]string{"login:fail system error", ""}},
		{"wx errMsg with the prefix", app.FaultSpec{API: "login", Times: 1, ErrMsg: "login:fail busy"}, "login", 1,
			[]string{"login:fail busy"}},
		{"wx errCode only", app.FaultSpec{API: "startSoterAuthentication", Times: 1, ErrCode: 90007}, "startSoterAuthentication", 1,
			[]string{"startSoterAuthentication:fail injected fault"}},
		{"server quota twice", app.FaultSpec{API: "server.jscode2session", Times: 2, ErrCode: 45011}, "server.jscode2session", 3,
			[]string{"errcode 45011: api minute-quota reach limit mustslower retry next minute", "errcode 45011: api minute-quota reach limit mustslower retry next minute", ""}},
		{"server code blocked", app.FaultSpec{API: "server.jscode2session", Times: 1, ErrCode: 40226}, "server.jscode2session", 1,
			[]string{"errcode 40226: code blocked"}},
		{"server own message", app.FaultSpec{API: "server.token", Times: 1, ErrCode: -1, ErrMsg: "busy"}, "server.token", 1,
			[]string{"errcode -1: busy"}},
		{"until cleared", app.FaultSpec{API: "login", Times: 0, ErrMsg: "down"}, "login", 3,
			[]string{"login:fail down", "login:fail down", "login:fail down"}},
		{"other api untouched", app.FaultSpec{API: "login", Times: 1, ErrMsg: "x"}, "checkSession", 1, []string{""}},
		{"delay only", app.FaultSpec{API: "login", Times: 1, Delay: 20 * time.Millisecond}, "login", 1, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			f, err := th.InjectFault(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < tt.calls; i++ {
				start := time.Now()
				id, err := th.ApplyFault(context.Background(), tt.api)
				got := ""
				if err != nil {
					got = err.Error()
				}
				if got != tt.wantErrs[i] {
					t.Fatalf("call %d: err %q, want %q", i+1, got, tt.wantErrs[i])
				}
				if hit := tt.api == tt.spec.API && (tt.spec.Times == 0 || i < tt.spec.Times); hit != (id == f.ID) {
					t.Fatalf("call %d: fault id %d, want hit=%v (fault %d)", i+1, id, hit, f.ID)
				}
				if tt.spec.Delay > 0 && time.Since(start) < tt.spec.Delay {
					t.Fatalf("call %d returned after %s, before the delay", i+1, time.Since(start))
				}
			}
			// Typed errors: the server maps them to its shapes.
			if tt.wantErrs[0] != "" {
				th.ClearFaults("")
				th.InjectFault(tt.spec)
				_, err := th.ApplyFault(context.Background(), tt.api)
				var f *app.Fail
				var se *app.ServerError
				if !errors.As(err, &f) && !errors.As(err, &se) {
					t.Fatalf("fault error %T is neither *Fail nor *ServerError", err)
				}
			}
		})
	}
}

func TestFaultHangAndList(t *testing.T) {
	th := newTestHost(t, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	watch := th.WatchFaults(ctx)
	defer cancel()
	f, _ := th.InjectFault(app.FaultSpec{API: "login", Times: 1, Hang: true})
	<-watch
	done := make(chan error, 1)
	callCtx, endCall := context.WithCancel(context.Background())
	go func() { _, err := th.ApplyFault(callCtx, "login"); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("a hanging fault answered: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	endCall()
	select {
	case err := <-done:
		if err == nil || err.Error() != "login:fail injected hang ended: the caller gave up" {
			t.Fatalf("hang ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a hanging fault outlived its caller")
	}
	if len(th.Faults()) != 0 {
		t.Fatalf("a used-up fault is still listed: %+v", th.Faults())
	}
	<-watch // used up: the window hears of it

	a, _ := th.InjectFault(app.FaultSpec{API: "login", Times: 0, ErrMsg: "a"})
	b, _ := th.InjectFault(app.FaultSpec{API: "server.token", Times: 1, ErrCode: -1})
	th.InjectFault(app.FaultSpec{API: "login", Times: 1, ErrMsg: "c"})
	if fs := th.Faults(); len(fs) != 3 || fs[0].ID != a.ID || fs[1].ID != b.ID || a.ID <= f.ID {
		t.Fatalf("Faults = %+v", fs)
	}
	if !th.RemoveFault(b.ID) || th.RemoveFault(b.ID) {
		t.Fatal("RemoveFault should remove once")
	}
	if n := th.ClearFaults("login"); n != 2 || len(th.Faults()) != 0 {
		t.Fatalf("ClearFaults(login) = %d, left %+v", n, th.Faults())
	}
}
