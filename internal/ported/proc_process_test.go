package ported

import (
	"testing"

	proc "github.com/zerodown/zerodown/core/proc"

	"github.com/stretchr/testify/assert"
)

func TestProcessName(t *testing.T) {
	assert.True(t, len(proc.ProcessName()) > 0)
}

func TestPid(t *testing.T) {
	assert.True(t, proc.Pid() > 0)
}
