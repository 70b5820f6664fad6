package main

import (
	"cmp"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/zerodown/zerodown/example/service/store"
	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/load"
)

// startAll starts n instances concurrently. It returns every instance that
// started, for stopAll, also when another failed, with the first error.
func startAll(spec fleet.Spec, n int) ([]*fleet.Instance, error) {
	insts := make([]*fleet.Instance, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { insts[i], errs[i] = fleet.Start(spec, fmt.Sprintf("i%d", i)) })
	}
	wg.Wait()
	var started []*fleet.Instance
	var first error
	for i, inst := range insts {
		if errs[i] != nil {
			first = cmp.Or(first, errs[i])
			continue
		}
		started = append(started, inst)
	}
	return started, first
}

// stopAll sends SIGTERM to every instance and waits for all to exit.
func stopAll(insts []*fleet.Instance) []fleet.Exit {
	exits := make([]fleet.Exit, len(insts))
	var wg sync.WaitGroup
	for i, inst := range insts {
		wg.Go(func() {
			_ = inst.Term()
			exits[i] = inst.Wait(30 * time.Second)
		})
	}
	wg.Wait()
	return exits
}

func stopLoops(loops []*load.Loop) {
	for _, l := range loops {
		l.Stop()
	}
}

// wait returns at t.
func wait(t time.Time) {
	if d := time.Until(t); d > 0 {
		time.Sleep(d)
	}
}

// readStores returns the ids in every store file under dir.
func readStores(dir string) (map[string]bool, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.store"))
	if err != nil {
		return nil, err
	}
	found := make(map[string]bool)
	for _, p := range paths {
		ids, err := store.ReadIDs(p)
		if err != nil {
			return nil, err
		}
		for id := range ids {
			found[id] = true
		}
	}
	return found, nil
}
