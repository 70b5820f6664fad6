// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package secret

import (
	"context"

	"greet/internal/svc"
	"greet/internal/types"

	"github.com/zeromicro/go-zero/core/logx"
)

type SecretLogic struct {
	logx.Logger
	ctx    context.Context
	svcCtx *svc.ServiceContext
}

func NewSecretLogic(ctx context.Context, svcCtx *svc.ServiceContext) *SecretLogic {
	return &SecretLogic{
		Logger: logx.WithContext(ctx),
		ctx:    ctx,
		svcCtx: svcCtx,
	}
}

func (l *SecretLogic) Secret() (resp *types.Response, err error) {
	// todo: add your logic here and delete this line

	return
}
