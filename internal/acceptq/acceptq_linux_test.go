package acceptq

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestQuiesce_QueuedConnectionsSurviveTheClose dials connections that the
// kernel queues while nobody accepts, quiesces, accepts them and closes the
// listener: each queued connection still carries its bytes, a dial after
// the quiesce gets no handshake, and one after the close is refused.
func TestQuiesce_QueuedConnectionsSurviveTheClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	var clients []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
		_, err = c.Write([]byte("ping"))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	rc, err := ln.(*net.TCPListener).SyscallConn()
	require.NoError(t, err)
	n, err := queued(rc)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "the kernel queues the handshakes nobody accepted")

	quiesced := make(chan error, 1)
	go func() { quiesced <- Quiesce(context.Background(), ln) }()
	var served []net.Conn
	for range clients {
		c, err := ln.Accept()
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
		served = append(served, c)
	}
	require.NoError(t, <-quiesced)

	late, err := net.Dial("tcp", addr)
	require.NoError(t, err, "the kernel still queues one connection")
	defer late.Close()
	_, err = net.DialTimeout("tcp", addr, 100*time.Millisecond)
	var ne net.Error
	require.ErrorAs(t, err, &ne, "a second dial after the quiesce must get no handshake")
	assert.True(t, ne.Timeout(), "a second dial after the quiesce must time out, not connect: %v", err)

	require.NoError(t, ln.Close())
	_, err = net.Dial("tcp", addr)
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "a dial after the close: %v", err)
	for _, c := range served {
		buf := make([]byte, 4)
		_, err := c.Read(buf)
		require.NoError(t, err, "a queued connection must survive the close")
		assert.Equal(t, "ping", string(buf))
	}
}

// TestQuiesce_EndsWithItsContext returns ctx's error when nobody accepts.
func TestQuiesce_EndsWithItsContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Quiesce(ctx, ln), context.Canceled)
}

// TestQuiesce_OtherListeners is unsupported for a listener that is not a
// *net.TCPListener, and changes nothing.
func TestQuiesce_OtherListeners(t *testing.T) {
	ln, err := net.Listen("unix", t.TempDir()+"/s")
	require.NoError(t, err)
	defer ln.Close()
	assert.ErrorIs(t, Quiesce(context.Background(), struct{ net.Listener }{ln}), ErrUnsupported)
}
