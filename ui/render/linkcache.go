package render

import (
	"image"
	"image/color"
	"math"

	"threatmap/data/threat"
)

// The link layer between frames. What links a frame draws, and how many,
// depends on the dataset, the visible and highlighted hosts, the selected
// server and the link mode (linkState); the links are counted once per
// state, not per frame. Many links are accumulated at half resolution into
// grid 0, which is kept after the resolve: the next frame with the same
// state and view reuses it as it is (1M links cost a resolve, not 1M
// arcs), and a frame of a drag shifts it and accumulates only the strips
// uncovered, as the base map is shifted.

// linkState is what the link layer depends on apart from the view.
type linkState struct {
	ds                    *threat.Dataset
	visAll, noHigh, noSel bool
	vis, high, sel        []uint64 // copies of the sets' words
	highSrv               int32
	mode                  linkMode
}

// linkGrid is the transform a kept half-resolution grid was accumulated
// with (half-cell units), and what its weights depend on.
type linkGrid struct {
	s, ox, oy float64
	lw, lh    int
	gen       uint32
	unit      int32
	mini      float64 // frame pixels per output pixel: scales the weights
	// shifted: moved for a drag, with strips accumulated apart; never
	// equal to a frame's key, so the first frame without Panning
	// accumulates the layer whole, exactly.
	shifted bool
}

// linkCache holds the link counts of the current state and the key of the
// grid kept in r.linkAcc[0].
type linkCache struct {
	st        linkState
	valid     bool
	n, recon  int     // visible links, and those among them reconstructed
	srvLinked []int32 // visible links per server
	kept      bool    // r.linkAcc[0] holds the half-resolution layer of grid
	// visOnly: the state differs from the last one in its visible hosts
	// alone, gone and came links leaving and joining the drawn ones;
	// prev holds the last state's visible set.
	visOnly    bool
	gone, came int
	prev       []uint64
	shifted    bool // this frame shifted the kept layer for a drag
	grid       linkGrid
}

// linkMode is which links a frame draws.
type linkMode uint8

const (
	linksNone      linkMode = iota
	linksSelection          // only the selection's links (see LayerSelectionLinks)
	linksAll
)

// linkModeOf returns the link mode of a layer set: LayerLinks draws all,
// LayerSelectionLinks alone those of the selection.
func linkModeOf(l Layers) linkMode {
	switch {
	case l.Has(LayerLinks):
		return linksAll
	case l.Has(LayerSelectionLinks):
		return linksSelection
	}
	return linksNone
}

// same reports whether the state equals f's (the sets compared word by
// word: 1M hosts are 15,625 words, microseconds).
func (st *linkState) same(f *frame, mode linkMode) bool {
	return st.ds == f.ds && st.highSrv == f.highSrv && st.mode == mode &&
		sameSet(st.vis, f.visible, st.visAll) && sameSet(st.high, f.high, st.noHigh) && sameSet(st.sel, f.sel, st.noSel)
}

// save records f's state.
func (st *linkState) save(f *frame, mode linkMode) {
	st.ds, st.highSrv, st.mode = f.ds, f.highSrv, mode
	st.visAll, st.noHigh, st.noSel = f.visible == nil, f.high == nil, f.sel == nil
	st.vis, st.high, st.sel = st.vis[:0], st.high[:0], st.sel[:0]
	if f.sel != nil {
		st.sel = append(st.sel, f.sel.Words()...)
	}
	if f.visible != nil {
		st.vis = append(st.vis, f.visible.Words()...)
	}
	if f.high != nil {
		st.high = append(st.high, f.high.Words()...)
	}
}

// drawsLink reports whether link l (to host h) is drawn in mode: its host
// is visible (unmatched links only when all hosts are), and in selection
// mode it is a link of the highlight.
func (f *frame) drawsLink(l, h int, mode linkMode) bool {
	if h >= 0 {
		if !f.visible.Has(h) {
			return false
		}
	} else if f.visible != nil {
		return false
	}
	return mode == linksAll || f.highOf(l, h) || f.selOf(h)
}

// selOf reports whether host h is selected (a host, or hosts together)
// and its links are the selection's.
func (f *frame) selOf(h int) bool { return f.sel != nil && h >= 0 && f.sel.Has(h) }

// highlightsLink reports whether link l is one of the highlight's: its
// host is highlighted and, with a server selected, it is that server's.
func (s *Scene) highlightsLink(l int) bool {
	ds := s.Data
	h := int(ds.Links.Host[l])
	return s.Highlight != nil && s.Highlight.Len() == ds.Hosts.Len() && h >= 0 && s.Highlight.Has(h) &&
		(s.Selected.Kind != KindServer || ds.Links.Server[l] == int32(s.Selected.Index))
}

// countLinks counts the links drawn in f's state, per server and
// reconstructed, when the state changed since the last count; it reports
// whether it did (the kept layer is then stale).
func (r *Renderer) countLinks(mode linkMode) bool {
	f := &r.f
	c := &r.lk
	if c.valid && c.st.same(f, mode) {
		return false
	}
	c.visOnly = c.valid && c.st.ds == f.ds && c.st.highSrv == f.highSrv && c.st.mode == mode &&
		sameSet(c.st.high, f.high, c.st.noHigh) && sameSet(c.st.sel, f.sel, c.st.noSel)
	f.prevAll = c.st.visAll
	c.prev, c.st.vis = c.st.vis, c.prev
	f.prevVis = c.prev
	c.st.save(f, mode)
	c.valid = true
	c.n, c.recon, c.gone, c.came = 0, 0, 0, 0
	c.srvLinked = resize(c.srvLinked, len(f.ds.Servers))
	clear(c.srvLinked)
	if mode == linksNone {
		return true
	}
	L := &f.ds.Links
	for l := range L.Len() {
		h := int(L.Host[l])
		now := f.drawsLink(l, h, mode)
		if c.visOnly {
			if was := f.drewLink(l, h); was != now {
				if was {
					c.gone++
				} else {
					c.came++
				}
			}
		}
		if !now {
			continue
		}
		c.n++
		if sv := L.Server[l]; sv >= 0 && int(sv) < len(c.srvLinked) {
			c.srvLinked[sv]++
		}
		if f.ds.LinkRecon(l)&threat.FieldLink != 0 {
			c.recon++
		}
	}
	return true
}

// planLinks decides, before the accumulation, how this frame's links are
// drawn: anti-aliased or as a half-resolution haze, with which weight per
// link, and whether the kept grid is reused as it is (f.linkReuse),
// shifted with only uncovered strips to accumulate (f.linkClips), or
// cleared for a full accumulation.
func (r *Renderer) planLinks(s *Scene) {
	f := &r.f
	mode := linkModeOf(s.Layers)
	if !f.links {
		mode = linksNone
	}
	f.linkMode = mode
	changed := r.countLinks(mode)
	f.links = mode != linksNone
	f.aaLinks = !f.links || r.lk.n <= aaLinkLimit
	f.corridors = !f.aaLinks && !r.perLink
	if !f.corridors && r.cor.ds != nil && r.cor.ds != f.ds {
		r.cor = corridors{} // keep no other dataset alive, nor its tables
	}
	f.unit = linkUnit(r.lk.n)
	sw, sh := f.lw+2*linkMargin, f.lh+2*linkMargin // stored cells
	f.linkClips, f.nClips = [2][4]int{{0, 0, sw, sh}}, 1
	f.linkReuse = false
	r.lk.shifted = false
	g := linkGrid{s: f.s / 2, ox: f.ox/2 + linkMargin, oy: f.oy/2 + linkMargin, lw: f.lw, lh: f.lh, gen: r.arcs.gen, unit: f.unit, mini: f.mini}
	c := &r.lk
	if f.links && !f.aaLinks && c.kept && !changed {
		if g == c.grid {
			f.linkReuse = true
			return
		}
		if s.Panning && (r.shiftLinks(g) || r.scaleLinks(g)) {
			return
		}
	}
	if f.corridors && (r.cor.update(&r.arcs, g.s) || changed || !r.cor.weighed) {
		r.cor.weigh(f)
	}
	if f.links && !f.aaLinks && c.kept && changed && g == c.grid && r.applyDelta() {
		return
	}
	switch {
	case r.Interrupt != nil && !s.Panning && !changed && c.kept && f.links && !f.aaLinks:
		// The kept layer is set aside whole (linkTmp is empty between
		// frames), to take back if a newer frame interrupts this one.
		if len(r.linkTmp) != len(r.linkAcc[0]) {
			r.linkTmp = make([]uint16, len(r.linkAcc[0]))
		}
		r.linkAcc[0], r.linkTmp = r.linkTmp, r.linkAcc[0]
		f.interruptible, f.keptGrid = true, c.grid
	case c.kept:
		r.pool.run(r.fnClear)
	}
	c.kept = f.links && !f.aaLinks
	c.grid = g
}

// shiftLinks follows a drag with the kept grid (a pan keeps the scale):
// while the view stays within the grid's margins it is only read at an
// offset (f.offX, f.offY); beyond them the grid is moved by whole cells to
// centre the view again and f.linkClips set to the bands uncovered. It
// reports false when the grid cannot follow. The layer then stays within
// half a cell (one pixel) of the view: exact again on the first frame
// without Panning.
func (r *Renderer) shiftLinks(g linkGrid) bool {
	f := &r.f
	old := r.lk.grid
	// A layer already moved (interim) follows the drag even when the arcs
	// were rebuilt since (by a frame given up for this one).
	if old.s != g.s || old.lw != g.lw || old.lh != g.lh || (old.gen != g.gen && !old.shifted) || old.unit != g.unit || old.mini != g.mini {
		return false
	}
	dx, dy := int(math.Round(g.ox-old.ox)), int(math.Round(g.oy-old.oy))
	r.lk.shifted = true
	if abs(dx) <= linkMargin && abs(dy) <= linkMargin {
		f.offX, f.offY = linkMargin-dx, linkMargin-dy
		f.linkReuse = true
		return true
	}
	sw, sh := f.lw+2*linkMargin, f.lh+2*linkMargin
	if abs(dx)*3 >= sw || abs(dy)*3 >= sh {
		r.lk.shifted = false
		return false // a third of the grid or more: accumulate it all
	}
	shiftGrid(r.linkAcc[0][f.lgw+1:], f.lgw, sw, sh, dx, dy)
	// What was uncovered: the rows above or below, then the columns
	// left or right in the rows kept.
	f.nClips = 0
	y0, y1 := 0, sh
	if dy > 0 {
		f.linkClips[f.nClips] = [4]int{0, 0, sw, dy}
		y0 = dy
		f.nClips++
	} else if dy < 0 {
		f.linkClips[f.nClips] = [4]int{0, sh + dy, sw, sh}
		y1 = sh + dy
		f.nClips++
	}
	if dx > 0 {
		f.linkClips[f.nClips] = [4]int{0, y0, dx, y1}
		f.nClips++
	} else if dx < 0 {
		f.linkClips[f.nClips] = [4]int{sw + dx, y0, sw, y1}
		f.nClips++
	}
	r.lk.grid.ox += float64(dx)
	r.lk.grid.oy += float64(dy)
	r.lk.grid.shifted = true
	return true
}

// shiftGrid moves the w x h cells of grid g (stride st) by dx, dy cells,
// clearing what is uncovered.
func shiftGrid(g []uint16, st, w, h, dx, dy int) {
	row := func(y int) []uint16 { return g[y*st : y*st+w] }
	move := func(y int) {
		d := row(y)
		if y-dy < 0 || y-dy >= h {
			clear(d)
			return
		}
		sr := row(y - dy)
		switch {
		case dx > 0:
			copy(d[dx:], sr[:w-dx])
			clear(d[:dx])
		case dx < 0:
			copy(d[:w+dx], sr[-dx:])
			clear(d[w+dx:])
		default:
			copy(d, sr)
		}
	}
	if dy > 0 {
		for y := h - 1; y >= 0; y-- {
			move(y)
		}
		return
	}
	for y := range h {
		move(y)
	}
}

// linkUnit returns the grid weight of one link at full strength when n
// links are drawn: 255 for up to 257 links, less for more, down to
// minLinkUnit, so that the 16-bit grid counts 65535/unit overlapping links
// before it saturates: the top of the log ramp.
func linkUnit(n int) int32 {
	return int32(max(minLinkUnit, min(255, 65535/max(n, 1))))
}

// minLinkUnit: 16,384 overlapping links at the top of the ramp (a million
// converge on a few servers), while a single link still weighs a couple
// of units after the half-resolution gain and upsampling; fractions of a
// unit (a link's faded server end) are dithered (see dither), not
// rounded away.
const minLinkUnit = 4

// traceVictimLinks adds every step-th of the links on (those reported, or
// those reconstructed) as anti-aliased lines lw pixels wide into
// r.hostAcc[0], which the resolve and drawPoints have left empty, and
// returns how many. Coverage accumulates in a grid rather than through
// the vector rasteriser: 2,000 arcs cost a write per pixel step, not a
// pass over the rectangle per stroke.
func (r *Renderer) traceVictimLinks(on []int32, step int, recon bool, lw float64) int {
	f := &r.f
	ds := f.ds
	xy, start := r.arcs.xy, r.arcs.start
	wt := float32(255 * lw)
	m := 4 / f.s // a margin of 4 pixels, in projected units
	frameBox := [4]float32{float32(-f.ox/f.s - m), float32((f.oy-float64(f.h))/f.s - m), float32((float64(f.w)-f.ox)/f.s + m), float32(f.oy/f.s + m)}
	n := 0
	for i := 0; i < len(on); i += step {
		l := int(on[i])
		if (ds.LinkRecon(l)&threat.FieldLink != 0) != recon {
			continue
		}
		a, e := int(start[l]), int(start[l+1])
		drawArcClipped(r.hostAcc[0], f.gw, f.w, f.h, xy[2*a:2*e], f.s, f.ox, f.oy, frameBox, wt, 0, true, 0)
		n++
	}
	return n
}

// coverOver blends c over dst in rectangle box with each pixel's coverage
// from grid acc (stride st; 255 is full, more is clamped), clearing it.
func coverOver(dst *image.RGBA, acc []uint16, st int, box image.Rectangle, c color.NRGBA) {
	q := premul(c)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		row := acc[y*st : y*st+box.Max.X]
		for x := box.Min.X; x < box.Max.X; x++ {
			if v := row[x]; v != 0 {
				row[x] = 0
				over(dst.Pix[y*dst.Stride+4*x:], q, min(255, uint32(v)))
			}
		}
	}
}
