// Command service is the example service: a REST gateway and a zrpc service
// (grpc_testing's TestService) that write to a file-backed store, registered
// in etcd when configured. Its cleanup is registered with AddWrapUpListener
// and AddShutdownListener, as go-zero users do, and it prints its shutdown
// timeline when it stops.
//
// The same source builds against zerodown (the default) and against stock
// go-zero (-tags stock); see package shim. tools/drill compares the two.
//
//	go run ./example/service -store /tmp/store.log
//	go run -tags stock ./example/service -store /tmp/store.log
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/zerodown/zerodown/example/service/shim"
	"github.com/zerodown/zerodown/example/service/store"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
)

// beginEvent is the first event of the timeline.
const beginEvent = "signal: shutdown began, Done() closed"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run serves until the process is told to stop, then prints the shutdown
// timeline to stdout. It returns when the shutdown is done.
func run(args []string, stdout io.Writer) error {
	v, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := loadConfig(v)
	if err != nil {
		return err
	}
	st, err := store.Open(c.Store)
	if err != nil {
		return err
	}

	tl := new(timeline)
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-shim.Done():
			tl.begin(beginEvent)
		case <-stop:
		}
	}()
	defer func() { close(stop); <-watched }()

	l := &logic{name: strings.TrimSuffix(c.Rpc.Name, "-rpc"), store: st, timeline: tl}
	if v.Bulk {
		l.bulk = l.newBulk()
	}
	svc := &testService{logic: l}
	rpc := shim.MustNewRpcServer(c.Rpc, svc.register)
	gw := shim.MustNewRestServer(c.Rest)
	gw.AddRoutes((&gateway{logic: l}).routes())

	// Cleanup as a go-zero user registers it: stop background work when
	// the shutdown begins, close the database at the end.
	shim.AddWrapUpListener(func() {
		tl.begin(beginEvent)
		tl.mark("wrap-up listener: stop taking background work")
		if v.WrapUpWork > 0 {
			time.Sleep(v.WrapUpWork) // the cleanup's own work
			tl.mark("wrap-up listener: work done")
		}
	})
	shim.AddShutdownListener(func() {
		tl.mark("shutdown listener: closing store")
		if err := st.Close(); err != nil {
			logx.Error(err)
		}
		tl.mark(fmt.Sprintf("store closed (%d writes rejected so far)", st.Rejected()))
	})

	group := service.NewServiceGroup()
	group.Add(rpc)
	group.Add(gw)
	logx.Infof("%s (%s build): REST on %s:%d, zrpc on %s, store %s, etcd %v",
		l.name, shim.Build, c.Rest.Host, c.Rest.Port, c.Rpc.ListenOn, c.Store.Path, c.Rpc.Etcd.Hosts)
	group.Start()
	tl.mark("servers returned from Start")
	werr := shim.Wait()
	tl.mark("shutdown sequence done, main returns")

	tl.print(stdout, shim.Build)
	fmt.Fprintf(stdout, "store: %d writes rejected after close, %d writes failed in all\n",
		st.Rejected(), l.failed.Load())
	return werr
}
