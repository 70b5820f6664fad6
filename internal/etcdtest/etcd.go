// Package etcdtest starts a real etcd server inside the process, so tests and
// the drill need no etcd installed.
package etcdtest

import (
	"fmt"
	"net/url"
	"os"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// A Server is an embedded etcd listening on loopback.
type Server struct {
	etcd *embed.Etcd
	dir  string
}

// Start starts an etcd with its data in a new temporary directory, listening
// on free loopback ports, and waits until it is ready (at most 30s).
func Start() (*Server, error) {
	dir, err := os.MkdirTemp("", "zerodown-etcd-")
	if err != nil {
		return nil, fmt.Errorf("etcd data dir: %w", err)
	}
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.LogLevel = "error"
	client, _ := url.Parse("http://127.0.0.1:0")
	peer, _ := url.Parse("http://127.0.0.1:0")
	cfg.ListenClientUrls = []url.URL{*client}
	cfg.AdvertiseClientUrls = []url.URL{*client}
	cfg.ListenPeerUrls = []url.URL{*peer}
	cfg.AdvertisePeerUrls = []url.URL{*peer}
	cfg.InitialCluster = cfg.Name + "=" + peer.String()

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("start etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("start etcd: not ready after 30s")
	}
	return &Server{etcd: e, dir: dir}, nil
}

// Endpoints returns the client addresses, host:port, as go-zero's
// discov.EtcdConf.Hosts wants them.
func (s *Server) Endpoints() []string {
	var hosts []string
	for _, l := range s.etcd.Clients {
		hosts = append(hosts, l.Addr().String())
	}
	return hosts
}

// Close stops the server and removes its data.
func (s *Server) Close() {
	s.etcd.Close()
	_ = os.RemoveAll(s.dir)
}
