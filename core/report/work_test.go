package report_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// The goroutines core/threading tracks (proc.Works of DefaultRegistry) are
// in the report, as what was in flight when the drain began.
func TestReport_WorkInFlight(t *testing.T) {
	logtest.Discard(t)
	r := newPlainRegistry(t)
	m := metric.MustNew(metric.WithRegisterer(prometheus.NewRegistry()))
	rec := report.For(r, report.Conf{}, report.WithInFlight(m))
	w := proc.NewWork("main.audit (api/audit.go:42)")
	w.Add()
	r.Terminate(nil)
	require.NoError(t, r.Wait())
	w.Done()
	rep, _ := rec.Last()
	assert.Contains(t, rep.InFlight, report.InFlight{Server: "main.audit (api/audit.go:42)", Kind: "work", N: 1})
	assert.Contains(t, rep.LeftInFlight, report.InFlight{Server: "main.audit (api/audit.go:42)", Kind: "work", N: 1})
}
