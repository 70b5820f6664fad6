package zrpc

import (
	"context"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// A healthServer is the server's grpc.health.v1 service. Unlike grpc-go's
// health.Server, whose Watch streams stay open after Shutdown and so hold
// GracefulStop until its deadline, it ends every Watch stream at shutdown:
// the watcher gets NOT_SERVING, then the stream ends with codes.Unavailable.
type healthServer struct {
	healthgrpc.UnimplementedHealthServer
	ending chan struct{} // closed at shutdown
	end    func()        // closes ending, once

	mu       sync.Mutex // guards following
	statuses map[string]healthgrpc.HealthCheckResponse_ServingStatus
}

func newHealthServer() *healthServer {
	h := &healthServer{
		ending:   make(chan struct{}),
		statuses: map[string]healthgrpc.HealthCheckResponse_ServingStatus{},
	}
	h.end = sync.OnceFunc(func() { close(h.ending) })
	return h
}

// serve marks the server, "", and each of services SERVING, unless the
// shutdown has begun.
func (h *healthServer) serve(services map[string]grpc.ServiceInfo) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := healthgrpc.HealthCheckResponse_SERVING
	select {
	case <-h.ending:
		st = healthgrpc.HealthCheckResponse_NOT_SERVING
	default:
	}
	h.statuses[""] = st
	for name := range services {
		h.statuses[name] = st
	}
}

// shutdown is the server's first wrap-up hook: it marks the server and every
// service NOT_SERVING and ends the Watch streams.
func (h *healthServer) shutdown(context.Context) error {
	h.mu.Lock()
	for name := range h.statuses {
		h.statuses[name] = healthgrpc.HealthCheckResponse_NOT_SERVING
	}
	h.mu.Unlock()
	h.end()
	return nil
}

func (h *healthServer) status(service string) (healthgrpc.HealthCheckResponse_ServingStatus, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, ok := h.statuses[service]
	return st, ok
}

// Check implements grpc.health.v1.Health.Check.
func (h *healthServer) Check(_ context.Context, req *healthgrpc.HealthCheckRequest) (
	*healthgrpc.HealthCheckResponse, error) {
	st, ok := h.status(req.GetService())
	if !ok {
		return nil, status.Error(codes.NotFound, "unknown service")
	}
	return &healthgrpc.HealthCheckResponse{Status: st}, nil
}

// List implements grpc.health.v1.Health.List.
func (h *healthServer) List(context.Context, *healthgrpc.HealthListRequest) (*healthgrpc.HealthListResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	resp := &healthgrpc.HealthListResponse{Statuses: make(map[string]*healthgrpc.HealthCheckResponse, len(h.statuses))}
	for name, st := range h.statuses {
		resp.Statuses[name] = &healthgrpc.HealthCheckResponse{Status: st}
	}
	return resp, nil
}

// Watch implements grpc.health.v1.Health.Watch. It sends the current status,
// SERVICE_UNKNOWN for an unknown service, then waits. At shutdown it sends
// NOT_SERVING and ends the stream with codes.Unavailable, so that the stream
// cannot hold the drain and the client's retry goes elsewhere.
func (h *healthServer) Watch(req *healthgrpc.HealthCheckRequest,
	stream grpc.ServerStreamingServer[healthgrpc.HealthCheckResponse]) error {
	st, ok := h.status(req.GetService())
	if !ok {
		st = healthgrpc.HealthCheckResponse_SERVICE_UNKNOWN
	}
	if err := stream.Send(&healthgrpc.HealthCheckResponse{Status: st}); err != nil {
		return err
	}
	select {
	case <-stream.Context().Done():
		return status.FromContextError(stream.Context().Err()).Err()
	case <-h.ending:
	}
	if st != healthgrpc.HealthCheckResponse_NOT_SERVING {
		err := stream.Send(&healthgrpc.HealthCheckResponse{Status: healthgrpc.HealthCheckResponse_NOT_SERVING})
		if err != nil {
			return err
		}
	}
	return status.Error(codes.Unavailable, ShuttingDownMessage)
}
