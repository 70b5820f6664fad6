// Package kq is go-queue v1.2.2's kq (Kafka consumer and pusher) on franz-go,
// with a shutdown that loses nothing and handles nothing twice: change the
// import from github.com/zeromicro/go-queue/kq to this package.
//
// The timeline of a consumer, on its [proc.Registry]:
//
//	t0       wrap-up hook "kq <topic> stop fetching": no more polls; a record
//	         fetched but not started is not handled and stays uncommitted
//	drain    drain hook "kq <topic> handlers": the handlers in flight finish
//	         (counted in flight, so the shutdown phase waits for them), their
//	         offsets are committed synchronously, the member leaves the group;
//	         bounded by the hook's context; a failed commit fails the report
//	shutdown the DB close and the other shutdown listeners: no handler runs
//
// Processors workers handle records concurrently; per partition, only the
// offset below which every record handed out is done is committed, after the
// handlers (synchronously, coalesced) and in the revoke callback of a
// rebalance, which first waits for the handlers of the partitions it loses.
// A kafka-go Reader, which go-queue uses, rejoins at a rebalance without
// waiting for the handlers in flight, so their records are handled again by
// the next owner.
//
// What differs from go-queue's API: [ConsumeErrorHandler] and [WithBalancer]
// take franz-go types (*kgo.Record, kgo.Partitioner) where go-queue's take
// kafka-go's; KqConf.Consumers and [WithCommitInterval] are accepted and not
// used; Stop does not close logx; [WithRegistry] is new.
package kq
