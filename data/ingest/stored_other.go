//go:build !unix

package ingest

import (
	"io"
	"os"
)

// storedSize returns the size of input r for sizing its columns
// (loader.scale): a regular file's size, the given size for what is not
// a file. Where block counts are not known, a sparse file counts whole.
func storedSize(r io.Reader, size int64) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return size
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	return st.Size()
}
