// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package svc

import (
	"github.com/zerodown/zerodown/example/goctl/greet/internal/config"
	"github.com/zerodown/zerodown/example/goctl/greet/internal/middleware"
	"github.com/zerodown/zerodown/rest"
)

type ServiceContext struct {
	Config config.Config
	Trace  rest.Middleware
}

func NewServiceContext(c config.Config) *ServiceContext {
	return &ServiceContext{
		Config: c,
		Trace:  middleware.NewTraceMiddleware().Handle,
	}
}
