package prefault

import (
	"syscall"
	"unsafe"
)

// ahead is how much of the heap after the first allocation here is
// populated: about what the package initialisers still to come allocate
// (the heap's first 4 MiB chunk held 1.8 MiB at the end of a run that
// loaded nothing), so that little of it is resident for nothing.
const ahead = 1536 << 10

var sink *[64]byte

func init() {
	// The heap grows upwards from here within its current 4 MiB chunk
	// (the runtime maps the heap in chunks of that size); nothing past
	// the chunk's end is touched, as it may not be mapped yet.
	const chunk, page = 4 << 20, 4096
	sink = new([64]byte)
	p := uintptr(unsafe.Pointer(sink))&^(page-1) + page
	end := min(p&^(chunk-1)+chunk, p+ahead)
	// MADV_POPULATE_WRITE (Linux 5.14); older kernels refuse it and the
	// pages fault in as before.
	syscall.Syscall(syscall.SYS_MADVISE, p, end-p, 23)
}
