// Package grpcend holds the one workaround of zerodown that depends on
// grpc-go's internals, so that one contract test (contract_test.go) checks it
// against the grpc-go version in go.mod and fails with a clear message if
// grpc-go changes what it relies on:
//
//   - the [grpc.ServerTransportStream] that grpc-go puts in a stream
//     handler's context is its transport stream, which has the method
//     WriteStatus that grpc-go calls when the handler returns. [From] finds
//     it, so that the server can end a stream from another goroutine while
//     its handler still runs: the client gets the status at once, and the
//     stream's context is cancelled, which also ends a Send blocked on flow
//     control and a blocked Recv. A stream interceptor can then run its
//     handler inline, on grpc-go's goroutine, and still end it at the stream
//     drain deadline.
package grpcend
