package upgrade

import (
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
)

// A listener is a server's copy of a socket that upgrades hand over.
//
// A new process accepts on it only once all of it is ready (open): until
// then the old process accepts every connection, so a new process that fails
// (or is killed at ReadyTimeout) has never taken a connection that it would
// then drop.
//
// The old process stops accepting as soon as the new one is ready (retire):
// it closes its copy of the socket, which stays open in the new process, and
// its Accept then waits for Close as if nothing had happened. Every
// connection it took is in its server's books before the drain begins, so the
// drain awaits it.
type listener struct {
	net.Listener
	file    *os.File // a copy of the socket, for a later server on the address
	open    <-chan struct{}
	retired atomic.Bool
	closed  chan struct{}
	close   func() error
}

func newListener(ln net.Listener, open <-chan struct{}, file *os.File) *listener {
	l := &listener{Listener: ln, file: file, open: open, closed: make(chan struct{})}
	l.close = sync.OnceValue(func() error {
		close(l.closed)
		if l.retired.Load() {
			return nil
		}
		return l.Listener.Close()
	})
	return l
}

// Accept waits for the gate, then accepts. Once the listener is retired it
// waits for Close. It returns net.ErrClosed once the listener is closed.
func (l *listener) Accept() (net.Conn, error) {
	select {
	case <-l.open:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	conn, err := l.Listener.Accept()
	if err != nil && l.retired.Load() {
		<-l.closed
		return nil, net.ErrClosed
	}
	return conn, err
}

// retire closes this process's copy of the socket: a successor accepts on it.
func (l *listener) retire() {
	if l.retired.CompareAndSwap(false, true) {
		if err := l.Listener.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			l.retired.Store(false)
		}
	}
}

// isClosed reports whether Close was called.
func (l *listener) isClosed() bool {
	select {
	case <-l.closed:
		return true
	default:
		return false
	}
}

// Close closes the listener and unblocks a waiting Accept; closing this
// process's copy of an inherited socket leaves the socket open in the others.
func (l *listener) Close() error {
	return l.close()
}
