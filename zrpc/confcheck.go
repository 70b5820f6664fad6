package zrpc

import (
	"fmt"

	"github.com/zerodown/zerodown/core/proc"
)

// CheckConf reports whether [NewServer] would refuse c in a process whose
// shutdown conf is c's own Shutdown section (go-zero's defaults for its
// zero fields): go-zero's checks of c, of its Shutdown and Upgrade sections,
// and that the drain ends before the force quit. The goctl plugin runs it on
// a service's etc/*.yaml before the first start.
func CheckConf(c RpcServerConf) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := c.Upgrade.Validate(); err != nil {
		return err
	}
	reg, err := proc.NewRegistry(proc.ShutdownConf{WrapUpTime: c.Shutdown.WrapUpTime, WaitTime: c.Shutdown.WaitTime})
	if err != nil {
		return fmt.Errorf("zrpc: shutdown conf: %w", err)
	}
	_, err = c.Drain.fit(reg.Conf())
	return err
}
