package apicheck

import (
	"testing"
)

// Every exported name of go-zero's core/proc, core/threading, rest and zrpc, at the version
// of go.mod, exists in ours with go-zero's signature. When go-zero adds a
// name, this test names it.
func TestGoZeroAPI(t *testing.T) {
	c := Checker{Dir: "."}
	missing, err := c.Missing(map[string]string{
		"github.com/zerodown/zerodown/core/proc":      "github.com/zeromicro/go-zero/core/proc",
		"github.com/zerodown/zerodown/core/threading": "github.com/zeromicro/go-zero/core/threading",
		"github.com/zerodown/zerodown/rest":           "github.com/zeromicro/go-zero/rest",
		"github.com/zerodown/zerodown/zrpc":           "github.com/zeromicro/go-zero/zrpc",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		t.Error(m)
	}
}
