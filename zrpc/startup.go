package zrpc

import (
	"context"
	"fmt"

	"github.com/zerodown/zerodown/core/proc"
)

// A startup is the start of a server as its Registry's shutdown sees it. A
// shutdown that begins while the server starts (registers in etcd, listens)
// cancels the start through the Registry's context; the server's start hook,
// first in the wrap-up phase, awaits the start's end, so that nothing of it
// outlives the sequence, and fails if the server never served: the report
// then says that the server did not start, not "ok".
type startup struct {
	name string
	done chan struct{} // closed when the start has ended
	err  error         // how it ended; written before done closes
}

// addStartHook adds the server's start hook to its Registry.
func (s *RpcServer) addStartHook() (*startup, error) {
	st := &startup{name: s.name(), done: make(chan struct{})}
	if err := s.reg.AddWrapUpHook(st.name+" start", st.await, proc.WithOrder(-2)); err != nil {
		return nil, err
	}
	return st, nil
}

// end records how the start ended; it is called once.
func (st *startup) end(err error) {
	st.err = err
	close(st.done)
}

// await is the start hook: it returns nil at once if the server was serving
// when the shutdown began, and otherwise, once the start has ended, why the
// server did not serve.
func (st *startup) await(ctx context.Context) error {
	select {
	case <-st.done:
	case <-ctx.Done():
		return fmt.Errorf("zrpc: %s still starting: %w", st.name, ctx.Err())
	}
	if st.err != nil {
		return fmt.Errorf("zrpc: %s did not start: %w", st.name, st.err)
	}
	return nil
}
