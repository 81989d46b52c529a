package app

import (
	"context"
	"sync"
)

// notifier broadcasts "something changed" to any number of waiters: wait
// returns a channel closed at the next notify, and watch a channel that holds
// one pending signal. It is how the window learns that faults or prompt
// policies changed, and how Broker.Next wakes up.
type notifier struct {
	mu       sync.Mutex
	ch       chan struct{}
	watchers map[chan struct{}]struct{}
}

func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

func (n *notifier) notify() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch != nil {
		close(n.ch)
	}
	n.ch = make(chan struct{})
	// Signalled here, under the lock, rather than by a goroutine per watcher:
	// a goroutine woken late could deliver a change the reader had already
	// seen as a second signal.
	for w := range n.watchers {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// watch coalesces changes into a channel with room for one signal, so a slow
// reader sees "changed since you last looked" rather than every change. A
// change after watch returns is seen. The channel is closed when ctx ends.
func (n *notifier) watch(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	n.mu.Lock()
	if n.watchers == nil {
		n.watchers = make(map[chan struct{}]struct{})
	}
	n.watchers[out] = struct{}{}
	n.mu.Unlock()
	context.AfterFunc(ctx, func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		delete(n.watchers, out) // under the lock, so notify never sends on a closed channel
		close(out)
	})
	return out
}
