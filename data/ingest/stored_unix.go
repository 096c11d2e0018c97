//go:build unix

package ingest

import (
	"io"
	"os"
	"syscall"
)

// storedSize returns how many bytes of input r (of the given size, 0 when
// unknown) a file takes on disk: a sparse file's holes take none, so that
// `truncate -s 100G` does not size the columns for 100 GB (loader.scale).
// It is size for what is not a file.
func storedSize(r io.Reader, size int64) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return size
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return min(st.Size(), int64(sys.Blocks)*512)
	}
	return st.Size()
}
