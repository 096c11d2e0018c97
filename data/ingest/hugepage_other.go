//go:build !linux

package ingest

// hugePages does nothing where transparent huge pages are not advised.
func hugePages([]byte) {}
