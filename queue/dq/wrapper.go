package dq

import (
	"bytes"
	"strconv"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// tolerance is how long after its time a job is still handled, as in
// go-queue: an older one is discarded.
const tolerance = time.Minute * 30

// maxCheckBytes bounds the search for the time prefix of a body.
var maxCheckBytes = len(strconv.FormatInt(time.Now().UnixNano(), 10)) + 2

// wrap prefixes body with its time, as go-queue does: "<unix nanos>/body".
// The prefix makes the body of each job unique, so the consumers can tell a
// copy of a job from another job with the same payload.
func wrap(body []byte, at time.Time) []byte {
	var builder bytes.Buffer
	builder.WriteString(strconv.FormatInt(at.UnixNano(), 10))
	builder.WriteByte(timeSep)
	builder.Write(body)
	return builder.Bytes()
}

// unwrap returns the payload of a wrapped body; false if body has no time
// prefix or its time is more than tolerance ago (go-queue's rule).
func unwrap(body []byte, now time.Time) ([]byte, bool) {
	pos := -1
	for i := 0; i < maxCheckBytes && i < len(body); i++ {
		if body[i] == timeSep {
			pos = i
			break
		}
	}
	if pos < 0 {
		return nil, false
	}
	val, err := strconv.ParseInt(string(body[:pos]), 10, 64)
	if err != nil {
		logx.Error(err)
		return nil, false
	}
	if time.Unix(0, val).Add(tolerance).Before(now) {
		return nil, false
	}
	return body[pos+1:], true
}
