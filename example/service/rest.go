package main

import (
	"errors"
	"net/http"
	"time"

	"github.com/zerodown/zerodown/example/service/store"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/rest/httpx"
)

type (
	// gateway is the REST gateway.
	gateway struct {
		logic *logic
	}

	// writeReply is the body of a successful POST /write.
	writeReply struct {
		ID     string `json:"id"`
		Server string `json:"server"`
	}

	// statsReply is the body of GET /stats.
	statsReply struct {
		Server   string `json:"server"`
		Inflight int64  `json:"inflight"`
		Rejected int64  `json:"rejected"`
	}
)

// routes returns the gateway's routes.
func (g *gateway) routes() []rest.Route {
	return []rest.Route{
		{Method: http.MethodGet, Path: "/ping", Handler: g.ping},
		{Method: http.MethodGet, Path: "/stats", Handler: g.stats},
		{Method: http.MethodPost, Path: "/write", Handler: g.write},
	}
}

// ping answers 200 "pong"; the drill uses it as a readiness probe.
func (g *gateway) ping(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte("pong"))
}

// stats reports the requests in flight and the writes the store rejected.
func (g *gateway) stats(w http.ResponseWriter, r *http.Request) {
	httpx.OkJsonCtx(r.Context(), w, statsReply{
		Server:   g.logic.name,
		Inflight: g.logic.inflight.Load(),
		Rejected: g.logic.store.Rejected(),
	})
}

// write handles POST /write?id=ID&sleep=DURATION: it works for sleep, then
// appends ID to the store. A closed store answers 503.
func (g *gateway) write(w http.ResponseWriter, r *http.Request) {
	var sleep time.Duration
	if s := r.URL.Query().Get("sleep"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			http.Error(w, "bad sleep: "+err.Error(), http.StatusBadRequest)
			return
		}
		sleep = d
	}
	id := r.URL.Query().Get("id")
	if err := g.logic.write(r.Context(), id, sleep); err != nil {
		code := http.StatusInternalServerError
		if errors.Is(err, store.ErrClosed) {
			code = http.StatusServiceUnavailable
		}
		http.Error(w, err.Error(), code)
		return
	}
	httpx.OkJsonCtx(r.Context(), w, writeReply{ID: id, Server: g.logic.name})
}
