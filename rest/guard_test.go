package rest

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guardedPipe returns a guarded server side and the client side of a pipe.
func guardedPipe(t *testing.T, g *guards) (server net.Conn, client net.Conn) {
	s, c := net.Pipe()
	t.Cleanup(func() { _ = s.Close(); _ = c.Close() })
	return g.wrap(s), c
}

func TestGuardedConn_IdleCloseWhileARequestIsReadWaitsForTheResponse(t *testing.T) {
	g := newGuards()
	server, client := guardedPipe(t, g)
	g.connState(server, http.StateIdle)
	go func() { _, _ = client.Write([]byte("POST /")) }()
	buf := make([]byte, 16)
	n, err := server.Read(buf)
	require.NoError(t, err)

	require.NoError(t, server.Close(), "the idle sweep's close") // as Shutdown's closeIdleConns does
	pending, none := g.pending()
	assert.Equal(t, 1, pending)
	go func() { _, _ = client.Read(buf) }()
	_, err = server.Write(buf[:n])
	require.NoError(t, err, "the response must still go out")

	g.connState(server, http.StateActive)
	require.NoError(t, server.Close(), "the server's own close after the response")
	select {
	case <-none:
	default:
		t.Fatal("the refused close still counted")
	}
	_, err = server.Write(buf[:n])
	assert.Error(t, err, "closed for real")
}

func TestGuardedConn_IdleCloseWithNoRequestClosesAtOnce(t *testing.T) {
	g := newGuards()
	server, _ := guardedPipe(t, g)
	g.connState(server, http.StateIdle)
	require.NoError(t, server.Close())
	pending, _ := g.pending()
	assert.Zero(t, pending)
	_, err := server.Read(make([]byte, 1))
	assert.Error(t, err)
}

func TestGuardedConn_DrainDeadlineClosesRefusedCloses(t *testing.T) {
	g := newGuards()
	server, client := guardedPipe(t, g)
	g.connState(server, http.StateNew)
	go func() { _, _ = client.Write([]byte("G")) }()
	_, err := server.Read(make([]byte, 1))
	require.NoError(t, err)
	require.NoError(t, server.Close())
	_, none := g.pending()

	g.closeAll()
	<-none
	_, err = server.Write([]byte("x"))
	assert.Error(t, err)
}

func TestGuardedConn_KeepsSendfileAndHalfClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer client.Close()
	raw, err := ln.Accept()
	require.NoError(t, err)
	server := newGuards().wrap(raw)
	defer server.Close()

	_, isReaderFrom := server.(io.ReaderFrom)
	assert.True(t, isReaderFrom, "net/http uses sendfile only through io.ReaderFrom")
	n, err := server.(io.ReaderFrom).ReadFrom(strings.NewReader("file"))
	require.NoError(t, err)
	assert.EqualValues(t, 4, n)
	require.NoError(t, server.(interface{ CloseWrite() error }).CloseWrite())
	got, err := io.ReadAll(client)
	require.NoError(t, err, "the half-close ends the client's read")
	assert.Equal(t, "file", string(got))
}
