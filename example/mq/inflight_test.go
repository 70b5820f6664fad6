//go:build !stock

package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/example/mq/store"
)

// SIGTERM with 8 handlers in flight (Processors 8): no handler starts after
// the shutdown began, the 8 finish and are written before the store closes,
// the process exits 0, and the next instance handles the other 8 ids, each
// once. Zerodown build only: go-queue's Stop returns before its handlers end,
// and go-zero closes the store beside them.
func TestMQ_SigtermWithHandlersInFlight(t *testing.T) {
	topic := "inflight"
	brokers := broker(t, topic, 1)
	path := filepath.Join(t.TempDir(), "db")
	first := startInstance(t, brokers, topic, path, "-work", "1s")
	all := ids("id-", 16)
	first.push(t, all...)
	inFlight := 0
	first.AwaitFunc(t, "8 handlers in flight", func(l string) bool {
		if strings.Contains(l, "smoke-mq handling id-") {
			inFlight++
		}
		return inFlight == 8
	})
	first.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, first.Wait(t), first.Output())
	t0 := shutdownBegan(t, first.Output())

	rows, err := store.ReadRows(path)
	require.NoError(t, err)
	assert.Len(t, rows, 8, "the handlers in flight at SIGTERM are written:\n%s", first.Output())
	for _, r := range rows {
		assert.False(t, r.Late, "%s handled after the store closed", r.ID)
		assert.True(t, r.Started.Before(t0), "%s started at %v, after the shutdown began at %v", r.ID, r.Started, t0)
	}

	next := startInstance(t, brokers, topic, path, "-work", "10ms")
	awaitRows(t, path, len(all))
	next.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, next.Wait(t), next.Output())
	got := handled(t, path)
	for _, id := range all {
		assert.Equal(t, 1, got[id], "%s handled %d times", id, got[id])
	}
	assert.Empty(t, raceReports(t, first.raceLog), "data races in the first instance")
	assert.Empty(t, raceReports(t, next.raceLog), "data races in the next instance")
}

// shutdownBegan returns the time the service printed as the start of its
// shutdown.
func shutdownBegan(t *testing.T, out string) time.Time {
	t.Helper()
	const prefix = "mq: shutdown began at "
	for _, l := range strings.Split(out, "\n") {
		if s, ok := strings.CutPrefix(l, prefix); ok {
			n, err := strconv.ParseInt(s, 10, 64)
			require.NoError(t, err, l)
			return time.Unix(0, n)
		}
	}
	t.Fatalf("no %q line:\n%s", prefix, out)
	return time.Time{}
}
