package zrpc

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/netx"
	clientv3 "go.etcd.io/etcd/client/v3"
)

const (
	allEths  = "0.0.0.0"
	envPodIP = "POD_IP"
	// dialTimeout is go-zero's etcd dial timeout.
	dialTimeout = 5 * time.Second
)

// clientConfig returns the etcd client config for c, with its account and
// TLS, as go-zero's discov builds it.
func clientConfig(c discov.EtcdConf) (clientv3.Config, error) {
	cfg := clientv3.Config{
		Endpoints:           c.Hosts,
		DialTimeout:         dialTimeout,
		PermitWithoutStream: true,
	}
	if c.HasAccount() {
		cfg.Username, cfg.Password = c.User, c.Pass
	}
	if c.HasTLS() {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.CertKeyFile)
		if err != nil {
			return cfg, fmt.Errorf("etcd tls: %w", err)
		}
		ca, err := os.ReadFile(c.CACertFile)
		if err != nil {
			return cfg, fmt.Errorf("etcd tls: %w", err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(ca)
		cfg.TLS = &tls.Config{
			Certificates:       []tls.Certificate{cert},
			RootCAs:            pool,
			InsecureSkipVerify: c.InsecureSkipVerify, //nolint:gosec // go-zero's option
		}
	}
	return cfg, nil
}

// figureOutListenOn returns the address to publish for listenOn, as go-zero
// does: a listenOn without a host, or on all interfaces, is published with
// $POD_IP or the internal IP.
func figureOutListenOn(listenOn string) string {
	fields := strings.Split(listenOn, ":")
	host := fields[0]
	if len(host) > 0 && host != allEths {
		return listenOn
	}
	ip := os.Getenv(envPodIP)
	if len(ip) == 0 {
		ip = netx.InternalIp()
	}
	if len(ip) == 0 {
		return listenOn
	}
	return strings.Join(append([]string{ip}, fields[1:]...), ":")
}
