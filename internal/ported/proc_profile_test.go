package ported

import (
	"strings"
	"testing"

	proc "github.com/zerodown/zerodown/core/proc"

	"github.com/stretchr/testify/assert"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestProfile(t *testing.T) {
	c := logtest.NewCollector(t)
	profiler := proc.StartProfile()
	// start again should not work
	assert.NotNil(t, proc.StartProfile())
	profiler.Stop()
	// stop twice
	profiler.Stop()
	assert.True(t, strings.Contains(c.String(), ".pprof"))
}
