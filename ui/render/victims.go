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
func (r *Renderer) drawVictimMarks(dst *image.RGBA, k float64) {
	if len(r.victims) == 0 {
		return
	}
	// Make the stamps before the parts share them.
	rad := hostRadius(1, k)
	r.stampFor(rad, 0.9*k)
	r.hollowFor(rad, k)
	r.rings.ringFor(4.5*k, 1.3*k)
	r.victimDst = dst
	r.pool.run(r.fnVictims)
	r.victimDst = nil
}

// drawVictimsPart draws the victims' marks into bands of rows taken in
// turn.
func (r *Renderer) drawVictimsPart(int) {
	f := &r.f
	dst := r.victimDst
	ds := f.ds
	k := uiScale(f.w, f.h)
	rad := hostRadius(1, k)
	edge := premul(f.th.HostEdge)
	ring := r.rings.ringFor(4.5*k, 1.3*k)
	m := int32(max(ring.m+2, r.stampFor(rad, 0.9*k).r, r.hollowFor(rad, k).r)) // reach of a mark
	var cols [64]pm
	var have [64]bool
	for c := r.pool.next(); c*victimBand < f.h; c = r.pool.next() {
		y0, y1 := c*victimBand, min(f.h, (c+1)*victimBand)
		band := &image.RGBA{Pix: dst.Pix[y0*dst.Stride : y1*dst.Stride], Stride: dst.Stride, Rect: image.Rect(0, 0, f.w, y1-y0)}
		for _, v := range r.victims {
			if v.y+m < int32(y0) || v.y-m >= int32(y1) {
				continue
			}
			t := int(ds.Hosts.Type[v.i])
			var col pm
			if t < len(cols) {
				if !have[t] {
					cols[t], have[t] = premul(f.th.TypeColor(ds.Types[t])), true
				}
				col = cols[t]
			} else {
				col = premul(f.th.TypeColor(ds.Types[t]))
			}
			x, y := int(v.x), int(v.y)-y0
			r.drawHost(band, x, y, rad, k, col, edge, hollowHost(ds, int(v.i)))
			ring.draw(band, x, y, f.th.Selected)
		}
	}
}
