package proc

// go-zero v1.10.3's core/proc/shutdown_test.go, ported to the public API of this
// package: the same calls must behave the same.

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestShutdown(t *testing.T) {
	t.Cleanup(restoreSettings)
	logtest.Discard(t)

	SetTimeToForceQuit(time.Hour)
	assert.Equal(t, time.Hour, DefaultRegistry.Conf().WaitTime)

	var val int
	called := AddWrapUpListener(func() {
		val++
	})
	WrapUp()
	called()
	assert.Equal(t, 1, val)

	called = AddShutdownListener(func() {
		val += 2
	})
	Shutdown()
	called()
	assert.Equal(t, 3, val)
}

func TestShutdownWithMultipleServices(t *testing.T) {
	t.Cleanup(restoreSettings)
	logtest.Discard(t)

	SetTimeToForceQuit(time.Hour)
	assert.Equal(t, time.Hour, DefaultRegistry.Conf().WaitTime)

	var val int32
	called1 := AddShutdownListener(func() {
		atomic.AddInt32(&val, 1)
	})
	called2 := AddShutdownListener(func() {
		atomic.AddInt32(&val, 2)
	})
	Shutdown()
	called1()
	called2()

	assert.Equal(t, int32(3), atomic.LoadInt32(&val))
}

func TestWrapUpWithMultipleServices(t *testing.T) {
	t.Cleanup(restoreSettings)
	logtest.Discard(t)

	SetTimeToForceQuit(time.Hour)
	assert.Equal(t, time.Hour, DefaultRegistry.Conf().WaitTime)

	var val int32
	called1 := AddWrapUpListener(func() {
		atomic.AddInt32(&val, 1)
	})
	called2 := AddWrapUpListener(func() {
		atomic.AddInt32(&val, 2)
	})
	WrapUp()
	called1()
	called2()

	assert.Equal(t, int32(3), atomic.LoadInt32(&val))
}

func TestNotifyMoreThanOnce(t *testing.T) {
	t.Cleanup(restoreSettings)
	logtest.Discard(t)

	ch := make(chan struct{}, 1)

	go func() {
		var val int
		called := AddWrapUpListener(func() {
			val++
		})
		WrapUp()
		WrapUp()
		called()
		assert.Equal(t, 1, val)

		called = AddShutdownListener(func() {
			val += 2
		})
		Shutdown()
		Shutdown()
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
	logtest.Discard(t)
	t.Run("valid time", func(t *testing.T) {
		defer restoreSettings()

		Setup(ShutdownConf{
			WrapUpTime: time.Second * 2,
			WaitTime:   time.Second * 30,
		})

		assert.Equal(t, time.Second*2, DefaultRegistry.Conf().WrapUpTime)
		assert.Equal(t, time.Second*30, DefaultRegistry.Conf().WaitTime)
	})

	t.Run("valid time", func(t *testing.T) {
		defer restoreSettings()

		Setup(ShutdownConf{})

		assert.Equal(t, defaultWrapUpTime, DefaultRegistry.Conf().WrapUpTime)
		assert.Equal(t, defaultWaitTime, DefaultRegistry.Conf().WaitTime)
	})

	t.Run("bad conf changes nothing", func(t *testing.T) {
		defer restoreSettings()

		Setup(ShutdownConf{WrapUpTime: -time.Second})
		SetTimeToForceQuit(-time.Second)

		assert.Equal(t, defaultWrapUpTime, DefaultRegistry.Conf().WrapUpTime)
		assert.Equal(t, defaultWaitTime, DefaultRegistry.Conf().WaitTime)
	})
}

func restoreSettings() {
	DefaultRegistry.mu.Lock()
	defer DefaultRegistry.mu.Unlock()
	DefaultRegistry.conf = ShutdownConf{WrapUpTime: defaultWrapUpTime, WaitTime: defaultWaitTime}
	DefaultRegistry.confSet = false
}
