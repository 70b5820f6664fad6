// Package plugin runs the goctl-plugin command (see its doc): it reads
// goctl's plugin input or a -dir flag and switches the service's imports
// with package rewrite.
package plugin

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/zerodown/zerodown/tools/goctl-plugin/internal/rewrite"
)

var (
	// ErrPending is returned by Run with -check when files still import
	// go-zero's servers or lifecycle, or go.mod does not require zerodown.
	ErrPending = errors.New("goctl-plugin: go-zero imports left to switch to zerodown")
	// ErrConf is returned by Run when an etc/*.yaml has a key go-zero would
	// drop, or a conf the switched service would refuse.
	ErrConf = errors.New("goctl-plugin: etc/*.yaml needs a fix before the first start")
)

// request is the part of goctl's plugin input that Run reads.
type request struct {
	// Dir is the absolute directory of the generated service.
	Dir string
}

// Run runs the command with args (without the program name): with -dir it
// works on that directory, otherwise on the Dir of goctl's JSON read from
// stdin. It writes what it changed, or with -check what it would change, to
// stdout.
func Run(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("goctl-plugin", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dir := fs.String("dir", "", "the service's directory; without it, goctl's plugin JSON is read from stdin")
	check := fs.Bool("check", false, "report the imports left to switch and fail if there are any; change nothing")
	version := fs.String("zerodown-version", ownVersion(), "the zerodown version go.mod is to require (default: this plugin's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("goctl-plugin: unexpected arguments %q", fs.Args())
	}
	if *dir == "" {
		var err error
		if *dir, err = readDir(stdin); err != nil {
			return err
		}
	}

	changes, err := rewrite.Dir(*dir, !*check)
	for _, c := range changes {
		fmt.Fprintln(stdout, c)
	}
	if err != nil {
		return fmt.Errorf("goctl-plugin: %w", err)
	}
	note, pending, err := requireZerodown(*dir, *version, !*check)
	if err != nil {
		return fmt.Errorf("goctl-plugin: %w", err)
	}
	if note != "" {
		fmt.Fprintln(stdout, note)
	}
	problems, err := checkEtc(*dir)
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if err != nil {
		return fmt.Errorf("goctl-plugin: %w", err)
	}
	switch {
	case *check && (len(changes) > 0 || pending):
		return fmt.Errorf("%w: %d imports in %s", ErrPending, len(changes), *dir)
	case len(problems) > 0:
		return fmt.Errorf("%w: %d in %s", ErrConf, len(problems), *dir)
	case *check:
		fmt.Fprintf(stdout, "%s uses zerodown\n", *dir)
	default:
		fmt.Fprintf(stdout, "switched %d imports in %s to zerodown\n", len(changes), *dir)
	}
	return nil
}

// readDir reads goctl's plugin JSON and returns its Dir.
func readDir(stdin io.Reader) (string, error) {
	var req request
	if err := json.NewDecoder(stdin).Decode(&req); err != nil {
		return "", fmt.Errorf("goctl-plugin: no -dir, and stdin is not goctl's plugin input: %w", err)
	}
	if req.Dir == "" {
		return "", errors.New("goctl-plugin: goctl's plugin input has no Dir")
	}
	return req.Dir, nil
}
