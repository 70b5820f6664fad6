// Package kaload is a load of keep-alive HTTP clients that POST request ids,
// for the tests and the drill that check what a shutdown loses: every client
// keeps its own connection, reuses it while the server lets it, and records
// each failure with whether it happened on an established (reused)
// connection, so that failures can be told apart from refused connections
// and matched against the ids the server says it executed.
package kaload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"syscall"
	"time"
)

type (
	// A Config configures a Load.
	Config struct {
		// URL is where every client POSTs its ids; "{id}" in it is replaced
		// by the request's id.
		URL string
		// Clients is the number of concurrent clients, each with its own
		// connection.
		Clients int
		// NewClient returns the HTTP client of one load client; nil means a
		// net/http client with keep-alives on and one idle connection.
		NewClient func() *http.Client
	}

	// A Load runs the clients of a Config until [Load.Stop].
	Load struct {
		cfg    Config
		ctx    context.Context
		cancel context.CancelFunc
		wg     sync.WaitGroup
		warm   sync.WaitGroup
		warmed chan struct{}

		mu       sync.Mutex // guards following
		ok       int
		okIDs    []string
		failures []Failure
	}

	// A Failure is a request that got no valid response.
	Failure struct {
		// ID is the request's id, the POST body.
		ID string
		// Reused tells that the request went on an established connection.
		Reused bool
		// Refused tells that the connection was refused: the server no
		// longer listens.
		Refused bool
		// Status is the HTTP status of a response that was not a success,
		// or 0 if no response came.
		Status int
		// At is when the failure was seen.
		At time.Time
		// Err is the error, or the unexpected response.
		Err error
	}
)

// Start starts the clients of cfg.
func Start(cfg Config) *Load {
	if cfg.NewClient == nil {
		cfg.NewClient = func() *http.Client {
			return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}, Timeout: time.Minute}
		}
	}
	l := &Load{cfg: cfg, warmed: make(chan struct{})}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	l.warm.Add(cfg.Clients)
	for i := range cfg.Clients {
		l.wg.Add(1)
		go l.client(i)
	}
	go func() {
		l.warm.Wait()
		close(l.warmed)
	}()
	return l
}

// Warm returns a channel closed once every client has had a response (or
// has stopped): every connection is established.
func (l *Load) Warm() <-chan struct{} {
	return l.warmed
}

// Stop stops the clients, waits for them and returns what they saw.
// Clients also stop by themselves once their connection is refused.
func (l *Load) Stop() Result {
	l.cancel()
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return Result{Clients: l.cfg.Clients, OK: l.ok, OKIDs: l.okIDs, Failures: l.failures}
}

// Done returns a channel closed once every client has stopped by itself.
func (l *Load) Done() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		l.wg.Wait()
		close(done)
	}()
	return done
}

func (l *Load) client(i int) {
	defer l.wg.Done()
	warm := sync.OnceFunc(l.warm.Done)
	defer warm()
	c := l.cfg.NewClient()
	defer c.CloseIdleConnections()
	for n := 0; l.ctx.Err() == nil; n++ {
		id := fmt.Sprintf("c%d-%d", i, n)
		f, err := l.post(c, id)
		if err == nil {
			warm()
			l.mu.Lock()
			l.ok++
			l.okIDs = append(l.okIDs, id)
			l.mu.Unlock()
			continue
		}
		if errors.Is(err, context.Canceled) && l.ctx.Err() != nil {
			return // stopped mid-request: not a failure of the server
		}
		f.Err, f.At = err, time.Now()
		f.Refused = errors.Is(err, syscall.ECONNREFUSED)
		l.mu.Lock()
		l.failures = append(l.failures, f)
		l.mu.Unlock()
		if f.Refused {
			return
		}
	}
}

// post sends id and checks that the response is for it: the id itself, or a
// JSON reply with the id as a string.
func (l *Load) post(c *http.Client, id string) (Failure, error) {
	f := Failure{ID: id}
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { f.Reused = info.Reused }}
	ctx := httptrace.WithClientTrace(l.ctx, trace)
	url := strings.ReplaceAll(l.cfg.URL, "{id}", id)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(id))
	if err != nil {
		return f, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return f, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return f, err
	case resp.StatusCode != http.StatusOK:
		f.Status = resp.StatusCode
		return f, fmt.Errorf("status %d, body %.40q", resp.StatusCode, body)
	case string(body) != id && !strings.Contains(string(body), `"`+id+`"`):
		f.Status = resp.StatusCode
		return f, fmt.Errorf("response is not for %s: %.40q", id, body)
	}
	return f, nil
}
