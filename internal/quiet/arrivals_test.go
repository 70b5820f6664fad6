package quiet

import (
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestArrivals_Since(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var a Arrivals
		a.Arrived()
		first := time.Now()
		time.Sleep(time.Second) // fake clock
		a.Since(time.Now())
		assert.Equal(t, first.Add(time.Second), a.Last(), "Since moves the last arrival forward")
		a.Since(first)
		assert.Equal(t, first.Add(time.Second), a.Last(), "never back")
	})
}

func TestArrivals_CallArrived(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var a Arrivals
		a.CallArrived()
		assert.True(t, a.Last().Equal(time.Unix(0, 0)), "a call before Since is not recorded: %v", a.Last())
		start := time.Now()
		a.Since(start)
		time.Sleep(time.Second) // fake clock
		a.CallArrived()
		assert.Equal(t, start.Add(time.Second), a.Last(), "a call after Since is")
	})
}

func TestListener_RecordsAccepts(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var a Arrivals
	l := NewListener(ln, &a)
	defer l.Close()
	before := time.Now()
	c, err := net.Dial("tcp", l.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	s, err := l.Accept()
	require.NoError(t, err)
	defer s.Close()
	assert.False(t, a.Last().Before(before), "last arrival %v, accepted after %v", a.Last(), before)
}
