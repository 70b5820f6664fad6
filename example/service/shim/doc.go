// Package shim holds the three imports that differ between the example built
// on stock go-zero and on zerodown: core/proc, zrpc and rest. The rest of the
// example imports only this package, so one source builds both ways:
//
//	go build ./example/service               # zerodown
//	go build -tags stock ./example/service   # stock go-zero v1.10.3
//
// tools/drill builds both and compares them.
package shim
