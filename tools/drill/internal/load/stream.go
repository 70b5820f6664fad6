package load

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/tally"
	testpb "google.golang.org/grpc/interop/grpc_testing"
)

// EndOK is the end of a stream that the server ended without error.
const EndOK = "OK (server ended)"

// Stream opens an endless server-stream (a message per interval) and reads
// it until it ends or stop is closed; it counts in ends how it ended, with
// "open: " before the code of a stream that could not open. A stream still
// open at stop is not counted.
func Stream(client testpb.TestServiceClient, interval time.Duration, stop <-chan struct{},
	ends *tally.Counter) func(seq int) {
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
		req := &testpb.StreamingOutputCallRequest{
			ResponseParameters: []*testpb.ResponseParameters{{IntervalUs: int32(interval / time.Microsecond)}},
		}
		stream, err := client.StreamingOutputCall(ctx, req)
		if err != nil {
			if ctx.Err() == nil {
				ends.Add("open: " + GRPCOutcome(err))
				pause(stop)
			}
			return
		}
		for {
			_, err := stream.Recv()
			if err == nil {
				continue
			}
			switch {
			case ctx.Err() != nil:
			case errors.Is(err, io.EOF):
				ends.Add(EndOK)
			default:
				ends.Add(GRPCOutcome(err))
			}
			return
		}
	}
}

// pause waits a moment before a stream is opened again after a failed open,
// so that a worker does not spin while no instance is known.
func pause(stop <-chan struct{}) {
	t := time.NewTimer(50 * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
	case <-stop:
	}
}
