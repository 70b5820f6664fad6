// Package apicheck compares the exported API of a package with that of the
// go-zero package it stands in for, from their source (go/parser, no type
// checking, no build): every exported constant, variable, function, type,
// struct field and method of go-zero's package must exist in ours, of the
// same kind, with the same signature.
//
// Signatures are compared as text with each type named by its package path,
// after three normalisations: a reference from ours to go-zero's package
// (an alias, `var X = gz.X`, `const X = gz.X`, or gz.T in a signature) is
// the same as go-zero's own name; a go-zero type from an internal package
// that go-zero re-exports under an alias takes that alias's name, and one
// that it does not re-export (users cannot name it) is replaced by its
// definition; and a function of ours may take one more, variadic, parameter
// at the end (options), since every call of go-zero's compiles with it.
package apicheck
