package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// CallRecord is one entry of the call log: a wx call or a server endpoint hit.
type CallRecord struct {
	Seq      uint64          `json:"seq"`
	Time     time.Time       `json:"time"`
	AppID    string          `json:"appid"`
	Persona  string          `json:"persona"`
	API      string          `json:"api"`
	Args     json.RawMessage `json:"args,omitempty"`
	Result   json.RawMessage `json:"result,omitempty"`
	ErrMsg   string          `json:"errMsg"`
	Duration time.Duration   `json:"duration"`
	Fault    uint64          `json:"fault,omitempty"` // the injected fault that answered, if any
	// RID is the request id a server endpoint appended to its errmsg
	// (" rid: …"), so a backend's log line can be matched to the call.
	RID string `json:"rid,omitempty"`
}

// secretFields never reach the call log.
var secretFields = []string{"session_key", "secret", "access_token", "token", "Authorization"}

// Redact replaces the values of secret fields anywhere in a JSON document.
// Invalid JSON is dropped rather than logged raw. Invalid UTF-8 inside strings
// (which json.Valid accepts) is re-encoded as U+FFFD, so that the call log
// API's JSON parses in strict clients.
func Redact(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	if json.Valid(raw) && utf8.Valid(raw) && !mayHoldSecret(raw) {
		return raw // the common case: nothing to redact, no need to re-encode
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return json.RawMessage(strconv.Quote(fmt.Sprintf("[%d bytes of invalid JSON]", len(raw))))
	}
	out, err := json.Marshal(redactValue(v))
	if err != nil {
		return nil
	}
	return out
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if isSecretField(k) {
				t[k] = "[redacted]"
			} else {
				t[k] = redactValue(x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = redactValue(x)
		}
	}
	return v
}

// mayHoldSecret is a cheap pre-check: it is false only when no key of the
// document can be a secret field name as isSecretField compares them.
func mayHoldSecret(raw []byte) bool {
	// A JSON escape, or one of the two runes that fold to ASCII letters
	// (ſ to s, the Kelvin sign to k), can spell a name: decode and look.
	if bytes.Contains(raw, []byte(`\u`)) || bytes.Contains(raw, []byte("\u017f")) || bytes.Contains(raw, []byte("\u212a")) {
		return true
	}
	for i, c := range raw {
		if c|0x20 != 's' && c|0x20 != 'a' && c|0x20 != 't' { // the names' first letters, either case
			continue
		}
		for _, f := range secretFields {
			if len(raw)-i >= len(f) && bytes.EqualFold(raw[i:i+len(f)], []byte(f)) {
				return true
			}
		}
	}
	return false
}

func isSecretField(k string) bool {
	for _, s := range secretFields {
		if strings.EqualFold(k, s) {
			return true
		}
	}
	return false
}

// callLog keeps the call log: records fan out to subscribers at once and are
// written to the Store in batches, so logging never puts a disk sync on the
// path of a wx call. A kill -9 can lose the last batch of log entries, never
// acknowledged state.
type callLog struct {
	store Store
	size  int
	log   *slog.Logger

	mu      sync.Mutex
	seq     uint64
	pending []encodedRecord
	subs    map[chan CallRecord]struct{}
	kick    chan struct{}
	flushed *sync.Cond
	written uint64 // highest seq stored
	closed  bool
	done    chan struct{}
}

const callKeyFormat = "%020d"

func openCallLog(st Store, size int, log *slog.Logger) (*callLog, error) {
	c := &callLog{store: st, size: size, log: log, subs: map[chan CallRecord]struct{}{}, kick: make(chan struct{}, 1), done: make(chan struct{})}
	c.flushed = sync.NewCond(&c.mu)
	err := st.View(func(tx Tx) error {
		return tx.ForEach(bucketCalls, func(k string, _ []byte) error {
			n, err := strconv.ParseUint(k, 10, 64)
			if err == nil && n > c.seq {
				c.seq = n
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("open call log: %w", err)
	}
	c.written = c.seq
	go c.writer()
	return c, nil
}

func (c *callLog) add(rec CallRecord) CallRecord {
	rec.Args = Redact(rec.Args)
	rec.Result = Redact(rec.Result)
	c.mu.Lock()
	c.seq++
	rec.Seq = c.seq
	closed := c.closed
	c.mu.Unlock()
	if !closed {
		// Encoded here, on the caller's goroutine, so the cost is spread over
		// the calls instead of landing in one burst in the writer.
		data, err := json.Marshal(rec)
		if err != nil {
			c.log.Error("call log encode", "api", rec.API, "err", err)
		}
		c.mu.Lock()
		if err == nil && !c.closed {
			c.pending = append(c.pending, encodedRecord{seq: rec.Seq, data: data})
		}
	} else {
		c.mu.Lock()
	}
	for ch := range c.subs {
		select {
		case ch <- rec:
		default: // a slow subscriber misses records rather than slowing calls
		}
	}
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
	return rec
}

func (c *callLog) writer() {
	defer close(c.done)
	for range c.kick {
		time.Sleep(writeEvery) // gather a burst into one transaction: one disk sync, not one per call
		c.mu.Lock()
		batch := c.pending
		c.pending = nil
		closed := c.closed
		c.mu.Unlock()
		if len(batch) > 0 {
			if err := c.write(batch); err != nil {
				c.log.Error("call log write", "err", err)
			}
			c.mu.Lock()
			c.written = batch[len(batch)-1].seq
			c.flushed.Broadcast()
			c.mu.Unlock()
		}
		if closed {
			return
		}
	}
}

// encodedRecord is a call record waiting to be stored, already in JSON.
type encodedRecord struct {
	seq  uint64
	data []byte
}

// writeEvery is how long the writer gathers records before one transaction:
// short enough that a busy host's batches stay small (a batch of thousands
// competes with the calls for the CPU), long enough to share one disk sync
// among the calls of a burst.
const writeEvery = 50 * time.Millisecond

func (c *callLog) write(batch []encodedRecord) error {
	last := batch[len(batch)-1].seq
	// Records a long batch (a writer that fell behind) would push out at once
	// are not stored at all: bbolt keeps a transaction's new keys in one
	// unsplit node, and deleting from its front costs a copy of the rest.
	if len(batch) > c.size {
		batch = batch[len(batch)-c.size:]
	}
	return c.store.Update(func(tx Tx) error {
		// The oldest go first, from pages written by earlier batches.
		if last > uint64(c.size) {
			cutoff := fmt.Sprintf(callKeyFormat, last-uint64(c.size))
			var old []string
			if err := tx.ForEach(bucketCalls, func(k string, _ []byte) error {
				if k > cutoff {
					return errStop
				}
				old = append(old, k)
				return nil
			}); err != nil && err != errStop {
				return err
			}
			for _, k := range old {
				if err := tx.Delete(bucketCalls, k); err != nil {
					return err
				}
			}
		}
		for _, r := range batch {
			if err := tx.Put(bucketCalls, fmt.Sprintf(callKeyFormat, r.seq), r.data); err != nil {
				return err
			}
		}
		return nil
	})
}

// flush waits until every record added so far is stored.
func (c *callLog) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	target := c.seq
	for c.written < target && !c.closed {
		select {
		case c.kick <- struct{}{}:
		default:
		}
		c.flushed.Wait()
	}
}

func (c *callLog) close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.flushed.Broadcast()
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
	close(c.kick)
	<-c.done
	return nil
}

// RecordCall adds a record to the call log, redacting secret fields, and
// returns it with its sequence number.
func (h *Host) RecordCall(rec CallRecord) CallRecord { return h.calls.add(rec) }

// CallFilter selects call log records; zero fields match everything.
type CallFilter struct {
	AppID    string
	API      string
	AfterSeq uint64
	Persona  string
	Failed   bool // only calls whose errMsg is not "<api>:ok"
	Limit    int  // newest Limit records; 0 = 100
}

// Match reports whether r passes the filter's AppID, API, Persona and Failed
// (AfterSeq and Limit select a range, not records).
func (f CallFilter) Match(r CallRecord) bool {
	return (f.AppID == "" || r.AppID == f.AppID) && (f.API == "" || r.API == f.API) &&
		(f.Persona == "" || r.Persona == f.Persona) && (!f.Failed || !strings.HasSuffix(r.ErrMsg, ":ok"))
}

// Calls returns matching records, oldest first.
func (h *Host) Calls(f CallFilter) ([]CallRecord, error) {
	h.calls.flush()
	if f.Limit <= 0 {
		f.Limit = 100
	}
	after := fmt.Sprintf(callKeyFormat, f.AfterSeq)
	var out []CallRecord
	err := h.opts.Store.View(func(tx Tx) error {
		// The log holds up to CallLogSize records and QA polls it: only what
		// is after AfterSeq is decoded, newest first, until Limit match.
		var newer [][]byte
		if err := tx.ForEach(bucketCalls, func(k string, v []byte) error {
			if k > after {
				newer = append(newer, v)
			}
			return nil
		}); err != nil {
			return err
		}
		for i := len(newer) - 1; i >= 0 && len(out) < f.Limit; i-- {
			var r CallRecord
			if err := json.Unmarshal(newer[i], &r); err != nil {
				continue // a damaged log entry is skipped, not fatal
			}
			if r.Seq > f.AfterSeq && f.Match(r) {
				out = append(out, r)
			}
		}
		return nil
	})
	slices.Reverse(out)
	return out, err
}

// SubscribeCalls streams new call records until ctx ends.
func (h *Host) SubscribeCalls(ctx context.Context) <-chan CallRecord {
	ch := make(chan CallRecord, 64)
	c := h.calls
	c.mu.Lock()
	c.subs[ch] = struct{}{}
	c.mu.Unlock()
	go func() {
		<-ctx.Done()
		c.mu.Lock()
		delete(c.subs, ch)
		close(ch)
		c.mu.Unlock()
	}()
	return ch
}
