package dq

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zeromicro/go-zero/core/hash"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/core/stringx"
)

const (
	// expiration is how long a handled body is remembered, in seconds, as
	// go-queue's lock is held: a copy of the job reserved within it is
	// deleted unhandled.
	expiration = 3600
	// leaseSeconds bounds a claim whose handler runs: renewed while the
	// handler runs, it expires soon after a process that died mid-handler,
	// and the job, back in its tube, is handled again.
	leaseSeconds = 10
	// runningPrefix marks the value of a claim whose handler runs:
	// runningPrefix + random + "@" + its start in Unix ms.
	runningPrefix = "zerodown-dq-running:"
	// doneValue is the value of a claim whose handler returned.
	doneValue = "done"
)

// The claim of a body, one round trip: claimed (1), running elsewhere (2,
// with the claim's value), or handled already (0). Any other value
// than ours is go-queue's lock, taken by a go-queue consumer that deleted its
// copy before handling it: handled.
var (
	claimScript = redis.NewScript(`local v = redis.call("GET", KEYS[1])
if not v then
	redis.call("SET", KEYS[1], ARGV[1], "EX", ARGV[2])
	return {1, 0}
end
if string.sub(v, 1, string.len(ARGV[3])) == ARGV[3] then
	return {2, v}
end
return {0, 0}`)
	renewScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("EXPIRE", KEYS[1], ARGV[2])
end
return 0`)
	dropScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)
)

type (
	// claims are the claims of job bodies in Redis. The key of a body is its
	// MD5, as go-queue's lock key.
	claims struct {
		red *redis.Redis
	}

	// A claim is the outcome of claiming a body.
	claim struct {
		red   *redis.Redis
		key   string
		token string // the running value, if claimed
		// verdict is what to do with the job.
		verdict verdict
		// running is how long another consumer's handler has run.
		running time.Duration
	}

	verdict int
)

const (
	handledAlready   verdict = iota // a copy was handled: delete this one
	claimed                         // ours to handle
	runningElsewhere                // another consumer handles a copy: release this one until then
)

// claim claims body for a handler of this consumer.
func (cs claims) claim(ctx context.Context, body []byte) (claim, error) {
	now := time.Now()
	c := claim{red: cs.red, key: hash.Md5Hex(body),
		token: runningPrefix + stringx.Randn(16) + "@" + strconv.FormatInt(now.UnixMilli(), 10)}
	resp, err := cs.red.ScriptRunCtx(ctx, claimScript, []string{c.key},
		[]string{c.token, fmt.Sprint(leaseSeconds), runningPrefix})
	if err != nil {
		return c, fmt.Errorf("dq: claim %s: %w", c.key, err)
	}
	vals, ok := resp.([]any)
	if !ok || len(vals) != 2 {
		return c, fmt.Errorf("dq: claim %s: unexpected reply %v", c.key, resp)
	}
	code, _ := vals[0].(int64)
	c.verdict = verdict(code)
	if other, ok := vals[1].(string); ok {
		_, startText, _ := strings.Cut(other, "@")
		if start, err := strconv.ParseInt(startText, 10, 64); err == nil {
			c.running = now.Sub(time.UnixMilli(start))
		}
	}
	return c, nil
}

// renew extends the claim's lease, if it is still ours.
func (c claim) renew(ctx context.Context) error {
	_, err := c.red.ScriptRunCtx(ctx, renewScript, []string{c.key}, []string{c.token, fmt.Sprint(leaseSeconds)})
	return err
}

// done marks the body handled for expiration seconds.
func (c claim) done(ctx context.Context) error {
	return c.red.SetexCtx(ctx, c.key, doneValue, expiration)
}

// drop gives the claim up, if it is still ours: the job can be handled again.
func (c claim) drop(ctx context.Context) error {
	_, err := c.red.ScriptRunCtx(ctx, dropScript, []string{c.key}, []string{c.token})
	return err
}
