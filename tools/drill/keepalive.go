package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zerodown/zerodown/internal/kaload"
	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
)

const (
	// kaSteady is how long the keep-alive load runs before SIGTERM.
	kaSteady = time.Second
	// kaWarm bounds the wait for every keep-alive client to be connected.
	kaWarm = 20 * time.Second
)

// keepAliveRuns runs the "REST keep-alive clients" scenario on b, conf.KARuns
// times: one instance, conf.KAClients keep-alive clients POSTing writes with
// ids straight at it (no load balancer), SIGTERM once every client is
// connected and the load has run kaSteady. The drain is taken to begin at
// SIGTERM + WrapUpTime, when both builds begin it; an id is executed if it
// is in the instance's store.
func (d *drill) keepAliveRuns(sc scenario, b build) (*result, error) {
	return d.kaRuns(sc, b, nil)
}

// overrunWork is the wrap-up listener's work in the overrun scenario: past
// go-zero's default WrapUpTime (1s), four fifths of its WaitTime (5.5s).
const overrunWork = 4 * time.Second

// overrunRuns runs the "wrap-up overrun" scenario on b: the keep-alive
// scenario against a service whose wrap-up listener works overrunWork and
// whose writes are buffered in a go-zero BulkExecutor (as sqlx's
// BulkInserter does), flushed by its shutdown listener before the store
// closes. A write answered 200 but missing from the store is an
// acknowledged write lost.
func (d *drill) overrunRuns(sc scenario, b build) (*result, error) {
	return d.kaRuns(sc, b, []string{"-bulk", "-wrapup-work", overrunWork.String()})
}

// kaRuns runs a keep-alive scenario conf.KARuns times, the service started
// with args.
func (d *drill) kaRuns(sc scenario, b build, args []string) (*result, error) {
	res := new(result)
	for run := range d.conf.KARuns {
		dir := filepath.Join(d.dir, fmt.Sprintf("%s-%s-%d", b.name, sc.key, run))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		spec := fleet.Spec{Bin: b.bin, Dir: dir, WrapUpTime: d.conf.WrapUpTime, WaitTime: d.conf.WaitTime, Args: args}
		counts, exit, err := d.keepAliveRun(spec)
		if err != nil {
			return nil, err
		}
		d.progress("%-9s %-8s run %d: %s", sc.key, b.name, run+1, counts)
		res.ka, res.kaClients = append(res.ka, counts), d.conf.KAClients
		res.exits = append(res.exits, exit)
	}
	return res, nil
}

func (d *drill) keepAliveRun(spec fleet.Spec) (kaload.Counts, fleet.Exit, error) {
	inst, err := fleet.Start(spec, "i0")
	if err != nil {
		return kaload.Counts{}, fleet.Exit{}, err
	}
	url := fmt.Sprintf("http://%s/write?id={id}&sleep=%v", inst.RestAddr, d.conf.KAWork)
	l := kaload.Start(kaload.Config{URL: url, Clients: d.conf.KAClients})
	select {
	case <-l.Warm():
	case <-time.After(kaWarm):
		l.Stop()
		stopAll([]*fleet.Instance{inst})
		return kaload.Counts{}, fleet.Exit{}, fmt.Errorf("%d keep-alive clients not connected after %v",
			d.conf.KAClients, kaWarm)
	}
	wait(time.Now().Add(kaSteady))
	if err := inst.Term(); err != nil {
		l.Stop()
		stopAll([]*fleet.Instance{inst})
		return kaload.Counts{}, fleet.Exit{}, err
	}
	exit := inst.Wait(d.conf.WaitTime + exitGrace)
	r := l.Stop()
	found, err := readStores(spec.Dir)
	if err != nil {
		return kaload.Counts{}, exit, err
	}
	return r.Count(func(id string) bool { return found[id] }, inst.TermAt().Add(spec.WrapUpTime)), exit, nil
}

// kaRows adds the keep-alive scenario's counts: the sum over the runs, and
// each run's in parentheses.
func kaRows(t *table.Table, title string, a, b *result) {
	t.Add(title, "keep-alive clients × runs", table.Text(kaClients(a)), table.Text(kaClients(b)))
	for _, m := range []struct {
		name string
		get  func(kaload.Counts) int
	}{
		{"requests ok", func(c kaload.Counts) int { return c.OK }},
		{"failed on established conns, SIGTERM→drain", func(c kaload.Counts) int { return c.EstablishedBeforeDrain }},
		{"failed on established conns, from drain", func(c kaload.Counts) int { return c.EstablishedAfter }},
		{"executed but lost", func(c kaload.Counts) int { return c.ExecutedButLost }},
		{"acknowledged but lost", func(c kaload.Counts) int { return c.AckedButLost }},
		{"answered with an error status", func(c kaload.Counts) int { return c.Answered }},
		{"refused connections", func(c kaload.Counts) int { return c.Refused }},
		{"other failures on new conns", func(c kaload.Counts) int { return c.Other }},
	} {
		t.Add(title, m.name, perRun(a.ka, m.get), perRun(b.ka, m.get))
	}
}

func kaClients(r *result) string {
	if len(r.ka) == 0 {
		return "0"
	}
	return fmt.Sprintf("%d × %d", r.kaClients, len(r.ka))
}

// perRun returns the sum of get over runs, each run's value in parentheses.
func perRun(runs []kaload.Counts, get func(kaload.Counts) int) table.Cell {
	values := make([]int, len(runs))
	for i, c := range runs {
		values[i] = get(c)
	}
	return sumCell(values)
}

// sumCell returns the sum of values, each value in parentheses when there
// are several (one per run).
func sumCell(values []int) table.Cell {
	sum := 0
	each := make([]string, len(values))
	for i, v := range values {
		sum += v
		each[i] = strconv.Itoa(v)
	}
	text := strconv.Itoa(sum)
	if len(values) > 1 {
		text += " (" + strings.Join(each, " ") + ")"
	}
	return table.Cell{Text: text, Value: float64(sum), Number: true}
}
