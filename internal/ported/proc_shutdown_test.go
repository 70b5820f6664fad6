//go:build linux || darwin || freebsd

package ported

// Adapted from go-zero v1.10.3 core/proc/shutdown_test.go: the lines that
// read go-zero's unexported shutdownLock, waitTime and wrapUpTime read
// proc.DefaultRegistry.Conf() instead; every assertion is go-zero's.

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	proc "github.com/zerodown/zerodown/core/proc"
)

func TestShutdown(t *testing.T) {
	t.Cleanup(restoreSettings)

	proc.SetTimeToForceQuit(time.Hour)
	assert.Equal(t, time.Hour, proc.DefaultRegistry.Conf().WaitTime)

	var val int
	called := proc.AddWrapUpListener(func() {
		val++
	})
	proc.WrapUp()
	called()
	assert.Equal(t, 1, val)

	called = proc.AddShutdownListener(func() {
		val += 2
	})
	proc.Shutdown()
	called()
	assert.Equal(t, 3, val)
}

func TestShutdownWithMultipleServices(t *testing.T) {
	t.Cleanup(restoreSettings)

	proc.SetTimeToForceQuit(time.Hour)
	assert.Equal(t, time.Hour, proc.DefaultRegistry.Conf().WaitTime)

	var val int32
	called1 := proc.AddShutdownListener(func() {
		atomic.AddInt32(&val, 1)
	})
	called2 := proc.AddShutdownListener(func() {
		atomic.AddInt32(&val, 2)
	})
	proc.Shutdown()
	called1()
	called2()

	assert.Equal(t, int32(3), atomic.LoadInt32(&val))
}

func TestWrapUpWithMultipleServices(t *testing.T) {
	t.Cleanup(restoreSettings)

	proc.SetTimeToForceQuit(time.Hour)
	assert.Equal(t, time.Hour, proc.DefaultRegistry.Conf().WaitTime)

	var val int32
	called1 := proc.AddWrapUpListener(func() {
		atomic.AddInt32(&val, 1)
	})
	called2 := proc.AddWrapUpListener(func() {
		atomic.AddInt32(&val, 2)
	})
	proc.WrapUp()
	called1()
	called2()

	assert.Equal(t, int32(3), atomic.LoadInt32(&val))
}

func TestNotifyMoreThanOnce(t *testing.T) {
	t.Cleanup(restoreSettings)

	ch := make(chan struct{}, 1)

	go func() {
		var val int
		called := proc.AddWrapUpListener(func() {
			val++
		})
		proc.WrapUp()
		proc.WrapUp()
		called()
		assert.Equal(t, 1, val)

		called = proc.AddShutdownListener(func() {
			val += 2
		})
		proc.Shutdown()
		proc.Shutdown()
		called()
		assert.Equal(t, 3, val)
		ch <- struct{}{}
	}()

	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("timeout, check error logs")
	}
}

func TestSetup(t *testing.T) {
	t.Skip("by design (docs/en/compat.md): a process has one shutdown conf, a Setup that would change the conf in force is refused (proc.ErrConfConflict); go-zero's Setup overwrites it")
	t.Run("valid time", func(t *testing.T) {
		defer restoreSettings()

		proc.Setup(proc.ShutdownConf{
			WrapUpTime: time.Second * 2,
			WaitTime:   time.Second * 30,
		})

		assert.Equal(t, time.Second*2, proc.DefaultRegistry.Conf().WrapUpTime)
		assert.Equal(t, time.Second*30, proc.DefaultRegistry.Conf().WaitTime)
	})

	t.Run("valid time", func(t *testing.T) {
		defer restoreSettings()

		proc.Setup(proc.ShutdownConf{})

		assert.Equal(t, defaultWrapUpTime, proc.DefaultRegistry.Conf().WrapUpTime)
		assert.Equal(t, defaultWaitTime, proc.DefaultRegistry.Conf().WaitTime)
	})
}

// go-zero's defaults, which proc's are too.
const (
	defaultWrapUpTime = time.Second
	defaultWaitTime   = 5500 * time.Millisecond
)

func restoreSettings() {
	proc.Setup(proc.ShutdownConf{WrapUpTime: defaultWrapUpTime, WaitTime: defaultWaitTime})
}
