package gozero

import (
	"bytes"
	"runtime/pprof"

	"github.com/zeromicro/go-zero/core/logx"
)

// serverFrames are the go-zero functions a go-zero server's Start runs in
// while it serves, as the goroutine profile prints them (name+offset).
var serverFrames = [][]byte{
	[]byte("github.com/zeromicro/go-zero/rest/internal.start+"),
	[]byte("github.com/zeromicro/go-zero/zrpc/internal.(*rpcServer).Start+"),
}

// zerodownFrame marks the goroutines of zerodown's zrpc servers, which run
// go-zero's Start under zerodown's drain. zerodown's rest servers never run
// in go-zero's start (see [TakeHTTPServer]).
var zerodownFrame = []byte("github.com/zerodown/zerodown/zrpc.")

// ServersRunning reports whether a go-zero rest or zrpc server that zerodown
// does not drain is serving: one that go-zero's own shutdown listener stops.
// It reads the goroutine profile grouped by stack, so its cost grows with
// the number of distinct stacks, not of goroutines: 10,000 open streams
// share a handful of stacks.
func ServersRunning() bool {
	for _, g := range bytes.Split(groupedStacks(), []byte("\n\n")) {
		if bytes.Contains(g, zerodownFrame) {
			continue
		}
		for _, f := range serverFrames {
			if bytes.Contains(g, f) {
				return true
			}
		}
	}
	return false
}

// groupedStacks returns the goroutine profile in its debug=1 form: one block
// per distinct stack, each frame as "#\t0xpc\tfunction+offset\tfile:line".
func groupedStacks() []byte {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		logx.Errorf("gozero: read goroutine profile: %v", err)
	}
	return buf.Bytes()
}
