package ported

import (
	"net/http"
	"sync"

	"github.com/zerodown/zerodown/rest"
)

var (
	serverlessMu sync.Mutex
	serverless   = map[*rest.Server]*rest.Serverless{}
)

// serve replaces go-zero's test helper of the same name, which calls the
// unexported s.build and s.serve: rest.NewServerless does both through the
// exported API. go-zero's helper ignores the error of building twice, and
// serves with the router built first: so does this one.
func serve(s *rest.Server, w http.ResponseWriter, r *http.Request) {
	serverlessMu.Lock()
	sl, ok := serverless[s]
	if !ok {
		var err error
		if sl, err = rest.NewServerless(s); err != nil {
			serverlessMu.Unlock()
			panic(err)
		}
		serverless[s] = sl
	}
	serverlessMu.Unlock()
	sl.Serve(w, r)
}
