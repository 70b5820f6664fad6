package rest

import (
	"net/http"

	"github.com/zeromicro/go-zero/rest"
)

// ErrSignatureConfig is go-zero's rest.ErrSignatureConfig: a route with
// signature verification whose SignatureConf is bad.
var ErrSignatureConfig = rest.ErrSignatureConfig

// A Serverless serves a [Server]'s routes from an http.Handler of another
// runtime (a cloud function), as go-zero's Serverless does: no listener,
// no probes, no drain.
type Serverless struct {
	gz *rest.Serverless
}

// NewServerless returns a Serverless that serves the routes, middlewares
// and options of server, or the error of building its router.
func NewServerless(server *Server) (*Serverless, error) {
	gz, err := rest.NewServerless(server.gz)
	if err != nil {
		return nil, err
	}
	return &Serverless{gz: gz}, nil
}

// Serve serves the request r with the server's routes.
func (s *Serverless) Serve(w http.ResponseWriter, r *http.Request) {
	s.gz.Serve(w, r)
}
