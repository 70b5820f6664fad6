package upgrade

import (
	"errors"
	"net"
	"testing"
)

func listenLoopback(t *testing.T) *net.TCPListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln.(*net.TCPListener)
}

// TestListenerGate: a listener accepts nothing until its gate opens, and a
// closed one returns net.ErrClosed even while it waits for the gate.
func TestListenerGate(t *testing.T) {
	open := make(chan struct{})
	l := newListener(listenLoopback(t), open, nil)
	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	accepted := make(chan error, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			c.Close()
		}
		accepted <- err
	}()
	select {
	case err := <-accepted:
		t.Fatalf("Accept returned %v before the gate opened", err)
	default:
	}
	close(open)
	if err := <-accepted; err != nil {
		t.Fatalf("Accept after the gate opened: %v", err)
	}

	shut := newListener(listenLoopback(t), make(chan struct{}), nil)
	go func() { _, err := shut.Accept(); accepted <- err }()
	if err := shut.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-accepted; !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept of a closed gated listener: %v, want net.ErrClosed", err)
	}
}

// TestListenerRetire: a retired listener stops accepting at once, its Accept
// waits for Close, and the socket stays open in another copy, with the
// connections that wait in its queue.
func TestListenerRetire(t *testing.T) {
	tcp := listenLoopback(t)
	file, err := tcp.File() // a dup, as a successor holds it
	if err != nil {
		t.Fatal(err)
	}
	successor, err := net.FileListener(file)
	_ = file.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer successor.Close()

	l := newListener(tcp, alwaysOpen, nil)
	accepted := make(chan error, 1)
	go func() { _, err := l.Accept(); accepted <- err }()
	l.retire()
	conn, err := net.Dial("tcp", successor.Addr().String())
	if err != nil {
		t.Fatalf("dial after retire: %v", err)
	}
	defer conn.Close()
	c, err := successor.Accept()
	if err != nil {
		t.Fatalf("the successor's Accept: %v", err)
	}
	c.Close()
	select {
	case err := <-accepted:
		t.Fatalf("retired Accept returned %v before Close", err)
	default:
	}
	if err := l.Close(); err != nil {
		t.Fatalf("Close of a retired listener: %v", err)
	}
	if err := <-accepted; !errors.Is(err, net.ErrClosed) {
		t.Fatalf("retired Accept after Close: %v, want net.ErrClosed", err)
	}
}
