// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package greet

import (
	"context"

	"github.com/zerodown/zerodown/example/goctl/greet/internal/svc"
	"github.com/zerodown/zerodown/example/goctl/greet/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type GreetLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

func NewGreetLogic(ctx context.Context, svcCtx *svc.ServiceContext) *GreetLogic {
	return &GreetLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *GreetLogic) Greet(req *types.Request) (resp *types.Response, err error) {
	return &types.Response{Message: "hello " + req.Name}, nil
}
