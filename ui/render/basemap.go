package render

import (
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
	theme  Theme
	layers Layers // only the base-map layers
	fine   bool
	choro  uint64 // hash of the choropleth classes
}

// uiScale is the size factor for strokes, symbols and text: 1 at 1080
// pixels on the short side, proportionally larger for big exports, never
// below 0.75 so that small windows stay legible.
func uiScale(w, h int) float64 { return max(0.75, float64(min(w, h))/1080) }

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

// drawBase rasterises the base map for v into r.base.
func (r *Renderer) drawBase(v View, th *Theme, layers Layers, choro []uint8) {
	w, h := v.Width, v.Height
	dst := r.base
	k := uiScale(w, h)
	s, ox, oy := v.affine()
	scr := func(x, y float64) (float32, float32) { return float32(x*s + ox), float32(oy - y*s) }

	// Space, then the world's outline filled with the ocean gradient.
	r.outline = worldOutline(v.Projection, r.outline[:0])
	z := &r.stroke.z
	z.Reset(w, h)
	z.DrawOp = 0 // draw.Over
	for i := 0; i < len(r.outline); i += 2 {
		x, y := scr(r.outline[i], r.outline[i+1])
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
	if cap(r.mask.Pix) < w*h {
		r.mask.Pix = make([]uint8, w*h)
	}
	r.mask.Pix = r.mask.Pix[:w*h]
	clear(r.mask.Pix)
	r.mask.Stride, r.mask.Rect = w, image.Rect(0, 0, w, h)
	z.Draw(&r.mask, r.mask.Rect, image.Opaque, image.Point{})
	sp := premul(th.Space)
	_, ym := v.Projection.Extent()
	for y := 0; y < h; y++ {
		t := clamp01((float64(y) - (oy - ym*s)) / (2 * ym * s))
		oc := premul(lerpColor(th.Ocean, th.OceanLow, t))
		row := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		mrow := r.mask.Pix[y*w : y*w+w]
		for x := 0; x < w; x++ {
			m := uint32(mrow[x])
			p := row[4*x : 4*x+4]
			p[0] = uint8((sp.r*(255-m) + oc.r*m) / 255)
			p[1] = uint8((sp.g*(255-m) + oc.g*m) / 255)
			p[2] = uint8((sp.b*(255-m) + oc.b*m) / 255)
			p[3] = 255
		}
	}
	if !layers.Has(LayerBasemap) {
		return
	}

	if layers.Has(LayerGraticule) {
		r.drawGraticule(v, th, k)
	}

	po := r.outlines(useFine(v), v.Projection)
	if po != nil {
		// View rectangle in projected units, to cull countries.
		vx0, vx1 := float32(-ox/s), float32((float64(w)-ox)/s)
		vy0, vy1 := float32((oy-float64(h))/s), float32(oy/s)
		inView := func(c int) bool {
			b := po.bbox[c]
			return b[2] >= vx0 && b[0] <= vx1 && b[3] >= vy0 && b[1] <= vy1
		}
		path := func(z *vector.Rasterizer, c int, dx, dy float32) {
			r0 := int32(0)
			if c > 0 {
				r0 = po.cEnd[c-1]
			}
			for ri := r0; ri < po.cEnd[c]; ri++ {
				p0 := int32(0)
				if ri > 0 {
					p0 = po.ringEnd[ri-1]
				}
				for j := p0; j < po.ringEnd[ri]; j++ {
					x, y := scr(float64(po.xy[2*j]), float64(po.xy[2*j+1]))
					if j == p0 {
						z.MoveTo(x-dx, y-dy)
					} else {
						z.LineTo(x-dx, y-dy)
					}
				}
				z.ClosePath()
			}
		}
		// Land in one pass.
		z.Reset(w, h)
		for c := range po.cEnd {
			if inView(c) {
				path(z, c, 0, 0)
			}
		}
		z.Draw(dst, dst.Rect, image.NewUniform(th.Land), image.Point{})
		// Choropleth: each shaded country in its own bounding box.
		if choro != nil {
			for c := range po.cEnd {
				if c >= len(choro) || choro[c] == 0 || !inView(c) {
					continue
				}
				b := po.bbox[c]
				x0, y0 := scr(float64(b[0]), float64(b[3]))
				x1, y1 := scr(float64(b[2]), float64(b[1]))
				rect := image.Rect(int(x0)-1, int(y0)-1, int(x1)+2, int(y1)+2).Intersect(dst.Rect)
				if rect.Empty() {
					continue
				}
				z.Reset(rect.Dx(), rect.Dy())
				path(z, c, float32(rect.Min.X), float32(rect.Min.Y))
				z.Draw(dst, rect, image.NewUniform(th.Choropleth[choro[c]-1]), image.Point{})
			}
		}
		// Borders.
		lw := 0.75 * k
		if useFine(v) {
			lw = 0.9 * k
		}
		r.stroke.begin(dst.Rect)
		for c := range po.cEnd {
			if !inView(c) {
				continue
			}
			r0 := int32(0)
			if c > 0 {
				r0 = po.cEnd[c-1]
			}
			for ri := r0; ri < po.cEnd[c]; ri++ {
				p0 := int32(0)
				if ri > 0 {
					p0 = po.ringEnd[ri-1]
				}
				for j := p0 + 1; j < po.ringEnd[ri]; j++ {
					ax, ay := scr(float64(po.xy[2*j-2]), float64(po.xy[2*j-1]))
					bx, by := scr(float64(po.xy[2*j]), float64(po.xy[2*j+1]))
					if segVisible(ax, ay, bx, by, w, h) {
						r.stroke.seg(float64(ax), float64(ay), float64(bx), float64(by), lw, 0, 0)
					}
				}
			}
		}
		r.stroke.draw(dst, dst.Rect, th.Border)
	}

	// The world's outline on top.
	r.stroke.begin(dst.Rect)
	n := len(r.outline)
	for i := 0; i < n; i += 2 {
		ax, ay := scr(r.outline[i], r.outline[i+1])
		bx, by := scr(r.outline[(i+2)%n], r.outline[(i+3)%n])
		if segVisible(ax, ay, bx, by, w, h) {
			r.stroke.seg(float64(ax), float64(ay), float64(bx), float64(by), 1.2*k, 0, 0)
		}
	}
	r.stroke.draw(dst, dst.Rect, th.Outline)
}

// segVisible reports whether a segment's bounding box meets the frame
// (with a margin for stroke width).
func segVisible(ax, ay, bx, by float32, w, h int) bool {
	const m = 4
	return max(ax, bx) >= -m && min(ax, bx) <= float32(w+m) && max(ay, by) >= -m && min(ay, by) <= float32(h+m)
}

// drawGraticule strokes meridians and parallels at a step that suits the
// zoom (30° for the world, finer when zoomed in).
func (r *Renderer) drawGraticule(v View, th *Theme, k float64) {
	span := float64(v.Width) / v.Scale() / deg
	step := 30.0
	for _, st := range [...]float64{15, 10, 5, 2, 1} {
		if span/st > 14 {
			break
		}
		step = st
	}
	s, ox, oy := v.affine()
	r.stroke.begin(r.base.Rect)
	line := func(lon0, lat0, lon1, lat1 float64) {
		const n = 90
		px, py := 0.0, 0.0
		for i := 0; i <= n; i++ {
			t := float64(i) / n
			x, y := v.Projection.Forward(lon0+t*(lon1-lon0), lat0+t*(lat1-lat0))
			x, y = x*s+ox, oy-y*s
			if i > 0 && segVisible(float32(px), float32(py), float32(x), float32(y), v.Width, v.Height) {
				r.stroke.seg(px, py, x, y, 0.8*k, 0, 0)
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
	r.stroke.draw(r.base, r.base.Rect, th.Graticule)
}

func lerpColor(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x) + t*(float64(y)-float64(x)) + 0.5) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}
