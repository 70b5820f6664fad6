// Package docs holds no code. Its tests keep the guides honest: they read
// README.md, docs/, example/*/README.md and the packages' doc.go comments and
// check their concrete facts against the code, naming the file and line of
// every stale claim:
//
//   - a default in prose — `WaitTime: 5.5s`, `Drain.Timeout` (3s),
//     WrapUpTime (1s) — against the `json:",default=..."` tag of the conf
//     field it names (proc.ShutdownConf, rest.RestConf, zrpc.RpcServerConf
//     and their nested confs); in a yaml block, only the lines whose comment
//     says "default" (默认);
//   - every key of a yaml config block, and every conf path in backquotes
//     (`Drain.QuietPeriod`), against the same structs;
//   - every zerodown_ metric name against the collectors core/metric
//     registers;
//   - every exit code against proc's constants and 128+signal;
//   - every path named by a fenced shell command (and by an inline `go ...`
//     command) against the tree, and the tests and benchmarks its -run and
//     -bench select against the package's test files;
//   - the shutdown timeline: one text in README.md, core/proc/doc.go and
//     docs/en/shutdown.md, and docs/zh/shutdown.md with the same names,
//     numbers and durations on each line;
//   - every guide in docs/en has one in docs/zh with as many sections, the
//     same kinds of code blocks and the same code spans;
//   - every Go version the docs require is go.mod's;
//   - every relative link of the Markdown files names a file of the tree.
//
// The Kubernetes manifest is checked by example/service's tests, which know
// the service's config.
package docs
