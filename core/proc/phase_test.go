package proc

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestState_Step(t *testing.T) {
	tests := []struct {
		give State
		want string
	}{
		{StateServing, ""},
		{StateWrappingUp, "wrap-up"},
		{StateDelaying, "delay"},
		{StateDraining, "drain"},
		{StateShuttingDown, "shutdown"},
		{StateStopped, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.give.Step(), "%s.Step()", tt.give)
	}
}
