package etcdtest

import (
	"io"
	"net"
	"sync"
)

// A front is the address clients dial: it forwards each connection to the
// etcd behind it, and can be cut at once, as a crashed etcd goes away, and
// opened again on the same port. etcd's own Close waits for its clients'
// streams, up to its request timeout (7s).
type front struct {
	addr   string // host:port, the same across a cut
	target string

	mu    sync.Mutex // guards following
	l     net.Listener
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup // the accept loop and the copies
}

// openFront listens on addr ("127.0.0.1:0" for a free port) and forwards to
// target.
func openFront(addr, target string) (*front, error) {
	f := &front{addr: addr, target: target}
	if err := f.open(); err != nil {
		return nil, err
	}
	return f, nil
}

// open listens again on f's address.
func (f *front) open() error {
	l, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.l, f.addr, f.conns = l, l.Addr().String(), make(map[net.Conn]struct{})
	f.wg.Add(1)
	go f.accept(l)
	return nil
}

func (f *front) accept(l net.Listener) {
	defer f.wg.Done()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		u, err := net.Dial("tcp", f.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		f.mu.Lock()
		f.conns[c], f.conns[u] = struct{}{}, struct{}{}
		f.wg.Add(2)
		f.mu.Unlock()
		go f.pipe(c, u)
		go f.pipe(u, c)
	}
}

func (f *front) pipe(dst, src net.Conn) {
	defer f.wg.Done()
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
}

// cut closes the listener and every connection, and waits for the copies.
func (f *front) cut() {
	f.mu.Lock()
	if f.l != nil {
		_ = f.l.Close()
		f.l = nil
	}
	for c := range f.conns {
		_ = c.Close()
	}
	f.mu.Unlock()
	f.wg.Wait()
}
