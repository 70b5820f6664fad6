package metric

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/zerodown/zerodown/core/proc"
)

// workDesc describes zerodown_shutdown_in_flight_work{work}: what each
// proc.Work of proc.DefaultRegistry has running now.
func workDesc() *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(namespace, subsystem, "in_flight_work"),
		"Work outside requests running now (core/threading goroutines by start site, consumers' handlers); "+
			"the shutdown hooks wait for it.",
		[]string{"work"}, nil)
}

// workCounts returns the Works of proc.DefaultRegistry that have something
// running, as Counts of kind [Work].
func workCounts() []Count {
	works := proc.DefaultRegistry.Works()
	out := make([]Count, len(works))
	for i, w := range works {
		out[i] = Count{Server: w.Name, Kind: Work, N: w.N}
	}
	return out
}
