package gozero

import (
	"sync"
	_ "unsafe" // go:linkname
)

// healthProbe has the method set of go-zero's internal/health.Probe, which
// go-zero's DevServer folds into its /healthz: 200 while every probe is
// ready, 503 otherwise, and 503 while there is none.
type healthProbe interface {
	IsReady() bool
	MarkNotReady()
	MarkReady()
	Name() string
}

// gzAddProbe is go-zero's internal/health.AddProbe: it adds a probe to the
// DevServer's /healthz.
//
//go:linkname gzAddProbe github.com/zeromicro/go-zero/internal/health.AddProbe
func gzAddProbe(probe healthProbe)

var (
	healthMu sync.Mutex
	// followed holds the keys whose readiness the DevServer follows.
	followed = map[any]bool{}
)

// FollowHealth makes go-zero's DevServer /healthz follow ready: 503 while it
// returns false, and 200 while it and every probe of go-zero's own servers
// return true. go-zero's rest server adds its probe when it listens, but
// zerodown's rest server takes its *http.Server before (see
// [TakeHTTPServer]), so without this /healthz answers 503 for as long as it
// serves; go-zero's zrpc server marks its probe not ready only in go-zero's
// shutdown listeners, at the end of the shutdown. The first call for a key
// adds the probe, named name; later calls for the key do nothing. It is
// safe to call concurrently.
func FollowHealth(key any, name string, ready func() bool) {
	healthMu.Lock()
	defer healthMu.Unlock()
	if followed[key] {
		return
	}
	followed[key] = true
	gzAddProbe(&funcProbe{name: name, ready: ready})
}

// funcProbe is a probe whose state is ready's: go-zero's calls to mark it
// are ignored, as zerodown's readiness decides.
type funcProbe struct {
	name  string
	ready func() bool
}

func (p *funcProbe) IsReady() bool { return p.ready() }
func (p *funcProbe) MarkNotReady() {}
func (p *funcProbe) MarkReady()    {}
func (p *funcProbe) Name() string  { return p.name }
