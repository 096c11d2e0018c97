package geoip

import (
	"math"
	"net/netip"
	"slices"

	"github.com/oschwald/maxminddb-golang/v2"
)

// table4 is a flat copy of a database's IPv4 tree: the sorted starts of
// consecutive ranges and each range's record offset (noRecord for a gap).
// A lookup costs two or three memory reads instead of the tree's walk of
// 20 to 30 nodes spread over megabytes, which dominated the embedded
// database's lookups of random addresses (BenchmarkLookup). Built only for
// the embedded database, whose 494k IPv4 networks share 250 records.
type table4 struct {
	starts []uint32
	offs   []uint32
	bucket []uint32 // bucket[h]: index of the first start >= h<<16; 65537 entries
}

const noRecord = math.MaxUint32

// newTable4 walks r's IPv4 networks. It returns nil when a record offset
// does not fit 32 bits (never for the embedded database).
func newTable4(r *maxminddb.Reader) *table4 {
	t := &table4{starts: []uint32{0}, offs: []uint32{noRecord}}
	next := uint64(0) // first address after the last range
	for res := range r.NetworksWithin(netip.MustParsePrefix("0.0.0.0/0")) {
		p := res.Prefix()
		if !p.Addr().Is4() || res.Offset() >= noRecord {
			return nil
		}
		a := p.Addr().As4()
		start := uint64(a[0])<<24 | uint64(a[1])<<16 | uint64(a[2])<<8 | uint64(a[3])
		off := uint32(res.Offset())
		if start > next {
			t.add(uint32(next), noRecord)
		}
		t.add(uint32(start), off)
		next = start + 1<<(32-p.Bits())
	}
	if next < 1<<32 {
		t.add(uint32(next), noRecord)
	}
	t.starts, t.offs = slices.Clip(t.starts), slices.Clip(t.offs)
	t.bucket = make([]uint32, 1<<16+1)
	i := 0
	for h := range t.bucket {
		for i < len(t.starts) && uint64(t.starts[i]) < uint64(h)<<16 {
			i++
		}
		t.bucket[h] = uint32(i)
	}
	return t
}

// add appends a range, merging it into the previous one when they share
// a record (or a start, for the initial gap).
func (t *table4) add(start, off uint32) {
	n := len(t.starts) - 1
	switch {
	case t.starts[n] == start:
		t.offs[n] = off
		if n > 0 && t.offs[n-1] == off {
			t.starts, t.offs = t.starts[:n], t.offs[:n]
		}
	case t.offs[n] != off:
		t.starts, t.offs = append(t.starts, start), append(t.offs, off)
	}
}

// find returns the record offset of a (IPv4), ok false when a is in a gap.
func (t *table4) find(a [4]byte) (uintptr, bool) {
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	h := v >> 16
	lo, hi := int(t.bucket[h]), int(t.bucket[h+1])
	// The last start <= v: the first start > v in [lo, hi), minus one;
	// starts[0] is 0, so the result is never negative.
	i, _ := slices.BinarySearch(t.starts[lo:hi], v+1)
	if v == math.MaxUint32 {
		i = hi - lo
	}
	off := t.offs[lo+i-1]
	return uintptr(off), off != noRecord
}
