package app

import (
	"sync"
	"time"
)

// maxExchangesPerMinute is WeChat's jscode2session limit per user.
const maxExchangesPerMinute = 100

// exchangeQuota counts code exchanges per user (userKey) per minute. Memory
// only, as a minute's quota need not survive a restart.
type exchangeQuota struct {
	mu      sync.Mutex
	windows map[string]*quotaWindow
}

// quotaWindow counts one user's exchanges in the minute from start.
type quotaWindow struct {
	start time.Time
	n     int
}

// allow counts an exchange by k at now and reports whether it is within quota.
func (q *exchangeQuota) allow(k string, now time.Time) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.windows == nil {
		q.windows = map[string]*quotaWindow{}
	}
	w := q.windows[k]
	if w == nil || now.Sub(w.start) >= time.Minute {
		w = &quotaWindow{start: now}
		q.windows[k] = w
	}
	w.n++
	return w.n <= maxExchangesPerMinute
}

// forget drops k's window (ResetApp).
func (q *exchangeQuota) forget(k string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.windows, k)
}

// minuteTimer says yes at most once a minute: a scan of every login code on
// every login would make login O(codes).
type minuteTimer struct {
	mu   sync.Mutex
	last time.Time
}

// due reports whether a minute has passed since it last said yes.
func (t *minuteTimer) due(now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.last) < time.Minute {
		return false
	}
	t.last = now
	return true
}
