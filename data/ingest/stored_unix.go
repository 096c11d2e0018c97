//go:build unix

package ingest

import (
	"io/fs"
	"syscall"
)

// allocated is how many bytes of the file st describes take blocks on disk.
func allocated(st fs.FileInfo) (int64, bool) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return int64(sys.Blocks) * 512, true
	}
	return 0, false
}
