package rest

import (
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/readiness"
	"github.com/zerodown/zerodown/internal/gozero"
)

// followHealth makes go-zero's DevServer /healthz follow the readiness of
// registry: 200 while every server is ready, 503 from the shutdown's start,
// as /readyz and the gRPC health service.
func followHealth(registry *proc.Registry, ready *readiness.Set) {
	gozero.FollowHealth(registry, "zerodown readiness", func() bool {
		ok, _ := ready.Ready()
		return ok
	})
}
