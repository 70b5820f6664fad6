// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package secret

import (
	"net/http"

	"github.com/zerodown/zerodown/example/goctl/greet/internal/logic/secret"
	"github.com/zerodown/zerodown/example/goctl/greet/internal/svc"
	"github.com/zeromicro/go-zero/rest/httpx"
)

func SecretHandler(svcCtx *svc.ServiceContext) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := secret.NewSecretLogic(r.Context(), svcCtx)
		resp, err := l.Secret()
		if err != nil {
			httpx.ErrorCtx(r.Context(), w, err)
		} else {
			httpx.OkJsonCtx(r.Context(), w, resp)
		}
	}
}
