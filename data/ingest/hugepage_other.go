//go:build !linux

package ingest

// hugePages does nothing where transparent huge pages are not advised.
func hugePages([]byte) {}

// populate does nothing where pages cannot be populated ahead.
func populate([]byte) {}
