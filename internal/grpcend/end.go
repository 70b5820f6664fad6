package grpcend

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

// A StatusWriter writes the final status of a server stream: the client gets
// it, and the stream's context is cancelled. A status written before the
// handler returns wins: grpc-go's own WriteStatus, when the handler returns,
// does nothing then. WriteStatus is safe to call while the handler runs, and
// more than once.
type StatusWriter interface {
	WriteStatus(st *status.Status) error
}

// From returns the StatusWriter of the server stream whose handler runs with
// ctx. It returns false if ctx is not the context of a stream handler of a
// grpc.Server, or if its stream cannot write a status (a ServerTransportStream
// that an interceptor put there, or a grpc-go that changed). It does not
// allocate.
func From(ctx context.Context) (StatusWriter, bool) {
	w, ok := grpc.ServerTransportStreamFromContext(ctx).(StatusWriter)
	return w, ok
}
