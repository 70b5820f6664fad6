// Package zrpc is go-zero's gRPC server whose shutdown is ordered, awaited
// and bounded: a part of a [proc.Registry] timeline. A goctl-generated RPC
// service switches to it by changing its imports only: [RpcServerConf] keeps
// go-zero's yaml, [MustNewServer] and [NewServer] take the same arguments,
// and go-zero's interceptors, auth, breaker, shedding, tracing and metrics
// stay, since the server is go-zero's, started by go-zero's code.
//
// On stock go-zero, the health service says SERVING until the shutdown
// listener runs 1s after SIGTERM, the etcd key is revoked on a goroutine no
// one waits for, GracefulStop has no bound (an open stream, a health Watch,
// holds it until the process is killed at 5.5s), and the application's
// shutdown listeners (a DB close) run while RPCs are still in flight.
//
// # The timeline
//
//	SIGTERM / Registry.Terminate
//	 t0       health: NOT_SERVING for "" and every service; health Watch streams
//	          get NOT_SERVING and end with codes.Unavailable
//	 wrap-up  etcd: lease revoked (key deleted), awaited, bounded by
//	          Drain.DeregisterTimeout (1s); an unreachable etcd is logged and passed
//	 delay    keep serving until t0+WrapUpTime (1s): go-zero clients drop the key;
//	          with etcd, ends as soon as the key is gone and no client is connected;
//	          without, once no connection nor call arrived for Drain.QuietPeriod
//	 drain    Draining(ctx) closed; the port stays open, serving, until no
//	          connection nor call arrived for Drain.QuietPeriod (500ms; at most
//	          Timeout/2): an L4 balancer that lags is served, not refused
//	          GracefulStop: port closed, GOAWAY, in-flight RPCs finish
//	          +Drain.StreamTimeout (2s): streams still open end with codes.Unavailable
//	          (many streams end over a ramp before it, 150µs each, at most 1s)
//	          +Drain.Timeout (3s): Stop; drained when every handler has returned
//	 shutdown the application's hooks (DB close): no RPC is in flight any more
//	 end      Start returns; main returns; exit 0
//
// Start (or Run) returns only when the whole sequence of its Registry is
// done, so main returning cannot cut a hook off. Several servers of one
// Registry (the default, [proc.DefaultRegistry]) drain together.
//
// # Streams
//
// A long-lived stream handler selects on [Draining] of its context and ends
// cleanly when the drain begins. Streams still open at the stream drain
// deadline end with codes.Unavailable and [ShuttingDownMessage]: the server
// writes that status while the handler still runs, and grpc-go cancels the
// handler's context, which also ends a Send blocked on flow control and a
// blocked Recv. The handler runs on grpc-go's goroutine: the server adds no
// goroutine per stream, and one allocation.
//
// # Observability
//
// The server counts its unary calls (one atomic add each way, in a shard of
// the count picked at random so that cores rarely share its cache line; no
// allocation)
// and its open streams, and reports them as zerodown_shutdown_in_flight_*
// {server="zrpc "+ListenOn} on metric.Default, which [NewServer] adds to
// proc.DefaultRegistry; the drain-start gauge keeps what was in flight when
// the drain began. Each Registry gets one shutdown report (core/report), with
// those counts, configured by the Report section of the first server's conf
// that sets a termination log.
//
// # Clients
//
// grpc-go does not show GOAWAY to the application. [GoingAway] closes a
// channel when the server behind a connection reports NOT_SERVING on its
// health Watch or the connection leaves READY; [IsShuttingDown] recognises
// the status of a stream the server ended. Their documentation says what
// they cannot see. Behind a balancer over several servers (go-zero's p2c
// over etcd), [StreamAwayInterceptor] makes it per stream:
// [StreamGoingAway] of a stream's context closes when the server of that
// stream reports NOT_SERVING, and [KeepStream] moves a server-streaming call
// off a leaving server and resumes it.
//
// # Differences from go-zero
//
// Health (go-zero's flag, default true) serves this package's health
// service, not go-zero's. The server listens on ListenOn itself; go-zero's
// own listener is on a free loopback port, unused. After an etcd outage the
// server keeps (or replaces, revoking it) its one lease: at most one key. Stop
// drains and stops that server alone (see [RpcServer.Stop]) instead of closing
// the logs. A listen error is returned by [RpcServer.Run] and makes
// Start terminate the Registry, instead of a panic.
package zrpc
