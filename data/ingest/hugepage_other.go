//go:build !linux

package ingest

// hugePages does nothing where transparent huge pages are not advised,
// and reports so.
func hugePages([]byte) bool { return false }
