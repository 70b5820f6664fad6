package main

import (
	"flag"
	"fmt"

	"github.com/zerodown/zerodown/example/goctl/hello/hello"
	"github.com/zerodown/zerodown/example/goctl/hello/internal/config"
	"github.com/zerodown/zerodown/example/goctl/hello/internal/server"
	"github.com/zerodown/zerodown/example/goctl/hello/internal/svc"

	"github.com/zerodown/zerodown/zrpc"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	"google.golang.org/grpc/reflection"
)

var configFile = flag.String("f", "etc/hello.yaml", "the config file")

func main() {
	flag.Parse()

	var c config.Config
	conf.MustLoad(*configFile, &c)
	ctx := svc.NewServiceContext(c)

	s := zrpc.MustNewServer(c.RpcServerConf, func(grpcServer *grpc.Server) {
		hello.RegisterHelloServer(grpcServer, server.NewHelloServer(ctx))

		if c.Mode == service.DevMode || c.Mode == service.TestMode {
			reflection.Register(grpcServer)
		}
	})
	defer s.Stop()

	fmt.Printf("Starting rpc server at %s...\n", c.ListenOn)
	s.Start()
}
