// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package svc

import (
	"github.com/zeromicro/go-zero/rest"
	"greet/internal/config"
	"greet/internal/middleware"
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
