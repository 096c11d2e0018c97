//go:build linux

package ingest

import (
	"syscall"
	"unsafe"
)

// hugePages advises the kernel to back the 2 MiB-aligned pages inside b
// with transparent huge pages (MADV_HUGEPAGE: the system setting here is
// "madvise"). b must not have been touched yet. It is only advice: where
// the kernel declines, b is as it was.
func hugePages(b []byte) {
	const huge = 2 << 20
	if len(b) < huge {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p + huge - 1) &^ (huge - 1)
	hi := (p + uintptr(len(b))) &^ (huge - 1)
	if hi <= lo {
		return
	}
	_ = syscall.Madvise(b[lo-p:hi-p], 14) // MADV_HUGEPAGE
}
