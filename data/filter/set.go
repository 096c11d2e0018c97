package filter

import "math/bits"

// Set is a bit set over host (or link) indices. A nil *Set passed where a
// selection is expected means "all".
type Set struct {
	w []uint64
	n int
}

// NewSet returns an empty set over n items.
func NewSet(n int) *Set { s := &Set{}; s.Reset(n); return s }

// Reset empties s and sizes it for n items, reusing its storage.
func (s *Set) Reset(n int) {
	words := (n + 63) / 64
	if cap(s.w) < words {
		s.w = make([]uint64, words)
	} else {
		s.w = s.w[:words]
		clear(s.w)
	}
	s.n = n
}

// Len returns the number of items s ranges over.
func (s *Set) Len() int { return s.n }

// Has reports whether i is in s. A nil set has everything.
func (s *Set) Has(i int) bool {
	if s == nil {
		return true
	}
	return s.w[i>>6]&(1<<(uint(i)&63)) != 0
}

// Add puts i in s.
func (s *Set) Add(i int) { s.w[i>>6] |= 1 << (uint(i) & 63) }

// Count returns how many items are in s.
func (s *Set) Count() int {
	c := 0
	for _, w := range s.w {
		c += bits.OnesCount64(w)
	}
	return c
}

// CountAnd returns how many items are in both s and o (nil o means all),
// changing neither.
func (s *Set) CountAnd(o *Set) int {
	if o == nil {
		return s.Count()
	}
	c := 0
	for i, w := range s.w {
		c += bits.OnesCount64(w & o.w[i])
	}
	return c
}

// Words exposes the backing words (bit i of word k is item k*64+i) for
// tight loops. Callers must not change their length.
func (s *Set) Words() []uint64 { return s.w }

// And keeps in s only the items also in o (nil o means all, a no-op) and
// returns how many remain. Both sets must range over the same items.
func (s *Set) And(o *Set) int {
	if o == nil {
		return s.Count()
	}
	c := 0
	for i := range s.w {
		s.w[i] &= o.w[i]
		c += bits.OnesCount64(s.w[i])
	}
	return c
}
