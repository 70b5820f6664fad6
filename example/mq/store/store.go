package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LateSuffix is appended to Conf.Path to name the file of the Appends
// rejected after Close.
const LateSuffix = ".late"

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("store: closed")

type (
	// A Conf configures a Store.
	Conf struct {
		// Path is the file the rows are appended to; it is created if
		// missing and reopened, not truncated, by a restarted instance.
		// Path + LateSuffix receives the Appends rejected after Close.
		Path string
	}

	// A Store appends rows to a file and fsyncs each one before Append
	// returns. It is safe for concurrent use.
	Store struct {
		mu       sync.Mutex // guards following
		file     *os.File
		late     *os.File
		closed   bool
		rejected int64
	}

	// A Row is one handled message: its id, when its handler started and
	// when the row was written (or rejected).
	Row struct {
		ID      string
		Started time.Time
		Written time.Time
		// Late is true for an Append rejected after Close.
		Late bool
	}
)

// Open opens or creates the files at c.Path and c.Path + LateSuffix for
// appending.
func Open(c Conf) (*Store, error) {
	if c.Path == "" {
		return nil, errors.New("store: empty path")
	}
	f, err := os.OpenFile(c.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	late, err := os.OpenFile(c.Path+LateSuffix, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	return &Store{file: f, late: late}, nil
}

// Append writes the row of id, whose handler started at started, and
// returns once it is fsynced. After Close it returns ErrClosed and writes
// the row to the late file instead. id must be one word: no space, no
// newline.
func (s *Store) Append(id string, started time.Time) error {
	if id == "" || strings.ContainsAny(id, " \t\r\n") {
		return fmt.Errorf("store: id %q is not one word", id)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	line := fmt.Sprintf("%s %d %d\n", id, started.UnixNano(), time.Now().UnixNano())
	if s.closed {
		s.rejected++
		if _, err := s.late.WriteString(line); err != nil {
			return errors.Join(ErrClosed, fmt.Errorf("note late %s: %w", id, err))
		}
		return ErrClosed
	}
	if _, err := s.file.WriteString(line); err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	if err := s.file.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", id, err)
	}
	return nil
}

// Rejected returns how many Appends failed with ErrClosed.
func (s *Store) Rejected() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected
}

// Close closes the database file; later Appends fail with ErrClosed and go
// to the late file, which stays open until the process exits. A second
// Close does nothing and returns nil.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.file.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// ReadRows returns the rows in the file at path, then those in its late
// file, each marked Late. Missing files hold no rows.
func ReadRows(path string) ([]Row, error) {
	rows, err := readFile(path, false)
	if err != nil {
		return nil, err
	}
	late, err := readFile(path+LateSuffix, true)
	if err != nil {
		return nil, err
	}
	return append(rows, late...), nil
}

func readFile(path string, late bool) ([]Row, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read store: %w", err)
	}
	defer f.Close()

	var rows []Row
	scanner := bufio.NewScanner(f)
	for n := 1; scanner.Scan(); n++ {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 3 {
			// a row cut by a crash: the fsync never returned for it
			continue
		}
		started, err1 := strconv.ParseInt(fields[1], 10, 64)
		written, err2 := strconv.ParseInt(fields[2], 10, 64)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("read store %s line %d: %w", path, n, err)
		}
		rows = append(rows, Row{ID: fields[0], Started: time.Unix(0, started), Written: time.Unix(0, written), Late: late})
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read store %s: %w", path, err)
	}
	return rows, nil
}
