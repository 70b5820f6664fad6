package drainrule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFit(t *testing.T) {
	const s, ms = time.Second, time.Millisecond
	defaults := Budget{WrapUpTime: s, WaitTime: 5500 * ms, Reserve: s}
	tests := []struct {
		name    string
		b       Budget
		set     time.Duration
		want    time.Duration
		wantErr string
	}{
		{name: "go-zero defaults, default drain", b: defaults, want: 3 * s},
		{name: "go-zero defaults, drain to the reserve", b: defaults, set: 3500 * ms, want: 3500 * ms},
		{name: "set past the reserve", b: defaults, set: 4 * s,
			wantErr: "Drain.Timeout 4s does not fit: WrapUpTime (1s) plus Drain.Timeout (4s) must end by " +
				"WaitTime 5.5s minus ShutdownReserve 1s; leave it unset to fit, or set at most 3.5s"},
		{name: "short WaitTime, default shrinks", b: Budget{WrapUpTime: s, WaitTime: 1500 * ms, Reserve: 250 * ms},
			want: 250 * ms},
		{name: "negative", b: defaults, set: -s, wantErr: "Drain.Timeout -1s must not be negative"},
		{name: "no room", b: Budget{WrapUpTime: 2 * s, WaitTime: 2 * s, Reserve: 0},
			wantErr: "WrapUpTime (2s) leaves no time to drain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.b.Fit("Drain.Timeout", tt.set, 3*s, "WrapUpTime ("+tt.b.WrapUpTime.String()+")", tt.b.WrapUpTime)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
