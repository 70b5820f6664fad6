package dq

import "time"

// Priorities of the jobs the producer puts, as in go-queue (it puts every
// job with PriNormal).
const (
	PriHigh   = 1
	PriNormal = 2
	PriLow    = 3
)

const (
	// defaultTimeToRun is the TTR of the jobs the producer puts: beanstalkd
	// gives a reserved job back to the tube after it, unless touched.
	defaultTimeToRun = time.Second * 5
	// reserveTimeout is how long one reserve-with-timeout waits for a job; a
	// stop does not wait for it: it closes the connection.
	reserveTimeout = time.Second * 5

	idSep   = ","
	timeSep = '/'
)
