package app

import (
	"testing"
	"time"
)

func TestSoterLockout(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newSoterLockout(func() time.Time { return now })
	const k, other = "alice|wxapp", "bob|wxapp"
	for i := 1; i < lockAfter; i++ {
		if l.noMatch(k) {
			t.Fatalf("no-match %d locks; want the %dth to", i, lockAfter)
		}
	}
	l.matched(k) // a match ends the run
	for i := 1; i < lockAfter; i++ {
		l.noMatch(k)
	}
	if !l.noMatch(k) {
		t.Fatalf("no-match %d does not lock", lockAfter)
	}
	l.lock(k)
	if !l.lockedOut(k) || l.lockedOut(other) {
		t.Fatalf("locked: %s %v, %s %v; want only %s", k, l.lockedOut(k), other, l.lockedOut(other), k)
	}
	if l.noMatch(k) {
		t.Fatal("the run did not restart at lock")
	}
	now = now.Add(lockFor)
	if l.lockedOut(k) {
		t.Fatalf("still locked after %s", lockFor)
	}
	l.lock(k)
	l.forget(k)
	if l.lockedOut(k) {
		t.Fatal("forget kept the lock")
	}
}

func TestExchangeQuota(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	var q exchangeQuota
	for i := range maxExchangesPerMinute {
		if !q.allow("a", start.Add(time.Duration(i)*time.Millisecond)) {
			t.Fatalf("exchange %d refused", i+1)
		}
	}
	if q.allow("a", start.Add(59*time.Second)) {
		t.Fatalf("exchange %d within the minute allowed", maxExchangesPerMinute+1)
	}
	if !q.allow("b", start.Add(59*time.Second)) {
		t.Fatal("another user's quota was used")
	}
	if !q.allow("a", start.Add(time.Minute)) {
		t.Fatal("a new minute did not restart the quota")
	}
	for range maxExchangesPerMinute {
		q.allow("a", start.Add(time.Minute))
	}
	q.forget("a")
	if !q.allow("a", start.Add(time.Minute)) {
		t.Fatal("forget kept the quota used")
	}
}

func TestMinuteTimer(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	var m minuteTimer
	for _, tt := range []struct {
		after time.Duration
		want  bool
	}{{0, true}, {time.Second, false}, {59 * time.Second, false}, {time.Minute, true}, {time.Minute + time.Second, false}} {
		if got := m.due(start.Add(tt.after)); got != tt.want {
			t.Errorf("due at +%s = %v, want %v", tt.after, got, tt.want)
		}
	}
}

func TestCurrentPersonaCache(t *testing.T) {
	var c currentPersona
	c.switchTo("alice")
	id, gen, cached := c.snapshot()
	if id != "alice" || cached != nil {
		t.Fatalf("snapshot = %q, %v; want alice, not cached", id, cached)
	}
	c.changed() // an edit while alice was being read
	c.cache(gen, Persona{ID: "alice", NickName: "stale"})
	if _, _, cached := c.snapshot(); cached != nil {
		t.Fatalf("a read that raced a change was cached: %+v", *cached)
	}
	_, gen, _ = c.snapshot()
	c.cache(gen, Persona{ID: "alice", NickName: "Alice"})
	if _, _, cached := c.snapshot(); cached == nil || cached.NickName != "Alice" {
		t.Fatalf("cached = %v, want Alice", cached)
	}
	c.switchTo("bob")
	if id, _, cached := c.snapshot(); id != "bob" || cached != nil {
		t.Fatalf("after switch: %q, %v; want bob, not cached", id, cached)
	}
}
