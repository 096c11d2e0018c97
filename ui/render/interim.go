package render

import "image"

// Interim frames of a burst of wheel notches. With Scene.Panning set, a
// frame whose view changed its scale (a zoom) scales the cached base map
// and the kept link layer to the new view, nearest neighbour, instead of
// rasterising the one and accumulating the other: a notch then costs
// the hosts and a resolve, not every link. Both caches are marked
// inexact, so the first frame without Panning (the wheel at rest) draws
// them whole, exactly, as after a drag.

// scaleBase updates r.base from r.baseKey's view to key's by scaling its
// pixels, when the two views differ only in centre and zoom; otherwise it
// reports false and does nothing. What the old frame did not cover (a
// zoom out) is rasterised.
func (r *Renderer) scaleBase(key baseKey, th *Theme, choro []uint8) bool {
	old := r.baseKey
	if old.view.Zoom == key.view.Zoom {
		return false // a pan: shiftBase's
	}
	old.view.Center, old.view.Zoom, old.fine, old.choro = key.view.Center, key.view.Zoom, key.fine, key.choro
	if old != key {
		return false
	}
	s0, ox0, oy0 := r.baseKey.view.affine()
	s1, ox1, oy1 := key.view.affine()
	w, h := key.view.Width, key.view.Height
	if r.baseTmp == nil || r.baseTmp.Rect != r.base.Rect {
		r.baseTmp = image.NewRGBA(r.base.Rect)
	}
	cols := nearest(r.idx[0][:0], s0/s1, ox1, ox0, w, w)
	rows := nearest(r.idx[1][:0], s0/s1, oy1, oy0, h, h)
	r.idx[0], r.idx[1] = cols, rows
	src, dst := r.base, r.baseTmp
	for y, sy := range rows {
		if sy < 0 {
			continue // drawn below
		}
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		sr := src.Pix[int(sy)*src.Stride:]
		for x, sx := range cols {
			if sx >= 0 {
				copy(d[4*x:4*x+4], sr[4*sx:4*sx+4])
			}
		}
	}
	r.base, r.baseTmp = r.baseTmp, r.base
	r.drawUncovered(key, th, choro, covered(cols), covered(rows))
	return true
}

// drawUncovered rasterises the base map of key's view outside the
// columns cx and rows cy (first, end) that a scaled base map covers.
func (r *Renderer) drawUncovered(key baseKey, th *Theme, choro []uint8, cx, cy [2]int) {
	w, h := key.view.Width, key.view.Height
	if cx == [2]int{0, w} && cy == [2]int{0, h} {
		return
	}
	r.prepareBase(key.view, key.k, th, key.layers, choro)
	for _, rc := range []image.Rectangle{
		image.Rect(0, 0, w, cy[0]), image.Rect(0, cy[1], w, h),
		image.Rect(0, cy[0], cx[0], cy[1]), image.Rect(cx[1], cy[0], w, cy[1]),
	} {
		if !rc.Empty() {
			r.drawBaseRect(0, rc)
		}
	}
}

// covered returns the first and end index of idx that have a source
// (nearest's maps are increasing, -1 either side), {0, 0} when none.
func covered(idx []int32) [2]int {
	a, b := 0, len(idx)
	for a < b && idx[a] < 0 {
		a++
	}
	for b > a && idx[b-1] < 0 {
		b--
	}
	if a == b {
		return [2]int{}
	}
	return [2]int{a, b}
}

// scaleLinks follows a zoom with the kept half-resolution link layer: the
// cells of grid g take the values of the kept grid's cells under their
// centres, and the layer is marked shifted (accumulated whole on the
// first frame without Panning). It reports false for a pan (shiftLinks')
// or when the grid's shape or weight per link changed.
func (r *Renderer) scaleLinks(g linkGrid) bool {
	f, c := &r.f, &r.lk
	old := c.grid
	if old.s == g.s || old.lw != g.lw || old.lh != g.lh || old.unit != g.unit || old.mini != g.mini {
		return false
	}
	sw, sh := f.lw+2*linkMargin, f.lh+2*linkMargin
	cols := nearest(r.idx[0][:0], old.s/g.s, g.ox, old.ox, sw, sw)
	rows := nearest(r.idx[1][:0], old.s/g.s, g.oy, old.oy, sh, sh)
	r.idx[0], r.idx[1] = cols, rows
	if len(r.linkTmp) != len(r.linkAcc[0]) {
		r.linkTmp = make([]uint16, len(r.linkAcc[0]))
	}
	st := f.lgw
	src, dst := r.linkAcc[0][st+1:], r.linkTmp[st+1:]
	for j, sj := range rows {
		d := dst[j*st : j*st+sw]
		if sj < 0 {
			continue // linkTmp is empty between frames
		}
		sr := src[int(sj)*st:]
		for i, si := range cols {
			if si >= 0 {
				d[i] = sr[si]
			}
		}
	}
	r.linkAcc[0], r.linkTmp = r.linkTmp, r.linkAcc[0]
	clear(r.linkTmp)
	c.grid = g
	c.grid.shifted = true
	c.shifted = true
	f.linkReuse = true
	return true
}

// nearest appends to idx, for each of n destination cells i, the source
// cell under its centre, (i+0.5-o1)*k + o0 rounded down, or -1 outside
// [0, srcN).
func nearest(idx []int32, k, o1, o0 float64, n, srcN int) []int32 {
	for i := range n {
		s := (float64(i)+0.5-o1)*k + o0
		if s >= 0 && s < float64(srcN) {
			idx = append(idx, int32(s))
		} else {
			idx = append(idx, -1)
		}
	}
	return idx
}
