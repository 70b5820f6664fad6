package kaload

import (
	"fmt"
	"time"
)

type (
	// A Result is what the clients of a Load saw.
	Result struct {
		// Clients is the number of clients that ran.
		Clients int
		// OK counts the requests answered with their id.
		OK int
		// OKIDs are the ids of those requests.
		OKIDs []string
		// Failures lists the other requests.
		Failures []Failure
	}

	// Counts classifies the failures of a Result against the server's side.
	Counts struct {
		// OK counts the requests answered with their id.
		OK int
		// EstablishedBeforeDrain counts the failures on established
		// connections seen before the drain began: a server that keeps
		// serving until the drain must have none.
		EstablishedBeforeDrain int
		// EstablishedAfter counts the failures on established connections
		// from the drain's start on: idle connections closed by the drain,
		// whose requests were never executed (a client may retry them).
		EstablishedAfter int
		// Refused counts the clients whose connection was refused: the
		// server had stopped listening.
		Refused int
		// Answered counts the requests answered with an error status (load
		// shedding, a closed store): the connection did its work.
		Answered int
		// Other counts the failures on new connections that were not refused.
		Other int
		// ExecutedButLost counts the failed requests that the server executed:
		// a client that retries them runs them twice. It must be zero.
		ExecutedButLost int
		// AckedButLost counts the requests answered with their id that the
		// server never executed (wrote): an acknowledged write lost, e.g.
		// buffered and never flushed. It must be zero.
		AckedButLost int
		// Example is one failure of the worst kind seen, for the logs.
		Example string
	}
)

// Count classifies r's failures: executed tells whether the server executed
// an id, drain is when the server's drain began (the zero time if it did not).
func (r Result) Count(executed func(id string) bool, drain time.Time) Counts {
	c := Counts{OK: r.OK}
	for _, id := range r.OKIDs {
		if !executed(id) {
			c.AckedButLost++
		}
	}
	for _, f := range r.Failures {
		switch {
		case f.Status != 0:
			c.Answered++
		case f.Refused:
			c.Refused++
		case f.Reused && (drain.IsZero() || f.At.Before(drain)):
			c.EstablishedBeforeDrain++
			c.Example = fmt.Sprintf("%s on an established connection before the drain: %v", f.ID, f.Err)
		case f.Reused:
			c.EstablishedAfter++
		default:
			c.Other++
			if c.Example == "" {
				c.Example = fmt.Sprintf("%s on a new connection: %v", f.ID, f.Err)
			}
		}
		if executed(f.ID) {
			c.ExecutedButLost++
			c.Example = fmt.Sprintf("%s executed but lost (reused %t): %v", f.ID, f.Reused, f.Err)
		}
	}
	return c
}

// String sums c up in one line.
func (c Counts) String() string {
	return fmt.Sprintf("ok %d, error statuses %d, failed on established connections %d before the drain "+
		"and %d after, refused %d, other %d, executed but lost %d, acknowledged but lost %d", c.OK, c.Answered,
		c.EstablishedBeforeDrain, c.EstablishedAfter, c.Refused, c.Other, c.ExecutedButLost, c.AckedButLost)
}
