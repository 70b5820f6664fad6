package zrpc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

const (
	// registerTimeout bounds the registration at start, as go-zero's etcd
	// dial timeout does.
	registerTimeout = 5 * time.Second
	// retryInterval is the wait between attempts to register again after the
	// lease was lost, as go-zero's publisher retries.
	retryInterval = time.Second
	// revokeTimeout bounds the revocation of the lease of a registration
	// that failed.
	revokeTimeout = time.Second
)

// A publication is the server's address in etcd, under the key that
// go-zero's etcd discovery resolves (Key/lease, or Key/ID), attached to one
// lease that the publication owns for the server's life: it is kept alive,
// re-used when etcd comes back with it after an outage, and revoked at the
// deregistration, so that at most one key of the server exists and none is
// left behind. Unlike go-zero's discov.Publisher, which grants a new lease
// after an outage without revoking the old one, and whose Stop revokes on a
// goroutine nobody waits for, its deregistration is awaited and bounded.
type publication struct {
	conf  discov.EtcdConf
	value string // the address published

	cli    *clientv3.Client
	cancel context.CancelFunc // stops the keep-alive loop
	done   chan struct{}      // closed when the keep-alive loop has returned

	mu    sync.Mutex // guards following
	lease clientv3.LeaseID
	key   string
}

func newPublication(c discov.EtcdConf, listenOn string) *publication {
	return &publication{conf: c, value: figureOutListenOn(listenOn)}
}

// keepAlive connects, registers, and keeps the registration alive until
// deregister or stop. The registration is bounded by registerTimeout and
// by ctx: a shutdown that begins meanwhile cancels it.
func (p *publication) keepAlive(ctx context.Context) error {
	cfg, err := clientConfig(p.conf)
	if err != nil {
		return err
	}
	cli, err := clientv3.New(cfg)
	if err != nil {
		return fmt.Errorf("connect etcd %v: %w", p.conf.Hosts, err)
	}
	p.cli = cli
	life, cancel := context.WithCancel(context.Background())
	rctx, rcancel := context.WithTimeout(ctx, registerTimeout)
	defer rcancel()
	alive, err := p.register(rctx, life)
	if err != nil {
		cancel()
		p.revoke() // a lease granted before the key was put
		_ = cli.Close()
		if ctx.Err() != nil {
			err = errors.Join(context.Cause(ctx), err)
		}
		return err
	}
	p.cancel, p.done = cancel, make(chan struct{})
	logx.Infof("zrpc: published %s at etcd key %s", p.value, p.currentKey())
	go p.loop(life, alive)
	return nil
}

// register puts the key on the server's lease, both bounded by ctx, and
// keeps the lease alive until life ends.
func (p *publication) register(ctx, life context.Context) (<-chan *clientv3.LeaseKeepAliveResponse, error) {
	lease, err := p.ownLease(ctx)
	if err != nil {
		return nil, err
	}
	key := p.currentKey()
	if _, err = p.cli.Put(ctx, key, p.value, clientv3.WithLease(lease)); err != nil {
		return nil, fmt.Errorf("etcd put %s: %w", key, err)
	}
	return p.cli.KeepAlive(life, lease)
}

// ownLease returns the server's lease: the one it has if etcd still keeps
// it for a second or more (an etcd that restarts keeps its leases and renews
// them), or a new one, which replaces it once the old one is revoked. The key
// follows the lease.
func (p *publication) ownLease(ctx context.Context) (clientv3.LeaseID, error) {
	p.mu.Lock()
	lease := p.lease
	p.mu.Unlock()
	if lease != clientv3.NoLease {
		ttl, err := p.cli.TimeToLive(ctx, lease)
		if err != nil {
			return clientv3.NoLease, fmt.Errorf("etcd lease %x: %w", int64(lease), err)
		}
		switch {
		case ttl.TTL > 0:
			return lease, nil
		case ttl.TTL == 0: // about to expire: its key must not outlive the new one's put
			if _, err := p.cli.Revoke(ctx, lease); err != nil && !errors.Is(err, rpctypes.ErrLeaseNotFound) {
				return clientv3.NoLease, fmt.Errorf("etcd revoke lease %x: %w", int64(lease), err)
			}
		}
	}
	grant, err := p.cli.Grant(ctx, discov.TimeToLive)
	if err != nil {
		return clientv3.NoLease, fmt.Errorf("etcd grant lease: %w", err)
	}
	id := int64(grant.ID)
	if p.conf.HasID() {
		id = p.conf.ID
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lease, p.key = grant.ID, fmt.Sprintf("%s/%d", p.conf.Key, id)
	return grant.ID, nil
}

// loop drains the keep-alive responses and registers again if the lease is
// lost (an etcd outage longer than its TTL), until ctx ends.
func (p *publication) loop(ctx context.Context, alive <-chan *clientv3.LeaseKeepAliveResponse) {
	defer close(p.done)
	for alive != nil {
		for range alive {
		}
		if ctx.Err() != nil {
			return
		}
		logx.Errorf("zrpc: etcd lease of %s lost, registering again", p.currentKey())
		alive = p.reregister(ctx)
	}
}

// reregister tries to register every retryInterval until it succeeds, or
// returns nil when ctx ends.
func (p *publication) reregister(ctx context.Context) <-chan *clientv3.LeaseKeepAliveResponse {
	ticker := time.NewTicker(retryInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		alive, err := p.register(ctx, ctx)
		if err == nil {
			logx.Infof("zrpc: published %s at etcd key %s again", p.value, p.currentKey())
			return alive
		}
		logx.Error(err)
	}
}

// deregister is the server's wrap-up hook: it stops the keep-alive and
// revokes the lease, which deletes the key, so that go-zero's discovery
// clients drop the server. It returns when etcd has confirmed, or with an
// error when ctx ends first: the key then expires with its lease.
func (p *publication) deregister(ctx context.Context) error {
	p.cancel()
	defer func() { _ = p.cli.Close() }()
	select {
	case <-p.done:
	case <-ctx.Done():
	}
	p.mu.Lock()
	lease, key := p.lease, p.key
	p.mu.Unlock()
	start := time.Now()
	if _, err := p.cli.Revoke(ctx, lease); err != nil {
		if ctx.Err() != nil {
			err = errors.Join(ctx.Err(), err)
		}
		return fmt.Errorf("zrpc: deregister %s from etcd (it expires with its lease in %ds): %w",
			key, discov.TimeToLive, err)
	}
	logx.WithDuration(time.Since(start)).Infof("zrpc: deregistered %s from etcd", key)
	return nil
}

// stop undoes keepAlive when the server cannot start.
func (p *publication) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), registerTimeout)
	defer cancel()
	if err := p.deregister(ctx); err != nil {
		logx.Error(err)
	}
}

// revoke revokes the lease granted by a registration that failed, if any,
// bounded by revokeTimeout.
func (p *publication) revoke() {
	p.mu.Lock()
	lease := p.lease
	p.mu.Unlock()
	if lease == clientv3.NoLease {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), revokeTimeout)
	defer cancel()
	if _, err := p.cli.Revoke(ctx, lease); err != nil {
		logx.Errorf("zrpc: revoke etcd lease %x: %v", int64(lease), err)
	}
}

func (p *publication) currentKey() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.key
}
