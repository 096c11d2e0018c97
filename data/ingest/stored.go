package ingest

import (
	"io"
	"os"
)

// storedSize returns how many bytes of input r (of the given size, 0 when
// unknown) a file takes on disk: a sparse file's holes take none, so that
// `truncate -s 100G` does not size the columns for 100 GB (loader.scale).
// It is size for what is not a file, 0 for what is not a regular file.
func storedSize(r io.Reader, size int64) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return size
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	if n, ok := allocated(st); ok {
		return min(st.Size(), n)
	}
	return st.Size()
}
