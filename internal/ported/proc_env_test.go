package ported

import (
	"testing"

	proc "github.com/zerodown/zerodown/core/proc"

	"github.com/stretchr/testify/assert"
)

func TestEnvInt(t *testing.T) {
	val, ok := proc.EnvInt("any")
	assert.Equal(t, 0, val)
	assert.False(t, ok)
	t.Setenv("anyInt", "10")
	val, ok = proc.EnvInt("anyInt")
	assert.Equal(t, 10, val)
	assert.True(t, ok)
	t.Setenv("anyString", "a")
	val, ok = proc.EnvInt("anyString")
	assert.Equal(t, 0, val)
	assert.False(t, ok)
}
