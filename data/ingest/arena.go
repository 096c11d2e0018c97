package ingest

import (
	"bytes"
	"io"
	"unsafe"
)

// Memory touched for the first time is the main cost of a load on the
// machines measured (README.md): a 4 KiB page fault costs 12-50 µs, so
// the 15 MB of columns of 100k hosts and links cost more in faults than
// their parsing. An arena is one allocation the columns are carved from,
// advised to the kernel as huge pages (hugePages; Linux only) so that it
// faults in 2 MiB at a time. It is an ordinary Go allocation: the columns
// carved from it keep all of it alive, and the collector frees it when
// the last of them goes, so nothing is unmapped by hand.

// arenaMin is the smallest arena worth advising, and precountMin the
// smallest file counted first to size one. Measured on 100k hosts and
// links (a 51 MB file, 12 MB of columns): the arena saved 2700 of 7600
// faults and about 25 ms of CPU, but the huge pages' rounding and the
// count's buffer added 7 MiB of peak RSS, past the file's size; from about
// 250k hosts and links on, the rounding is a few percent.
const (
	arenaMin    = 32 << 20
	precountMin = 128 << 20
)

// arena hands out pointer-free slices from one byte allocation.
type arena struct {
	b   []byte
	off int
}

// newArena allocates n bytes, advised as huge pages when huge.
func newArena(n int, huge bool) *arena {
	a := &arena{b: make([]byte, n)}
	if huge {
		hugePages(a.b)
	}
	return a
}

// carve returns an empty slice of capacity n from a, or a fresh slice when
// a is nil or full. T must hold no pointers.
func carve[T any](a *arena, n int) []T {
	var z T
	size, align := int(unsafe.Sizeof(z)), int(unsafe.Alignof(z))
	if a == nil || n == 0 {
		return make([]T, 0, n)
	}
	off := (a.off + align - 1) &^ (align - 1)
	if off+n*size > len(a.b) {
		return make([]T, 0, n)
	}
	a.off = off + n*size
	return unsafe.Slice((*T)(unsafe.Pointer(&a.b[off])), n)[:0]
}

// counts is what a pre-scan of a file says it holds at most.
type counts struct {
	points, lines, newlines int
}

// precount reads r to the end and counts `Point"` (Point and MultiPoint
// geometries: hosts and servers), `LineString"` (links) and newlines
// (CSV records). Counts are upper bounds for plain files (a property
// value may contain the words); an escaped type name makes them short,
// which costs only a column growing by copy.
func precount(r io.Reader) (counts, error) {
	var c counts
	buf := make([]byte, 1<<20)
	pt, ls := []byte(`Point"`), []byte(`LineString"`)
	keep := 0 // bytes carried over from the previous chunk
	for {
		n, err := io.ReadFull(r, buf[keep:])
		n += keep
		b := buf[:n]
		// A match must end past the carried-over bytes: those before were
		// counted with the previous chunk.
		c.points += bytes.Count(b[max(0, keep-len(pt)+1):], pt)
		c.lines += bytes.Count(b[max(0, keep-len(ls)+1):], ls)
		c.newlines += bytes.Count(b[keep:], []byte{'\n'})
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return c, nil
		}
		if err != nil {
			return c, err
		}
		// Keep the last len(ls)-1 bytes, so a name split across chunks
		// is found.
		keep = len(ls) - 1
		copy(buf, b[n-keep:])
	}
}
