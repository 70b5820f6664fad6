package rest

import (
	"fmt"

	"github.com/zeromicro/go-zero/core/logx"
)

// probePaths returns the paths the probes answer, "" for none, given the
// routes: a route at the liveness path wins over the probe (a service's own
// liveness check says more than "the process runs"), and a route at the
// readiness path is an error, since the readiness that a Server reports is
// what keeps the load balancers from sending to a draining pod.
func (s *Server) probePaths() (ready, live string, err error) {
	p := s.conf.Probes
	if p.Disabled {
		return "", "", nil
	}
	ready, live = p.ReadinessPath, p.LivenessPath
	for _, r := range s.gz.Routes() {
		switch r.Path {
		case p.ReadinessPath:
			return "", "", fmt.Errorf("%w: route %s %s is at the readiness probe's path: "+
				"set Probes.ReadinessPath to another path (or Probes.Disabled: true)", ErrBadConf, r.Method, r.Path)
		case p.LivenessPath:
			if live != "" {
				logx.Infof("rest: %s: route %s %s answers the liveness probe's path, not the probe",
					s.name, r.Method, r.Path)
			}
			live = ""
		}
	}
	return ready, live, nil
}
