//go:build linux || darwin || freebsd

package ported

import (
	"os"
)

type fakeCreator struct {
	file *os.File
	err  error
}

func (fc fakeCreator) Create(_ string) (file *os.File, err error) {
	return fc.file, fc.err
}
