//go:build !stock

package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/conf"
)

// The service config in docs/kubernetes/example-service.yaml loads into the
// zerodown build's Config, with the values the docs explain.
func TestKubernetesManifestConfigLoads(t *testing.T) {
	manifest, err := os.ReadFile("../../docs/kubernetes/example-service.yaml")
	require.NoError(t, err)
	_, block, ok := strings.Cut(string(manifest), "  service.yaml: |\n")
	require.True(t, ok, "no service.yaml in the ConfigMap")
	block, _, _ = strings.Cut(block, "\n---")
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		lines = append(lines, strings.TrimPrefix(l, "    "))
	}

	var c Config
	require.NoError(t, conf.LoadFromYamlBytes([]byte(strings.Join(lines, "\n")), &c))
	assert.Equal(t, 3*time.Second, c.Rest.Shutdown.WrapUpTime)
	assert.Equal(t, 10*time.Second, c.Rest.Shutdown.WaitTime)
	assert.Equal(t, 5*time.Second, c.Rest.Drain.Timeout)
	assert.Equal(t, "/dev/termination-log", c.Rest.Report.TerminationLogPath)
	assert.Equal(t, "/readyz", c.Rest.Probes.ReadinessPath, "the readinessProbe's path")
	assert.Equal(t, 3*time.Second, c.Rpc.Drain.StreamTimeout)
	assert.Equal(t, []string{"etcd:2379"}, c.Rpc.Etcd.Hosts)
	assert.Equal(t, "/data/store.log", c.Store.Path)
}
