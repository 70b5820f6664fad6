// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package secret

import (
	"net/http"

	"github.com/zeromicro/go-zero/rest/httpx"
	"greet/internal/logic/secret"
	"greet/internal/svc"
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
