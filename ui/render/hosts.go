package render

import (
	"image"
	"image/color"
	"math"

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

// drawHighlight makes the highlighted hosts (the victims of a selected
// server) stand out: everything drawn so far is dimmed toward the space colour,
// then the victims' links are stroked in the hover colour and the victims
// drawn again at full colour, ringed. Hosts hidden by the filters stay
// hidden.
func (r *Renderer) drawHighlight(dst *image.RGBA, v View) {
	f := &r.f
	ds := f.ds
	k := uiScale(f.w, f.h)
	dim(dst, f.th.Space, 150)
	if f.links {
		r.stroke.begin(dst.Rect)
		for l := range ds.Links.Len() {
			if h := int(ds.Links.Host[l]); h >= 0 && f.high.Has(h) && f.visible.Has(h) {
				r.strokeArc(v, l, 1.3*k)
			}
		}
		c := f.th.Hovered
		c.A = 200
		r.stroke.draw(dst, dst.Rect, c)
	}
	if !f.hosts {
		return
	}
	edge := premul(f.th.HostEdge)
	fw, fh := float64(f.w), float64(f.h)
	for i := range ds.Hosts.Len() {
		if !f.high.Has(i) || !f.visible.Has(i) {
			continue
		}
		x := float64(r.hosts.x[i])*f.s + f.ox
		y := f.oy - float64(r.hosts.y[i])*f.s
		if x >= -8 && x < fw+8 && y >= -8 && y < fh+8 {
			col := premul(f.th.TypeColor(ds.Types[ds.Hosts.Type[i]]))
			r.stampFor(hostRadius(1, k), 0.9*k).draw(dst, int(x), int(y), col, edge)
			ring(dst, math.Floor(x)+0.5, math.Floor(y)+0.5, 4.5*k, 1.3*k, f.th.Selected)
		}
	}
}

// dim blends c over every pixel of dst with alpha a (0..255).
func dim(dst *image.RGBA, c color.NRGBA, a uint32) {
	q := premul(c)
	w := 4 * dst.Rect.Dx()
	for y := range dst.Rect.Dy() {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := 0; x < w; x += 4 {
			over(row[x:x+4:x+4], q, a)
		}
	}
}

// strokeArc adds link l's projected arc, width lw pixels, to r.stroke
// (begun by the caller), lifting the pen at the antimeridian and skipping
// segments off screen.
func (r *Renderer) strokeArc(v View, l int, lw float64) {
	f := &r.f
	r.arcs.update(f.ds, v.Projection, v.Scale())
	a, e := int(r.arcs.start[l]), int(r.arcs.start[l+1])
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
			r.stroke.seg(qx, qy, x, y, lw, 0, 0)
		}
		qx, qy, pen = x, y, true
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
		r.stroke.begin(dst.Rect)
		r.strokeArc(v, it.Index, 2.2*k)
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
