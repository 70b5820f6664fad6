package upgrade_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// maxCalls bounds the calls of each load worker.
const maxCalls = 200000

// A load calls a testsvc family until stopped: REST on keep-alive
// connections and on a new connection per call, and gRPC unary calls on one
// connection. It counts the calls by outcome and the pids that answered.
type load struct {
	stop chan struct{}
	wg   sync.WaitGroup

	mu      sync.Mutex // guards following
	ok      int
	refused int
	failed  int
	errs    []string    // the first errors of failed calls
	pids    map[int]int // REST calls answered per pid
	calls   chan struct{}
}

// startLoad starts the workers; stop them with load.end.
func startLoad(t *testing.T, restPort, rpcPort int) *load {
	t.Helper()
	l := &load{stop: make(chan struct{}), pids: map[int]int{}, calls: make(chan struct{}, 1)}
	url := fmt.Sprintf("http://127.0.0.1:%d/pid", restPort)
	keepAlive := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	cc, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", rpcPort),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	health := healthpb.NewHealthClient(cc)
	for range 2 {
		l.run("REST keep-alive", func() error { return l.get(keepAlive, url) })
	}
	l.run("REST new connection", func() error { return l.get(fresh, url) })
	for range 2 {
		l.run("gRPC unary", func() error {
			_, err := health.Check(context.Background(), &healthpb.HealthCheckRequest{})
			return err
		})
	}
	t.Cleanup(func() {
		l.end()
		keepAlive.CloseIdleConnections()
		_ = cc.Close()
	})
	return l
}

func (l *load) run(kind string, call func() error) {
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		for range maxCalls {
			select {
			case <-l.stop:
				return
			default:
			}
			if err := call(); err != nil {
				l.record(fmt.Errorf("%s at %s: %w", kind, time.Now().UTC().Format("15:04:05.000000"), err))
			} else {
				l.record(nil)
			}
		}
	}()
}

// get calls url and records the pid that answered.
func (l *load) get(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	pid, err := strconv.Atoi(string(body))
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.pids[pid]++
	l.mu.Unlock()
	return nil
}

func (l *load) record(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err == nil:
		l.ok++
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "connection refused"):
		l.refused++
	default:
		l.failed++
		if len(l.errs) < 10 {
			l.errs = append(l.errs, err.Error())
		}
	}
	select {
	case l.calls <- struct{}{}:
	default:
	}
}

// served waits until pid has answered n more REST calls.
func (l *load) served(t *testing.T, pid, n int) {
	t.Helper()
	l.mu.Lock()
	want := l.pids[pid] + n
	l.mu.Unlock()
	for {
		l.mu.Lock()
		got := l.pids[pid]
		l.mu.Unlock()
		if got >= want {
			return
		}
		select {
		case <-l.calls:
		case <-l.stop:
			t.Fatalf("load stopped before pid %d answered %d calls", pid, n)
		}
	}
}

// end stops the workers and waits for them.
func (l *load) end() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	l.wg.Wait()
}

// check fails t if a call failed or was refused, and logs the counts.
func (l *load) check(t *testing.T) {
	t.Helper()
	l.end()
	l.mu.Lock()
	defer l.mu.Unlock()
	t.Logf("calls: %d ok, %d refused, %d failed; REST answers per pid: %v", l.ok, l.refused, l.failed, l.pids)
	if l.refused > 0 || l.failed > 0 {
		t.Errorf("%d calls refused, %d failed: %q", l.refused, l.failed, l.errs)
	}
}
