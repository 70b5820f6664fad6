// Package confkeys reports the keys of a service's yaml that go-zero's conf
// loader drops without a word: go-zero matches keys case-insensitively and
// ignores those it does not know, so `WaitTimeout: 3s` under `Shutdown` is
// lost. The rest and zrpc packages register the sections they read (their
// Shutdown, Drain, Probes, Report and Upgrade fields) with [Add]; a server
// calls [ReportOnce] when it is built, which reads the file of the -f flag
// (goctl's mains define it) and logs each unknown key once, with the closest
// known one. go-zero's other sections are left alone. The goctl plugin runs
// [Check] on etc/*.yaml.
package confkeys
