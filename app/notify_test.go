package app

import (
	"context"
	"testing"
)

// TestNotifierWatchIsSynchronous checks that a watcher's signal is in its
// channel when notify returns, so changes made before a read are one signal
// however late the reader's goroutine is scheduled.
func TestNotifierWatchIsSynchronous(t *testing.T) {
	var n notifier
	ctx, cancel := context.WithCancel(context.Background())
	a, b := n.watch(ctx), n.watch(ctx)
	for range 3 {
		n.notify()
	}
	for _, w := range []<-chan struct{}{a, b} {
		select {
		case <-w:
		default:
			t.Fatal("no signal in the channel when notify returned")
		}
		select {
		case <-w:
			t.Fatal("three notifies before the read gave a second signal")
		default:
		}
	}
	cancel()
	for _, w := range []<-chan struct{}{a, b} {
		if _, ok := <-w; ok {
			t.Fatal("a signal after ctx ended; want the channel closed")
		}
	}
	n.notify() // must not send on a closed channel
	if len(n.watchers) != 0 {
		t.Fatalf("%d watchers left after ctx ended", len(n.watchers))
	}
}
