// Package store is the example service's database: an append-only file of
// records, each fsynced before Append returns, so an acknowledged write is on
// disk. Close makes every later Append fail with ErrClosed and counts it, so a
// shutdown that closes the store under in-flight requests shows up as errors
// and as Rejected, never as writes silently lost.
package store
