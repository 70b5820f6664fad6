// Package consumed counts what the consumers of the drill's kafka scenario
// did with the ids a producer pushed, from the rows of their stores
// (example/mq/store): handled once, twice or more, never, after the store
// closed, and, per SIGTERM of the rolling restart, how long after it the
// instance still started a handler.
package consumed

import (
	"slices"
	"time"

	"github.com/zerodown/zerodown/example/mq/store"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
)

type (
	// A Run is what one run of the scenario saw.
	Run struct {
		// Produced holds each id whose push the API acknowledged, and when.
		Produced map[string]time.Time
		// Rows holds each instance's store rows, by instance name.
		Rows map[string][]store.Row
		// Terms are the SIGTERMs of the rolling restart, in order.
		Terms []Term
		// InKafka holds how many records of the topic hold each id.
		InKafka map[string]int
	}

	// A Term is a SIGTERM sent to an instance.
	Term struct {
		Instance string
		At       time.Time
		// Began is when the instance says its shutdown began (t0, once it
		// handled the signal); zero if it did not say.
		Began time.Time
	}

	// Counts are a Run's figures. Once, Twice and Never count produced ids
	// by their handler runs (rows, late or not); AfterClose counts the
	// handler runs that wrote after their store closed; NotStored counts
	// the produced ids with no row written before a close. NotInKafka and
	// KafkaTwice count the produced ids that no record of the topic holds,
	// or more than one: lost or repeated before Kafka, by the Pusher.
	Counts struct {
		Produced, Once, Twice, Never, AfterClose, NotStored int
		NotInKafka, KafkaTwice                              int
		// StartedAfterT0 counts the handlers that an instance started after
		// its shutdown began.
		StartedAfterT0 int
		// LastStart holds, per Term, the time from the SIGTERM to the last
		// handler start of that instance; zero or less: none after it.
		LastStart []time.Duration
	}
)

// Count returns the figures of r.
func (r Run) Count() Counts {
	runs, stored := make(map[string]int), make(map[string]bool)
	var c Counts
	for _, rows := range r.Rows {
		for _, row := range rows {
			runs[row.ID]++
			if row.Late {
				c.AfterClose++
			} else {
				stored[row.ID] = true
			}
		}
	}
	c.Produced = len(r.Produced)
	for id := range r.Produced {
		switch n := runs[id]; {
		case n == 0:
			c.Never++
		case n == 1:
			c.Once++
		default:
			c.Twice++
		}
		if !stored[id] {
			c.NotStored++
		}
		switch r.InKafka[id] {
		case 0:
			c.NotInKafka++
		case 1:
		default:
			c.KafkaTwice++
		}
	}
	for _, term := range r.Terms {
		last := time.Time{}
		for _, row := range r.Rows[term.Instance] {
			if row.Started.After(last) {
				last = row.Started
			}
			if !term.Began.IsZero() && row.Started.After(term.Began) {
				c.StartedAfterT0++
			}
		}
		gap := time.Duration(0)
		if !last.IsZero() {
			gap = last.Sub(term.At)
		}
		c.LastStart = append(c.LastStart, gap)
	}
	return c
}

// Legend names the classes that [Run.Plot] counts.
var Legend = timeline.Legend{
	Labels: [3]string{"handled", "handled again or after the DB close", "never handled (at its push)"},
	Totals: [3]string{"handled", "again or after close", "never handled"},
	Note:   "handler starts per 100 ms; dashed: SIGTERM",
}

// Plot adds r to tl: each handler run at its start, as OK when it is the
// id's first run that wrote before the close, as Failed when it ran again or
// after the close; each produced id never handled as Refused at its push;
// and each SIGTERM as a mark.
func (r Run) Plot(tl *timeline.Timeline) {
	byID := make(map[string][]store.Row)
	for _, rows := range r.Rows {
		for _, row := range rows {
			byID[row.ID] = append(byID[row.ID], row)
		}
	}
	for _, rows := range byID {
		slices.SortFunc(rows, func(a, b store.Row) int { return a.Started.Compare(b.Started) })
		stored := false
		for _, row := range rows {
			class := timeline.Failed
			if !row.Late && !stored {
				class, stored = timeline.OK, true
			}
			tl.AddAt(class, row.Started)
		}
	}
	for id, at := range r.Produced {
		if len(byID[id]) == 0 {
			tl.AddAt(timeline.Refused, at)
		}
	}
	for _, term := range r.Terms {
		tl.MarkAt("TERM", term.At)
	}
}
