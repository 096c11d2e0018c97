//go:build linux

package ingest

import (
	"bytes"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// hugePages advises the kernel to back the 2 MiB-aligned pages inside b
// with transparent huge pages (MADV_HUGEPAGE: the system setting here is
// "madvise"). b must not have been touched yet. It reports whether the
// kernel takes the advice: not where the system setting is "never" or
// the kernel has no huge pages, and b is then as it was. head is how many
// bytes of b precede the first 2 MiB boundary: they are not advised.
func hugePages(b []byte) (head int, ok bool) {
	const huge = 2 << 20
	if len(b) < huge || !thpEnabled() {
		return 0, false
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p + huge - 1) &^ (huge - 1)
	hi := (p + uintptr(len(b))) &^ (huge - 1)
	if hi <= lo {
		return 0, false
	}
	return int(lo - p), syscall.Madvise(b[lo-p:hi-p], 14) == nil // MADV_HUGEPAGE
}

// thpEnabled reports whether transparent huge pages are enabled, always
// or on advice ("never" is bracketed in the setting otherwise).
var thpEnabled = sync.OnceValue(func() bool {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && !bytes.Contains(b, []byte("[never]"))
})
