// Command testsvc is the service the subprocess tests of package upgrade
// upgrade in place: a REST server whose routes answer with the pid, and a
// zrpc server with grpc.health.v1, both on proc.DefaultRegistry. It prints
// "pid N starting", "pid N ready" once every server is ready, and
// "pid N exiting" when main returns.
//
// Hang: true in the yaml keeps the zrpc server from starting, so that the
// process is never ready; a yaml that does not load makes it exit 1.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/readiness"
	"github.com/zerodown/zerodown/rest"
	"github.com/zerodown/zerodown/zrpc"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/service"
)

// Config is the yaml of testsvc.
type Config struct {
	Rest rest.RestConf
	Rpc  zrpc.RpcServerConf
	// Hang never starts the zrpc server: the process never becomes ready.
	Hang bool `json:",optional"`
}

func main() {
	file := flag.String("f", "", "yaml config")
	flag.Parse()
	pid := os.Getpid()
	fmt.Printf("pid %d starting\n", pid)
	var c Config
	conf.MustLoad(*file, &c)

	gw := rest.MustNewServer(c.Rest)
	gw.AddRoute(rest.Route{Method: http.MethodGet, Path: "/pid", Handler: pidHandler})
	rpc := zrpc.MustNewServer(c.Rpc, nil)

	group := service.NewServiceGroup()
	group.Add(gw)
	if !c.Hang {
		group.Add(rpc)
	}
	go func() {
		if readiness.For(proc.DefaultRegistry).WaitReady(context.Background()) == nil {
			fmt.Printf("pid %d ready\n", pid)
		}
	}()
	group.Start()
	err := proc.Wait()
	fmt.Printf("pid %d exiting: %v\n", pid, err)
}

// pidHandler answers with the pid, after ?ms= milliseconds of work.
func pidHandler(w http.ResponseWriter, r *http.Request) {
	if ms, err := strconv.Atoi(r.URL.Query().Get("ms")); err == nil {
		time.Sleep(time.Duration(ms) * time.Millisecond)
	}
	_, _ = fmt.Fprint(w, os.Getpid())
}
