package main

import (
	"net/http"
	"strings"

	"github.com/zerodown/zerodown/example/mq/shim"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/rest/httpx"
)

type (
	// A gateway is the API: it pushes the ids it is given to Kafka.
	gateway struct {
		pusher *shim.Pusher
	}

	// pushReply is the body of a successful POST /push.
	pushReply struct {
		ID string `json:"id"`
	}
)

// routes returns the API's routes.
func (g *gateway) routes() []rest.Route {
	return []rest.Route{
		{Method: http.MethodGet, Path: "/ping", Handler: g.ping},
		{Method: http.MethodPost, Path: "/push", Handler: g.push},
	}
}

// ping answers 200 "pong"; the drill uses it as a readiness probe.
func (g *gateway) ping(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte("pong"))
}

// push handles POST /push?id=ID: it pushes ID to Kafka with the Pusher's
// default options (batched by a go-zero ChunkExecutor, flushed every second
// and at the shutdown), and answers 200 once the Pusher took it.
func (g *gateway) push(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	if id == "" || strings.ContainsAny(id, " \t\r\n") {
		http.Error(w, "id must be one word", http.StatusBadRequest)
		return
	}
	if err := g.pusher.Push(r.Context(), id); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	httpx.OkJsonCtx(r.Context(), w, pushReply{ID: id})
}
