package render

import (
	"image"
	"math"
)

// victimLayer keeps the victims' marks of a drag's frames apart from the
// map, premultiplied over transparency, so that the next frame of the
// drag shifts it like the base map and draws only the marks of the
// strips uncovered: 24,000 marks cost more than the whole rest of the
// frame. Such frames are interim (Scene.Panning): the layer composited
// may differ from the marks blended one by one in rounding, and by the
// victims the shift moved to another square of the density raster. The
// first frame without Panning blends them one by one again.
type victimLayer struct {
	img    *image.RGBA
	ok     bool // img holds the marks for key and theme
	key    victimKey
	theme  Theme
	use    bool               // this frame composites img
	strips [2]image.Rectangle // this frame's parts of img to draw
}

// plan readies the layer for this frame when it is interim (the base map
// was shifted or scaled) and the sets are those of the kept marks (same):
// the layer is shifted when only the view's offset moved, by whole
// pixels, else drawn whole; not interim, it is forgotten.
func (r *Renderer) planVictimLayer(interim, same bool) {
	f := &r.f
	l := &r.hl.layer
	l.use = false
	if !interim || r.Once {
		l.ok = false
		return
	}
	key := r.hl.key
	if l.img == nil || l.img.Rect.Dx() != f.w || l.img.Rect.Dy() != f.h {
		l.img = image.NewRGBA(image.Rect(0, 0, f.w, f.h))
		l.ok = false
	}
	l.strips = [2]image.Rectangle{l.img.Rect}
	if old := l.key; l.ok && same && *f.th == l.theme {
		old.ox, old.oy = key.ox, key.oy
		if old == key {
			l.shift(key.ox-l.key.ox, key.oy-l.key.oy)
		}
	}
	for _, s := range l.strips {
		for y := s.Min.Y; y < s.Max.Y; y++ {
			clear(l.img.Pix[y*l.img.Stride+4*s.Min.X : y*l.img.Stride+4*s.Max.X])
		}
	}
	l.key, l.theme, l.ok, l.use = key, *f.th, true, true
}

// shift moves the layer's pixels by (fdx, fdy) when whole and less than
// the frame, leaving l.strips the parts uncovered (else the whole).
func (l *victimLayer) shift(fdx, fdy float64) {
	dx, dy := math.Round(fdx), math.Round(fdy)
	b := l.img
	w, h := b.Rect.Dx(), b.Rect.Dy()
	if math.Abs(fdx-dx) > 1e-3 || math.Abs(fdy-dy) > 1e-3 || math.Abs(dx) >= float64(w) || math.Abs(dy) >= float64(h) {
		return
	}
	ix, iy := int(dx), int(dy)
	shiftRGBA(b, ix, iy)
	cx0, cx1 := max(0, ix), min(w, w+ix) // destination columns kept
	// The rows uncovered, then the columns uncovered in the rows kept.
	ry0, ry1 := max(0, iy), min(h, h+iy)
	l.strips = [2]image.Rectangle{
		image.Rect(0, 0, w, ry0).Union(image.Rect(0, ry1, w, h)),
		image.Rect(0, ry0, cx0, ry1).Union(image.Rect(cx1, ry0, w, ry1)),
	}
}

// compositeRows blends rows y0..y1 of the layer over dst.
func (l *victimLayer) compositeRows(dst *image.RGBA, y0, y1 int) {
	b := l.img
	w := 4 * b.Rect.Dx()
	for y := y0; y < y1; y++ {
		src := b.Pix[y*b.Stride : y*b.Stride+w]
		d := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := 0; x < w; x += 4 {
			s := src[x : x+4 : x+4]
			a := uint32(s[3])
			if a == 0 {
				continue
			}
			p := d[x : x+4 : x+4]
			if a == 255 {
				copy(p, s)
				continue
			}
			ia := 255 - a
			// over() may round a channel of a mark one above its alpha.
			p[0] = uint8(min(255, uint32(s[0])+(uint32(p[0])*ia+127)/255))
			p[1] = uint8(min(255, uint32(s[1])+(uint32(p[1])*ia+127)/255))
			p[2] = uint8(min(255, uint32(s[2])+(uint32(p[2])*ia+127)/255))
			p[3] = uint8(a + (uint32(p[3])*ia+127)/255)
		}
	}
}
