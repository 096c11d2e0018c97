package prefault

import (
	"unsafe"

	"threatmap/data/pages"
)

// ahead is how much of the heap after the first allocation here is
// populated: about what the package initialisers still to come allocate
// (the heap's first 4 MiB chunk held 1.8 MiB at the end of a run that
// loaded nothing), so that little of it is resident for nothing.
const ahead = 1536 << 10

var sink *[64]byte

func init() {
	// The heap grows upwards from here within its current 4 MiB chunk,
	// which the runtime maps whole; nothing past the chunk's end is
	// touched, as it may not be mapped yet.
	const chunk = 4 << 20
	sink = new([64]byte)
	a := uintptr(unsafe.Pointer(sink))
	p := a + unsafe.Sizeof(*sink)
	pages.Populate(p, min(a&^(chunk-1)+chunk, p+ahead))
}
