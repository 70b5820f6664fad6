package zrpc

import (
	"reflect"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/confkeys"
)

// The sections of RpcServerConf whose unknown keys NewServer reports (see
// package internal/confkeys): go-zero would drop them silently.
var _ = confkeys.Add("Shutdown", reflect.TypeFor[proc.ShutdownConf]()) &&
	confkeys.Add("Drain", reflect.TypeFor[DrainConf]()) &&
	confkeys.Add("Report", reflect.TypeFor[report.Conf]()) &&
	confkeys.Add("Upgrade", reflect.TypeFor[upgrade.Conf]())
