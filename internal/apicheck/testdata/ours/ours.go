// Package ours stands for a zerodown package in the tests of apicheck.
package ours

import (
	"net/http"
	"time"

	gz "example.com/theirs"
)

const Rate = gz.Rate

var ErrBad = gz.ErrBad

type (
	Option func(*options)

	Server struct{}

	Conf struct {
		Host    string
		Timeout int64
	}

	Stopper = gz.Stopper

	Alias = gz.Alias
)

func New(c Conf, opts ...Option) *Server { return nil }

func Register(addr string, fn func(*http.Request), opts ...Option) (*Server, error) { return nil, nil }

func (s *Server) Start() {}

func Env(name string) time.Duration { return 0 }
