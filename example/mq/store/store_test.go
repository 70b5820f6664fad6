package store

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

func ids(rows []Row) map[string]bool {
	out := make(map[string]bool)
	for _, r := range rows {
		out[r.ID] = r.Late
	}
	return out
}

func TestStore_AppendThenReadRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	s, err := Open(Conf{Path: path})
	require.NoError(t, err)

	started := time.Now()
	var wg sync.WaitGroup
	for _, id := range []string{"a", "b", "c"} {
		wg.Go(func() { assert.NoError(t, s.Append(id, started)) })
	}
	wg.Wait()
	require.NoError(t, s.Close())

	rows, err := ReadRows(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"a": false, "b": false, "c": false}, ids(rows))
	for _, r := range rows {
		assert.Equal(t, started.UnixNano(), r.Started.UnixNano(), "started of %s", r.ID)
		assert.False(t, r.Written.Before(started), "%s written at %v, before its start %v", r.ID, r.Written, started)
	}
}

func TestStore_AppendAfterCloseGoesToTheLateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	s, err := Open(Conf{Path: path})
	require.NoError(t, err)
	require.NoError(t, s.Append("before", time.Now()))
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "second Close")

	assert.ErrorIs(t, s.Append("late", time.Now()), ErrClosed)
	assert.Equal(t, int64(1), s.Rejected())

	rows, err := ReadRows(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"before": false, "late": true}, ids(rows))
}

func TestStore_ReopenKeepsRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	for _, id := range []string{"first", "second"} {
		s, err := Open(Conf{Path: path})
		require.NoError(t, err)
		require.NoError(t, s.Append(id, time.Now()))
		require.NoError(t, s.Close())
	}
	rows, err := ReadRows(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"first": false, "second": false}, ids(rows))
}

func TestStore_BadInput(t *testing.T) {
	_, err := Open(Conf{})
	assert.ErrorContains(t, err, "empty path")

	s, err := Open(Conf{Path: filepath.Join(t.TempDir(), "db")})
	require.NoError(t, err)
	defer s.Close()
	for _, id := range []string{"", "two words", "two\nlines"} {
		assert.ErrorContains(t, s.Append(id, time.Now()), "not one word", "id %q", id)
	}
}

func TestReadRows_MissingFilesHoldNothing(t *testing.T) {
	rows, err := ReadRows(filepath.Join(t.TempDir(), "missing"))
	require.NoError(t, err)
	assert.Empty(t, rows)
}

func TestReadRows_SkipsACutRowAndRefusesGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	require.NoError(t, os.WriteFile(path, []byte("a 1 2\nb 3\n"), 0o644))
	rows, err := ReadRows(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"a": false}, ids(rows))

	require.NoError(t, os.WriteFile(path, []byte("a x 2\n"), 0o644))
	_, err = ReadRows(path)
	assert.ErrorContains(t, err, "line 1")
}
