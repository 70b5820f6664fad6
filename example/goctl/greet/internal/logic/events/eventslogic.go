// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package events

import (
	"context"

	"github.com/zerodown/zerodown/example/goctl/greet/internal/svc"
	"github.com/zerodown/zerodown/example/goctl/greet/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type EventsLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

func NewEventsLogic(ctx context.Context, svcCtx *svc.ServiceContext) *EventsLogic {
	return &EventsLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *EventsLogic) Events(client chan<- *types.Response) error {
	client <- &types.Response{Message: "tick"}
	// An endless stream: zerodown's rest cancels its context when the
	// server drains, so it ends before the drain deadline.
	<-l.ctx.Done()
	return nil
}
