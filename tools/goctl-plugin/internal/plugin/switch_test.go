package plugin

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withGoMod gives the service in dir a go.mod without zerodown, as goctl
// and go mod init leave it.
func withGoMod(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module greet\n\ngo 1.25\n"), 0o600))
}

func TestRun_AddsTheRequireToGoMod(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no go command: %v", err)
	}
	dir := goctlService(t)
	withGoMod(t, dir)
	var out bytes.Buffer
	err := Run([]string{"-check", "-dir", dir}, nil, &out)
	assert.ErrorIs(t, err, ErrPending)
	assert.Contains(t, out.String(), "go.mod: no require of github.com/zerodown/zerodown")

	out.Reset()
	require.NoError(t, Run([]string{"-dir", dir, "-zerodown-version", "v0.9.0"}, nil, &out))
	assert.Contains(t, out.String(), "go.mod: require github.com/zerodown/zerodown v0.9.0 added: run go mod tidy")
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.Contains(t, string(mod), "require github.com/zerodown/zerodown v0.9.0")

	out.Reset()
	require.NoError(t, Run([]string{"-check", "-dir", dir}, nil, &out))
	assert.Equal(t, dir+" uses zerodown\n", out.String())
}

func TestRun_WithoutAVersionSaysWhatToRun(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no go command: %v", err)
	}
	dir := goctlService(t)
	withGoMod(t, dir)
	var out bytes.Buffer
	require.NoError(t, Run([]string{"-dir", dir, "-zerodown-version", ""}, nil, &out))
	assert.Contains(t, out.String(), "run go get github.com/zerodown/zerodown@latest && go mod tidy")
}

func TestRun_ChecksEtcYaml(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{
			name: "unknown key",
			give: "Name: greet-api\nHost: 0.0.0.0\nPort: 8888\nShutdown: {WaitTimeout: 3s}\n",
			want: "etc/greet-api.yaml: conf: unknown key Shutdown.WaitTimeout (go-zero ignores it); did you mean WaitTime?",
		},
		{
			name: "rest drain past the force quit",
			give: "Name: greet-api\nHost: 0.0.0.0\nPort: 8888\nShutdown: {WrapUpTime: 1s, WaitTime: 3s}\nDrain: {Timeout: 5s}\n",
			want: "etc/greet-api.yaml: the switched service would refuse this conf: rest: invalid conf:",
		},
		{
			name: "zrpc upgrade both ways",
			give: "Name: hello.rpc\nListenOn: 0.0.0.0:8080\nUpgrade: {Enabled: true, Disabled: true}\n",
			want: "etc/greet-api.yaml: the switched service would refuse this conf: upgrade: invalid conf: Upgrade.Enabled and Upgrade.Disabled are both true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := goctlService(t)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "etc", "greet-api.yaml"), []byte(tt.give), 0o600))
			var out bytes.Buffer
			err := Run([]string{"-dir", dir}, nil, &out)
			assert.ErrorIs(t, err, ErrConf)
			assert.True(t, strings.Contains(out.String(), tt.want), "output:\n%s\nwant a line with %q", out.String(), tt.want)
		})
	}
}
