package app

import "sync"

// currentPersona is which persona is "logged in" on the simulated phone, and
// a cache of its record: every wx call asks for it.
type currentPersona struct {
	mu     sync.Mutex
	id     string
	gen    uint64   // bumped by every persona change, so a read racing one is not cached
	cached *Persona // nil until read
}

// snapshot returns the id, the generation and the cached record (nil: read it).
func (c *currentPersona) snapshot() (id string, gen uint64, cached *Persona) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cached != nil && c.cached.ID != c.id {
		return c.id, c.gen, nil
	}
	return c.id, c.gen, c.cached
}

// cache keeps p unless a persona changed since generation gen was read.
func (c *currentPersona) cache(gen uint64, p Persona) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.cached = &p
	}
}

// switchTo makes id current.
func (c *currentPersona) switchTo(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.id = id
	c.gen++
	c.cached = nil
}

// changed drops the cache: some persona was created, edited or deleted.
func (c *currentPersona) changed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.cached = nil
}
