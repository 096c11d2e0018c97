//go:build !linux

package ingest

// hugePages does nothing where transparent huge pages are not advised,
// and reports so.
func hugePages([]byte) (head int, ok bool) { return 0, false }
