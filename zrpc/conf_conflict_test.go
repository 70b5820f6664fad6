package zrpc

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/zerodown/zerodown/rest"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
)

func init() {
	scenarios["conf-conflict"] = scenarioConfConflict
	scenarios["upgrade-conflict"] = scenarioUpgradeConflict
}

// scenarioConfConflict builds a zrpc server with WaitTime 10s, then a rest
// server with WaitTime 20s, as goctl's main does.
func scenarioConfConflict() int {
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "rpc", Log: logx.LogConf{Level: "error"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
	}
	c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = time.Second, 10*time.Second
	s := MustNewServer(c, nil)
	defer s.Stop()

	var rc rest.RestConf
	if err := conf.FillDefault(&rc); err != nil {
		panic(err)
	}
	rc.Name, rc.Host, rc.Log.Level, rc.DevServer.Enabled = "web", "127.0.0.1", "error", false
	rc.Shutdown.WrapUpTime, rc.Shutdown.WaitTime = time.Second, 20*time.Second
	web := rest.MustNewServer(rc)
	defer web.Stop()
	fmt.Println("both built")
	return 0
}

func TestConfConflict_ExitsAtStartNamingBoth(t *testing.T) {
	t.Setenv("ZRPC_TEST_ADDR", freeAddr(t))
	p := startScenario(t, "conf-conflict")
	assert.Equal(t, 1, p.Wait(t), p.Output())
	out := p.Output()
	assert.Contains(t, out, "WaitTime 20s", "the conf refused")
	assert.Contains(t, out, "WaitTime 10s", "the conf in force")
	assert.NotContains(t, p.Markers(), "both built")
}

// scenarioUpgradeConflict builds a zrpc server that asks for the in-place
// upgrade, then a rest server that does not.
func scenarioUpgradeConflict() int {
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "rpc", Log: logx.LogConf{Level: "error"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
	}
	c.Upgrade.Enabled = true
	s := MustNewServer(c, nil)
	defer s.Stop()

	var rc rest.RestConf
	if err := conf.FillDefault(&rc); err != nil {
		panic(err)
	}
	rc.Name, rc.Host, rc.Log.Level, rc.DevServer.Enabled = "web", "127.0.0.1", "error", false
	web := rest.MustNewServer(rc)
	defer web.Stop()
	fmt.Println("both built")
	return 0
}

func TestConfConflict_UpgradeEnabledAgainstOff(t *testing.T) {
	t.Setenv("ZRPC_TEST_ADDR", freeAddr(t))
	p := startScenario(t, "upgrade-conflict")
	assert.Equal(t, 1, p.Wait(t), p.Output())
	assert.Contains(t, p.Output(), "disagree on the in-place upgrade")
	assert.NotContains(t, p.Markers(), "both built")
}
