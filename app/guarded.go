package app

import "sync"

// guarded is a value with its own lock, for the Host's small settings that
// change rarely and are read whole (base URL, timeout overrides, warnings).
type guarded[T any] struct {
	mu sync.Mutex
	v  T
}

func (g *guarded[T]) get() T {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.v
}

func (g *guarded[T]) set(v T) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.v = v
}

// update changes the value in place, under the lock.
func (g *guarded[T]) update(change func(*T)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	change(&g.v)
}
