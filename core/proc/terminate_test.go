package proc

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestRegistry_TerminateDuringTheShutdownJoinsTheResult(t *testing.T) {
	logs := logtest.NewCollector(t)
	codes := make(chan int, 2)
	r, err := NewRegistry(ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: time.Minute},
		WithExit(func(code int) { codes <- code }))
	require.NoError(t, err)
	lost := errors.New("lost the broker")
	require.NoError(t, r.AddWrapUpHook("consumer", func(context.Context) error {
		r.Terminate(lost)
		return nil
	}))

	r.Terminate(nil)
	assert.ErrorIs(t, r.Wait(), lost, "the later reason joins Wait's result")
	assert.Equal(t, ExitCodeFatal, <-codes)
	assert.Contains(t, logs.String(), "lost the broker", "the later reason is logged")
}

func TestRegistry_ListenerIsNamedAfterWhereItWasAdded(t *testing.T) {
	r, err := NewRegistry(ShutdownConf{})
	require.NoError(t, err)
	_, file, line, _ := runtime.Caller(0)
	r.AddShutdownListener(func() {})
	AddWrapUpListener(func() {})
	defer WrapUp()

	site := func(line int) string {
		return "github.com/zerodown/zerodown/core/proc.TestRegistry_ListenerIsNamedAfterWhereItWasAdded (" +
			shortPath(file) + ":" + strconv.Itoa(line) + ")"
	}
	r.mu.Lock()
	got := r.pending[PhaseShutdown][0].name
	r.mu.Unlock()
	assert.Equal(t, site(line+1), got)

	DefaultRegistry.mu.Lock()
	pending := DefaultRegistry.pending[PhaseWrapUp]
	got = pending[len(pending)-1].name
	DefaultRegistry.mu.Unlock()
	assert.Equal(t, site(line+2), got)
}
