package dq

import "github.com/zeromicro/go-zero/core/stores/redis"

type (
	// A Beanstalk is go-queue's dq.Beanstalk: one beanstalkd server and the
	// tube used on it.
	Beanstalk struct {
		// Endpoint is the server's host:port.
		Endpoint string
		// Tube is the tube the producer puts into and the consumer watches.
		Tube string
	}

	// A DqConf is go-queue's dq.DqConf, with the same yaml/json keys: the
	// beanstalkd servers a consumer reserves from, and the Redis that
	// remembers which job bodies were handled (a producer puts each job on
	// two or three servers; the first consumer to claim its body handles it).
	DqConf struct {
		// Beanstalks are the servers, one consumer loop each.
		Beanstalks []Beanstalk
		// Redis holds the claims of the job bodies.
		Redis redis.RedisConf
	}
)
