package render

import (
	"image"
	"image/color"
	"math"
	"math/bits"

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

// hollowFor returns the cached hollow stamp (a ring) for a host of disc
// radius rad at size factor k: wider than the disc, so that the hole reads
// even at the smallest size.
func (r *Renderer) hollowFor(rad, k float64) *stamp {
	q := int(rad*4 + 0.5)
	for len(r.hollows) <= q {
		r.hollows = append(r.hollows, nil)
	}
	edge, mini := 0.9*k, r.f.mini
	if s := r.hollows[q]; s != nil && s.edgeW == edge && s.mini == mini {
		return s
	}
	// At least 3.5 px across the outside and 1.2 px of line: the hole
	// then stays 4 px wide on small exports (and on their miniatures,
	// those sizes scaled with them).
	s := newHollowStamp(max(3.5*mini, float64(q)/4+1.6*k), max(1.2*mini, 1.4*k), edge)
	s.edgeW, s.mini = edge, mini
	r.hollows[q] = s
	return s
}

// drawHost stamps a host marker at pixel (x, y): a filled disc, or a ring
// when its position was reconstructed.
func (r *Renderer) drawHost(dst *image.RGBA, x, y int, rad, k float64, col, edge pm, hollow bool) {
	if hollow {
		r.hollowFor(rad, k).draw(dst, x, y, col, edge)
		return
	}
	r.stampFor(rad, 0.9*k).draw(dst, x, y, col, edge)
}

// hollowHost reports whether host i is drawn hollow: its position was
// reconstructed.
func hollowHost(ds *threat.Dataset, i int) bool {
	return i < len(ds.Hosts.Recon) && ds.Hosts.Recon[i]&threat.FieldLocation != 0
}

// drawHighlight makes the highlighted hosts (the victims of a selected
// server) stand out: everything drawn so far is dimmed toward the space colour,
// then the victims' links are stroked in the hover colour and the victims
// drawn again at full colour, ringed. Hosts hidden by the filters stay
// hidden. The links are traced first; the dimming, their compositing and
// the victims' marks then run band by band over the cores (victims.go).
func (r *Renderer) drawHighlight(dst *image.RGBA, v View) {
	h := &r.hl
	h.dim.set(r.f.th.Space, 150)
	h.cover = [2]linkCover{}
	if r.f.links {
		r.traceHighlightLinks(v)
	}
	if r.f.hosts {
		same := h.valid && sameSet(h.high, r.f.high, false) && sameSet(h.vis, r.f.visible, h.visAll)
		r.collectVictims()
		r.planVictimLayer(r.baseShifted, same)
	} else {
		r.dropHighlight()
	}
	r.drawHighlightBands(dst)
}

// dropHighlight forgets the victims kept between frames, and what they
// were kept for (the dataset among it).
func (r *Renderer) dropHighlight() {
	h := &r.hl
	h.layer.use, h.layer.ok = false, false
	r.victims, h.valid = r.victims[:0], false
	h.key = victimKey{}
}

// traceHighlightLinks traces the highlighted hosts' links on screen into
// grids to composite in the hover colour, in the rectangle their arcs
// span, not the whole frame: compositing costs per pixel of it
// (traceVictimLinks). Beyond maxHighlightLinks, every step-th is traced:
// the fan keeps its shape, and a server with 100k victims does not cost a
// second per frame (9 µs an arc). Only links on screen count towards the
// step: zoomed in on a big server, the few in view are all drawn.
// Reported links go to r.hostAcc[0] at full strength, reconstructed ones
// to r.hl.spare, fainter, as everywhere on the map.
func (r *Renderer) traceHighlightLinks(v View) {
	f := &r.f
	ds := f.ds
	lw := 1.3 * f.k
	r.arcs.update(ds, v.Projection, v.Scale())
	var box image.Rectangle
	on := r.highOn[:0]
	for l := range ds.Links.Len() {
		if f.highLink(l) {
			if rc := r.linkRect(l, lw); !rc.Empty() {
				box = box.Union(rc)
				on = append(on, int32(l))
			}
		}
	}
	r.highOn = on
	if box.Empty() {
		return
	}
	step := (len(on) + maxHighlightLinks - 1) / maxHighlightLinks
	h := &r.hl
	c := f.th.Hovered
	c.A = 200
	h.cover[0] = linkCover{box, c, r.traceVictimLinks(on, step, false, lw) > 0}
	if !anyRecon(ds, on, step) {
		return
	}
	// traceVictimLinks writes to r.hostAcc[0]: lend it the spare grid.
	if len(h.spare) != len(r.hostAcc[0]) {
		h.spare = make([]uint16, len(r.hostAcc[0]))
	}
	r.hostAcc[0], h.spare = h.spare, r.hostAcc[0]
	c.A = 120
	h.cover[1] = linkCover{box, c, r.traceVictimLinks(on, step, true, lw) > 0}
	r.hostAcc[0], h.spare = h.spare, r.hostAcc[0]
}

// anyRecon reports whether every step-th link of on holds a reconstructed
// link.
func anyRecon(ds *threat.Dataset, on []int32, step int) bool {
	for i := 0; i < len(on); i += step {
		if ds.LinkRecon(int(on[i]))&threat.FieldLink != 0 {
			return true
		}
	}
	return false
}

// collectVictims lists in r.victims the visible highlighted hosts to
// mark, one a pixel: a big server's victims pile up on the same pixels,
// and each would blend its stamp and ring again. Where hosts are a density
// raster, one a denseVictimCell square: the rings merge into one patch
// there anyway, and 233,728 victims no longer cost 80,000 rings. The list
// is kept while the dataset, view, frame and both sets are unchanged (a
// redraw for the hover or an overlay); hosts are visited a word of the
// sets at a time, so only the highlighted ones cost.
func (r *Renderer) collectVictims() {
	f := &r.f
	h := &r.hl
	key := victimKey{ds: f.ds, proj: r.hosts.proj, w: f.w, h: f.h, s: f.s, ox: f.ox, oy: f.oy, k: f.k, mini: f.mini, zoom: f.zoom, density: f.density}
	if h.valid && h.key == key && sameSet(h.high, f.high, false) && sameSet(h.vis, f.visible, h.visAll) {
		return
	}
	fw, fh := float64(f.w), float64(f.h)
	seen := &r.seen
	seen.Reset(f.w * f.h)
	vs := r.victims[:0]
	_, _, _, reach := r.victimMarker()
	m := float64(reach) // a mark off the frame may reach into it
	sh := 0             // log2 of the cell's side
	if f.density {
		sh = denseVictimShift
	}
	n := f.ds.Hosts.Len()
	var vis []uint64
	if f.visible != nil {
		vis = f.visible.Words()
	}
	for wi, w := range f.high.Words() {
		if vis != nil {
			w &= vis[wi]
		}
		for ; w != 0; w &= w - 1 {
			i := wi<<6 + bits.TrailingZeros64(w)
			if i >= n {
				break
			}
			x := float64(r.hosts.x[i])*f.s + f.ox
			y := f.oy - float64(r.hosts.y[i])*f.s
			if x >= 0 && x < fw && y >= 0 && y < fh {
				p := int(y)>>sh*f.w + int(x)>>sh
				if seen.Has(p) {
					continue
				}
				seen.Add(p)
			}
			if x >= -m && x < fw+m && y >= -m && y < fh+m {
				// Disc and ring on one pixel, left of 0 too.
				vs = append(vs, victimMark{int32(math.Floor(x)), int32(math.Floor(y)), int32(i)})
			}
		}
	}
	r.victims = vs
	h.key, h.valid = key, true
	h.high = append(h.high[:0], f.high.Words()...)
	h.visAll = f.visible == nil
	h.vis = append(h.vis[:0], vis...)
}

// denseVictimShift is log2 of the square, in pixels, of which one victim
// is drawn in density mode: 4, within the ring's radius, so the patch
// stays whole.
const denseVictimShift = 2

// maxHighlightLinks bounds the victims' links stroked one by one.
const maxHighlightLinks = 2000

// dimLUT is a table per channel that blends a colour over a pixel, as
// over does, for a whole frame: divisions cost.
type dimLUT [4][256]uint8

// set makes t blend c with alpha a (0..255).
func (t *dimLUT) set(c color.NRGBA, a uint32) {
	q := premul(c)
	for v := range 256 {
		var p [4]uint8
		p[0], p[1], p[2], p[3] = uint8(v), uint8(v), uint8(v), uint8(v)
		over(p[:], q, a)
		t[0][v], t[1][v], t[2][v], t[3][v] = p[0], p[1], p[2], p[3]
	}
}

// rows maps rows y0..y1 of dst through t.
func (t *dimLUT) rows(dst *image.RGBA, y0, y1 int) {
	lut := t
	w := 4 * dst.Rect.Dx()
	for y := y0; y < y1; y++ {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := 0; x < w; x += 4 {
			px := row[x : x+4 : x+4]
			px[0], px[1], px[2], px[3] = lut[0][px[0]], lut[1][px[1]], lut[2][px[2]], lut[3][px[3]]
		}
	}
}

// linkRect is the part of the frame link l's arc, stroked lw wide, can
// touch (r.arcs must be up to date).
func (r *Renderer) linkRect(l int, lw float64) image.Rectangle {
	f := &r.f
	b := r.arcs.box[4*l : 4*l+4]
	m := lw + 2
	x0, x1 := float64(b[0])*f.s+f.ox-m, float64(b[2])*f.s+f.ox+m
	y0, y1 := f.oy-float64(b[3])*f.s-m, f.oy-float64(b[1])*f.s+m
	if !(x0 <= x1 && y0 <= y1) { // NaN: no point
		return image.Rectangle{}
	}
	x0, y0 = max(x0, -1), max(y0, -1)
	x1, y1 = min(x1, float64(f.w)+1), min(y1, float64(f.h)+1)
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1))).Intersect(image.Rect(0, 0, f.w, f.h))
}

// strokeArc adds link l's projected arc, width lw pixels, to r.stroke
// (begun by the caller at org), lifting the pen at the antimeridian and
// skipping segments off screen.
func (r *Renderer) strokeArc(v View, l int, lw float64, org image.Point) {
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
			r.stroke.seg(qx, qy, x, y, lw, float64(org.X), float64(org.Y))
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

// serverSize is the radius and outline width of a server's symbol at size
// factor k.
func serverSize(k float64) (rad, edge float64) { return 7.5 * k, 1.6 * k }

// drawServers draws every server, on top of hosts and links; servers with
// no visible host are drawn faded. It returns how many were drawn.
func (r *Renderer) drawServers(dst *image.RGBA, s *Scene) int {
	f := &r.f
	k := f.k
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
		rad, lw := serverSize(k)
		drawShape(dst, serverShape(sv.Role), px, py, rad, lw, fill, edge)
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
	k := f.k
	switch it.Kind {
	case KindHost:
		if it.Index < 0 || it.Index >= ds.Hosts.Len() || !f.visible.Has(it.Index) {
			return // a host the filters hide is not ringed where it would be
		}
		if sx, sy, rad, n := r.stackAt(it.Index); n > 1 {
			ring(dst, float64(sx)+0.5, float64(sy)+0.5, rad+3*k, 2*k, c) // the whole stack
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
		lw := 2.2 * k
		r.arcs.update(ds, v.Projection, v.Scale())
		box := r.linkRect(it.Index, lw)
		if box.Empty() {
			return
		}
		r.stroke.begin(box)
		r.strokeArc(v, it.Index, lw, box.Min)
		r.stroke.draw(dst, box, c)
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
