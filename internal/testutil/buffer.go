// Package testutil holds what tests of several packages share. Only tests
// import it: the product's import graph stays without it (a test checks).
package testutil

import (
	"bytes"
	"sync"
)

// Buffer is an io.Writer a running host (its logger, or a process's
// output) and the test reading it share: writes and reads are locked.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
