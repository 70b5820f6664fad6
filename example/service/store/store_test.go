package store

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

func TestStore_AppendThenReadIDs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.log")
	s, err := Open(Conf{Path: path})
	require.NoError(t, err)

	var wg sync.WaitGroup
	for _, id := range []string{"a", "b", "c"} {
		wg.Go(func() { assert.NoError(t, s.Append(id)) })
	}
	wg.Wait()
	require.NoError(t, s.Close())

	ids, err := ReadIDs(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"a": true, "b": true, "c": true}, ids)
}

func TestStore_ReopenKeepsRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.log")
	first, err := Open(Conf{Path: path})
	require.NoError(t, err)
	require.NoError(t, first.Append("before"))
	require.NoError(t, first.Close())

	second, err := Open(Conf{Path: path})
	require.NoError(t, err)
	require.NoError(t, second.Append("after"))
	require.NoError(t, second.Close())

	ids, err := ReadIDs(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"before": true, "after": true}, ids)
}

func TestStore_AppendAfterCloseFailsAndCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.log")
	s, err := Open(Conf{Path: path})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "second Close")

	assert.ErrorIs(t, s.Append("late"), ErrClosed)
	assert.ErrorIs(t, s.Append("later"), ErrClosed)
	assert.Equal(t, int64(2), s.Rejected())

	ids, err := ReadIDs(path)
	require.NoError(t, err)
	assert.Empty(t, ids, "a rejected write reached the file")
}

func TestStore_BadInput(t *testing.T) {
	_, err := Open(Conf{})
	assert.Error(t, err, "empty path")

	s, err := Open(Conf{Path: filepath.Join(t.TempDir(), "store.log")})
	require.NoError(t, err)
	defer s.Close()
	assert.Error(t, s.Append("two\nlines"))
}

func TestReadIDs_MissingFileIsEmpty(t *testing.T) {
	ids, err := ReadIDs(filepath.Join(t.TempDir(), "missing"))
	require.NoError(t, err)
	assert.Empty(t, ids)
}
