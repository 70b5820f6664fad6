package dq_test

import (
	"fmt"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/queue/dq"
)

// A consumer service: the switch from go-queue is the import. At SIGTERM the
// consumer stops reserving, the handler in flight finishes and its job is
// deleted, then the DB closes; Consume returns once all that is done. (It
// needs beanstalkd and Redis, so it is compiled, not run.)
func ExampleNewConsumer() {
	c := dq.DqConf{
		Beanstalks: []dq.Beanstalk{
			{Endpoint: "localhost:11300", Tube: "orders"},
			{Endpoint: "localhost:11301", Tube: "orders"},
		},
		Redis: redis.RedisConf{Host: "localhost:6379", Type: redis.NodeType, NonBlock: true},
	}
	db := openDB()
	proc.AddShutdownListener(func() { db.Close() }) // after the last handler

	consumer := dq.NewConsumer(c)
	consumer.Consume(func(body []byte) {
		db.Save(string(body)) // the job is deleted once this returns
	})
	logx.Info("consumer done")
}

// A producer puts each job on two servers; one consumer handles it.
func ExampleNewProducer() {
	producer := dq.NewProducer([]dq.Beanstalk{
		{Endpoint: "localhost:11300", Tube: "orders"},
		{Endpoint: "localhost:11301", Tube: "orders"},
	})
	defer producer.Close()

	id, err := producer.Delay([]byte("order 42"), time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("put:", id) // "localhost:11300/orders/1,localhost:11301/orders/1"
	if err := producer.Revoke(id); err != nil {
		fmt.Println(err)
	}
}

type db struct{}

func openDB() *db       { return &db{} }
func (*db) Save(string) {}
func (*db) Close()      {}
