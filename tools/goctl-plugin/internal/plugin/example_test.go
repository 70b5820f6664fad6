package plugin_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/zerodown/zerodown/tools/goctl-plugin/internal/plugin"
)

// -check reports the imports of a goctl-generated RPC service that zerodown
// replaces, and fails, changing nothing.
func ExampleRun_check() {
	err := plugin.Run([]string{"-check", "-dir", "../rewrite/testdata/hello"}, nil, os.Stdout)
	fmt.Println(errors.Is(err, plugin.ErrPending))
	// Output:
	// hello.go: github.com/zeromicro/go-zero/core/service -> github.com/zerodown/zerodown/core/service
	// hello.go: github.com/zeromicro/go-zero/zrpc -> github.com/zerodown/zerodown/zrpc
	// helloclient/hello.go: github.com/zeromicro/go-zero/zrpc -> github.com/zerodown/zerodown/zrpc
	// internal/config/config.go: github.com/zeromicro/go-zero/zrpc -> github.com/zerodown/zerodown/zrpc
	// true
}
