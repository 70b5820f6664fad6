package store_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zerodown/zerodown/example/mq/store"
)

func Example() {
	dir, _ := os.MkdirTemp("", "mq-store-example-")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "db")

	s, _ := store.Open(store.Conf{Path: path})
	fmt.Println(s.Append("id-1", time.Now()))
	_ = s.Close() // the DB close
	err := s.Append("id-2", time.Now())
	fmt.Println(errors.Is(err, store.ErrClosed), s.Rejected())

	rows, _ := store.ReadRows(path)
	for _, r := range rows {
		fmt.Println(r.ID, "late:", r.Late)
	}
	// Output:
	// <nil>
	// true 1
	// id-1 late: false
	// id-2 late: true
}
