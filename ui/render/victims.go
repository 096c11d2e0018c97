package render

import (
	"image"
	"image/color"

	"threatmap/data/threat"
)

// victimMark is a highlighted host to draw: its pixel and index.
type victimMark struct{ x, y, i int32 }

// victimBand is the rows a part draws the highlight of at a time.
const victimBand = 64

// highlight is drawHighlight's state: this frame's dimming table and
// links to composite, and what the kept victims' marks (Renderer.victims)
// were collected for.
type highlight struct {
	dim   dimLUT
	cover [2]linkCover // reported, reconstructed links
	spare []uint16     // the reconstructed links' grid (traceHighlightLinks)
	dst   *image.RGBA
	layer victimLayer
	// This frame's marks as pixel lists, for dst and for the layer.
	disc, hollow, ring [2]markShape

	valid     bool // Renderer.victims were collected for key, high and vis
	key       victimKey
	high, vis []uint64 // the sets' words
	visAll    bool     // vis was nil: all hosts
}

// linkCover is a grid of traced links to blend in colour c over box.
type linkCover struct {
	box image.Rectangle
	c   color.NRGBA
	on  bool
}

// victimKey is what the victims' marks depend on besides the sets: the
// dataset and its projection, the frame and the view's transform, the
// marker sizes and whether hosts are a density raster.
type victimKey struct {
	ds                       *threat.Dataset
	proj                     Projection
	w, h                     int
	s, ox, oy, k, mini, zoom float64
	density                  bool
}

// drawHighlightBands dims dst, composites the traced links and draws
// r.victims, each a host disc ringed in the selection colour, in bands of
// rows spread over the cores: every part does all three to its band,
// clipping the marks to it, in list order, so the picture is the one a
// single pass over the frame draws. 233,728 victims cost 12,000 marks.
func (r *Renderer) drawHighlightBands(dst *image.RGBA) {
	h := &r.hl
	rad, km, ring, _ := r.victimMarker() // make the stamps and colours before the parts share them
	r.typeColors()
	for k, d := range [2]*image.RGBA{dst, h.layer.img} {
		if k == 1 && !h.layer.use {
			break
		}
		h.disc[k].fromStamp(r.stampFor(rad, 0.9*km), d.Stride)
		h.hollow[k].fromStamp(r.hollowFor(rad, km), d.Stride)
		h.ring[k].fromRing(ring, d.Stride)
	}
	h.dst = dst
	r.pool.run(r.fnVictims)
	h.dst = nil
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

// drawVictimsPart draws the highlight into bands of rows taken in turn.
func (r *Renderer) drawVictimsPart(int) {
	f := &r.f
	h := &r.hl
	dst := h.dst
	for c := r.pool.next(); c*victimBand < f.h; c = r.pool.next() {
		y0, y1 := c*victimBand, min(f.h, (c+1)*victimBand)
		h.dim.rows(dst, y0, y1)
		rows := image.Rect(0, y0, f.w, y1)
		for k, c := range h.cover {
			if !c.on {
				continue
			}
			acc := r.hostAcc[0]
			if k == 1 {
				acc = h.spare
			}
			coverOver(dst, acc, f.gw, c.box.Intersect(rows), c.c)
		}
		if !h.layer.use {
			r.drawVictimRect(dst, rows, 0)
			continue
		}
		for _, s := range h.layer.strips {
			r.drawVictimRect(h.layer.img, s.Intersect(rows), 1)
		}
		h.layer.compositeRows(dst, y0, y1)
	}
}

// drawVictimRect draws the marks of r.victims that reach rectangle rc of
// dst, clipped to it; shapes k of r.hl are for dst's stride.
func (r *Renderer) drawVictimRect(dst *image.RGBA, rc image.Rectangle, k int) {
	if len(r.victims) == 0 || rc.Empty() {
		return
	}
	f := &r.f
	ds := f.ds
	rad, km, ring, reach := r.victimMarker()
	h := &r.hl
	edge, sel := premul(f.th.HostEdge), premul(f.th.Selected)
	m := int32(reach)
	cols := &r.typeCols
	x0, y0, x1, y1 := int32(rc.Min.X), int32(rc.Min.Y), int32(rc.Max.X), int32(rc.Max.Y)
	st := dst.Stride
	clip := &image.RGBA{Pix: dst.Pix[rc.Min.Y*st+4*rc.Min.X : (rc.Max.Y-1)*st+4*rc.Max.X], Stride: st, Rect: image.Rect(0, 0, rc.Dx(), rc.Dy())}
	for _, v := range r.victims {
		if v.y+m < y0 || v.y-m >= y1 || v.x+m < x0 || v.x-m >= x1 {
			continue
		}
		x, y := int(v.x-x0), int(v.y-y0)
		col, hollow := cols.of(int(ds.Hosts.Type[v.i])), hollowHost(ds, int(v.i))
		disc := &h.disc[k]
		if hollow {
			disc = &h.hollow[k]
		}
		if disc.inside(clip, x, y) && h.ring[k].inside(clip, x, y) {
			disc.blendDisc(clip, x, y, col, edge)
			h.ring[k].blendRing(clip, x, y, sel)
			continue
		}
		r.drawHost(clip, x, y, rad, km, col, edge, hollow)
		ring.draw(clip, x, y, f.th.Selected)
	}
}
