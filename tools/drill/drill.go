package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/zerodown/zerodown/internal/etcdtest"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
	"github.com/zeromicro/go-zero/core/logx"
)

type (
	// A drill owns the temporary directory, the binaries and the etcd.
	drill struct {
		conf   config
		dir    string
		builds []build
		etcd   *etcdtest.Server // nil unless a scenario runs example/service
		log    io.Writer
		keys   map[string]string // scenario title -> key of its section in -write
		units  map[string]string // scenario title -> what its picture counts
	}

	// A build is the example services built one way.
	build struct {
		name  string // "zerodown" or "stock"
		bin   string // example/service (-pkg); empty unless a scenario needs it
		mqBin string // example/mq (-mq-pkg); empty unless a scenario needs it
	}
)

// newDrill builds, both ways, the example services that scenarios (and
// the throughput comparison) run, and starts the etcd if example/service
// runs.
func newDrill(c config, log io.Writer, scenarios []scenario) (*drill, error) {
	needService, needMQ := c.Throughput > 0, false
	for _, sc := range scenarios {
		needMQ = needMQ || sc.mq
		needService = needService || !sc.mq
	}
	dir, err := os.MkdirTemp("", "zerodown-drill-")
	if err != nil {
		return nil, fmt.Errorf("drill dir: %w", err)
	}
	d := &drill{conf: c, dir: dir, log: log, keys: map[string]string{}, units: map[string]string{}}
	for _, b := range []struct{ name, tags string }{{"zerodown", ""}, {"stock", "stock"}} {
		bd := build{name: b.name}
		for _, pkg := range []struct {
			need bool
			pkg  string
			bin  *string
			file string
		}{{needService, c.Pkg, &bd.bin, "service-"}, {needMQ, c.MQPkg, &bd.mqBin, "mq-"}} {
			if !pkg.need {
				continue
			}
			*pkg.bin = filepath.Join(dir, pkg.file+b.name)
			if err := d.build(pkg.pkg, b.tags, *pkg.bin); err != nil {
				d.close()
				return nil, err
			}
		}
		d.builds = append(d.builds, bd)
	}

	// The drill's own go-zero clients would log every failed call.
	logx.Disable()
	if needService {
		if d.etcd, err = etcdtest.Start(); err != nil {
			d.close()
			return nil, err
		}
		d.progress("etcd on %v", d.etcd.Endpoints())
	}
	return d, nil
}

// build builds pkg with tags into bin.
func (d *drill) build(pkg, tags, bin string) error {
	start := time.Now()
	cmd := exec.Command("go", "build", "-tags", tags, "-o", bin, pkg)
	cmd.Stdout, cmd.Stderr = d.log, d.log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build -tags %q %s: %w", tags, pkg, err)
	}
	d.progress("built %s in %.1fs", filepath.Base(bin), time.Since(start).Seconds())
	return nil
}

// progress prints a line to the log.
func (d *drill) progress(format string, args ...any) {
	fmt.Fprintf(d.log, "drill: "+format+"\n", args...)
}

// run runs each scenario on each build, alternating, then the throughput
// comparison, and returns the table.
func (d *drill) run(scenarios []scenario) (*table.Table, error) {
	t := &table.Table{A: d.builds[0].name, B: d.builds[1].name}
	for _, sc := range scenarios {
		var results []*result
		for _, b := range d.builds {
			start := time.Now()
			run := (*drill).runScenario
			if sc.run != nil {
				run = sc.run
			}
			res, err := run(d, sc, b)
			if err != nil {
				return nil, fmt.Errorf("scenario %s, %s build: %w", sc.key, b.name, err)
			}
			d.progress("%-9s %-8s %5.1fs  %s", sc.key, b.name, time.Since(start).Seconds(), res.summary())
			results = append(results, res)
		}
		if err := d.picture(sc, results); err != nil {
			return nil, err
		}
		sc.rows(t, sc.title, results[0], results[1])
		exitRows(t, sc.title, results[0], results[1])
		d.keys[sc.title] = sc.key
		d.units[sc.title] = sc.pictureUnit()
	}
	if d.conf.Throughput > 0 {
		if err := d.throughput(t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// close stops the etcd and removes the directory unless -keep.
func (d *drill) close() {
	if d.etcd != nil {
		d.etcd.Close()
	}
	if d.conf.Keep {
		d.progress("kept %s", d.dir)
		return
	}
	_ = os.RemoveAll(d.dir)
}

// picture writes the scenario's calls over time, the builds side by side,
// to benchmarks/<key>.svg next to the -write file, or into the drill's
// directory without -write. A scenario without load has no picture.
func (d *drill) picture(sc scenario, results []*result) error {
	var panels []timeline.Panel
	for i, r := range results {
		if r.timeline == nil {
			return nil
		}
		panels = append(panels, timeline.Panel{Title: d.builds[i].name, Timeline: r.timeline})
	}
	dir := d.dir
	if d.conf.Write != "" {
		dir = filepath.Join(filepath.Dir(d.conf.Write), "benchmarks")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, sc.key+".svg")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := timeline.SVGLegend(f, sc.title, sc.pictureLegend(), panels); err != nil {
		f.Close()
		return fmt.Errorf("picture %s: %w", path, err)
	}
	d.progress("picture %s", path)
	return f.Close()
}
