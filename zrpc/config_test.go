package zrpc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/conf"
)

func TestRpcServerConf_LoadsGoZeroYaml(t *testing.T) {
	tests := []struct {
		name      string
		give      string
		wantDrain DrainConf
	}{
		{
			name: "go-zero's yaml, unchanged",
			give: "Name: user.rpc\nListenOn: 0.0.0.0:8080\nEtcd:\n  Hosts: [127.0.0.1:2379]\n  Key: user.rpc\n",
			wantDrain: DrainConf{Timeout: 3 * time.Second, StreamTimeout: 2 * time.Second, DeregisterTimeout: time.Second,
				QuietPeriod: 500 * time.Millisecond},
		},
		{
			name: "a shorter drain",
			give: "Name: user.rpc\nListenOn: 0.0.0.0:8080\nDrain:\n  Timeout: 900ms\n",
			wantDrain: DrainConf{Timeout: 900 * time.Millisecond, StreamTimeout: 600 * time.Millisecond, DeregisterTimeout: time.Second,
				QuietPeriod: 450 * time.Millisecond},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c RpcServerConf
			require.NoError(t, conf.LoadFromYamlBytes([]byte(tt.give), &c))
			assert.Equal(t, "0.0.0.0:8080", c.ListenOn)
			assert.True(t, c.Health, "go-zero's default")
			assert.Zero(t, c.Shutdown, "optional in go-zero: the Registry keeps its conf")
			got, err := c.Drain.fit(proc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 5500 * time.Millisecond})
			require.NoError(t, err)
			assert.Equal(t, tt.wantDrain, got)
		})
	}
}

func TestNewServer_BadDrainConf(t *testing.T) {
	tests := []struct {
		name string
		give DrainConf
		want string
	}{
		{name: "stream deadline after the drain", give: DrainConf{Timeout: time.Second, StreamTimeout: 2 * time.Second},
			want: "StreamTimeout"},
		{name: "drain past the force quit", give: DrainConf{Timeout: 5 * time.Second}, want: "WaitTime"},
		{name: "negative", give: DrainConf{DeregisterTimeout: -time.Second}, want: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testConf(freeAddr(t))
			c.Drain = tt.give
			_, err := NewServer(c, nil, WithRegistry(newRegistry(t, 50*time.Millisecond)))
			require.ErrorIs(t, err, ErrBadConf)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRpcServerConf_LoadsReport(t *testing.T) {
	var c RpcServerConf
	require.NoError(t, conf.LoadFromYamlBytes(
		[]byte("Name: user.rpc\nListenOn: 0.0.0.0:8080\nReport: {TerminationLogPath: /dev/termination-log}\n"), &c))
	assert.Equal(t, "/dev/termination-log", c.Report.TerminationLogPath)

	c = RpcServerConf{}
	require.NoError(t, conf.LoadFromYamlBytes([]byte("Name: user.rpc\nListenOn: 0.0.0.0:8080\n"), &c))
	assert.Zero(t, c.Report, "optional: no termination log")
}
