package render

import (
	"math"

	"threatmap/data/threat"
)

// Corridors: above aaLinkLimit links are a haze at half resolution, and
// links whose arcs start in the same half-resolution cell, pass their
// middle in the same one and end in the same one (a server and a town's
// hosts) are drawn as one arc weighted by how many they are. Such arcs
// run within a cell of each other over their whole length (the middle
// tells apart the great circles between nearly antipodal points, which
// fan out over the globe however close their ends), closer than the haze
// resolves, so the picture is the same
// while the work is per corridor, not per link: a million links of the
// test data at world scale are 189,000 corridors, a city-level feed far
// fewer. Corridors are cells of the projected plane, a power of two of
// its units wide, between a half and a whole grid cell: they hold while a
// drag moves the grid and while wheel notches zoom within a power of two,
// and are rebuilt when the level or the arcs change. A corridor's weight is the links of it drawn this
// state (a highlighted one counts 3), kept with the last state's, so that
// a filter change redraws only the corridors whose weight changed
// (linkdelta.go).
type corridors struct {
	ds    *threat.Dataset
	gen   uint32  // the arcs' generation they were built from
	level int     // log2 of the cells per projected unit
	of    []int32 // per link: its corridor
	rep   []int32 // per corridor: its first link, whose arc it draws
	key   []corKey
	table []int32 // open addressing: corridor+1, 0 empty
	// cur and prev are the corridors' weights this state and the last;
	// changed counts those that differ, drawn those not zero in either.
	cur, prev      []uint32
	changed, drawn int
	weighed        bool
}

// corKey is a corridor's cells: where its arcs start, pass their middle
// and end, and whether its links are reconstructed (drawn fainter).
type corKey struct {
	x0, y0, xm, ym, x1, y1 int32
	recon                  bool
}

// update groups the links of arcs into corridors for a grid of s cells
// per projected unit; it reports whether it rebuilt them.
func (c *corridors) update(a *arcCache, s float64) bool {
	_, lv := math.Frexp(s) // s = f 2^lv, f in [0.5, 1): cells of 2^-lv are at most one grid cell
	if c.ds == a.ds && c.gen == a.gen && c.level == lv && len(c.of) == a.n {
		return false
	}
	c.ds, c.gen, c.level = a.ds, a.gen, lv
	s = math.Ldexp(1, lv)
	n := a.n
	c.of = resize(c.of, n)
	c.rep, c.key = c.rep[:0], c.key[:0]
	size := 1
	for size < 2*n {
		size <<= 1
	}
	if len(c.table) != size {
		c.table = make([]int32, size)
	} else {
		clear(c.table)
	}
	mask := uint64(size - 1)
	for l := range n {
		k, ok := arcCells(a.xy[2*a.start[l]:2*a.start[l+1]], s)
		if !ok { // no point drawn: a corridor of its own
			c.of[l] = c.add(l, corKey{x0: math.MinInt32})
			continue
		}
		k.recon = a.ds.LinkRecon(l)&threat.FieldLink != 0
		for i := k.hash() & mask; ; i = (i + 1) & mask {
			g := c.table[i] - 1
			if g < 0 {
				g = c.add(l, k)
				c.table[i] = g + 1
			} else if c.key[g] != k {
				continue
			}
			c.of[l] = g
			break
		}
	}
	c.weighed = false
	return true
}

// add appends a corridor of key k whose first link is l.
func (c *corridors) add(l int, k corKey) int32 {
	c.rep = append(c.rep, int32(l))
	c.key = append(c.key, k)
	return int32(len(c.rep) - 1)
}

// arcCells returns the cells of an arc's first, middle and last points
// drawn (a NaN x lifts the pen), at s cells per unit; false when it has
// none.
func arcCells(pts []float32, s float64) (corKey, bool) {
	i, j := 0, len(pts)-2
	for i < len(pts) && pts[i] != pts[i] {
		i += 2
	}
	for j > i && pts[j] != pts[j] {
		j -= 2
	}
	if i >= len(pts) {
		return corKey{}, false
	}
	m := (i + j) / 4 * 2
	for pts[m] != pts[m] { // the first drawn point from the middle on (j is one)
		m += 2
	}
	cell := func(v float32) int32 {
		return int32(max(-1<<30, min(1<<30, math.Floor(float64(v)*s))))
	}
	return corKey{x0: cell(pts[i]), y0: cell(pts[i+1]), xm: cell(pts[m]), ym: cell(pts[m+1]), x1: cell(pts[j]), y1: cell(pts[j+1])}, true
}

// hash mixes a key's cells (splitmix64's finaliser after each): the
// cells of a town's hosts are near neighbours, which plain multiplies
// leave clustered in the table.
func (k corKey) hash() uint64 {
	h := uint64(0)
	if k.recon {
		h = 1
	}
	for _, v := range [6]int32{k.x0, k.y0, k.xm, k.ym, k.x1, k.y1} {
		h = mix64(h ^ uint64(uint32(v)))
	}
	return h
}

func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// weigh sets the corridors' weights for frame f's state (the last
// state's kept as prev, unless the corridors were just rebuilt), counting
// those changed and drawn.
func (c *corridors) weigh(f *frame) {
	ng := len(c.rep)
	if c.weighed && len(c.cur) == ng {
		c.prev, c.cur = c.cur, c.prev
	} else {
		c.prev = resize(c.prev, ng)
		clear(c.prev)
	}
	c.cur = resize(c.cur, ng)
	clear(c.cur)
	c.weighed = true
	L := &f.ds.Links
	for l, g := range c.of {
		h := int(L.Host[l])
		if !f.drawsLink(l, h, f.linkMode) {
			continue
		}
		w := uint32(1)
		if f.highOf(l, h) {
			w = 3
		}
		c.cur[g] += w
	}
	c.changed, c.drawn = 0, 0
	for g, w := range c.cur {
		p := c.prev[g]
		if w != p {
			c.changed++
		}
		if w|p != 0 {
			c.drawn++
		}
	}
}

// weight returns the weight at which corridor g is drawn by an
// accumulation of kind d: this state's, or, for a filter change, the last
// state's (to take away) and this one's (to add) where they differ.
func (c *corridors) weight(g int, d linkDelta) uint32 {
	switch d {
	case deltaGone:
		if c.cur[g] == c.prev[g] {
			return 0
		}
		return c.prev[g]
	case deltaCame:
		if c.cur[g] == c.prev[g] {
			return 0
		}
	}
	return c.cur[g]
}
