// Empty: it lets health.go declare gzAddProbe without a body (go:linkname).
