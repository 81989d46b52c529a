package hostapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad runs 200 concurrent callers against loopback for a bounded time:
// every call must answer with its API's success, and once the clients are
// gone the goroutine count must return to where it started (no leaks).
// make test runs it with -race.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	const callers = 200
	duration := 3 * time.Second
	e := newEnv(t, true)
	baseline := runtime.NumGoroutine()

	tr := &http.Transport{MaxIdleConnsPerHost: callers}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	calls := []struct{ api, body string }{
		{"getSetting", `{}`},
		{"login", `{}`},
		{"checkSession", `{}`},
		{"authorize", `{"scope":"scope.camera"}`},
		{"getUserProfile", `{"desc":"load"}`},
		{"getAccountInfoSync", `{}`},
	}
	var total, failures atomic.Int64
	var firstErr atomic.Value
	stop := time.Now().Add(duration)
	var wg sync.WaitGroup
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; time.Now().Before(stop); n++ {
				c := calls[(i+n)%len(calls)]
				// A first login per caller makes checkSession meaningful.
				if n == 0 {
					c = calls[1]
				}
				if err := doCall(client, e, c.api, c.body); err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				total.Add(1)
			}
		}(i)
	}
	wg.Wait()
	t.Logf("%d calls by %d callers in %v, %d failures", total.Load(), callers, duration, failures.Load())
	if failures.Load() > 0 {
		t.Fatalf("%d of %d calls failed; first: %v", failures.Load(), total.Load(), firstErr.Load())
	}

	tr.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline+2 {
		buf := make([]byte, 1<<16)
		t.Fatalf("goroutines %d after load, baseline %d:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}

func doCall(client *http.Client, e *env, api, body string) error {
	req, _ := http.NewRequest("POST", e.srv.URL+"/wx/"+appID+"/"+api, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return fmt.Errorf("%s: %w", api, err)
	}
	if res.StatusCode != 200 || out["errMsg"] != api+":ok" {
		return fmt.Errorf("%s: %d %v", api, res.StatusCode, out["errMsg"])
	}
	return nil
}
