// Package store is the mq example's database: an append-only file of rows,
// one per handled message, each with the time its handler started and the
// time it was written, fsynced before Append returns.
//
// Close stands for the DB close of a real service: every later Append fails
// with ErrClosed, and the store notes it in a second file (the "late" file,
// path + ".late", kept open as a real service's log would be), so that a
// handler that ran under a closed database shows up in the drill's counts,
// not only as an error in a log.
package store
