package app

import (
	"sync"
	"time"
)

// soterLockout counts a user's consecutive SOTER no-matches per app and locks
// SOTER for lockFor after lockAfter of them, as a phone does. Memory only: a
// restart unlocks, as a reboot does. Keys are userKey(persona, appid).
type soterLockout struct {
	clock Clock

	mu          sync.Mutex
	noMatchRun  map[string]int
	lockedUntil map[string]time.Time
}

func newSoterLockout(clock Clock) *soterLockout {
	return &soterLockout{clock: clock, noMatchRun: map[string]int{}, lockedUntil: map[string]time.Time{}}
}

// lockedOut reports whether k is locked now.
func (l *soterLockout) lockedOut(k string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clock().Before(l.lockedUntil[k])
}

// lock locks k for lockFor from now and starts a new run of no-matches.
func (l *soterLockout) lock(k string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lockedUntil[k] = l.clock().Add(lockFor)
	delete(l.noMatchRun, k)
}

// noMatch counts a consecutive no-match and reports whether it locks.
func (l *soterLockout) noMatch(k string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.noMatchRun[k]++
	return l.noMatchRun[k] >= lockAfter
}

// matched ends k's run of no-matches.
func (l *soterLockout) matched(k string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.noMatchRun, k)
}

// forget drops k's run and lock (ResetApp).
func (l *soterLockout) forget(k string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.noMatchRun, k)
	delete(l.lockedUntil, k)
}

// authKeyFutures are the users' SOTER AuthKeys being loaded or generated, or
// made, by userKey(persona, appid).
type authKeyFutures struct {
	mu   sync.Mutex
	keys map[string]*keyFuture
}

// start returns k's future, or a new one that the caller must fill (started
// true) when there is none or the last attempt failed.
func (f *authKeyFutures) start(k string) (fut *keyFuture, started bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.keys == nil {
		f.keys = map[string]*keyFuture{}
	}
	// fut.err may be read only once done is closed; a failed key is retried.
	if old, ok := f.keys[k]; ok && (!isDone(old.done) || old.err == nil) {
		return old, false
	}
	fut = &keyFuture{done: make(chan struct{})}
	f.keys[k] = fut
	return fut, true
}

// forget drops k's key (its persona was deleted).
func (f *authKeyFutures) forget(k string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.keys, k)
}
