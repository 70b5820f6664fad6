package gozero

import (
	"bytes"
)

// serverFrames are the go-zero functions a go-zero server's Start runs in
// while it serves.
var serverFrames = [][]byte{
	[]byte("github.com/zeromicro/go-zero/rest/internal.start("),
	[]byte("github.com/zeromicro/go-zero/zrpc/internal.(*rpcServer).Start("),
}

// zerodownFrame marks the goroutines of zerodown's zrpc servers, which run
// go-zero's Start under zerodown's drain. zerodown's rest servers never run
// in go-zero's start (see [TakeHTTPServer]).
var zerodownFrame = []byte("github.com/zerodown/zerodown/zrpc.")

// ServersRunning reports whether a go-zero rest or zrpc server that zerodown
// does not drain is serving: one that go-zero's own shutdown listener stops.
// It reads every goroutine's stack, so it is for the shutdown path only.
func ServersRunning() bool {
	for _, g := range bytes.Split(allStacks(), []byte("\n\n")) {
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
