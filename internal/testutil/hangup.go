package testutil

import (
	"net"
	"sync/atomic"
)

// HangUp accepts every connection on ln and closes it at once (a server
// that takes a client and then refuses it), until ln is closed; it returns
// the count of connections taken so far.
func HangUp(ln net.Listener) *atomic.Int64 {
	var n atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
			n.Add(1)
		}
	}()
	return &n
}
