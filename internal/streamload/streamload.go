// Package streamload holds many server-streaming gRPC calls on ONE HTTP/2
// connection and counts what they receive, for the benchmarks that drain
// thousands of busy streams on a 2-core machine. It speaks gRPC's wire
// protocol over golang.org/x/net/http2's framer and reads every stream from
// one goroutine: it costs the client about a tenth of what grpc-go's client
// does per message, where grpc-go wakes a goroutine per stream for each
// message. The server it talks to stays a real grpc-go server.
//
// It counts what the client saw: the messages of each stream, the streams
// that got a first message, and how each stream ended (its grpc-status, a
// RST_STREAM, or the connection closing under it).
package streamload

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// window is the flow-control window the client grants, per stream and for
// the connection: the server never waits for it in a benchmark's lifetime;
// the client tops it up once half of it is used.
const window = 1<<31 - 1

type (
	// A Conn is one HTTP/2 connection carrying server-streaming calls.
	Conn struct {
		nc net.Conn

		wmu  sync.Mutex // guards following
		bw   *bufio.Writer
		fw   *http2.Framer // writes frames to bw
		enc  *hpack.Encoder
		hb   bytes.Buffer
		next uint32 // the next stream id

		mu      sync.Mutex         // guards following
		streams map[uint32]*stream // the open streams
		ended   Ended              // how the closed streams ended
		connErr error              // why the reader stopped, once it did
		changed chan struct{}      // closed, and made anew, when a stream answers or ends
		goAway  bool               // the server sent GOAWAY
		keep    bool               // keep the connection after GOAWAY

		messages atomic.Int64  // messages read, on all streams
		firsts   atomic.Int64  // streams that read their first message
		done     chan struct{} // closed when the reader stops

		// The reader's own.
		fr      *http2.Framer // reads frames from the connection
		unacked int64         // connection bytes read since the last WINDOW_UPDATE
	}

	// stream is one call's state, the reader's.
	stream struct {
		messages int64
		partial  int64  // bytes of the current message still to come
		header   []byte // the part of a message's 5-byte prefix read so far
		unacked  int64  // bytes read since the stream's last WINDOW_UPDATE
	}

	// Ended counts how streams ended.
	Ended struct {
		// Status counts streams by the grpc-status of their trailers
		// ("0" is OK, "14" Unavailable).
		Status map[string]int
		// Reset counts streams ended by a RST_STREAM without trailers.
		Reset int
		// Refused counts streams above the last stream id of the server's
		// GOAWAY: not processed, so safe to retry.
		Refused int
		// Cut counts streams open when the connection closed.
		Cut int
	}
)

// ErrClosedAfterGoAway is the error of a connection that the client closed
// because the server had sent GOAWAY and no stream was left.
var ErrClosedAfterGoAway = errors.New("streamload: closed after the server's GOAWAY, no stream left")

// Dial opens an HTTP/2 connection (h2c, prior knowledge) to a gRPC server at
// addr.
func Dial(ctx context.Context, addr string) (*Conn, error) {
	nc, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &Conn{
		nc:      nc,
		bw:      bufio.NewWriterSize(nc, 64<<10),
		next:    1,
		streams: make(map[uint32]*stream),
		ended:   Ended{Status: make(map[string]int)},
		changed: make(chan struct{}),
		done:    make(chan struct{}),
	}
	c.fw = http2.NewFramer(c.bw, nil)
	c.fr = http2.NewFramer(nil, bufio.NewReaderSize(nc, 64<<10))
	c.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	c.fr.SetMaxReadFrameSize(1 << 20)
	c.enc = hpack.NewEncoder(&c.hb)
	if err := c.preface(); err != nil {
		_ = nc.Close()
		return nil, err
	}
	go c.read()
	return c, nil
}

// preface writes the client preface, its settings and the connection window.
func (c *Conn) preface() error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := c.bw.WriteString(http2.ClientPreface); err != nil {
		return err
	}
	err := c.fw.WriteSettings(
		http2.Setting{ID: http2.SettingInitialWindowSize, Val: window},
		http2.Setting{ID: http2.SettingMaxFrameSize, Val: 1 << 20},
	)
	if err == nil {
		err = c.fw.WriteWindowUpdate(0, window-65535)
	}
	if err == nil {
		err = c.bw.Flush()
	}
	return err
}

// Open starts a server-streaming call of method ("/package.Service/Method")
// with req, a marshalled request message, and returns its stream id. It does
// not wait for an answer; [Conn.AwaitFirsts] does.
func (c *Conn) Open(method string, req []byte) (uint32, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	id := c.next
	c.next += 2
	c.mu.Lock()
	c.streams[id] = &stream{}
	c.mu.Unlock()
	c.hb.Reset()
	for _, f := range [][2]string{
		{":method", "POST"}, {":scheme", "http"}, {":path", method},
		{":authority", c.nc.RemoteAddr().String()},
		{"content-type", "application/grpc"}, {"te", "trailers"},
	} {
		_ = c.enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	err := c.fw.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: c.hb.Bytes(), EndHeaders: true})
	if err == nil {
		err = c.fw.WriteData(id, true, frameMessage(req))
	}
	if err == nil {
		err = c.bw.Flush()
	}
	return id, err
}

// frameMessage returns msg with gRPC's length prefix: not compressed, then
// its length on 4 bytes.
func frameMessage(msg []byte) []byte {
	b := make([]byte, 5+len(msg))
	b[1], b[2], b[3], b[4] = byte(len(msg)>>24), byte(len(msg)>>16), byte(len(msg)>>8), byte(len(msg))
	copy(b[5:], msg)
	return b
}

// Messages returns the messages read so far, on all streams.
func (c *Conn) Messages() int64 { return c.messages.Load() }

// Firsts returns the streams that have read their first message.
func (c *Conn) Firsts() int64 { return c.firsts.Load() }

// AwaitFirsts returns once n streams have read their first message, or the
// error of ctx, or that of the connection if it closed before.
func (c *Conn) AwaitFirsts(ctx context.Context, n int) error {
	for {
		wait := c.changes()
		if c.firsts.Load() >= int64(n) {
			return nil
		}
		select {
		case <-wait:
		case <-c.done:
			if c.firsts.Load() >= int64(n) {
				return nil
			}
			return fmt.Errorf("streamload: connection closed with %d of %d streams answered: %w", c.firsts.Load(), n, c.Err())
		case <-ctx.Done():
			return fmt.Errorf("streamload: %d of %d streams answered: %w", c.firsts.Load(), n, ctx.Err())
		}
	}
}

// changes returns the channel closed at the next answer or end of a stream.
func (c *Conn) changes() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// changedLocked wakes the waiters of changes; c.mu is held.
func (c *Conn) changedLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// Done is closed when the connection closed and its reader stopped.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err returns why the reader stopped: io.EOF when the server closed the
// connection, ErrClosedAfterGoAway when the client did; nil while it reads.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.connErr
}

// Ended returns how the streams that ended so far ended, and how many are
// open.
func (c *Conn) Ended() (ended Ended, open int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ended = c.ended
	ended.Status = make(map[string]int, len(c.ended.Status))
	for k, v := range c.ended.Status {
		ended.Status[k] = v
	}
	return ended, len(c.streams)
}

// AwaitEnded returns how the streams ended once n of them did, or with the
// error of ctx. The connection closing ends every stream open then (cut).
func (c *Conn) AwaitEnded(ctx context.Context, n int) (Ended, error) {
	for {
		c.mu.Lock()
		total, wait := c.ended.Total(), c.changed
		c.mu.Unlock()
		if total >= n {
			ended, _ := c.Ended()
			return ended, nil
		}
		select {
		case <-wait:
		case <-ctx.Done():
			ended, _ := c.Ended()
			return ended, fmt.Errorf("streamload: %d of %d streams ended: %w", total, n, ctx.Err())
		}
	}
}

// Close closes the connection and waits for its reader.
func (c *Conn) Close() error {
	err := c.nc.Close()
	<-c.done
	return err
}

// String sums ended up: "10000 status 14, 0 reset, 0 refused, 0 cut".
func (e Ended) String() string {
	var b bytes.Buffer
	for k, v := range e.Status {
		fmt.Fprintf(&b, "%d status %s, ", v, k)
	}
	fmt.Fprintf(&b, "%d reset, %d refused, %d cut", e.Reset, e.Refused, e.Cut)
	return b.String()
}

// Total returns the number of streams counted in e.
func (e Ended) Total() int {
	n := e.Reset + e.Refused + e.Cut
	for _, v := range e.Status {
		n += v
	}
	return n
}

// StatusOf returns the count of streams that ended with code.
func (e Ended) StatusOf(code int) int { return e.Status[strconv.Itoa(code)] }

// KeepAfterGoAway makes the client keep the connection once the server sent
// GOAWAY and no stream is left, as some clients and proxies do, until the
// server closes it.
func (c *Conn) KeepAfterGoAway() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keep = true
}

// goneAway reports whether the server sent GOAWAY.
func (c *Conn) goneAway() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.goAway
}
