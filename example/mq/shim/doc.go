// Package shim holds the imports that differ between the mq example built on
// stock go-queue and go-zero and on zerodown: queue/kq, core/service, rest and
// core/proc. The rest of the example imports only this package, so one source
// builds both ways:
//
//	go build ./example/mq               # zerodown
//	go build -tags stock ./example/mq   # go-queue v1.2.2 on go-zero v1.10.3
//
// tools/drill builds both and compares them (scenario "kafka").
package shim
