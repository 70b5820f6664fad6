//go:build linux || darwin || freebsd

package gozero

import (
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	gzproc "github.com/zeromicro/go-zero/core/proc"
	gzrest "github.com/zeromicro/go-zero/rest"
)

func dbClose() {}

// The contract: go-zero's shutdownListeners is a *listenerManager laid out as
// ours, whose listeners are go-zero's wrapper around each fn.
func TestContract_TakeShutdownListeners(t *testing.T) {
	require.NotNil(t, gzShutdownListeners, upgrade+": go-zero's proc.shutdownListeners is gone or nil")
	for _, l := range TakeShutdownListeners() { // go-zero's init registers some (core/metric)
		assert.Nil(t, l.Run(), l.Name)
	}

	var ran []string
	waitDB := gzproc.AddShutdownListener(func() { ran = append(ran, "db close") })
	gzproc.AddShutdownListener(dbClose)
	gzproc.AddShutdownListener(func() { ran = append(ran, "flush"); panic("boom") })

	listeners := TakeShutdownListeners()
	require.Len(t, listeners, 3, upgrade+": go-zero's listenerManager no longer keeps its listeners in a slice after a Mutex and a WaitGroup")
	assert.Equal(t, unsafe.Sizeof(listenerManager{}), unsafe.Sizeof(*gzShutdownListeners))
	assert.Contains(t, listeners[1].Name, "internal/gozero.dbClose (gozero/shutdownlisteners_test.go:",
		upgrade+": go-zero's listener wrapper no longer captures the listener as a func value (got %q)", listeners[1].Name)
	assert.True(t, strings.HasPrefix(listeners[2].Name, "github.com/zerodown/zerodown/internal/gozero.TestContract_TakeShutdownListeners.func1 "),
		"listeners in reverse order of registration: %q", listeners[2].Name)

	held := HoldShutdownWait()
	for _, l := range listeners {
		if p := l.Run(); p != nil {
			assert.Equal(t, "boom", p)
		}
	}
	assert.Equal(t, []string{"flush", "db close"}, ran, "one at a time, in reverse order, past a panic")
	waited := make(chan struct{})
	go func() {
		defer close(waited)
		waitDB() // go-zero's waitForCalled
	}()
	select {
	case <-waited:
		t.Fatal("go-zero's waitForCalled returned while held")
	default:
	}
	held()
	held()
	<-waited
	assert.Empty(t, RunningListener())
}

func TestContract_ServerListenersRunFirst(t *testing.T) {
	for _, l := range TakeShutdownListeners() {
		assert.Nil(t, l.Run(), l.Name)
	}
	port := freePort(t)
	server := gzrest.MustNewServer(restConf(t, port))
	served := make(chan struct{})
	go func() {
		defer close(served)
		server.Start()
	}()
	awaitListening(t, "127.0.0.1:"+strconv.Itoa(port))
	gzproc.AddShutdownListener(dbClose) // registered after the server's: would run first by order alone

	listeners := TakeShutdownListeners()
	for _, l := range listeners {
		assert.Nil(t, l.Run(), l.Name)
	}
	<-served
	require.NotEmpty(t, listeners)
	assert.True(t, listeners[0].Server, upgrade+": go-zero's rest server no longer stops in a listener of %s: %+v",
		serverListeners[0], listeners)
}
