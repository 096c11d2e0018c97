package render

import (
	"image"
	"image/color"
	"math"
	"runtime"
	"sync"

	"threatmap/data/threat"
)

// hostCache holds host coordinates projected once per dataset and
// projection; a frame only applies the view's affine transform.
type hostCache struct {
	ds   *threat.Dataset
	proj Projection
	n    int
	x, y []float32
}

func (c *hostCache) update(ds *threat.Dataset, p Projection) {
	n := ds.Hosts.Len()
	if c.ds == ds && c.proj == p && c.n == n {
		return
	}
	c.ds, c.proj, c.n = ds, p, n
	if cap(c.x) < n {
		c.x, c.y = make([]float32, n), make([]float32, n)
	}
	c.x, c.y = c.x[:n], c.y[:n]
	for i := range n {
		x, y := p.Forward(float64(ds.Hosts.Lon[i]), float64(ds.Hosts.Lat[i]))
		c.x[i], c.y[i] = float32(x), float32(y)
	}
}

// arcCache holds every link's great-circle arc, projected, as one flat
// point list; link l owns points start[l] to start[l+1]. A NaN x lifts the
// pen where the arc crosses the antimeridian.
type arcCache struct {
	ds    *threat.Dataset
	proj  Projection
	n     int
	xy    []float32
	start []int32
}

func (c *arcCache) update(ds *threat.Dataset, p Projection) {
	n := ds.Links.Len()
	if c.ds == ds && c.proj == p && c.n == n {
		return
	}
	c.ds, c.proj, c.n = ds, p, n
	// Arcs are independent: compute halves (or more) in parallel, then
	// join. 100k links take ~0.1 s per core.
	parts := max(1, min(maxParts, runtime.GOMAXPROCS(0), n/1024))
	xys := make([][]float32, parts)
	starts := make([][]int32, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf [2 * (maxArcSegs + 4)]float64
			L := &ds.Links
			var xy []float32
			var st []int32
			for l := n * k / parts; l < n*(k+1)/parts; l++ {
				pts := greatCircle(buf[:0], float64(L.Lon0[l]), float64(L.Lat0[l]), float64(L.Lon1[l]), float64(L.Lat1[l]))
				for i := 0; i < len(pts); i += 2 {
					if math.IsNaN(pts[i]) {
						xy = append(xy, float32(math.NaN()), 0)
						continue
					}
					x, y := p.Forward(pts[i], pts[i+1])
					xy = append(xy, float32(x), float32(y))
				}
				st = append(st, int32(len(xy)/2))
			}
			xys[k], starts[k] = xy, st
		}()
	}
	wg.Wait()
	c.xy = c.xy[:0]
	c.start = append(c.start[:0], 0)
	for k := range parts {
		off := int32(len(c.xy) / 2)
		c.xy = append(c.xy, xys[k]...)
		for _, e := range starts[k] {
			c.start = append(c.start, off+e)
		}
	}
}

// maxArcSegs bounds the segments of one arc: 64 keeps a half-world arc
// smooth at 8K while 100k links stay within tens of megabytes.
const maxArcSegs = 64

// greatCircle appends lon/lat pairs along the great circle from (lon0,lat0)
// to (lon1,lat1), with 4 to maxArcSegs segments by angular length. Where
// the arc crosses ±180° it appends the crossing on one edge, a NaN pair
// (pen up) and the crossing on the other edge.
func greatCircle(out []float64, lon0, lat0, lon1, lat1 float64) []float64 {
	ax, ay, az := unit(lon0, lat0)
	bx, by, bz := unit(lon1, lat1)
	dot := max(-1, min(1, ax*bx+ay*by+az*bz))
	th := math.Acos(dot)
	n := max(4, min(maxArcSegs, int(math.Ceil(th/math.Pi*maxArcSegs))))
	sin := math.Sin(th)
	// u is the unit vector in the arc's plane, 90° from a towards b, so that
	// the arc is a*cos(φ) + u*sin(φ); (c, s) steps φ by rotation.
	var ux, uy, uz float64
	if sin >= 1e-9 {
		ux, uy, uz = (bx-ax*dot)/sin, (by-ay*dot)/sin, (bz-az*dot)/sin
	}
	dc, ds := math.Cos(th/float64(n)), math.Sin(th/float64(n))
	c, s := 1.0, 0.0
	plon, plat := 0.0, 0.0
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		var lon, lat float64
		switch {
		case i == 0:
			lon, lat = lon0, lat0
		case i == n:
			lon, lat = lon1, lat1
		case sin < 1e-9: // identical or antipodal ends: interpolate lon/lat
			lon, lat = lon0+t*(lon1-lon0), lat0+t*(lat1-lat0)
		default:
			x, y, z := c*ax+s*ux, c*ay+s*uy, c*az+s*uz
			lon, lat = math.Atan2(y, x)/deg, math.Asin(max(-1, min(1, z)))/deg
		}
		c, s = c*dc-s*ds, s*dc+c*ds
		if i > 0 && math.Abs(lon-plon) > 180 {
			// Crossing: unwrap lon, find the latitude at the edge.
			edge, ulon := 180.0, lon+360
			if lon > plon {
				edge, ulon = -180, lon-360
			}
			f := (edge - plon) / (ulon - plon)
			clat := plat + f*(lat-plat)
			out = append(out, edge, clat, math.NaN(), math.NaN(), -edge, clat)
		}
		out = append(out, lon, lat)
		plon, plat = lon, lat
	}
	return out
}

func unit(lon, lat float64) (x, y, z float64) {
	cl := math.Cos(lat * deg)
	return cl * math.Cos(lon*deg), cl * math.Sin(lon*deg), math.Sin(lat * deg)
}

// hostRadius returns the disc radius for n co-located hosts at size factor k.
func hostRadius(n uint32, k float64) float64 {
	return min(14*k, 2.4*k*(1+0.45*math.Log2(float64(n))))
}

// stampFor returns the cached stamp for radius rad (quantised to 1/4 px).
func (r *Renderer) stampFor(rad, edge float64) *stamp {
	q := int(rad*4 + 0.5)
	for len(r.stamps) <= q {
		r.stamps = append(r.stamps, nil)
	}
	if s := r.stamps[q]; s != nil && s.edgeW == edge {
		return s
	}
	s := newStamp(float64(q)/4, edge)
	s.edgeW = edge
	r.stamps[q] = s
	return s
}

// drawPoints draws on-screen hosts as discs coloured by target type and
// sized by how many share their pixel, consuming the host grids.
func (r *Renderer) drawPoints(dst *image.RGBA) {
	f := &r.f
	ds := f.ds
	k := uiScale(f.w, f.h)
	edge := premul(f.th.HostEdge)
	var cols [64]pm // colours of the first types; others computed
	nt := min(len(cols), len(ds.Types))
	for t := range nt {
		cols[t] = premul(f.th.TypeColor(ds.Types[t]))
	}
	fw, fh := float64(f.w), float64(f.h)
	for i := range ds.Hosts.Len() {
		if !f.visible.Has(i) {
			continue
		}
		x := float64(r.hosts.x[i])*f.s + f.ox
		y := f.oy - float64(r.hosts.y[i])*f.s
		if !(x >= 0 && x < fw && y >= 0 && y < fh) {
			continue
		}
		p := int(y)*f.gw + int(x)
		var c uint32
		for _, acc := range r.hostAcc {
			c += uint32(acc[p])
			acc[p] = 0
		}
		if c == 0 {
			continue // already drawn
		}
		t := int(ds.Hosts.Type[i])
		var col pm
		if t < nt {
			col = cols[t]
		} else {
			col = premul(f.th.TypeColor(ds.Types[t]))
		}
		r.stampFor(hostRadius(c, k), 0.9*k).draw(dst, int(x), int(y), col, edge)
	}
}

// drawHighlight rings the highlighted visible hosts.
func (r *Renderer) drawHighlight(dst *image.RGBA) {
	f := &r.f
	k := uiScale(f.w, f.h)
	fw, fh := float64(f.w), float64(f.h)
	for i := range f.ds.Hosts.Len() {
		if !f.high.Has(i) || !f.visible.Has(i) {
			continue
		}
		x := float64(r.hosts.x[i])*f.s + f.ox
		y := f.oy - float64(r.hosts.y[i])*f.s
		if x >= -8 && x < fw+8 && y >= -8 && y < fh+8 {
			ring(dst, math.Floor(x)+0.5, math.Floor(y)+0.5, 4.5*k, 1.3*k, f.th.Selected)
		}
	}
}

// serverShape returns the symbol of a server role.
func serverShape(role threat.Role) Shape {
	switch role {
	case threat.RoleControl:
		return ShapeDiamond
	case threat.RoleCommand:
		return ShapeTriangle
	}
	return ShapeSquare
}

// serverFill returns the fill colour of a server role.
func serverFill(th *Theme, role threat.Role) color.NRGBA {
	if role == threat.RoleControl {
		return th.Control
	}
	return th.Command
}

// drawServers draws every server, on top of hosts and links; servers with
// no visible host are drawn faded. It returns how many were drawn.
func (r *Renderer) drawServers(dst *image.RGBA, s *Scene) int {
	f := &r.f
	k := uiScale(f.w, f.h)
	n := 0
	for i := range f.ds.Servers {
		sv := &f.ds.Servers[i]
		x, y := sv.Lon, sv.Lat
		px, py := r.toScreen(x, y)
		if px < -20 || py < -20 || px > float64(f.w)+20 || py > float64(f.h)+20 {
			continue
		}
		fill, edge := serverFill(f.th, sv.Role), f.th.ServerEdge
		if f.visible != nil && r.srvCnt[0][i] == 0 && r.srvLinked[0][i] == 0 {
			fill.A, edge.A = 90, 90
		}
		drawShape(dst, serverShape(sv.Role), px, py, 7.5*k, 1.6*k, fill, edge)
		n++
	}
	return n
}

// toScreen projects lon/lat with the current frame's transform.
func (r *Renderer) toScreen(lon, lat float64) (float64, float64) {
	x, y := r.hosts.proj.Forward(lon, lat)
	return x*r.f.s + r.f.ox, r.f.oy - y*r.f.s
}

// drawItem outlines a selected or hovered item.
func (r *Renderer) drawItem(dst *image.RGBA, v View, s *Scene, it Item, c color.NRGBA) {
	f := &r.f
	ds := f.ds
	k := uiScale(f.w, f.h)
	switch it.Kind {
	case KindHost:
		if it.Index < 0 || it.Index >= ds.Hosts.Len() {
			return
		}
		x := float64(r.hosts.x[it.Index])*f.s + f.ox
		y := f.oy - float64(r.hosts.y[it.Index])*f.s
		ring(dst, math.Floor(x)+0.5, math.Floor(y)+0.5, 7*k, 2*k, c)
	case KindServer:
		if it.Index < 0 || it.Index >= len(ds.Servers) {
			return
		}
		x, y := r.toScreen(ds.Servers[it.Index].Lon, ds.Servers[it.Index].Lat)
		ring(dst, x, y, 12*k, 2*k, c)
	case KindLink:
		if it.Index < 0 || it.Index >= ds.Links.Len() {
			return
		}
		r.arcs.update(ds, v.Projection)
		a, e := int(r.arcs.start[it.Index]), int(r.arcs.start[it.Index+1])
		r.stroke.begin(dst.Rect)
		pen := false
		var qx, qy float64
		for j := a; j < e; j++ {
			X := r.arcs.xy[2*j]
			if X != X {
				pen = false
				continue
			}
			x := float64(X)*f.s + f.ox
			y := f.oy - float64(r.arcs.xy[2*j+1])*f.s
			if pen && segVisible(float32(qx), float32(qy), float32(x), float32(y), f.w, f.h) {
				r.stroke.seg(qx, qy, x, y, 2.2*k, 0, 0)
			}
			qx, qy, pen = x, y, true
		}
		r.stroke.draw(dst, dst.Rect, c)
	}
}

// choropleth returns the class (0 = no hosts, 1..5) of every outline
// country from the visible host counts of the last accumulation.
func (r *Renderer) choropleth(ds *threat.Dataset, fine bool) []uint8 {
	o := r.outlinesSrc(fine)
	if o == nil {
		return nil
	}
	if r.ccFor != ds || r.ccOutlines != o {
		r.ccFor, r.ccOutlines = ds, o
		r.outToCC = resize(r.outToCC, len(o.Alpha2))
		for j, a := range o.Alpha2 {
			r.outToCC[j] = -1
			for i, cc := range ds.Countries {
				if a != "" && a == cc {
					r.outToCC[j] = int32(i)
					break
				}
			}
		}
	}
	if cap(r.choro) < len(o.Alpha2) {
		r.choro = make([]uint8, len(o.Alpha2))
	}
	cls := r.choro[:len(o.Alpha2)]
	mx := 0
	for i, c := range r.countryCnt[0] {
		if ds.Countries[i] != "" {
			mx = max(mx, int(c))
		}
	}
	r.choroMax = mx
	for j := range cls {
		c := 0
		if i := r.outToCC[j]; i >= 0 {
			c = int(r.countryCnt[0][i])
		}
		cls[j] = choroClass(c, mx)
	}
	return cls
}

// choroClass maps a country count to a class 1..5 on a log scale up to mx
// (0 for no hosts).
func choroClass(c, mx int) uint8 {
	if c <= 0 {
		return 0
	}
	if mx <= 1 {
		return 5
	}
	return uint8(1 + min(4, int(5*math.Log(float64(c))/math.Log(float64(mx)+1e-9))))
}
