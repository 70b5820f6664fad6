// Package ported holds go-zero v1.10.3's own tests of core/proc, rest and
// zrpc that use only their exported API, with their imports switched to
// zerodown's packages and go-zero's assertions unchanged (file names are
// go-zero's, prefixed with the package: rest_server_test.go is go-zero's
// rest/server_test.go). The tests that cannot pass by design skip, naming
// the reason, and are listed in docs/en/compat.md; mock/ is go-zero's
// internal/mock, which these tests use and which cannot be imported.
package ported
