package docs

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zerodown/zerodown/core/metric"
)

// names is a prometheus.Registerer that keeps the names of what it is given.
type names struct{ got []string }

var fqNameRE = regexp.MustCompile(`fqName: "([^"]+)"`)

func (n *names) Register(c prometheus.Collector) error {
	ch := make(chan *prometheus.Desc, 16)
	go func() { c.Describe(ch); close(ch) }()
	for d := range ch {
		if m := fqNameRE.FindStringSubmatch(d.String()); m != nil {
			n.got = append(n.got, m[1])
		}
	}
	return nil
}

func (n *names) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		_ = n.Register(c)
	}
}

func (n *names) Unregister(prometheus.Collector) bool { return false }

// registered returns the name of every metric core/metric registers.
func registered(t *testing.T) []string {
	t.Helper()
	n := new(names)
	if _, err := metric.New(metric.WithRegisterer(n)); err != nil {
		t.Fatal(err)
	}
	if len(n.got) == 0 {
		t.Fatal("core/metric registered no collector")
	}
	return n.got
}

var metricRE = regexp.MustCompile(`zerodown_[a-z_]*[a-z_*]`)

// TestDocs_MetricNamesAreRegistered checks every zerodown_ metric name in
// the docs against the collectors core/metric registers. A name ending in _
// or _* stands for every metric it begins.
func TestDocs_MetricNamesAreRegistered(t *testing.T) {
	known := registered(t)
	for _, l := range allLines(t) {
		for _, name := range metricRE.FindAllString(l.text, -1) {
			if !metricKnown(known, name) {
				t.Errorf("%s: metric %s is not registered by core/metric (it registers %s)", l, name, strings.Join(known, ", "))
			}
		}
	}
}

func metricKnown(known []string, name string) bool {
	if prefix, ok := strings.CutSuffix(strings.TrimSuffix(name, "*"), "_"); ok || strings.HasSuffix(name, "*") {
		return slices.ContainsFunc(known, func(k string) bool { return strings.HasPrefix(k, prefix+"_") })
	}
	for _, suffix := range []string{"", "_bucket", "_sum", "_count"} {
		if slices.Contains(known, strings.TrimSuffix(name, suffix)) && strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}
