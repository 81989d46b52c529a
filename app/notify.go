package app

import (
	"context"
	"sync"
)

// notifier broadcasts "something changed" to any number of waiters: wait
// returns a channel closed at the next notify. It is how the window learns
// that faults or prompt policies changed, and how Broker.Next wakes up.
type notifier struct {
	mu sync.Mutex
	ch chan struct{}
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
}

// watch coalesces changes into a channel with room for one signal, so a slow
// reader sees "changed since you last looked" rather than every change. It is
// closed when ctx ends.
func (n *notifier) watch(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	ch := n.wait() // taken now, so a change right after watch returns is seen
	go func() {
		defer close(out)
		for {
			select {
			case <-ch:
				ch = n.wait()
				select {
				case out <- struct{}{}:
				default:
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
