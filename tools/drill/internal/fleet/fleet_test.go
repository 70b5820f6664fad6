package fleet

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestExitCode_RealProcesses(t *testing.T) {
	tests := []struct {
		name   string
		script string
		want   int
	}{
		{name: "exit 0", script: "exit 0", want: 0},
		{name: "exit 124", script: "exit 124", want: 124},
		{name: "killed by SIGTERM", script: "kill -TERM $$", want: 143},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("sh", "-c", tt.script)
			_ = cmd.Run()
			require.NotNil(t, cmd.ProcessState)
			assert.Equal(t, tt.want, exitCode(cmd.ProcessState))
		})
	}
}

func TestStart_ExitBeforeReadyIsAnError(t *testing.T) {
	_, err := Start(Spec{Bin: "/bin/false", Dir: t.TempDir()}, "broken")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exited before it was ready")
}

func TestStart_ErrorShowsTheLog(t *testing.T) {
	_, err := Start(Spec{Bin: "/bin/ls", Dir: t.TempDir()}, "noisy")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "log ")
	assert.Contains(t, err.Error(), "ends:")
}

// A REST-only service (example/mq) gets no -rpc-port; example/service does.
func TestStart_RESTOnlyHasNoRpcPort(t *testing.T) {
	for _, restOnly := range []bool{false, true} {
		_, err := Start(Spec{Bin: "/bin/echo", Dir: t.TempDir(), RESTOnly: restOnly}, "args")
		require.Error(t, err, "echo exits before it is ready")
		assert.Contains(t, err.Error(), "-rest-port", "REST-only %v", restOnly)
		assert.Equal(t, !restOnly, strings.Contains(err.Error(), "-rpc-port"), "REST-only %v: %v", restOnly, err)
	}
}
