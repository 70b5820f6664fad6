// Package etcdtest starts a real etcd server inside the process, so tests and
// the drill need no etcd installed.
package etcdtest

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// readyTimeout bounds the wait for a starting etcd.
const readyTimeout = 30 * time.Second

// ErrStopped is returned by [Server.Stop] and [Server.Restart] when the
// Server is not in the state they need.
var ErrStopped = errors.New("etcdtest: server is stopped")

// A Server is an embedded etcd listening on loopback. Its clients dial it
// through a front that [Server.Stop] cuts at once, as a crashed etcd goes
// away. Its methods are safe for concurrent use.
type Server struct {
	dir   string
	front *front

	mu   sync.Mutex // guards following
	cfg  *embed.Config
	etcd *embed.Etcd // nil while stopped
}

// Start starts an etcd with its data in a new temporary directory, listening
// on free loopback ports, and waits until it is ready (at most 30s).
func Start() (*Server, error) {
	dir, err := os.MkdirTemp("", "zerodown-etcd-")
	if err != nil {
		return nil, fmt.Errorf("etcd data dir: %w", err)
	}
	s := &Server{dir: dir}
	if err := s.start(newConfig(dir, "127.0.0.1:0", "127.0.0.1:0")); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	s.front, err = openFront("127.0.0.1:0", s.cfg.ListenClientUrls[0].Host)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("etcd front: %w", err)
	}
	return s, nil
}

// newConfig returns the config of an etcd with its data in dir, listening
// for clients on client and for peers on peer (host:port).
func newConfig(dir, client, peer string) *embed.Config {
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.LogLevel = "error"
	c := url.URL{Scheme: "http", Host: client}
	p := url.URL{Scheme: "http", Host: peer}
	cfg.ListenClientUrls = []url.URL{c}
	cfg.AdvertiseClientUrls = []url.URL{c}
	cfg.ListenPeerUrls = []url.URL{p}
	cfg.AdvertisePeerUrls = []url.URL{p}
	cfg.InitialCluster = cfg.Name + "=" + p.String()
	return cfg
}

// start starts an etcd with cfg and waits until it is ready. The ports it
// got are kept, so that a restart listens on the same ones.
func (s *Server) start(cfg *embed.Config) error {
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return fmt.Errorf("start etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(readyTimeout):
		e.Close()
		return fmt.Errorf("start etcd: not ready after %v", readyTimeout)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.etcd = e
	s.cfg = newConfig(s.dir, e.Clients[0].Addr().String(), e.Peers[0].Listener.Addr().String())
	return nil
}

// Endpoints returns the client addresses, host:port, as go-zero's
// discov.EtcdConf.Hosts wants them. They stay the same across a restart.
func (s *Server) Endpoints() []string {
	return []string{s.front.addr}
}

// Stop stops the server and keeps its data, as an etcd that goes down does:
// its clients' connections are cut at once and refused until
// [Server.Restart].
func (s *Server) Stop() error {
	s.mu.Lock()
	e := s.etcd
	s.etcd = nil
	s.mu.Unlock()
	if e == nil {
		return ErrStopped
	}
	if s.front != nil {
		s.front.cut()
	}
	e.Close()
	return nil
}

// Restart starts a stopped server again, with its data (keys and leases), on
// the same ports, and waits until it is ready.
func (s *Server) Restart() error {
	s.mu.Lock()
	running, cfg := s.etcd != nil, s.cfg
	s.mu.Unlock()
	if running {
		return errors.New("etcdtest: restart: server is running")
	}
	if err := s.start(cfg); err != nil {
		return err
	}
	return s.front.open()
}

// Close stops the server, if it runs, and removes its data.
func (s *Server) Close() {
	_ = s.Stop()
	_ = os.RemoveAll(s.dir)
}
