package ingest

import (
	"bytes"
	"io"
	"unsafe"

	"threatmap/data/pages"
)

// Memory touched for the first time is the main cost of a load on the
// machines measured (README.md): a 4 KiB page costs 12-50 µs faulted,
// about 3 µs populated ahead (pages.PopulateBytes) and first written, and
// about 0.2 µs as part of a 2 MiB huge page (BenchmarkFirstTouch). An
// arena is one allocation the columns are carved from, advised to the
// kernel as huge pages (hugePages; Linux only) when its size is known well
// enough that the whole pages it faults in will be used. It is an ordinary
// Go allocation: the columns carved from it keep all of it alive, and the
// collector frees it when the last of them goes, so nothing is unmapped by
// hand.

// sampleMin is the smallest file whose features are estimated (estimate)
// to size the columns, and hugeMin the smallest columns worth advising as
// huge pages: a huge page is resident whole, so the columns' margin
// (estimateMargin) and the arena's last, part-used page cost memory: at
// most a quarter of the arena at hugeMin, 1-2 MiB of 45 MiB at 100k hosts
// and links (a 51 MB file, 15 MB of columns; data/ingest/README.md, round
// 5).
const (
	sampleMin = 16 << 20
	hugeMin   = 8 << 20
)

// arena hands out pointer-free slices from one byte allocation.
type arena struct {
	b    []byte
	off  int
	huge bool // advised as huge pages, and the kernel took the advice
}

// newArena allocates n bytes, advised as huge pages when huge. The part
// before the first 2 MiB boundary, which the advice cannot cover (up to
// 2 MiB: Go aligns the allocation to 8 KiB), is populated now: it holds the
// first columns' starts, all of it used, and the columns inside the arena
// are not populated ahead (extender).
func newArena(n int, huge bool) *arena {
	a := &arena{b: make([]byte, n)}
	if huge {
		var head int
		if head, a.huge = hugePages(a.b); a.huge {
			pages.PopulateBytes(a.b[:head])
		}
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

// counts is what a file is estimated to hold (estimate).
type counts struct {
	points, lines, newlines int
}

// Sampling: estimateWindows windows of estimateWindow bytes, evenly spread
// over the file; the counts they find are scaled to the file's size and
// raised by estimateMargin (and 1024), so that a feature size that varies
// across the file rarely leaves a column short. A short column is not an
// error: it grows by copying (loader.extend).
const (
	estimateWindows = 16
	estimateWindow  = 32 << 10
	estimateMargin  = 1.1
)

// estimate counts `Point"` (Point and MultiPoint geometries: hosts and
// servers), `LineString"` (links) and newlines (CSV records) in windows
// spread over the size bytes of r, and scales them to the whole: about
// 0.3 ms for any size, where counting the whole file cost 10 ms per 50 MB
// from the page cache. A file no larger than the windows together is
// counted whole. A type name escaped or split across a window's edge is
// missed, a property value holding one of the words is counted: the
// margin covers a few.
func estimate(r io.ReaderAt, size int64) (counts, error) {
	var c counts
	if size <= 0 {
		return c, nil
	}
	k, w := int64(estimateWindows), int64(estimateWindow)
	if size <= k*w {
		k, w = 1, size
	}
	buf := make([]byte, w)
	pt, ls := []byte(`Point"`), []byte(`LineString"`)
	var read int64
	for i := range k {
		n, err := r.ReadAt(buf, size*i/k)
		if err != nil && err != io.EOF {
			return c, err
		}
		b := buf[:n]
		c.points += bytes.Count(b, pt)
		c.lines += bytes.Count(b, ls)
		c.newlines += countNL(b)
		read += int64(n)
	}
	if read == 0 {
		return counts{}, nil
	}
	if read < size {
		scale := estimateMargin * float64(size) / float64(read)
		up := func(n int) int {
			if n == 0 {
				return 0 // none seen: a CSV file has no Points (loader.begin)
			}
			return int(float64(n)*scale) + 1024
		}
		c.points, c.lines, c.newlines = up(c.points), up(c.lines), up(c.newlines)
	}
	return c, nil
}
