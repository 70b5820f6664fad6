package config

import "github.com/zerodown/zerodown/zrpc"

type Config struct {
	zrpc.RpcServerConf
}
