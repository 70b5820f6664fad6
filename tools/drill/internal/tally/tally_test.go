package tally

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestCounter_CountsConcurrently(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			if i%10 == 0 {
				c.Add("Unavailable")
				return
			}
			c.Add(OK)
		})
	}
	wg.Wait()
	got := c.Counts()
	assert.Equal(t, Counts{OK: 90, "Unavailable": 10}, got)
	assert.Equal(t, 100, got.Total())
	assert.Equal(t, Counts{"Unavailable": 10}, got.Without(OK))
}

func TestCounts_String(t *testing.T) {
	tests := []struct {
		name string
		give Counts
		want string
	}{
		{name: "empty", give: Counts{}, want: "-"},
		{name: "zeros are left out", give: Counts{"OK": 0}, want: "-"},
		{name: "most frequent first", give: Counts{"Internal": 1, "Unavailable": 3}, want: "Unavailable 3, Internal 1"},
		{name: "ties by name", give: Counts{"b": 2, "a": 2}, want: "a 2, b 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.give.String())
		})
	}
}

func TestWrites_Lost(t *testing.T) {
	var w Writes
	for _, id := range []string{"c", "a", "b", "a"} {
		w.Ack(id)
	}
	assert.Equal(t, 3, w.Acked())
	assert.Equal(t, []string{"a", "c"}, w.Lost(map[string]bool{"b": true, "x": true}))
	assert.Empty(t, w.Lost(map[string]bool{"a": true, "b": true, "c": true}))
}
