package zrpc

import (
	"io"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// A tcpProxy forwards loopback connections to target until it is cut, so a
// test can make a server unreachable at once.
type tcpProxy struct {
	l      net.Listener
	target string
	wg     sync.WaitGroup
	once   sync.Once

	mu    sync.Mutex // guards following
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	p, err := newProxy(target)
	require.NoError(t, err)
	t.Cleanup(p.cut)
	return p
}

// newProxy starts a proxy to target; the caller must cut it.
func newProxy(target string) (*tcpProxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &tcpProxy{l: l, target: target}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

func (p *tcpProxy) addr() string { return p.l.Addr().String() }

func (p *tcpProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		u, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, u)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(c, u)
		go p.pipe(u, c)
	}
}

func (p *tcpProxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
}

// cut closes the listener and every connection, and waits for the copies.
func (p *tcpProxy) cut() {
	p.once.Do(p.cutOnce)
}

func (p *tcpProxy) cutOnce() {
	_ = p.l.Close()
	p.mu.Lock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
