package kaload

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestResult_Count(t *testing.T) {
	drain := time.Unix(100, 0)
	before, after := drain.Add(-time.Millisecond), drain.Add(time.Millisecond)
	err := errors.New("EOF")
	r := Result{OK: 7, Failures: []Failure{
		{ID: "a", Reused: true, At: before, Err: err},
		{ID: "b", Reused: true, At: after, Err: err},
		{ID: "c", Refused: true, At: after, Err: err},
		{ID: "d", At: after, Err: err},
		{ID: "e", Reused: true, Status: 503, At: before, Err: err},
		{ID: "f", Reused: true, At: after, Err: err},
	}}
	executed := map[string]bool{"f": true}
	got := r.Count(func(id string) bool { return executed[id] }, drain)
	assert.Equal(t, 7, got.OK)
	assert.Equal(t, 1, got.EstablishedBeforeDrain)
	assert.Equal(t, 2, got.EstablishedAfter)
	assert.Equal(t, 1, got.Refused)
	assert.Equal(t, 1, got.Other)
	assert.Equal(t, 1, got.Answered)
	assert.Equal(t, 1, got.ExecutedButLost)
	assert.Contains(t, got.Example, "f executed but lost")
}
