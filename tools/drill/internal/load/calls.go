package load

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/tally"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
)

// SleepKey is the example service's metadata key for a call's work time.
const SleepKey = "x-sleep"

// A Result is what a load saw.
type Result struct {
	// Calls counts outcomes of calls.
	Calls tally.Counter
	// Writes records the writes acknowledged.
	Writes tally.Writes
	// Timeline, if set, counts the outcomes over time, for a picture.
	Timeline *timeline.Timeline
}

// Record counts the outcome and, if it is a success, acknowledges id.
func (r *Result) Record(outcome, id string) {
	r.Calls.Add(outcome)
	r.Timeline.Add(Class(outcome))
	if okOutcome(outcome) && id != "" {
		r.Writes.Ack(id)
	}
}

// Unary calls UnaryCall with a write of a new id and the work time sleep.
func Unary(client testpb.TestServiceClient, prefix string, sleep time.Duration, r *Result) func(seq int) {
	return func(seq int) {
		id := fmt.Sprintf("%s-%d", prefix, seq)
		r.Record(GRPCOutcome(UnaryWrite(client, id, sleep)), id)
	}
}

// UnaryWrite makes one UnaryCall that writes id after sleep.
func UnaryWrite(client testpb.TestServiceClient, id string, sleep time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, SleepKey, sleep.String())
	_, err := client.UnaryCall(ctx, &testpb.SimpleRequest{Payload: &testpb.Payload{Body: []byte(id)}})
	return err
}

// Empty calls UnaryCall with neither work nor write: the cheapest call that
// goes through the whole server, for throughput.
func Empty(client testpb.TestServiceClient, r *Result) func(seq int) {
	return func(int) {
		ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
		defer cancel()
		_, err := client.UnaryCall(ctx, &testpb.SimpleRequest{})
		r.Calls.Add(GRPCOutcome(err))
	}
}

// REST posts a write of a new id with the work time sleep to base, on a new
// connection each time, as clients behind a Kubernetes Service do when the
// endpoint changes.
func REST(client *http.Client, base, prefix string, sleep time.Duration, r *Result) func(seq int) {
	return func(seq int) {
		id := fmt.Sprintf("%s-%d", prefix, seq)
		url := fmt.Sprintf("%s/write?id=%s&sleep=%s", base, id, sleep)
		ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
		if err != nil {
			r.Calls.Add("bad request")
			return
		}
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		r.Record(HTTPOutcome(resp, err), id)
	}
}

// NewHTTPClient returns a client that opens a new connection per request.
func NewHTTPClient() *http.Client {
	return &http.Client{Timeout: CallTimeout, Transport: &http.Transport{DisableKeepAlives: true}}
}
