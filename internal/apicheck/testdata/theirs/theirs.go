// Package theirs stands for a go-zero package in the tests of apicheck.
package theirs

import (
	"errors"
	"net/http"
	"time"
)

const Rate = 4096

var ErrBad = errors.New("bad")

type (
	Option func(*Server)

	Server struct{ h http.Handler }

	Conf struct {
		Host    string
		Timeout time.Duration
		hidden  int
	}

	Stopper interface{ Stop() }

	Alias = http.Handler
)

func New(c Conf, opts ...Option) *Server { return nil }

func Register(addr string, fn func(*http.Request)) (*Server, error) { return nil, nil }

func (s *Server) Start() {}

func (s *Server) Serve(w http.ResponseWriter, r *http.Request) {}

func Env(name string) string { return name }
