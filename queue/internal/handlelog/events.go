package handlelog

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// An Event is one line of the file.
type Event struct {
	Kind, Arg string
	At        int64 // Unix nanoseconds
}

// Events reads the file at path; t fails on a line it cannot read.
func Events(t testing.TB, path string) []Event {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 3 {
			continue
		}
		at, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		evs = append(evs, Event{fields[0], fields[1], at})
	}
	return evs
}

// Count returns how many events of kind each id (or name) has.
func Count(evs []Event, kind string) map[string]int {
	n := make(map[string]int)
	for _, e := range evs {
		if e.Kind == kind {
			n[e.Arg]++
		}
	}
	return n
}
