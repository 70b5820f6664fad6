// Package upgrade upgrades a running service in place, on one machine and
// without a load balancer: at SIGHUP the process starts the binary at its
// own path again, with the same arguments, and hands it its listening
// sockets; once the new process is ready, this one runs its usual shutdown
// sequence (see core/proc) without the propagation delay, and exits 0. No
// connection is refused: the sockets never close.
//
// # The timeline
//
//	old: SIGHUP      start new binary, pass the sockets (cloudflare/tableflip)   sd_notify RELOADING=1
//	new:             listen on the inherited sockets, but accept nothing yet
//	new:             every server listening, etcd registration done: ready      sd_notify READY=1, MAINPID=new
//	new:             accept on the sockets; tell the old process
//	old:             proc.Registry.HandOver: not ready, wrap-up, drain (Connection: close,
//	                 GOAWAY, in-flight requests finish), shutdown hooks, exit 0
//
// If the new process exits, or is not ready within Conf.ReadyTimeout (it is
// then killed), the old one logs why and keeps serving; the next SIGHUP tries
// again. A SIGHUP during an upgrade is ignored; a SIGTERM during an upgrade
// kills the new process and shuts this one down as usual.
//
// The rest and zrpc servers of this module take their sockets from [Listen]
// when they follow proc.DefaultRegistry and their conf's Upgrade section is
// Enabled; see docs/en/upgrade.md for the systemd unit.
package upgrade
