package streamload

import (
	"errors"
	"net"

	"golang.org/x/net/http2"
)

// read reads every frame of the connection until it closes; it answers the
// server's SETTINGS and PINGs and tops up the flow-control windows.
func (c *Conn) read() {
	err := c.readFrames()
	c.mu.Lock()
	if c.goAway && errors.Is(err, net.ErrClosed) {
		err = ErrClosedAfterGoAway
	}
	c.connErr = err
	c.ended.Cut += len(c.streams)
	clear(c.streams)
	c.changedLocked()
	c.mu.Unlock()
	close(c.done)
}

func (c *Conn) readFrames() error {
	for {
		f, err := c.fr.ReadFrame()
		if err != nil {
			return err
		}
		switch f := f.(type) {
		case *http2.DataFrame:
			err = c.onData(f)
		case *http2.MetaHeadersFrame:
			c.onHeaders(f)
		case *http2.RSTStreamFrame:
			c.onReset(f)
		case *http2.SettingsFrame:
			if !f.IsAck() {
				err = c.write(func() error { return c.fw.WriteSettingsAck() })
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				err = c.write(func() error { return c.fw.WritePing(true, f.Data) })
			}
		case *http2.GoAwayFrame:
			c.onGoAway(f)
		}
		if err != nil {
			return err
		}
	}
}

// write runs w under the write lock, then flushes.
func (c *Conn) write(w func() error) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := w(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// onData counts the messages of f's payload, whatever the frames' cut of
// them: a message is a 5-byte prefix, then as many bytes as it says.
func (c *Conn) onData(f *http2.DataFrame) error {
	data := f.Data()
	c.mu.Lock()
	s := c.streams[f.StreamID]
	var got int64
	first := false
	if s != nil {
		before := s.messages
		s.consume(data)
		got = s.messages - before
		first = before == 0 && got > 0
		s.unacked += int64(f.Length)
	}
	if first {
		c.firsts.Add(1)
		c.changedLocked()
	}
	c.unacked += int64(f.Length)
	topConn, topStream := c.unacked >= window/2, s != nil && s.unacked >= window/2
	streamAcked := int64(0)
	if topStream {
		streamAcked, s.unacked = s.unacked, 0
	}
	connAcked := int64(0)
	if topConn {
		connAcked, c.unacked = c.unacked, 0
	}
	c.mu.Unlock()
	c.messages.Add(got)
	if !topConn && !topStream {
		return nil
	}
	return c.write(func() error {
		if connAcked > 0 {
			if err := c.fw.WriteWindowUpdate(0, uint32(connAcked)); err != nil {
				return err
			}
		}
		if streamAcked > 0 {
			return c.fw.WriteWindowUpdate(f.StreamID, uint32(streamAcked))
		}
		return nil
	})
}

// consume counts the messages that data completes.
func (s *stream) consume(data []byte) {
	for len(data) > 0 {
		if s.partial > 0 {
			n := min(s.partial, int64(len(data)))
			s.partial -= n
			data = data[n:]
			if s.partial == 0 {
				s.messages++
			}
			continue
		}
		need := 5 - len(s.header)
		n := min(need, len(data))
		s.header = append(s.header, data[:n]...)
		data = data[n:]
		if len(s.header) < 5 {
			return
		}
		s.partial = int64(s.header[1])<<24 | int64(s.header[2])<<16 | int64(s.header[3])<<8 | int64(s.header[4])
		s.header = s.header[:0]
		if s.partial == 0 {
			s.messages++
		}
	}
}

// onHeaders records the grpc-status of a stream's trailers; the response
// headers that come before them carry none.
func (c *Conn) onHeaders(f *http2.MetaHeadersFrame) {
	if !f.StreamEnded() {
		return
	}
	code := ""
	for _, h := range f.RegularFields() {
		if h.Name == "grpc-status" {
			code = h.Value
		}
	}
	if code == "" {
		code = "none"
	}
	c.end(f.StreamID, func(e *Ended) { e.Status[code]++ })
}

func (c *Conn) onReset(f *http2.RSTStreamFrame) {
	c.end(f.StreamID, func(e *Ended) { e.Reset++ })
}

// onGoAway counts the streams above f's last stream id refused: the server
// did not process them, a client may retry them elsewhere. Once no stream is
// left, the client closes the connection, as grpc-go's does.
func (c *Conn) onGoAway(f *http2.GoAwayFrame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.goAway = true
	for id := range c.streams {
		if id > f.LastStreamID {
			delete(c.streams, id)
			c.ended.Refused++
		}
	}
	c.changedLocked()
	c.closeIfDoneLocked()
}

// closeIfDoneLocked closes the connection if the server sent GOAWAY and no
// stream is open, unless KeepAfterGoAway was called; c.mu is held.
func (c *Conn) closeIfDoneLocked() {
	if c.goAway && !c.keep && len(c.streams) == 0 {
		_ = c.nc.Close()
	}
}

// end removes the stream id, counted by count, if it is open.
func (c *Conn) end(id uint32, count func(*Ended)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.streams[id]; !ok {
		return
	}
	delete(c.streams, id)
	count(&c.ended)
	c.changedLocked()
	c.closeIfDoneLocked()
}
