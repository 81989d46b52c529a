package app

import (
	"log/slog"
	"maps"
	"sync"
	"sync/atomic"
)

// versionedStore counts the Store's write transactions, so that a cache of
// stored state can tell whether what it holds may be stale. Every write goes
// through it (New wraps Options.Store), so no write path can forget to
// invalidate a cache.
// Its transactions carry the Host's logger, for damaged records (getJSON).
type versionedStore struct {
	Store
	version atomic.Uint64
	log     *slog.Logger
}

func (s *versionedStore) View(fn func(Tx) error) error {
	return s.Store.View(func(tx Tx) error { return fn(loggingTx{tx, s.log}) })
}

// Update runs fn in a write transaction and then moves the version on, before
// the caller learns the write is done.
func (s *versionedStore) Update(fn func(Tx) error) error {
	defer s.version.Add(1)
	return s.Store.Update(func(tx Tx) error { return fn(loggingTx{tx, s.log}) })
}

// settingsCache keeps Settings as read from the Store: every getSetting and
// authorize reads them, and a bbolt transaction with two JSON decodes is most
// of such a call's cost. Entries are only good for the store version they
// were read at; a read that raced a write is not kept.
type settingsCache struct {
	mu      sync.RWMutex // every wx call of a busy page reads; writes are rare
	version uint64
	entries map[string]Settings // by userKey; an entry is never changed once put
}

func (c *settingsCache) get(key string, version uint64) (Settings, bool) {
	c.mu.RLock()
	s, ok := c.entries[key]
	ok = ok && c.version == version
	c.mu.RUnlock()
	if !ok {
		return Settings{}, false
	}
	return s.clone(), true
}

// put keeps s, read at version. A newer version drops every entry.
func (c *settingsCache) put(key string, version uint64, s Settings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version || c.entries == nil:
		c.version = version
		c.entries = map[string]Settings{}
	}
	c.entries[key] = s.clone()
}

// clone copies s, so that callers may change what they were given.
func (s Settings) clone() Settings {
	s.Auth = maps.Clone(s.Auth)
	s.Subscriptions.ItemSettings = maps.Clone(s.Subscriptions.ItemSettings)
	return s
}
