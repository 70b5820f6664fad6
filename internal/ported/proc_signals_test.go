//go:build linux || darwin || freebsd

package ported

import (
	"testing"

	proc "github.com/zerodown/zerodown/core/proc"

	"github.com/stretchr/testify/assert"
)

func TestDone(t *testing.T) {
	select {
	case <-proc.Done():
		assert.Fail(t, "should run")
	default:
	}
	assert.NotNil(t, proc.Done())
}
