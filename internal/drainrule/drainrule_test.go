package drainrule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestCheck(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name                string
		wrapUp, drain, wait time.Duration
		wantErr             string
	}{
		{name: "go-zero defaults and rest's drain", wrapUp: s, drain: 3 * s, wait: 5500 * time.Millisecond},
		{name: "ends just before", wrapUp: s, drain: 4*s - 1, wait: 5 * s},
		{name: "ends at the force quit", wrapUp: s, drain: 4 * s, wait: 5 * s,
			wantErr: "WrapUpTime (1s) plus Drain.Timeout (4s) must end before WaitTime 5s"},
		{name: "past the force quit", wrapUp: s, drain: 10 * s, wait: 5 * s, wantErr: "must end before WaitTime"},
		{name: "negative drain", wrapUp: s, drain: -s, wait: 5 * s, wantErr: "Drain.Timeout -1s must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check("WrapUpTime", tt.wrapUp, tt.drain, tt.wait)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}
