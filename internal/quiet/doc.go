// Package quiet is the quiet-period rule that the REST and gRPC servers
// share at shutdown: a load balancer (Kubernetes endpoints seen through
// kube-proxy, an L4 balancer) goes on sending new connections to a pod for a
// while after its SIGTERM, and nothing tells the pod when it has stopped. So
// a server keeps its port open, and serves what arrives, until no connection
// has arrived for a quiet period, counted from the shutdown's start at the
// earliest, and never past a bound the server sets.
//
// A server records arrivals in [Arrivals] (a [Listener] does it for every
// connection it accepts, a call interceptor with [Arrivals.CallArrived]) and
// waits with [Await]. Quiet is not proof that nothing is sent: a service
// with sparse traffic should still set its delay to its balancer's lag.
package quiet
