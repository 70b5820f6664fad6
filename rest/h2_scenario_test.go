package rest

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/zerodown/zerodown/core/proc"
)

// certDirEnv names the directory of cert.pem and key.pem for the TLS scenarios.
const certDirEnv = "ZERODOWN_REST_CERT_DIR"

// scenarioH2 serves HTTP/2 over TLS: POST /work as the keep-alive scenario
// does, and GET /slow, which prints "slow started" and answers once the
// drain has begun, so that it is in flight when the server sends GOAWAY.
func scenarioH2() {
	dir := os.Getenv(certDirEnv)
	// WaitTime 8s: the drain ends by WaitTime − ShutdownReserve (7s), which
	// leaves the 4s drain slack when a loaded machine (the race detector, a
	// shared CI runner) stalls the delay; with 6s a 0.7s stall cut it.
	s := scenarioServer(300*time.Millisecond, 8*time.Second, func(c *RestConf) {
		c.CpuThreshold = 0
		c.Timeout = 30000
		// Go's HTTP/2 server keeps a connection 1s after its last stream
		// once it sent GOAWAY, and Shutdown waits for it: the drain must
		// leave that second after accepting (at most Timeout/2), or Close
		// cuts responses still queued on the connections.
		c.Drain.Timeout = 4 * time.Second
		c.CertFile, c.KeyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	})
	s.AddRoute(Route{Method: http.MethodPost, Path: "/work", Handler: workHandler})
	s.AddRoute(Route{Method: http.MethodGet, Path: "/slow", Handler: func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("slow started", r.Proto)
		<-proc.Draining()
		_, _ = w.Write([]byte("done"))
	}})
	printPhases()
	announce(s)
	s.Start()
	fmt.Println("start returned")
}
