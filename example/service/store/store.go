package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("store: closed")

type (
	// A Conf configures a Store.
	Conf struct {
		// Path is the file the records are appended to; it is created if
		// missing and reopened, not truncated, by a restarted instance.
		Path string
	}

	// A Store appends records to a file and fsyncs each one before Append
	// returns. It is safe for concurrent use.
	Store struct {
		rejected atomic.Int64

		mu     sync.Mutex // guards following
		file   *os.File
		closed bool
	}
)

// Open opens or creates the file at c.Path for appending.
func Open(c Conf) (*Store, error) {
	if c.Path == "" {
		return nil, errors.New("store: empty path")
	}
	f, err := os.OpenFile(c.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return &Store{file: f}, nil
}

// Append writes id as one record and returns once it is fsynced. It returns
// ErrClosed, and counts the write in Rejected, if the store is closed. id must
// not contain a newline.
func (s *Store) Append(id string) error {
	if strings.ContainsRune(id, '\n') {
		return fmt.Errorf("store: id %q contains a newline", id)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.rejected.Add(1)
		return ErrClosed
	}
	if _, err := s.file.WriteString(id + "\n"); err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	if err := s.file.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", id, err)
	}
	return nil
}

// AppendAll writes ids as records and returns once they are fsynced, with
// one fsync, as one bulk insert. It returns ErrClosed, and counts every id in
// Rejected, if the store is closed.
func (s *Store) AppendAll(ids []string) error {
	var b strings.Builder
	for _, id := range ids {
		if strings.ContainsRune(id, '\n') {
			return fmt.Errorf("store: id %q contains a newline", id)
		}
		b.WriteString(id)
		b.WriteByte('\n')
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.rejected.Add(int64(len(ids)))
		return ErrClosed
	}
	if _, err := s.file.WriteString(b.String()); err != nil {
		return fmt.Errorf("append %d records: %w", len(ids), err)
	}
	if err := s.file.Sync(); err != nil {
		return fmt.Errorf("sync %d records: %w", len(ids), err)
	}
	return nil
}

// Rejected returns how many Appends failed with ErrClosed.
func (s *Store) Rejected() int64 {
	return s.rejected.Load()
}

// Close closes the file; later Appends fail with ErrClosed. A second Close
// does nothing and returns nil.
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

// ReadIDs returns the set of ids recorded in the file at path. A missing file
// holds no ids.
func ReadIDs(path string) (map[string]bool, error) {
	ids := make(map[string]bool)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return ids, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read store: %w", err)
	}
	defer f.Close()

	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		ids[scanner.Text()] = true
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read store %s: %w", path, err)
	}
	return ids, nil
}
