package load

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	zdzrpc "github.com/zerodown/zerodown/zrpc"
	"google.golang.org/grpc"
	testpb "google.golang.org/grpc/interop/grpc_testing"
)

// StreamStats counts what endless streams kept open by [MovingStream] saw.
// It is safe for concurrent use.
type StreamStats struct {
	mu         sync.Mutex
	moved      int            // re-opened when the server said it was leaving
	cut        map[string]int // re-opened after the stream ended with an error, by outcome
	lost       int            // messages skipped across a move (numbers never received)
	repeated   int            // messages received twice
	longestGap time.Duration  // longest time between two messages of one stream
}

// Moved returns the moves the servers announced before ending the stream.
func (s *StreamStats) Moved() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.moved
}

// Cut returns the streams ended under the client, by outcome.
func (s *StreamStats) Cut() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.cut))
	for k, v := range s.cut {
		out[k] = v
	}
	return out
}

// Lost returns the messages lost and repeated across moves.
func (s *StreamStats) Lost() (lost, repeated int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost, s.repeated
}

// LongestGap returns the longest time a stream went without a message.
func (s *StreamStats) LongestGap() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.longestGap
}

func (s *StreamStats) move(m zdzrpc.StreamMove) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.Cause == nil {
		s.moved++
		return
	}
	if s.cut == nil {
		s.cut = map[string]int{}
	}
	s.cut[GRPCOutcome(m.Cause)]++
}

// MovingStream keeps one endless, numbered stream open with
// [zdzrpc.KeepStream] until stop is closed: it moves off a server that says
// it is going away (the client must have [zdzrpc.StreamAwayInterceptor]),
// re-opens after an error, and resumes after the last message it got. It
// counts moves, cuts, lost and repeated messages and the longest gap in st.
func MovingStream(client testpb.TestServiceClient, interval time.Duration, stop <-chan struct{},
	st *StreamStats) func(seq int) {
	return func(int) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			select {
			case <-stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		next, last := 0, time.Time{}
		open := func(ctx context.Context) (grpc.ServerStreamingClient[testpb.StreamingOutputCallResponse], error) {
			return client.StreamingOutputCall(ctx, &testpb.StreamingOutputCallRequest{
				ResponseParameters: []*testpb.ResponseParameters{{IntervalUs: int32(interval / time.Microsecond)}},
				Payload:            &testpb.Payload{Body: []byte(strconv.Itoa(next))},
			})
		}
		handle := func(m *testpb.StreamingOutputCallResponse) error {
			body := string(m.GetPayload().GetBody())
			n, err := strconv.Atoi(body[strings.LastIndexByte(body, '/')+1:])
			if err != nil {
				return err
			}
			now := time.Now()
			st.mu.Lock()
			switch {
			case n > next:
				st.lost += n - next
			case n < next:
				st.repeated++
			}
			if !last.IsZero() {
				st.longestGap = max(st.longestGap, now.Sub(last))
			}
			st.mu.Unlock()
			next, last = n+1, now
			return nil
		}
		for ctx.Err() == nil {
			err := zdzrpc.KeepStream(ctx, open, handle, zdzrpc.WithOnMove(st.move))
			if err == nil || ctx.Err() != nil {
				continue // ended by the server without error, or stopped
			}
			if !errors.Is(err, context.Canceled) {
				st.move(zdzrpc.StreamMove{Cause: err})
				pause(stop)
			}
		}
	}
}
