package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"
)

// Outlines is a base map: country polygons (lon/lat) with their ISO 3166-1
// alpha-2 codes at the same index. Polygons crossing ±180° must already be
// cut there, as data/basemap's decoder does (points on the cut take the
// side of their ring, and a ring around a pole closes along the pole line).
type Outlines struct {
	Alpha2   []string
	Geometry []orb.MultiPolygon
}

// projOutlines is an Outlines projected once per projection.
type projOutlines struct {
	src     *Outlines
	proj    Projection
	xy      []float32    // x, y pairs in projected units
	ringEnd []int32      // end (in points) of each ring
	cEnd    []int32      // end (in rings) of each country
	bbox    [][4]float32 // per country: minx, miny, maxx, maxy
}

// rings returns the range of ring indices of country c.
func (po *projOutlines) rings(c int) (int32, int32) {
	if c == 0 {
		return 0, po.cEnd[0]
	}
	return po.cEnd[c-1], po.cEnd[c]
}

// points returns the range of point indices of ring ri.
func (po *projOutlines) points(ri int32) (int32, int32) {
	if ri == 0 {
		return 0, po.ringEnd[0]
	}
	return po.ringEnd[ri-1], po.ringEnd[ri]
}

// maxEdgeDeg is the longest polygon edge projected as a straight line;
// longer edges are densified so that meridians curve in Equal Earth.
const maxEdgeDeg = 1.0

func projectOutlines(o *Outlines, p Projection) *projOutlines {
	po := &projOutlines{src: o, proj: p}
	for _, mp := range o.Geometry {
		b := [4]float32{float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Inf(-1))}
		for _, poly := range mp {
			for _, ring := range poly {
				prev := orb.Point{}
				for j, pt := range ring {
					if j > 0 && p != Equirectangular {
						q := prev
						d := max(math.Abs(pt[0]-q[0]), math.Abs(pt[1]-q[1]))
						if n := int(d / maxEdgeDeg); n > 0 {
							for k := 1; k <= n; k++ {
								t := float64(k) / float64(n+1)
								x, y := p.Forward(q[0]+t*(pt[0]-q[0]), q[1]+t*(pt[1]-q[1]))
								po.xy = append(po.xy, float32(x), float32(y))
							}
						}
					}
					prev = pt
					x, y := p.Forward(pt[0], pt[1])
					po.xy = append(po.xy, float32(x), float32(y))
					b[0], b[1] = min(b[0], float32(x)), min(b[1], float32(y))
					b[2], b[3] = max(b[2], float32(x)), max(b[3], float32(y))
				}
				po.ringEnd = append(po.ringEnd, int32(len(po.xy)/2))
			}
		}
		po.cEnd = append(po.cEnd, int32(len(po.ringEnd)))
		po.bbox = append(po.bbox, b)
	}
	return po
}

// baseKey identifies a rasterised base map.
type baseKey struct {
	view   View
	k      float64 // the size factor of strokes (frameScale)
	theme  Theme
	layers Layers // only the base-map layers
	fine   bool
	choro  uint64 // hash of the choropleth classes
}

// uiScale is the size factor for strokes, symbols and text: 1 at 1080
// pixels on the short side, proportionally larger for big exports, never
// below 0.75 so that small windows stay legible.
func uiScale(w, h int) float64 { return max(0.75, float64(min(w, h))/1080) }

// maxOutputSide bounds the side of the output a miniature stands for
// (four times the largest export's): a frame of another shape than its
// output would stand for one of millions of pixels a side.
const maxOutputSide = 65536

// frameScale returns the size factor k of a w x h frame in its own pixels
// and mini, its pixels per pixel of the output it stands for: for a frame
// that is the output (out zero), uiScale and 1; for a miniature of an
// out-sized output, the output's uiScale times mini, the ratio of the
// short sides, so that a 480x270 preview of a 3840x2160 export draws
// everything at an eighth of the export's sizes. An output no larger
// than the frame is the frame (a miniature is smaller than what it
// stands for); the output should have the frame's shape.
func frameScale(w, h int, out image.Point) (k, mini float64) {
	if out.X <= 0 || out.Y <= 0 || w <= 0 || h <= 0 || out == image.Pt(w, h) {
		return uiScale(w, h), 1
	}
	mini = float64(min(w, h)) / float64(min(out.X, out.Y))
	if mini >= 1 || float64(max(w, h))/mini > maxOutputSide {
		return uiScale(w, h), 1 // not a miniature of out: larger, or of another shape
	}
	return uiScale(out.X, out.Y) * mini, mini
}

// useFine reports whether the view is zoomed in enough for the 1:50m outlines
// (it spans less than about 60° of longitude).
func useFine(v View) bool {
	return float64(v.Width)/v.Scale() < 60*deg
}

// worldOutline appends the projected outline of the whole world.
func worldOutline(p Projection, xy []float64) []float64 {
	xm, ym := p.Extent()
	if p != EqualEarth {
		return append(xy, -xm, ym, xm, ym, xm, -ym, -xm, -ym)
	}
	for lat := 90.0; lat >= -90; lat -= 2 {
		x, y := p.Forward(180, lat)
		xy = append(xy, x, y)
	}
	for lat := -90.0; lat <= 90; lat += 2 {
		x, y := p.Forward(-180, lat)
		xy = append(xy, x, y)
	}
	return xy
}

// baseJob is what the parts of a base-map raster share (read-only).
type baseJob struct {
	v      View
	k      float64 // stroke size factor
	th     *Theme
	layers Layers
	choro  []uint8
	po     *projOutlines
}

// drawBase rasterises the base map for v into r.base in horizontal bands,
// shared out between the parts (every core): each band runs every layer
// through a rasterizer sized to the band, so that its coverage buffer
// stays in cache and a path edge outside the band costs next to nothing.
func (r *Renderer) drawBase(v View, k float64, th *Theme, layers Layers, choro []uint8) {
	r.prepareBase(v, k, th, layers, choro)
	r.pool.run(r.fnBase)
}

// prepareBase sets up what drawBaseRect reads for v, with strokes at
// size factor k.
func (r *Renderer) prepareBase(v View, k float64, th *Theme, layers Layers, choro []uint8) {
	w, h := v.Width, v.Height
	r.outline = worldOutline(v.Projection, r.outline[:0])
	if cap(r.mask.Pix) < w*h {
		r.mask.Pix = make([]uint8, w*h)
	}
	r.mask.Pix = r.mask.Pix[:w*h]
	r.mask.Stride, r.mask.Rect = w, image.Rect(0, 0, w, h)
	var po *projOutlines
	if layers.Has(LayerBasemap) {
		po = r.outlines(useFine(v), v.Projection)
	}
	for len(r.strokes) < r.parts {
		r.strokes = append(r.strokes, stroker{})
	}
	r.bj = baseJob{v: v, k: k, th: th, layers: layers, choro: choro, po: po}
}

// shiftBase updates r.base from r.baseKey's view to key's by moving its
// pixels and rasterising the strips uncovered, when the two views differ
// only in their centre and by whole pixels (a pan); otherwise it reports
// false and does nothing.
func (r *Renderer) shiftBase(key baseKey, th *Theme, choro []uint8) bool {
	old, v := r.baseKey, key.view
	old.view.Center = v.Center
	if old != key {
		return false
	}
	_, ox0, oy0 := r.baseKey.view.affine()
	_, ox1, oy1 := v.affine()
	fdx, fdy := ox1-ox0, oy1-oy0
	dx, dy := math.Round(fdx), math.Round(fdy)
	w, h := v.Width, v.Height
	if math.Abs(fdx-dx) > 1e-3 || math.Abs(fdy-dy) > 1e-3 || math.Abs(dx) >= float64(w) || math.Abs(dy) >= float64(h) {
		return false
	}
	// The strips are drawn on one core, a whole base map on r.parts: past
	// a 1/r.parts share of the frame uncovered, redrawing all is sooner.
	ix, iy := int(dx), int(dy)
	if kept := (w - abs(ix)) * (h - abs(iy)); float64(w*h-kept) > float64(w*h)/float64(max(2, r.parts)) {
		return false
	}
	if ix == 0 && iy == 0 {
		return true
	}
	shiftRGBA(r.base, ix, iy)
	cx0, cx1 := max(0, ix), min(w, w+ix) // destination columns kept
	// Rasterise what was uncovered: whole rows, then the side strip.
	r.prepareBase(v, key.k, th, key.layers, choro)
	ry0, ry1 := max(0, iy), min(h, h+iy) // rows kept
	if ry0 > 0 {
		r.drawBaseRect(0, image.Rect(0, 0, w, ry0))
	}
	if ry1 < h {
		r.drawBaseRect(0, image.Rect(0, ry1, w, h))
	}
	if cx0 > 0 {
		r.drawBaseRect(0, image.Rect(0, ry0, cx0, ry1))
	}
	if cx1 < w {
		r.drawBaseRect(0, image.Rect(cx1, ry0, w, ry1))
	}
	return true
}

// drawBasePart rasterises bands with part k's rasterizer, taking them in
// turn with the other parts. The frame is cut into baseBands bands
// whatever the number of cores: a band edge rounds the rasterizer's
// coordinates differently, so band edges that moved with the core count
// would make the same map differ by a few pixels from one machine to the
// next.
func (r *Renderer) drawBasePart(k int) {
	w, h := r.bj.v.Width, r.bj.v.Height
	rows := max(64, (h+baseBands-1)/baseBands)
	for c := r.pool.next(); c*rows < h; c = r.pool.next() {
		r.drawBaseRect(k, image.Rect(0, c*rows, w, min(h, (c+1)*rows)))
	}
}

// baseBands is the number of bands of a base-map raster: two per core on
// the two-core machines it was measured on, where that was best at 1080
// rows (smaller bands keep the coverage buffer in cache, but each band
// walks every path again).
const baseBands = 4

// drawBaseRect rasterises the pixels of band (whole rows, or the strip a
// pan uncovered) with part k's rasterizer: space and ocean, then, with the
// base-map layer, graticule, land, choropleth and borders, and the world's
// outline on top.
func (r *Renderer) drawBaseRect(k int, band image.Rectangle) {
	j := &r.bj
	b := r.newBaseBand(k, band)
	r.drawOcean(&b)
	if !j.layers.Has(LayerBasemap) {
		return
	}
	if j.layers.Has(LayerGraticule) {
		r.drawGraticule(b.st, band, j.v, j.th, b.ks)
	}
	if b.po != nil {
		r.drawLand(&b)
		if j.choro != nil {
			r.drawChoropleth(&b)
		}
		r.drawBorders(&b)
	}
	r.drawWorldOutline(&b)
}

// baseBand is one band of a base-map raster: its rectangle, the
// rasterizer drawing it, and the view's transform to band pixels.
type baseBand struct {
	band      image.Rectangle
	bw, bh    int
	st        *stroker
	po        *projOutlines // nil without the base-map layer
	s, ox, oy float64       // the view's affine transform
	fx0, fy0  float32       // the band's origin
	ks        float64       // the frame's size factor (frameScale)
	// The band in projected units, to cull countries.
	vx0, vy0, vx1, vy1 float32
}

func (r *Renderer) newBaseBand(k int, band image.Rectangle) baseBand {
	j := &r.bj
	s, ox, oy := j.v.affine()
	x0, y0, x1, y1 := band.Min.X, band.Min.Y, band.Max.X, band.Max.Y
	return baseBand{band: band, bw: band.Dx(), bh: band.Dy(), st: &r.strokes[k], po: j.po,
		s: s, ox: ox, oy: oy, fx0: float32(x0), fy0: float32(y0), ks: j.k,
		vx0: float32((float64(x0) - ox) / s), vx1: float32((float64(x1) - ox) / s),
		vy0: float32((oy - float64(y1)) / s), vy1: float32((oy - float64(y0)) / s)}
}

// scr maps projected units to band pixels.
func (b *baseBand) scr(x, y float64) (float32, float32) {
	return float32(x*b.s+b.ox) - b.fx0, float32(b.oy-y*b.s) - b.fy0
}

// visible reports whether a segment (band pixels) meets the band.
func (b *baseBand) visible(ax, ay, bx, by float32) bool {
	return segVisible(ax, ay, bx, by, b.bw, b.bh)
}

// inView reports whether country c's bounding box meets the band.
func (b *baseBand) inView(c int) bool {
	x := b.po.bbox[c]
	return x[2] >= b.vx0 && x[0] <= b.vx1 && x[3] >= b.vy0 && x[1] <= b.vy1
}

// path adds country c's rings to z, offset by (-dx, -dy) band pixels.
func (b *baseBand) path(z *vector.Rasterizer, c int, dx, dy float32) {
	po := b.po
	r0, r1 := po.rings(c)
	for ri := r0; ri < r1; ri++ {
		p0, p1 := po.points(ri)
		for j := p0; j < p1; j++ {
			x, y := b.scr(float64(po.xy[2*j]), float64(po.xy[2*j+1]))
			if j == p0 {
				z.MoveTo(x-dx, y-dy)
			} else {
				z.LineTo(x-dx, y-dy)
			}
		}
		z.ClosePath()
	}
}

// drawOcean fills the band with space, and the inside of the world's
// outline with the ocean's top-to-bottom gradient, through a coverage
// mask of the outline.
func (r *Renderer) drawOcean(b *baseBand) {
	j := &r.bj
	w := j.v.Width
	x0, y0, x1, y1 := b.band.Min.X, b.band.Min.Y, b.band.Max.X, b.band.Max.Y
	z := &b.st.z
	z.Reset(b.bw, b.bh)
	z.DrawOp = 0 // draw.Over
	for i := 0; i < len(r.outline); i += 2 {
		x, y := b.scr(r.outline[i], r.outline[i+1])
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
	for y := y0; y < y1; y++ {
		clear(r.mask.Pix[y*w+x0 : y*w+x1])
	}
	z.Draw(&r.mask, b.band, image.Opaque, image.Point{})
	sp := premul(j.th.Space)
	_, ym := j.v.Projection.Extent()
	for y := y0; y < y1; y++ {
		t := clamp01((float64(y) - (b.oy - ym*b.s)) / (2 * ym * b.s))
		oc := premul(lerpColor(j.th.Ocean, j.th.OceanLow, t))
		fillOceanRow(r.base, y, x0, r.mask.Pix[y*w+x0:y*w+x1], sp, oc)
	}
}

// fillOceanRow writes row y of dst from x0 on: space where mask is 0,
// ocean where it is 255, and their mix along the outline.
func fillOceanRow(dst *image.RGBA, y, x0 int, mask []uint8, sp, oc pm) {
	spx := sp.r | sp.g<<8 | sp.b<<16 | 255<<24
	ocx := oc.r | oc.g<<8 | oc.b<<16 | 255<<24
	row := dst.Pix[y*dst.Stride+4*x0 : y*dst.Stride+4*(x0+len(mask))]
	for x, m := range mask {
		c := spx
		switch m {
		case 0:
		case 255:
			c = ocx
		default:
			m := uint32(m)
			c = (sp.r*(255-m)+oc.r*m)/255 | (sp.g*(255-m)+oc.g*m)/255<<8 | (sp.b*(255-m)+oc.b*m)/255<<16 | 255<<24
		}
		binary.LittleEndian.PutUint32(row[4*x:4*x+4], c)
	}
}

// drawLand fills every country in view with the land colour, in one pass.
func (r *Renderer) drawLand(b *baseBand) {
	z := &b.st.z
	z.Reset(b.bw, b.bh)
	for c := range b.po.cEnd {
		if b.inView(c) {
			b.path(z, c, 0, 0)
		}
	}
	b.st.draw(r.base, b.band, r.bj.th.Land)
}

// drawChoropleth shades each country with hosts by its class, each in its
// own bounding box.
func (r *Renderer) drawChoropleth(b *baseBand) {
	choro, po, z := r.bj.choro, b.po, &b.st.z
	x0, y0 := b.band.Min.X, b.band.Min.Y
	for c := range po.cEnd {
		if c >= len(choro) || choro[c] == 0 || !b.inView(c) {
			continue
		}
		bb := po.bbox[c]
		bx0, by0 := b.scr(float64(bb[0]), float64(bb[3]))
		bx1, by1 := b.scr(float64(bb[2]), float64(bb[1]))
		rect := image.Rect(int(bx0)-1+x0, int(by0)-1+y0, int(bx1)+2+x0, int(by1)+2+y0).Intersect(b.band)
		if rect.Empty() {
			continue
		}
		z.Reset(rect.Dx(), rect.Dy())
		b.path(z, c, float32(rect.Min.X-x0), float32(rect.Min.Y-y0))
		b.st.draw(r.base, rect, r.bj.th.Choropleth[choro[c]-1])
	}
}

// drawBorders strokes the countries' borders (a little wider at the
// 1:50m scale).
func (r *Renderer) drawBorders(b *baseBand) {
	po, st := b.po, b.st
	lw := 0.75 * b.ks
	if useFine(r.bj.v) {
		lw = 0.9 * b.ks
	}
	st.begin(b.band)
	for c := range po.cEnd {
		if !b.inView(c) {
			continue
		}
		r0, r1 := po.rings(c)
		for ri := r0; ri < r1; ri++ {
			p0, p1 := po.points(ri)
			for j := p0 + 1; j < p1; j++ {
				ax, ay := b.scr(float64(po.xy[2*j-2]), float64(po.xy[2*j-1]))
				bx, by := b.scr(float64(po.xy[2*j]), float64(po.xy[2*j+1]))
				if b.visible(ax, ay, bx, by) {
					st.seg(float64(ax), float64(ay), float64(bx), float64(by), lw, 0, 0)
				}
			}
		}
	}
	st.draw(r.base, b.band, r.bj.th.Border)
}

// drawWorldOutline strokes the edge of the world, on top of everything.
func (r *Renderer) drawWorldOutline(b *baseBand) {
	st := b.st
	st.begin(b.band)
	n := len(r.outline)
	for i := 0; i < n; i += 2 {
		ax, ay := b.scr(r.outline[i], r.outline[i+1])
		bx, by := b.scr(r.outline[(i+2)%n], r.outline[(i+3)%n])
		if b.visible(ax, ay, bx, by) {
			st.seg(float64(ax), float64(ay), float64(bx), float64(by), 1.2*b.ks, 0, 0)
		}
	}
	st.draw(r.base, b.band, r.bj.th.Outline)
}

// segVisible reports whether a segment's bounding box meets the frame
// (with a margin for stroke width).
func segVisible(ax, ay, bx, by float32, w, h int) bool {
	const m = 4
	return max(ax, bx) >= -m && min(ax, bx) <= float32(w+m) && max(ay, by) >= -m && min(ay, by) <= float32(h+m)
}

// drawGraticule strokes meridians and parallels at a step that suits the
// zoom (30° for the world, finer when zoomed in) into the band of r.base,
// with st.
func (r *Renderer) drawGraticule(st *stroker, band image.Rectangle, v View, th *Theme, k float64) {
	span := float64(v.Width) / v.Scale() / deg
	step := 30.0
	for _, sv := range [...]float64{15, 10, 5, 2, 1} {
		if span/sv > 14 {
			break
		}
		step = sv
	}
	s, ox, oy := v.affine()
	ox -= float64(band.Min.X)
	oy -= float64(band.Min.Y)
	st.begin(band)
	line := func(lon0, lat0, lon1, lat1 float64) {
		const n = 90
		px, py := 0.0, 0.0
		for i := 0; i <= n; i++ {
			t := float64(i) / n
			x, y := v.Projection.Forward(lon0+t*(lon1-lon0), lat0+t*(lat1-lat0))
			x, y = x*s+ox, oy-y*s
			if i > 0 && segVisible(float32(px), float32(py), float32(x), float32(y), band.Dx(), band.Dy()) {
				st.seg(px, py, x, y, 0.8*k, 0, 0)
			}
			px, py = x, y
		}
	}
	latMax := 90.0
	if v.Projection == Mercator {
		latMax = MaxMercatorLat
	}
	for lon := -180 + step; lon < 180; lon += step {
		line(lon, -latMax, lon, latMax)
	}
	for lat := -90 + step; lat < 90; lat += step {
		if math.Abs(lat) <= latMax {
			line(-180, lat, 180, lat)
		}
	}
	st.draw(r.base, band, th.Graticule)
}

func lerpColor(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x) + t*(float64(y)-float64(x)) + 0.5) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}
