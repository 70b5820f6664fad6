package rest

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/internal/kaload"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// h2Clients is the number of HTTP/2 clients of the load test.
const h2Clients = 100

// h2Seen is what a raw HTTP/2 client saw on its connection.
type h2Seen struct {
	goAway       *http2.GoAwayFrame
	status, body string
	ended        bool // the stream's END_STREAM came
	err          error
}

// TestSignal_HTTP2ClientGetsGoAwayAndItsStreamFinishes keeps a stream in
// flight over HTTP/2 with TLS while the server drains: the client must read
// a GOAWAY that counts its stream as processed, and the whole response.
func TestSignal_HTTP2ClientGetsGoAwayAndItsStreamFinishes(t *testing.T) {
	dir, cfg := writeCert(t)
	t.Setenv(certDirEnv, dir)
	p := startScenario(t, "h2")
	addr := valueOf(t, p, "addr ")
	conn, err := tls.Dial("tcp", addr, cfg)
	require.NoError(t, err)
	defer conn.Close()
	require.Equal(t, "h2", conn.ConnectionState().NegotiatedProtocol)
	fr := startStream(t, conn, addr, "/slow")
	seen := make(chan h2Seen, 1)
	go func() { seen <- readStream(fr, 1) }()

	p.Await(t, "slow started HTTP/2.0")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	got := <-seen
	require.NoError(t, got.err)
	require.NotNil(t, got.goAway, "no GOAWAY")
	assert.Equal(t, http2.ErrCodeNo, got.goAway.ErrCode)
	assert.GreaterOrEqual(t, got.goAway.LastStreamID, uint32(1), "the stream in flight must count as processed")
	assert.True(t, got.ended, "the stream in flight did not end")
	assert.Equal(t, "200", got.status)
	assert.Equal(t, "done", got.body)
}

// TestSignal_HTTP2ClientsLoseNothing is the keep-alive test over HTTP/2 with TLS.
func TestSignal_HTTP2ClientsLoseNothing(t *testing.T) {
	dir, cfg := writeCert(t)
	t.Setenv(certDirEnv, dir)
	p := startScenario(t, "h2")
	load := kaload.Start(kaload.Config{
		URL:     "https://" + valueOf(t, p, "addr ") + "/work",
		Clients: h2Clients,
		NewClient: func() *http.Client {
			tr := &http.Transport{TLSClientConfig: cfg.Clone(), ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 1}
			return &http.Client{Transport: tr, Timeout: proctest.Watchdog}
		},
	})
	select {
	case <-load.Warm():
	case <-time.After(proctest.Watchdog):
		t.Fatal("clients not connected")
	}
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	res := load.Stop()

	counts := res.Count(executedIn(p), unixLine(t, p, "drain "))
	t.Logf("%d HTTP/2 clients: %s; %s", h2Clients, counts, counts.Example)
	assert.Zero(t, counts.EstablishedBeforeDrain, counts.Example)
	assert.Zero(t, counts.ExecutedButLost, counts.Example)
	assert.Positive(t, counts.OK)
}

// startStream writes the client preface, its settings and a GET of path on
// stream 1, and returns the framer.
func startStream(t *testing.T, conn *tls.Conn, authority, path string) *http2.Framer {
	t.Helper()
	_, err := conn.Write([]byte(http2.ClientPreface))
	require.NoError(t, err)
	fr := http2.NewFramer(conn, conn)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	require.NoError(t, fr.WriteSettings())
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, f := range [][2]string{{":method", "GET"}, {":scheme", "https"}, {":authority", authority}, {":path", path}} {
		require.NoError(t, enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]}))
	}
	require.NoError(t, fr.WriteHeaders(http2.HeadersFrameParam{
		StreamID: 1, BlockFragment: block.Bytes(), EndStream: true, EndHeaders: true,
	}))
	return fr
}

// readStream reads frames until the connection ends, acknowledging the
// server's settings and pings, and returns what came for stream id.
func readStream(fr *http2.Framer, id uint32) (seen h2Seen) {
	var body bytes.Buffer
	defer func() { seen.body = body.String() }()
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				seen.err = err
			}
			return seen
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				seen.err = fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				seen.err = fr.WritePing(true, f.Data)
			}
		case *http2.GoAwayFrame:
			seen.goAway = f
		case *http2.MetaHeadersFrame:
			if f.StreamID == id {
				seen.status = f.PseudoValue("status")
				seen.ended = seen.ended || f.StreamEnded()
			}
		case *http2.DataFrame:
			if f.StreamID == id {
				body.Write(f.Data())
				seen.ended = seen.ended || f.StreamEnded()
			}
		}
		if seen.err != nil {
			return seen
		}
	}
}
