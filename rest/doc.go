// Package rest is go-zero's rest server wired into [proc]: a drop-in for
// github.com/zeromicro/go-zero/rest whose shutdown is ordered, awaited and
// bounded.
//
// go-zero's server keeps reporting ready until its shutdown listeners run,
// then calls http.Server.Shutdown with no bound, at the same moment as the
// user's DB close, and ends event streams only at the self-kill. A [Server]
// keeps go-zero's routes, middlewares, JWT, CORS, SSE and RestConf yaml, so a
// goctl-generated service switches by changing its imports, and follows the
// timeline of its [proc.Registry] ([proc.DefaultRegistry] unless
// [WithRegistry]):
//
//	SIGTERM / Terminate
//	 t0   readiness 503; responses carry Connection: close;   routes keep answering
//	      no connection is closed under a client
//	 1    wrap-up hooks (deregistration, consumers)
//	 2    propagation delay until t0+WrapUpTime (1s)            routes keep answering
//	 3    drain: event streams cancelled, Draining(ctx) closed;
//	      new connections still accepted while they keep arriving
//	      (until none for Drain.QuietPeriod, 500ms, or Timeout/2);
//	      http.Server.Shutdown (idle connections close, HTTP/2 GOAWAY),
//	      bounded by Drain.Timeout (3s), then Close;
//	      awaits every handler, even after Close
//	 4    shutdown hooks (DB close): nothing is in flight any more
//	 5    Start returns
//
// Connection: close ends an HTTP/1.1 keep-alive connection after the
// response; Go's HTTP/2 server (TLS) sends a GOAWAY for it instead. The
// idle connections are closed only at the drain, after the quiet period:
// closing them earlier races the clients that are sending on them. A request
// on a connection the server closes was never executed, so a client may
// retry it; a request the server began reading is always answered (Go's
// Shutdown could close a plain HTTP/1.1 connection that had just read one:
// the Server refuses that close until the response is written).
//
// A load balancer may go on sending new connections after the propagation
// delay: Kubernetes endpoints lag behind SIGTERM by a time no pod can know.
// So the drain keeps the port open while connections still arrive, each
// answered with Connection: close, and stops accepting once none has arrived
// for Drain.QuietPeriod. A service with sparse traffic should still set
// WrapUpTime to its endpoints' lag: quiet is not proof that nothing is sent.
//
// # Probes
//
// Every Server answers, ahead of its routes and middlewares, a readiness
// endpoint (Probes.ReadinessPath, /readyz) and a liveness endpoint
// (Probes.LivenessPath, /livez). Readiness is shared by every server of the
// registry (see [readiness.For]): 200 only when each one is listening, 503
// from t0 on. Liveness answers 200 while the process runs, also during the
// shutdown, so that Kubernetes does not restart a draining pod.
//
// # Streams
//
// The request context of a route added with [WithSSE] is cancelled when the
// drain begins, so a handler that returns on r.Context().Done() ends the
// stream cleanly before the drain deadline. Other long-lived handlers select
// on [Draining](r.Context()).
//
// # Several servers
//
// Servers of one registry (two Servers, or a Server and a zrpc server) share
// one readiness and drain together, in the registry's drain phase. go-zero's
// service.ServiceGroup works with them: its Start returns once every Start
// has.
//
// Unlike go-zero's Stop, which only closes the logs, [Server.Stop] drains
// this server and frees its port, so that another server can be built in the
// same process; the whole process's shutdown stays with the signal,
// [proc.Terminate] and [proc.Shutdown]. Servers may use one address one
// after the other: their hook names stay unique per server.
//
// NewServer refuses a Drain.Timeout that, after WrapUpTime, cannot end
// before WaitTime (the force quit would cut the drain), with the rule zrpc
// uses.
package rest
