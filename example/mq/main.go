// Command mq is an mq service in the go-zero-looklook layout: an API that
// pushes ids to Kafka (API → Kafka), a consumer that handles each id in 100 ms
// and writes it to a store (Kafka → consumer → store), both members of one
// service.ServiceGroup, and the store's Close registered as a shutdown
// listener, as looklook's mq services register their DB close:
//
//	group := service.NewServiceGroup()
//	defer group.Stop()
//	group.Add(kq.MustNewQueue(c.KqConf, handler))
//	group.Add(api)
//	group.Start()
//
// The same source builds against zerodown (the default) and against go-queue
// v1.2.2 on stock go-zero (-tags stock); see package shim. tools/drill
// compares the two in a rolling restart (scenario "kafka").
//
//	go run ./example/mq -brokers 127.0.0.1:9092 -store /tmp/mq.store
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/zerodown/zerodown/example/mq/shim"
	"github.com/zerodown/zerodown/example/mq/store"
	"github.com/zeromicro/go-zero/core/logx"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run serves until the process is told to stop, and returns when the
// shutdown is done. It prints "mq: shutdown began at NANOS" when the shutdown
// begins and a summary line at the end.
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
	db, err := store.Open(c.Store)
	if err != nil {
		return err
	}

	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-shim.Done():
			fmt.Fprintf(stdout, "mq: shutdown began at %d\n", time.Now().UnixNano())
		case <-stop:
		}
	}()
	defer func() { close(stop); <-watched }()

	// The DB close, as a go-zero user registers it.
	shim.AddShutdownListener(func() {
		logx.Info("mq: closing the store")
		if err := db.Close(); err != nil {
			logx.Error(err)
		}
	})

	api := shim.MustNewRestServer(c.Rest)
	api.AddRoutes((&gateway{pusher: shim.NewPusher(c.KqPusherConf.Brokers, c.KqPusherConf.Topic)}).routes())
	handler := &consumer{name: c.KqConf.Name, store: db, work: v.Work}

	group := shim.NewServiceGroup()
	defer group.Stop()
	group.Add(shim.MustNewQueue(c.KqConf, handler))
	group.Add(api)
	logx.Infof("mq (%s build): API on %s:%d, consuming %s from %v, store %s",
		shim.Build, c.Rest.Host, c.Rest.Port, c.KqConf.Topic, c.KqConf.Brokers, c.Store.Path)
	group.Start()
	werr := shim.Wait()
	fmt.Fprintf(stdout, "mq (%s build): %d handled, %d of them after the store closed\n",
		shim.Build, handler.handled.Load(), db.Rejected())
	return werr
}
