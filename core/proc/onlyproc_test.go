package proc

// A program that switched only core/proc: its yaml's Shutdown section
// reaches go-zero's proc.Setup (ServiceConf.MustSetUp), and must be the one
// in force.

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/service"
)

func init() {
	scenarios["only-proc"] = scenarioOnlyProc
}

// onlyProcYaml is the service's yaml: go-zero's keys only.
const onlyProcYaml = `Name: only-proc
Log: {Level: info, Encoding: plain}
Shutdown: {WrapUpTime: 2s, WaitTime: 9s}
`

// scenarioOnlyProc is a go-queue style main: ServiceConf.MustSetUp with the
// yaml's Shutdown {2s, 9s}, a 6 s wrap-up listener (consumers stopping) and
// a DB close, no zerodown Setup.
func scenarioOnlyProc() {
	var c service.ServiceConf
	must(conf.LoadFromYamlBytes([]byte(onlyProcYaml), &c))
	c.DevServer.Enabled = false
	c.MustSetUp()
	AddWrapUpListener(func() {
		time.Sleep(6 * time.Second) // the consumers' own work
		fmt.Println("wrap-up done")
	})
	AddShutdownListener(func() { fmt.Println("db closed") })
	fmt.Println("ready")
	must(Wait())
}

// TestSignal_OnlyProcSwitchedKeepsTheYamlShutdown: the Shutdown conf that
// go-zero's Setup received first is in force: the 6 s wrap-up listener
// finishes within WaitTime 9s, the DB closes after it, exit 0.
func TestSignal_OnlyProcSwitchedKeepsTheYamlShutdown(t *testing.T) {
	p := startScenario(t, "only-proc")
	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	require.Equal(t, 0, p.Wait(t), p.Output())
	t.Logf("SIGTERM to exit: %v", p.Exited().Sub(sent).Round(time.Millisecond))
	before(t, p.Markers(), "wrap-up done", "db closed")
	out := p.Output()
	assert.Contains(t, out, "propagation delay 2s, force quit at 9s", out)
	assert.NotContains(t, out, "go-zero's proc.Setup", "no conf mismatch to log:\n%s", out)
}
