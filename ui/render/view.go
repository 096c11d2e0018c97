package render

import (
	"math"

	"github.com/paulmach/orb"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// View is a viewport over a projection: the lon/lat at the centre of the
// frame, a zoom factor (1 = the whole world fits the frame) and the frame
// size in pixels. The same View drives the window and an export; a View is a
// plain value, cheap to copy and compare.
type View struct {
	Projection    Projection
	Center        orb.Point // lon, lat in degrees; lon may leave ±180 when panned past the edge
	Zoom          float64   // >= MinZoom; 1 = whole world
	Width, Height int       // pixels
}

// MinZoom and MaxZoom bound View.Zoom (MaxZoom is about street-block scale,
// far beyond what the 1:50m base map resolves).
const (
	MinZoom = 0.5
	MaxZoom = 4096
)

// World returns the view of the whole world in projection p, w x h pixels:
// what the window's "World" button shows. The world is centred at zoom 1,
// except in Mercator, whose square world would leave a landscape frame
// with empty sides: there the zoom fills the frame's width (about ±71° of
// latitude at 16:9), though never beyond ±60° on very wide frames.
func World(p Projection, w, h int) View {
	v := View{Projection: p, Zoom: 1, Width: w, Height: h}
	if p == Mercator && w > h && h > 0 {
		// Zoom 1 is limited by the height (the world is 2π x 2π), so the
		// width is filled at w/h; ±60° spans 2*1.3170 of 2π in y.
		const maxFill = math.Pi / 1.3169578969248166
		v.Zoom = min(float64(w)/float64(h), maxFill)
	}
	return v
}

// Scale returns pixels per projected unit.
func (v View) Scale() float64 {
	xm, ym := v.Projection.Extent()
	z := v.Zoom
	if z <= 0 {
		z = 1
	}
	return z * min(float64(v.Width)/(2*xm), float64(v.Height)/(2*ym))
}

// affine returns the transform from projected units to pixels:
// sx = x*s + ox, sy = oy - y*s.
func (v View) affine() (s, ox, oy float64) {
	s = v.Scale()
	cx, cy := v.Projection.Forward(v.Center[0], v.Center[1])
	return s, float64(v.Width)/2 - cx*s, float64(v.Height)/2 + cy*s
}

// ToScreen returns the pixel position of lon/lat (pixel centres are at .5).
func (v View) ToScreen(lon, lat float64) (x, y float64) {
	s, ox, oy := v.affine()
	px, py := v.Projection.Forward(lon, lat)
	return px*s + ox, oy - py*s
}

// ToLonLat returns the lon/lat under pixel position x, y. ok is false when
// the point is off the world (beyond the projection's outline).
func (v View) ToLonLat(x, y float64) (lon, lat float64, ok bool) {
	s, ox, oy := v.affine()
	px, py := (x-ox)/s, (oy-y)/s
	lon, lat = v.Projection.Inverse(px, py)
	_, ymax := v.Projection.Extent()
	ok = lon >= -180 && lon <= 180 && math.Abs(py) <= ymax
	return lon, lat, ok
}

// Pan returns v moved by dx, dy pixels (dragging the map right by dx shows
// what was left of it: pass the drag delta negated, or use it as is to move
// the centre). Positive dx moves the centre east, positive dy south.
func (v View) Pan(dx, dy float64) View {
	s, ox, oy := v.affine()
	cx := (float64(v.Width)/2 + dx - ox) / s
	cy := (oy - float64(v.Height)/2 - dy) / s
	v.Center = v.centerFrom(cx, cy)
	return v
}

// ZoomAt returns v zoomed by factor f keeping the lon/lat under pixel x, y
// fixed (wheel zoom about the cursor). Zoom is clamped to [MinZoom, MaxZoom].
func (v View) ZoomAt(x, y, f float64) View {
	s, ox, oy := v.affine()
	px, py := (x-ox)/s, (oy-y)/s
	v.Zoom = max(MinZoom, min(MaxZoom, v.Zoom*f))
	s2 := v.Scale()
	cx := px - (x-float64(v.Width)/2)/s2
	cy := py + (y-float64(v.Height)/2)/s2
	v.Center = v.centerFrom(cx, cy)
	return v
}

func (v View) centerFrom(cx, cy float64) orb.Point {
	_, ymax := v.Projection.Extent()
	cy = max(-ymax, min(ymax, cy))
	lon, lat := v.Projection.Inverse(cx, cy)
	return orb.Point{lon, lat}
}

// FitBounds returns the view of projection p, w x h pixels, that frames the
// lon/lat box b as tightly as possible (centred, aspect kept). An empty or
// degenerate box is padded to at least 2 degrees; a box wider than the world
// gives the world view (in Mercator the whole square world, at zoom 1).
func FitBounds(p Projection, b orb.Bound, w, h int) View {
	if b.Max[0]-b.Min[0] < 2 {
		c := (b.Min[0] + b.Max[0]) / 2
		b.Min[0], b.Max[0] = c-1, c+1
	}
	if b.Max[1]-b.Min[1] < 2 {
		c := (b.Min[1] + b.Max[1]) / 2
		b.Min[1], b.Max[1] = c-1, c+1
	}
	// Sample the box outline: in Equal Earth meridians curve.
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	const n = 16
	for i := 0; i <= n; i++ {
		t := float64(i) / n
		lon := b.Min[0] + t*(b.Max[0]-b.Min[0])
		lat := b.Min[1] + t*(b.Max[1]-b.Min[1])
		for _, q := range [4][2]float64{{lon, b.Min[1]}, {lon, b.Max[1]}, {b.Min[0], lat}, {b.Max[0], lat}} {
			x, y := p.Forward(q[0], q[1])
			x0, x1 = min(x0, x), max(x1, x)
			y0, y1 = min(y0, y), max(y1, y)
		}
	}
	xm, ym := p.Extent()
	s1 := min(float64(w)/(2*xm), float64(h)/(2*ym)) // scale at zoom 1
	s := min(float64(w)/(x1-x0), float64(h)/(y1-y0))
	v := View{Projection: p, Width: w, Height: h, Zoom: max(1, min(MaxZoom, s/s1))}
	if v.Zoom == 1 {
		if p == Mercator {
			return v // the whole square world (World crops the poles)
		}
		return World(p, w, h)
	}
	lon, lat := p.Inverse((x0+x1)/2, (y0+y1)/2)
	v.Center = orb.Point{lon, lat}
	return v
}

// FitData returns the view of projection p, w x h pixels, that frames the
// visible hosts of ds (all of them when vis is nil; servers are not
// counted, so that a filtered set is not framed by distant servers), with a
// margin of 8% of the box's larger side (at least 1°). When that would
// barely zoom in (less than 1.15x), or nothing is visible, it returns the
// world view.
func FitData(p Projection, ds *threat.Dataset, vis *filter.Set, w, h int) View {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	n := 0
	for i := range ds.Hosts.Len() {
		if vis.Has(i) {
			b = b.Extend(orb.Point{float64(ds.Hosts.Lon[i]), float64(ds.Hosts.Lat[i])})
			n++
		}
	}
	if n == 0 {
		return World(p, w, h)
	}
	pad := max(1, 0.08*max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]))
	b.Min = orb.Point{max(-180, b.Min[0]-pad), max(-90, b.Min[1]-pad)}
	b.Max = orb.Point{min(180, b.Max[0]+pad), min(90, b.Max[1]+pad)}
	v := FitBounds(p, b, w, h)
	if v.Zoom < 1.15 {
		return World(p, w, h)
	}
	if guessedPositions(ds, vis) {
		c := v.Center
		g := FitBounds(p, orb.Bound{Min: orb.Point{c[0] - guessSpan, c[1] - guessSpan},
			Max: orb.Point{c[0] + guessSpan, c[1] + guessSpan}}, w, h)
		v.Zoom = min(v.Zoom, g.Zoom)
	}
	return v
}

// guessSpan is how far, in degrees either side of the centre, a fit to
// hosts whose positions are all guesses still shows: about a country. A
// fit to one host placed from its IP address at country level otherwise
// zoomed to a 2° box and drew it among the towns of a region, as if it
// were known to be there. The window, exports and views fit alike.
const guessSpan = 5

// guessedPositions reports whether every host of vis (nil: all) has a
// reconstructed position (placed from its IP address, or filled in).
func guessedPositions(ds *threat.Dataset, vis *filter.Set) bool {
	n := 0
	for i, r := range ds.Hosts.Recon {
		if vis != nil && !vis.Has(i) {
			continue
		}
		if r&threat.FieldLocation == 0 {
			return false
		}
		n++
	}
	return n > 0
}

// Reproject returns the view of the same place in projection p: the same
// lon/lat centre, and a zoom at which the map's scale about the centre (the
// geometric mean of its east-west and north-south pixels per degree) is the
// same, so the visible extent stays about the same. The whole-world view
// gives p's whole-world view. Because the zoom changes by a factor that
// depends only on the two projections and the centre, switching back
// restores the original view.
func (v View) Reproject(p Projection) View {
	if v.Projection == p {
		return v
	}
	if v == World(v.Projection, v.Width, v.Height) {
		return World(p, v.Width, v.Height)
	}
	w := v
	w.Projection = p
	w.Zoom = 1
	z := v.localScale() / w.localScale() // w at zoom 1
	w.Zoom = max(MinZoom, min(MaxZoom, z))
	return w
}

// localScale is the geometric mean of the pixels per degree of longitude
// and of latitude at the view's centre.
func (v View) localScale() float64 {
	const h = 1e-3 // degrees
	lon, lat := v.Center[0], max(-89, min(89, v.Center[1]))
	if v.Projection == Mercator {
		lat = max(-MaxMercatorLat+1, min(MaxMercatorLat-1, lat))
	}
	x0, y0 := v.Projection.Forward(lon-h, lat)
	x1, y1 := v.Projection.Forward(lon+h, lat)
	ex := math.Hypot(x1-x0, y1-y0) / (2 * h)
	x0, y0 = v.Projection.Forward(lon, lat-h)
	x1, y1 = v.Projection.Forward(lon, lat+h)
	ey := math.Hypot(x1-x0, y1-y0) / (2 * h)
	return v.Scale() * math.Sqrt(ex*ey)
}
