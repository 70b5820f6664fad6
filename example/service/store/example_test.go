package store_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zerodown/zerodown/example/service/store"
)

func Example() {
	dir, _ := os.MkdirTemp("", "store-example-")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "store.log")

	s, _ := store.Open(store.Conf{Path: path})
	fmt.Println(s.Append("order-1"))
	_ = s.Close()
	err := s.Append("order-2")
	fmt.Println(errors.Is(err, store.ErrClosed), s.Rejected())

	ids, _ := store.ReadIDs(path)
	fmt.Println(len(ids), ids["order-1"])
	// Output:
	// <nil>
	// true 1
	// 1 true
}
