package metric

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

// newTestRegistry returns a Registry observed by m, with injected signals and
// exit codes.
func newTestRegistry(t testing.TB, c proc.ShutdownConf, m *Metrics) (*proc.Registry, chan os.Signal, chan int) {
	t.Helper()
	sigs := make(chan os.Signal, 2)
	codes := make(chan int, 4)
	r, err := proc.NewRegistry(c, proc.WithSignals(sigs), proc.WithExit(func(code int) { codes <- code }),
		proc.WithObserver(m))
	require.NoError(t, err)
	return r, sigs, codes
}

// histogram returns the sample count and sum of the histogram series of name
// whose labels include want.
func histogram(t *testing.T, g prometheus.Gatherer, name string, want map[string]string) (uint64, float64) {
	t.Helper()
	families, err := g.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if hasLabels(m, want) {
				return m.GetHistogram().GetSampleCount(), m.GetHistogram().GetSampleSum()
			}
		}
	}
	t.Fatalf("no %s series with labels %v", name, want)
	return 0, 0
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	found := 0
	for _, l := range m.GetLabel() {
		if v, ok := want[l.GetName()]; ok && v == l.GetValue() {
			found++
		}
	}
	return found == len(want)
}

// only returns g with only the series that have a label value starting with
// prefix.
func only(g prometheus.Gatherer, prefix string) prometheus.Gatherer {
	return prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		families, err := g.Gather()
		for _, f := range families {
			f.Metric = slices.DeleteFunc(f.Metric, func(m *dto.Metric) bool {
				return !slices.ContainsFunc(m.GetLabel(), func(l *dto.LabelPair) bool {
					return strings.HasPrefix(l.GetValue(), prefix)
				})
			})
		}
		return families, err
	})
}
