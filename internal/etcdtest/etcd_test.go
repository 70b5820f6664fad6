package etcdtest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	clientv3 "go.etcd.io/etcd/client/v3"
)

func TestStart(t *testing.T) {
	s, err := Start()
	require.NoError(t, err)
	defer s.Close()

	cli, err := clientv3.New(clientv3.Config{Endpoints: s.Endpoints(), DialTimeout: 5 * time.Second})
	require.NoError(t, err)
	defer cli.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = cli.Put(ctx, "k", "v")
	require.NoError(t, err)
	resp, err := cli.Get(ctx, "k")
	require.NoError(t, err)
	require.Len(t, resp.Kvs, 1)
	require.Equal(t, "v", string(resp.Kvs[0].Value))
}

func TestServer_Restart(t *testing.T) {
	s, err := Start()
	require.NoError(t, err)
	defer s.Close()
	endpoints := s.Endpoints()

	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 5 * time.Second})
	require.NoError(t, err)
	defer cli.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	grant, err := cli.Grant(ctx, 60)
	require.NoError(t, err)
	_, err = cli.Put(ctx, "k", "v", clientv3.WithLease(grant.ID))
	require.NoError(t, err)

	require.NoError(t, s.Stop())
	require.ErrorIs(t, s.Stop(), ErrStopped)
	require.NoError(t, s.Restart())
	require.Error(t, s.Restart(), "restart of a running server")
	assert.Equal(t, endpoints, s.Endpoints(), "same ports after the restart")

	resp, err := cli.Get(ctx, "k")
	require.NoError(t, err, "the old client reaches the restarted server")
	require.Len(t, resp.Kvs, 1, "the key outlives the restart")
	assert.Equal(t, grant.ID, clientv3.LeaseID(resp.Kvs[0].Lease), "with its lease")
}
