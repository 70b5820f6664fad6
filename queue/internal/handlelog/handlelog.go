// Package handlelog is the store of the queue packages' subprocess tests: a
// file that every consumer process of a test appends to, one line per event
// with its time in Unix nanoseconds, so that the test can tell what was
// handled, twice, after t0 or after the store's close:
//
//	start ID NANOS        a handler began ID
//	done ID NANOS         it finished ID
//	after-close ID NANOS  it finished ID after the store was closed
//	close NAME NANOS      consumer NAME closed its store (a shutdown listener)
//	t0 NAME NANOS         consumer NAME's shutdown began
package handlelog

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// Hang is the id whose handler never returns.
const Hang = "hang"

// A Log is one consumer's handle on the shared file.
type Log struct {
	name string

	mu     sync.Mutex // guards following
	f      *os.File
	closed bool
}

// Open opens the file at path for appending, for the consumer name.
func Open(path, name string) (*Log, error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	return &Log{name: name, f: f}, nil
}

func (l *Log) write(kind, arg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = fmt.Fprintf(l.f, "%s %s %d\n", kind, arg, time.Now().UnixNano())
}

// Close is the store's close, as a shutdown listener: the handlers that
// finish after it are noted "after-close". It prints "db closed".
func (l *Log) Close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.write("close", l.name)
	fmt.Println("db closed")
}

// NoteT0 notes the consumer's t0 once done is closed; noted is closed once
// it is written.
func (l *Log) NoteT0(done <-chan struct{}) (noted <-chan struct{}) {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		<-done
		l.write("t0", l.name)
	}()
	return ch
}

// Handle is a handler of id that works for work: it prints "start ID", and
// notes its start and its end; the handler of Hang never returns.
func (l *Log) Handle(id string, work time.Duration) {
	l.write("start", id)
	fmt.Println("start", id)
	if id == Hang {
		select {}
	}
	time.Sleep(work) // the work
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if closed {
		l.write("after-close", id)
	}
	l.write("done", id)
}
