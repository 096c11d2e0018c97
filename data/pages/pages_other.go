//go:build !linux

package pages

// Populate does nothing where pages cannot be populated ahead.
func Populate(lo, hi uintptr) {}

// PopulateBytes does nothing where pages cannot be populated ahead.
func PopulateBytes(b []byte) {}
