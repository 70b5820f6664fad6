package proc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRegistry_Conf(t *testing.T) {
	tests := []struct {
		name     string
		giveConf ShutdownConf
		wantConf ShutdownConf
		wantErr  bool
	}{
		{name: "zero takes go-zero's defaults", wantConf: ShutdownConf{WrapUpTime: time.Second, WaitTime: 5500 * time.Millisecond}},
		{
			name:     "custom",
			giveConf: ShutdownConf{WrapUpTime: 2 * time.Second, WaitTime: 30 * time.Second},
			wantConf: ShutdownConf{WrapUpTime: 2 * time.Second, WaitTime: 30 * time.Second},
		},
		{name: "negative wrap-up", giveConf: ShutdownConf{WrapUpTime: -time.Second}, wantErr: true},
		{name: "negative wait", giveConf: ShutdownConf{WaitTime: -time.Second}, wantErr: true},
		{name: "wrap-up not before wait", giveConf: ShutdownConf{WrapUpTime: 3 * time.Second, WaitTime: 3 * time.Second}, wantErr: true},
		{name: "wrap-up past the default wait", giveConf: ShutdownConf{WrapUpTime: 6 * time.Second}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRegistry(tt.giveConf)
			if tt.wantErr {
				assert.ErrorIs(t, err, ErrBadConf)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantConf, r.Conf())
		})
	}
}

func TestRegistry_SetupKeepsConfOnError(t *testing.T) {
	r, err := NewRegistry(ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second})
	require.NoError(t, err)

	assert.ErrorIs(t, r.Setup(ShutdownConf{WrapUpTime: 20 * time.Second}), ErrBadConf)
	assert.ErrorIs(t, r.SetTimeToForceQuit(0), ErrBadConf)
	assert.ErrorIs(t, r.SetTimeToForceQuit(500*time.Millisecond), ErrBadConf, "WaitTime below WrapUpTime")
	assert.Equal(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second}, r.Conf())

	require.NoError(t, r.SetTimeToForceQuit(10*time.Second), "repeating the conf in force is fine")
}

func TestRegistry_OneConfPerProcess(t *testing.T) {
	r, err := NewRegistry(ShutdownConf{})
	require.NoError(t, err)
	require.NoError(t, r.Setup(ShutdownConf{WaitTime: 10 * time.Second}), "the first conf is taken")
	require.NoError(t, r.Setup(ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second}), "a repeat")
	require.NoError(t, r.Setup(ShutdownConf{}), "zero fields keep the conf in force")

	err = r.Setup(ShutdownConf{WaitTime: 4 * time.Second})
	require.ErrorIs(t, err, ErrConfConflict)
	assert.Contains(t, err.Error(), "WaitTime 4s")
	assert.Contains(t, err.Error(), "WaitTime 10s")
	assert.ErrorIs(t, r.SetTimeToForceQuit(time.Hour), ErrConfConflict)
	assert.Equal(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second}, r.Conf(), "never changed under a server")
}

func TestShutdownConf_ReserveFitsEveryConfGoZeroAccepts(t *testing.T) {
	const ms = time.Millisecond
	tests := []struct {
		conf ShutdownConf
		want time.Duration
	}{
		{ShutdownConf{}, time.Second},                                       // go-zero's defaults: drain ends by 4.5s
		{ShutdownConf{WaitTime: 1500 * ms}, 250 * ms},                       // WrapUpTime 1s
		{ShutdownConf{WrapUpTime: 100 * ms, WaitTime: 1500 * ms}, 375 * ms}, // a quarter of WaitTime
		{ShutdownConf{WrapUpTime: 5 * time.Second}, 250 * ms},               // half of what is left
		{ShutdownConf{WaitTime: 30 * time.Second}, time.Second},             // at most 1s
		{ShutdownConf{WaitTime: 3 * time.Second, ShutdownReserve: 2 * time.Second, WrapUpTime: 100 * ms}, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.conf.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, tt.conf.Reserve())
		})
	}
}

func TestShutdownConf_ReserveThatCannotFitIsRefused(t *testing.T) {
	_, err := NewRegistry(ShutdownConf{WrapUpTime: time.Second, WaitTime: 3 * time.Second, ShutdownReserve: 2 * time.Second})
	assert.ErrorIs(t, err, ErrBadConf)
	assert.ErrorContains(t, err, "ShutdownReserve 2s plus WrapUpTime 1s must be less than WaitTime 3s")
	_, err = NewRegistry(ShutdownConf{ShutdownReserve: -time.Second})
	assert.ErrorContains(t, err, "ShutdownReserve -1s is negative")
}
