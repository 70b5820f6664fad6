// Command goctl-plugin switches a goctl-generated service to zerodown by
// rewriting its imports of go-zero's rest, zrpc and core/proc to zerodown's,
// which keep go-zero's names and signatures.
//
// goctl runs a plugin with a JSON description of the API on stdin, whose
// Dir is the service's directory:
//
//	goctl api go -api greet.api -dir . && goctl api plugin -plugin goctl-plugin -api greet.api -dir .
//
// goctl has no plugins for RPC services; the command takes their directory
// instead:
//
//	goctl rpc protoc hello.proto --go_out=. --go-grpc_out=. --zrpc_out=. && goctl-plugin -dir .
//
// It adds the zerodown require to go.mod (run go mod tidy then), and checks
// etc/*.yaml against the switched confs: a key go-zero would drop, or a conf
// the switched service would refuse, is reported with its fix (exit 1).
//
// goctl regenerates some files (routes.go, the RPC client) on every run, with
// go-zero's imports: run the plugin after every generation. -check reports,
// without changing anything, the imports still to switch, and exits 1 if
// there are any: a CI step.
package main

import (
	"fmt"
	"os"

	"github.com/zerodown/zerodown/tools/goctl-plugin/internal/plugin"
)

func main() {
	if err := plugin.Run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
