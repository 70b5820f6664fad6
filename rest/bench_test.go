package rest

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// nopWriter is a ResponseWriter that keeps nothing, so that the benchmarks
// measure the handlers alone.
type nopWriter struct{ h http.Header }

func (w nopWriter) Header() http.Header         { return w.h }
func (w nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w nopWriter) WriteHeader(int)             {}

func benchServe(b *testing.B, h http.Handler) {
	w := nopWriter{h: http.Header{}}
	r := httptest.NewRequest(http.MethodGet, "/api", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.ServeHTTP(w, r)
	}
}

// BenchmarkHandler_Plain is the route's handler alone.
func BenchmarkHandler_Plain(b *testing.B) {
	benchServe(b, http.HandlerFunc(okHandler))
}

// BenchmarkHandler_Wrapped is the same handler behind what a Server adds per
// request: the probe paths, the t0 check and the in-flight count.
func BenchmarkHandler_Wrapped(b *testing.B) {
	h := newHarness(b, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(b)
	benchServe(b, s.handler(s.track(okHandler, Route{Method: http.MethodGet, Path: "/"}), "/readyz", "/livez"))
}

// BenchmarkHandler_PlainParallel is BenchmarkHandler_Plain with every CPU
// serving: run it with -cpu 1,2,4 beside BenchmarkHandler_WrappedParallel.
func BenchmarkHandler_PlainParallel(b *testing.B) {
	benchServeParallel(b, http.HandlerFunc(okHandler))
}

// BenchmarkHandler_WrappedParallel is BenchmarkHandler_Wrapped with every
// CPU serving: the in-flight count's shards keep the added cost flat as CPUs
// are added, where one shared atomic counter would bounce its cache line
// between the cores.
func BenchmarkHandler_WrappedParallel(b *testing.B) {
	h := newHarness(b, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(b)
	benchServeParallel(b, s.handler(s.track(okHandler, Route{Method: http.MethodGet, Path: "/"}), "/readyz", "/livez"))
}

func benchServeParallel(b *testing.B, h http.Handler) {
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := nopWriter{h: http.Header{}}
		r := httptest.NewRequest(http.MethodGet, "/api", nil)
		for pb.Next() {
			h.ServeHTTP(w, r)
		}
	})
}
