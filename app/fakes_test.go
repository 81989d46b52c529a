package app_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
)

// memStore is an in-memory app.Store: Update works on a copy and commits it
// only when fn succeeds, so a failed transaction changes nothing.
type memStore struct {
	mu        sync.Mutex
	data      map[string]map[string][]byte
	readPause time.Duration // slept after each View, to widen race windows in tests
}

func newMemStore() *memStore { return &memStore{data: map[string]map[string][]byte{}} }

func (s *memStore) View(fn func(app.Tx) error) error {
	s.mu.Lock()
	err := fn(memTx{s.data})
	pause := s.readPause
	s.mu.Unlock()
	time.Sleep(pause)
	return err
}

func (s *memStore) Update(fn func(app.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := map[string]map[string][]byte{}
	for b, m := range s.data {
		cp[b] = maps.Clone(m)
	}
	if err := fn(memTx{cp}); err != nil {
		return err
	}
	s.data = cp
	return nil
}

type memTx struct{ data map[string]map[string][]byte }

func (t memTx) Get(b, k string) []byte { return t.data[b][k] }
func (t memTx) Put(b, k string, v []byte) error {
	if t.data[b] == nil {
		t.data[b] = map[string][]byte{}
	}
	t.data[b][k] = append([]byte(nil), v...)
	return nil
}
func (t memTx) Delete(b, k string) error { delete(t.data[b], k); return nil }
func (t memTx) ForEach(b string, fn func(string, []byte) error) error {
	keys := make([]string, 0, len(t.data[b]))
	for k := range t.data[b] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := fn(k, t.data[b][k]); err != nil {
			return err
		}
	}
	return nil
}

type memKeys struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (k *memKeys) Put(_ context.Context, n string, v []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string][]byte{}
	}
	k.m[n] = append([]byte(nil), v...)
	return nil
}
func (k *memKeys) Get(_ context.Context, n string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[n]
	if !ok {
		return nil, app.ErrNotFound
	}
	return v, nil
}
func (k *memKeys) Delete(_ context.Context, n string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, n)
	return nil
}

// fakePrompter answers from fields and counts prompts.
type fakePrompter struct {
	mu          sync.Mutex
	allow       bool
	settings    *app.Settings // what the settings page returns; nil = unchanged
	soter       []bool        // simulated fingers to place, in order
	cancelSoter bool
	subscribe   *app.SubscribeAnswer // what the subscribe dialog returns; nil = all allow ? accept : reject
	prompts     map[string]int
}

func (p *fakePrompter) count(kind string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.prompts[kind]
}

func (p *fakePrompter) note(kind string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.prompts == nil {
		p.prompts = map[string]int{}
	}
	p.prompts[kind]++
}

func (p *fakePrompter) Authorize(ctx context.Context, req app.AuthorizeRequest) (bool, error) {
	p.note("authorize")
	return p.allow, nil
}
func (p *fakePrompter) UserProfile(ctx context.Context, req app.ProfileRequest) (bool, error) {
	p.note("profile")
	return p.allow, nil
}
func (p *fakePrompter) Settings(ctx context.Context, req app.SettingsRequest) (app.Settings, error) {
	p.note("settings")
	if p.settings != nil {
		return *p.settings, nil
	}
	return req.Current, nil
}
func (p *fakePrompter) Soter(ctx context.Context, req app.SoterPrompt) error {
	p.note("soter")
	if p.cancelSoter {
		return app.ErrCancelled
	}
	for _, m := range p.soter {
		for !req.Simulate(m) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Millisecond):
			}
		}
	}
	<-ctx.Done()
	return ctx.Err()
}

func (p *fakePrompter) PhoneNumber(ctx context.Context, req app.PhoneRequest) (bool, error) {
	p.note("phone")
	return p.allow, nil
}
func (p *fakePrompter) Subscribe(ctx context.Context, req app.SubscribeRequest) (app.SubscribeAnswer, error) {
	p.note("subscribe")
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.subscribe != nil {
		return *p.subscribe, nil
	}
	out := app.SubscribeAnswer{Choices: map[string]string{}}
	for _, t := range req.Templates {
		out.Choices[t.ID] = map[bool]string{true: "accept", false: "reject"}[p.allow]
	}
	return out, nil
}

// clock is a settable fake time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const testAppID = "wxtest0000000001"

func testMiniProgram(t *testing.T, extra map[string]string) *app.MiniProgram {
	t.Helper()
	files := fstest.MapFS{
		"project.config.json":    {Data: []byte(`{"appid":"` + testAppID + `","projectname":"Test app"}`)},
		"app.json":               {Data: []byte(`{"pages":["pages/index/index"],"permission":{"scope.userLocation":{"desc":"Find shops near you"}}}`)},
		"pages/index/index.html": {Data: []byte(`<script src="/wx.js"></script>`)},
	}
	for name, data := range extra {
		files[name] = &fstest.MapFile{Data: []byte(data)}
	}
	mp, err := app.LoadMiniProgram(files)
	if err != nil {
		t.Fatal(err)
	}
	return mp
}

type testHost struct {
	*app.Host
	store  *memStore
	keys   *memKeys
	prompt *fakePrompter
	clock  *clock
	auth   app.Authenticator
}

func newTestHost(t *testing.T, auth app.Authenticator, extraFiles map[string]string) *testHost {
	t.Helper()
	th := &testHost{store: newMemStore(), keys: &memKeys{}, prompt: &fakePrompter{allow: true}, clock: &clock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}, auth: auth}
	th.open(t)
	if err := th.Load(context.Background(), testMiniProgram(t, extraFiles)); err != nil {
		t.Fatal(err)
	}
	return th
}

// open (re)creates the Host on the same store and keys, as a restart does.
func (th *testHost) open(t *testing.T) {
	t.Helper()
	h, err := app.New(context.Background(), app.Options{
		Store: th.store, Keys: th.keys, Prompter: th.prompt, Auth: th.auth, Clock: th.clock.now,
		Device: app.DeviceInfo{CPUID: "cpu", UID: "1000", HostVersion: "test"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	h.SetBaseURL("http://127.0.0.1:7878")
	th.Host = h
}

func errMsg(t *testing.T, r app.Result, err error) string {
	t.Helper()
	if f, ok := err.(*app.Fail); ok {
		return f.Error()
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	s, _ := r["errMsg"].(string)
	return s
}

func mustContain(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("got %q, want it to contain %q", got, want)
	}
}
