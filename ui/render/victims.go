package render

import "image"

// victimMark is a highlighted host to draw: its pixel and index.
type victimMark struct{ x, y, i int32 }

// victimBand is the rows a part draws the victims of at a time.
const victimBand = 64

// drawVictimMarks draws r.victims into dst, each a host disc ringed in the
// selection colour, in bands of rows spread over the cores: every part
// clips the marks to its band, in list order, so the picture is the one a
// single pass draws. 233,728 victims cost 12,000 marks over both cores.
func (r *Renderer) drawVictimMarks(dst *image.RGBA) {
	if len(r.victims) == 0 {
		return
	}
	r.victimMarker() // make the stamps and colours before the parts share them
	r.typeColors()
	r.victimDst = dst
	r.pool.run(r.fnVictims)
	r.victimDst = nil
}

// victimMarker returns how a victim is marked: a lone host's disc (radius
// rad at marker scale km, as drawn outside the highlight) in a ring just
// outside it, and how many pixels from its own the mark reaches.
func (r *Renderer) victimMarker() (rad, km float64, ring *ringStamp, reach int) {
	f := &r.f
	k := f.k
	kd := markerScale(f.k/f.mini, f.zoom) // in output pixels
	km, rad = kd*f.mini, singleRadius(kd)*f.mini
	ring = r.rings.ringFor(rad+2*k, max(1.5*f.mini, 1.3*k))
	return rad, km, ring, max(ring.m+2, r.stampFor(rad, 0.9*km).r, r.hollowFor(rad, km).r)
}

// drawVictimsPart draws the victims' marks into bands of rows taken in
// turn.
func (r *Renderer) drawVictimsPart(int) {
	f := &r.f
	dst := r.victimDst
	ds := f.ds
	rad, km, ring, reach := r.victimMarker()
	edge := premul(f.th.HostEdge)
	m := int32(reach)
	cols := &r.typeCols
	for c := r.pool.next(); c*victimBand < f.h; c = r.pool.next() {
		y0, y1 := c*victimBand, min(f.h, (c+1)*victimBand)
		band := &image.RGBA{Pix: dst.Pix[y0*dst.Stride : y1*dst.Stride], Stride: dst.Stride, Rect: image.Rect(0, 0, f.w, y1-y0)}
		for _, v := range r.victims {
			if v.y+m < int32(y0) || v.y-m >= int32(y1) {
				continue
			}
			x, y := int(v.x), int(v.y)-y0
			r.drawHost(band, x, y, rad, km, cols.of(int(ds.Hosts.Type[v.i])), edge, hollowHost(ds, int(v.i)))
			ring.draw(band, x, y, f.th.Selected)
		}
	}
}
