package app

import (
	"context"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"sync"
)

// secrets is the KeyStore with a cache in front: with a real keychain every
// read is a D-Bus round trip, and every wx call needs some secret.
type secrets struct {
	keys   KeyStore
	rand   io.Reader
	log    *slog.Logger
	onMade func(name string) // a secret was created (lostkeys.go records it)

	mu    sync.Mutex
	cache map[string][]byte
}

func newSecrets(keys KeyStore, rand io.Reader, log *slog.Logger, onMade func(string)) *secrets {
	return &secrets{keys: keys, rand: rand, log: log, onMade: onMade, cache: map[string][]byte{}}
}

func (s *secrets) cached(name string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.cache[name]
	return v, ok
}

func (s *secrets) remember(name string, v []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache[name] = v
}

// orCreate returns the named secret, creating n random bytes (hex for text
// secrets, everything but the id secret) on first use.
func (s *secrets) orCreate(ctx context.Context, name string, n int) ([]byte, error) {
	if v, ok := s.cached(name); ok {
		return v, nil
	}
	v, err := s.keys.Get(ctx, name)
	if errors.Is(err, ErrNotFound) {
		b := make([]byte, n)
		if _, rerr := io.ReadFull(s.rand, b); rerr != nil {
			return nil, randomError(rerr)
		}
		v = b
		if name != idSecretName {
			v = []byte(hex.EncodeToString(b))
		}
		if err = s.keys.Put(ctx, name, v); err == nil {
			s.onMade(name)
		}
	}
	if err != nil {
		return nil, err
	}
	s.remember(name, v)
	return v, nil
}

func (s *secrets) get(ctx context.Context, name string) ([]byte, error) {
	if v, ok := s.cached(name); ok {
		return v, nil
	}
	v, err := s.keys.Get(ctx, name)
	if err != nil {
		return nil, err
	}
	s.remember(name, v)
	return v, nil
}

func (s *secrets) put(ctx context.Context, name string, v []byte) error {
	if err := s.keys.Put(ctx, name, v); err != nil {
		return err
	}
	s.remember(name, v)
	return nil
}

// delete forgets the named secret; a KeyStore failure is logged, as the
// caller has nothing better to do about it.
func (s *secrets) delete(ctx context.Context, name string) {
	s.mu.Lock()
	delete(s.cache, name)
	s.mu.Unlock()
	if err := s.keys.Delete(ctx, name); err != nil && !errors.Is(err, ErrNotFound) {
		s.log.Warn("delete secret", "name", name, "err", err)
	}
}
