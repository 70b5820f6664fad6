package ported

// no panic
