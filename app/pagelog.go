package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// PageMessage is one error, warning or message that a mini program's page
// reported through the runtime: a WXML/WXSS/JS compile error, an uncaught
// exception, console.warn or console.error. File and Line are the author's
// (source-mapped) position when the runtime knows it.
type PageMessage struct {
	Time    time.Time
	AppID   string
	Level   string // "error", "warn" or "info"
	Message string
	File    string // relative to the mini program folder; "" when unknown
	Line    int    // 1-based; 0 when unknown
	Column  int    // 1-based; 0 when unknown
	Stack   string
	// Source is where it came from: "runtime" (the runtime's report) or
	// "console" (the simulator's browser, over CDP); "" is "runtime".
	Source string `json:",omitempty"`
	// Seq numbers messages across apps in the order they were added (from
	// 1), so a log stream can ask for what came after the last one it saw.
	Seq uint64
}

// Where is "file:line:column", as far as known ("" without a file).
func (m PageMessage) Where() string {
	switch {
	case m.File == "":
		return ""
	case m.Line <= 0:
		return m.File
	case m.Column <= 0:
		return fmt.Sprintf("%s:%d", m.File, m.Line)
	}
	return fmt.Sprintf("%s:%d:%d", m.File, m.Line, m.Column)
}

// PageLog keeps the last messages each app's pages reported, for the window:
// the browser's console is where a developer looks only once they know
// something is wrong. Older messages of an app are dropped past the limit,
// so a page that throws in a loop cannot grow the host's memory.
type PageLog struct {
	limit   int
	mu      sync.Mutex
	apps    map[string]*pageRing
	changed notifier
	seq     uint64
}

// pageRing is one app's messages: a ring of at most limit, next is where the
// next one goes once it is full.
type pageRing struct {
	msgs []PageMessage
	next int
}

// DefaultPageLogLimit is how many messages of each app a PageLog keeps by
// default (the contract's "last 200 per app").
const DefaultPageLogLimit = 200

// NewPageLog returns a PageLog keeping the last limit messages per app
// (DefaultPageLogLimit when limit < 1).
func NewPageLog(limit int) *PageLog {
	if limit < 1 {
		limit = DefaultPageLogLimit
	}
	return &PageLog{limit: limit, apps: map[string]*pageRing{}}
}

// Add records a message (its Time set to now when zero) and wakes watchers.
func (l *PageLog) Add(m PageMessage) {
	if m.Time.IsZero() {
		m.Time = time.Now()
	}
	l.mu.Lock()
	l.seq++
	m.Seq = l.seq
	r := l.apps[m.AppID]
	if r == nil {
		r = &pageRing{}
		l.apps[m.AppID] = r
	}
	if len(r.msgs) < l.limit {
		r.msgs = append(r.msgs, m)
	} else {
		r.msgs[r.next] = m
		r.next = (r.next + 1) % l.limit
	}
	l.mu.Unlock()
	l.changed.notify()
}

// List returns an app's messages, newest first.
func (l *PageLog) List(appID string) []PageMessage {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.apps[appID]
	if r == nil {
		return nil
	}
	out := make([]PageMessage, 0, len(r.msgs))
	// Oldest is at next once the ring is full (next is 0 before that).
	for i := len(r.msgs) - 1; i >= 0; i-- {
		out = append(out, r.msgs[(r.next+i)%len(r.msgs)])
	}
	return out
}

// After returns the messages with Seq > seq, oldest first: those of appID,
// or of every app when appID is "". It is the log stream's replay and poll.
func (l *PageLog) After(appID string, seq uint64) []PageMessage {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []PageMessage
	for id, r := range l.apps {
		if appID != "" && id != appID {
			continue
		}
		for _, m := range r.msgs {
			if m.Seq > seq {
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b PageMessage) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// Last is the Seq of the newest message added (0 before any).
func (l *PageLog) Last() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq
}

// Clear forgets an app's messages (the window's Clear button).
func (l *PageLog) Clear(appID string) {
	l.mu.Lock()
	delete(l.apps, appID)
	l.mu.Unlock()
	l.changed.notify()
}

// Watch signals (coalesced) when messages were added or cleared; the channel
// closes when ctx ends.
func (l *PageLog) Watch(ctx context.Context) <-chan struct{} {
	return l.changed.watch(ctx)
}
