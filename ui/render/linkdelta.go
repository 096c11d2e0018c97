package render

// A filter change redraws only the links it changes. The kept
// half-resolution layer is a sum of each link's writes, and a link's writes
// depend on the link, the grid and the weight per link alone (its dither
// seeds are its own), so when only the visible hosts changed and the grid
// is the same, the links that left are drawn into the empty part grids and
// subtracted from the kept layer, then the links that came are drawn onto
// it as a frame adds any link. The result is the layer a fresh frame
// accumulates, exactly, as long as no cell the links that left cross had
// saturated (a saturated cell lost count of what it holds): then the layer
// is accumulated whole.

// linkDelta is which links a frame's accumulation draws.
type linkDelta uint8

const (
	deltaNone linkDelta = iota // the links drawn (all, or a drag's strips)
	deltaGone                  // the links drawn last state but not in this one
	deltaCame                  // the links drawn in this state but not the last
)

// deltaShare: a filter change that moves fewer than this share of the
// links drawn redraws only those (two passes cost about what their links
// cost; beyond it, one whole pass is sooner).
const deltaShare = 0.5

// drewLink reports whether link l (to host h) was drawn in the last state:
// as drawsLink, with the visible set of then.
func (f *frame) drewLink(l, h int) bool {
	if h >= 0 {
		if !f.prevAll && f.prevVis[h>>6]&(1<<(uint(h)&63)) == 0 {
			return false
		}
	} else if !f.prevAll {
		return false
	}
	return f.linkMode == linksAll || f.highOf(l, h) || f.selOf(h)
}

// accumulates reports whether this frame's accumulation draws link l.
func (f *frame) accumulates(l, h int) bool {
	now := f.drawsLink(l, h, f.linkMode)
	switch f.delta {
	case deltaGone:
		return !now && f.drewLink(l, h)
	case deltaCame:
		return now && !f.drewLink(l, h)
	}
	return now
}

// applyDelta brings the kept layer from the last visible set to this one
// when few links changed: it subtracts the links gone and leaves those
// come to the accumulation (f.delta). It reports false, with the layer
// cleared, when the layer must be accumulated whole.
func (r *Renderer) applyDelta() bool {
	f, c := &r.f, &r.lk
	moved, drawn, gone := c.gone+c.came, c.n, c.gone > 0
	if f.corridors {
		moved, drawn, gone = r.cor.changed, r.cor.drawn, r.cor.changed > 0
	}
	if !c.visOnly || float64(moved) >= deltaShare*float64(max(drawn, 1)) {
		return false
	}
	f.delta = deltaGone
	if gone {
		if len(r.linkTmp) != len(r.linkAcc[0]) {
			r.linkTmp = make([]uint16, len(r.linkAcc[0]))
		}
		// The gone links go into empty grids (part 0's is linkTmp), the
		// kept layer aside in linkTmp meanwhile.
		r.linkAcc[0], r.linkTmp = r.linkTmp, r.linkAcc[0]
		r.pool.run(r.fnGone)
		r.linkAcc[0], r.linkTmp = r.linkTmp, r.linkAcc[0]
		clear(r.subFail[:])
		r.pool.run(r.fnSubtract)
		for _, bad := range r.subFail[:r.parts] {
			if bad {
				f.delta = deltaNone
				r.pool.run(r.fnClear)
				return false
			}
		}
	}
	f.delta = deltaCame
	return true
}

// gonePart draws part k's share of the links gone (f.delta) into its grid.
func (r *Renderer) gonePart(k int) {
	nl := r.linkItems()
	lc := (nl + linkChunk - 1) / linkChunk
	for c := r.pool.next(); c < lc; c = r.pool.next() {
		r.accumLinks(k, c*linkChunk, min(nl, (c+1)*linkChunk))
	}
}

// subtractPart takes the gone links, in the part grids (part 0's in
// linkTmp), from the kept layer, chunk by chunk of rows, clearing them;
// it flags part k's failure when a cell it meets had saturated.
func (r *Renderer) subtractPart(k int) {
	nc, n := r.halfChunks()
	st := r.f.lgw
	for c := r.pool.next(); c < nc; c = r.pool.next() {
		for j := c * rowChunk; j < min(n, (c+1)*rowChunk); j++ {
			o := j * st
			g0 := r.linkAcc[0][o : o+st]
			if !subtractRow(g0, r.linkTmp[o:o+st]) {
				r.subFail[k] = true
			}
			for _, g := range r.linkAcc[1:] {
				if !subtractRow(g0, g[o:o+st]) {
					r.subFail[k] = true
				}
			}
		}
	}
}

// subtractRow takes row d from row g0, clearing d, and reports false when
// a cell of g0 it changes was saturated (or held less than d: it cannot
// when g0 is the sum d was part of).
func subtractRow(g0, d []uint16) bool {
	ok := true
	for i := range len(d) / 4 {
		v := lanes(d, i)
		if v == 0 {
			continue
		}
		setLanes(d, i, 0)
		for x := 4 * i; x < 4*i+4; x, v = x+1, v>>16 {
			a := uint16(v)
			if a == 0 {
				continue
			}
			if g0[x] == 0xffff || g0[x] < a {
				ok = false
				continue
			}
			g0[x] -= a
		}
	}
	return ok
}
