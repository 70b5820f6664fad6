package consumed

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/zerodown/zerodown/example/mq/store"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
)

func TestRun_Count(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	r := Run{
		Produced: map[string]time.Time{"a": t0, "b": t0, "c": t0, "d": t0, "e": t0},
		Rows: map[string][]store.Row{
			"i0": {{ID: "a", Started: at(100)}, {ID: "b", Started: at(200)}, {ID: "d", Started: at(1300), Late: true}},
			"i1": {{ID: "b", Started: at(900)}, {ID: "e", Started: at(950)}, {ID: "x", Started: at(990)}},
		},
		// i0 started a handler 300 ms after its SIGTERM; i1 none after its own.
		Terms: []Term{{Instance: "i0", At: at(1000), Began: at(1001)}, {Instance: "i1", At: at(2000), Began: at(2001)},
			{Instance: "i9", At: at(3000)}},
		InKafka: map[string]int{"a": 1, "b": 2, "d": 1, "e": 1, "x": 1}, // c never reached Kafka
	}
	got := r.Count()
	assert.Equal(t, Counts{
		Produced:   5,
		Once:       3, // a, d (late), e
		Twice:      1, // b
		Never:      1, // c
		AfterClose: 1, // d
		NotStored:  2, // c, d
		NotInKafka: 1, // c
		KafkaTwice: 1, // b
		// d started after i0's t0
		StartedAfterT0: 1,
		LastStart:      []time.Duration{300 * time.Millisecond, -1010 * time.Millisecond, 0},
	}, got)
}

func TestRun_Plot(t *testing.T) {
	r := Run{
		Produced: map[string]time.Time{"a": {}, "never": {}},
		Rows: map[string][]store.Row{
			"i0": {{ID: "a", Started: time.Now()}, {ID: "late", Started: time.Now(), Late: true}},
			"i1": {{ID: "a", Started: time.Now()}},
		},
		Terms: []Term{{Instance: "i0", At: time.Now()}},
	}
	tl := timeline.New()
	r.Plot(tl)
	var buf bytes.Buffer
	assert.NoError(t, timeline.SVGLegend(&buf, "kafka", Legend, []timeline.Panel{{Title: "zerodown", Timeline: tl}}))
	assert.Contains(t, buf.String(), "1 handled, 2 again or after close, 1 never handled")
	assert.Contains(t, buf.String(), ">TERM<")
}
