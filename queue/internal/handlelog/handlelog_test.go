package handlelog

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Two consumers share the file; a handler that ends after its store's close
// is noted so, and Count tells ids handled twice.
func TestTwoConsumersShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	a, err := Open(path, "a")
	require.NoError(t, err)
	b, err := Open(path, "b")
	require.NoError(t, err)
	done := make(chan struct{})
	noted := a.NoteT0(done)
	a.Handle("id1", 0)
	close(done)
	<-noted
	b.Handle("id1", 0)
	b.Close()
	b.Handle("id2", 0)
	evs := Events(t, path)
	assert.Equal(t, map[string]int{"id1": 2, "id2": 1}, Count(evs, "done"))
	assert.Equal(t, map[string]int{"id2": 1}, Count(evs, "after-close"))
	assert.Equal(t, map[string]int{"b": 1}, Count(evs, "close"))
	for i := 1; i < len(evs); i++ {
		assert.LessOrEqual(t, evs[i-1].At, evs[i].At, "events in the order written")
	}
	assert.Equal(t, map[string]int{"a": 1}, Count(evs, "t0"))
}
