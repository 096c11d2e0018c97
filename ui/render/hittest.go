package render

import (
	"math"
	"slices"
	"sort"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// Hit is the result of HitTest: the item under a pixel and its distance.
type Hit struct {
	Kind  Kind
	Index int     // into Hosts, Servers or Links
	Dist  float64 // pixels from the query point
	// Count and Members describe the stack a host belongs to (the hosts
	// drawn as one marker): HitTest leaves them zero; a caller that wants
	// them sets them from Renderer.Stack.
	Count   int
	Members []int32
}

// hitIndex is a uniform grid over projected host positions and one over
// link arc segments, rebuilt when the dataset or projection changes. Cells
// hold indices in CSR form (cell c owns items[start[c]:start[c+1]]).
type hitIndex struct {
	ds      *threat.Dataset
	proj    Projection
	hosts   grid
	links   grid   // items are arc point indices j: the segment (j-1, j)
	linked  bool   // links grid built
	arcsGen uint32 // the arcs the links grid was built from
}

type grid struct {
	nx, ny int
	x0, y0 float64 // origin in projected units
	cs     float64 // cell size in projected units
	start  []int   // len nx*ny+1
	items  []int32
}

// init sizes the grid over projection p for n items: about two items per
// cell, at most 2^20 cells, and cells no smaller than minCell projected
// units (links pass the mean segment length, so that a segment crosses a
// handful of cells).
func (g *grid) init(p Projection, n int, minCell float64) {
	xm, ym := p.Extent()
	cells := max(1024, min(1<<20, n/2))
	g.cs = max(minCell, math.Sqrt(4*xm*ym/float64(cells)))
	g.nx, g.ny = int(2*xm/g.cs)+1, int(2*ym/g.cs)+1
	g.x0, g.y0 = -xm, -ym
	if n := g.nx*g.ny + 1; cap(g.start) >= n {
		g.start = g.start[:n]
		clear(g.start)
	} else {
		g.start = make([]int, n)
	}
}

func (g *grid) cell(x, y float64) (int, int) {
	cx := max(0, min(g.nx-1, int((x-g.x0)/g.cs)))
	cy := max(0, min(g.ny-1, int((y-g.y0)/g.cs)))
	return cx, cy
}

// walk calls visit for every cell segment (x0, y0)-(x1, y1) passes through
// (a grid traversal, not its bounding box: a long diagonal segment costs
// cells in proportion to its length, not its area).
func (g *grid) walk(x0, y0, x1, y1 float64, visit func(k int)) {
	cx, cy := g.cell(x0, y0)
	ex, ey := g.cell(x1, y1)
	visit(cy*g.nx + cx)
	if cx == ex && cy == ey {
		return
	}
	dx, dy := x1-x0, y1-y0
	sx, sy := 1, 1
	// t at which the segment crosses the next vertical / horizontal cell
	// line, and the t step per cell.
	tx, ty := math.Inf(1), math.Inf(1)
	dtx, dty := math.Inf(1), math.Inf(1)
	if dx < 0 {
		sx = -1
	}
	if dy < 0 {
		sy = -1
	}
	if dx != 0 {
		next := g.x0 + float64(cx+max(sx, 0))*g.cs
		tx, dtx = (next-x0)/dx, g.cs/math.Abs(dx)
	}
	if dy != 0 {
		next := g.y0 + float64(cy+max(sy, 0))*g.cs
		ty, dty = (next-y0)/dy, g.cs/math.Abs(dy)
	}
	// At most one step per cell between the two ends (clamped cells
	// included), so this ends even on rounding.
	for n := abs(ex-cx) + abs(ey-cy); n > 0; n-- {
		if tx < ty {
			cx, tx = cx+sx, tx+dtx
		} else {
			cy, ty = cy+sy, ty+dty
		}
		if cx < 0 || cx >= g.nx || cy < 0 || cy >= g.ny {
			return
		}
		visit(cy*g.nx + cx)
	}
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

// build fills the CSR arrays from a visitor that reports every item as a
// segment (a point is a segment of length zero).
func (g *grid) build(each func(func(item int, x0, y0, x1, y1 float64))) {
	each(func(_ int, x0, y0, x1, y1 float64) {
		g.walk(x0, y0, x1, y1, func(k int) { g.start[k+1]++ })
	})
	for i := 1; i < len(g.start); i++ {
		g.start[i] += g.start[i-1]
	}
	if n := g.start[len(g.start)-1]; cap(g.items) >= n {
		g.items = g.items[:n]
	} else {
		g.items = make([]int32, n)
	}
	// Fill from the end of each cell backwards, so start ends as it began.
	each(func(item int, x0, y0, x1, y1 float64) {
		g.walk(x0, y0, x1, y1, func(k int) {
			g.start[k+1]--
			g.items[g.start[k+1]] = int32(item)
		})
	})
	// start[k+1] now holds cell k's start: shift back.
	copy(g.start, g.start[1:])
	g.start[len(g.start)-1] = len(g.items)
}

func (r *Renderer) hitIndexFor(ds *threat.Dataset, p Projection, scale float64, links bool) *hitIndex {
	x := &r.index
	if x.ds != ds || x.proj != p {
		*x = hitIndex{ds: ds, proj: p}
		r.hosts.update(ds, p)
		hx, hy := r.hosts.x, r.hosts.y
		x.hosts.init(p, len(hx), 0)
		x.hosts.build(func(add func(int, float64, float64, float64, float64)) {
			for i := range hx {
				X, Y := float64(hx[i]), float64(hy[i])
				add(i, X, Y, X, Y)
			}
		})
	}
	if links && !r.arcs.fits(ds, p) {
		// Arcs of ds in p are those of the last frame drawn, whatever
		// their level: a hover during a burst of wheel notches does not
		// rebuild a million of them.
		r.arcs.update(ds, p, scale)
	}
	if links && (!x.linked || x.arcsGen != r.arcs.gen) {
		x.linked, x.arcsGen = true, r.arcs.gen
		xy, start := r.arcs.xy, r.arcs.start
		segments := func(add func(int, float64, float64, float64, float64)) {
			for l := 0; l+1 < len(start); l++ {
				for j := start[l] + 1; j < start[l+1]; j++ {
					ax, ay, bx, by := xy[2*j-2], xy[2*j-1], xy[2*j], xy[2*j+1]
					if ax != ax || bx != bx {
						continue
					}
					add(int(j), float64(ax), float64(ay), float64(bx), float64(by))
				}
			}
		}
		// Cells at least the mean segment length: each segment then
		// crosses about three cells, so the index stays a small multiple
		// of the arcs however many links there are.
		total, nseg := 0.0, 0
		segments(func(_ int, ax, ay, bx, by float64) {
			total += math.Abs(bx-ax) + math.Abs(by-ay)
			nseg++
		})
		x.links.init(p, nseg, total/float64(max(nseg, 1)))
		x.links.build(segments)
	}
	return x
}

// HitTest returns the item nearest to pixel (x, y) within radiusPx pixels,
// preferring servers, then hosts, then links; Kind is KindNone when nothing
// is that close. Only items the scene draws count (its layers and visible
// set). The first call for a dataset and projection builds a grid index
// (about 50 ms per million hosts); later calls take microseconds.
func (r *Renderer) HitTest(v View, s *Scene, x, y, radiusPx int) Hit {
	ds := s.Data
	if ds == nil || v.Width <= 0 || v.Height <= 0 {
		return Hit{}
	}
	vis := s.Visible
	if vis != nil && vis.Len() != ds.Hosts.Len() {
		vis = nil
	}
	q := newHitQuery(v, x, y, radiusPx)
	if s.Layers.Has(LayerServers) {
		if h := hitServer(v, s, &q); h.Kind != KindNone {
			return h
		}
	}
	mode := linkModeOf(s.Layers)
	wantLinks := mode != linksNone && ds.Links.Len() > 0
	if !s.Layers.Has(LayerHosts) && !wantLinks {
		return Hit{}
	}
	idx := r.hitIndexFor(ds, v.Projection, q.sc, wantLinks)
	if s.Layers.Has(LayerHosts) {
		h, drawn := r.hitMarker(ds, v, vis, &q)
		if !drawn {
			h = r.hitHost(idx, &q, vis)
		}
		if h.Kind != KindNone {
			return h
		}
	}
	if wantLinks {
		return r.hitLink(idx, s, &q, vis, mode)
	}
	return Hit{}
}

// hitQuery is a HitTest's point and radius, in pixels and in projected
// units.
type hitQuery struct {
	sc, ox, oy float64 // the view's affine transform
	qx, qy     float64 // the pixel's centre
	rad        float64 // radius in pixels
	px, py, pr float64 // centre and radius in projected units
}

func newHitQuery(v View, x, y, radiusPx int) hitQuery {
	sc, ox, oy := v.affine()
	qx, qy := float64(x)+0.5, float64(y)+0.5
	rad := float64(radiusPx)
	return hitQuery{sc: sc, ox: ox, oy: oy, qx: qx, qy: qy, rad: rad, px: (qx - ox) / sc, py: (oy - qy) / sc, pr: rad / sc}
}

// hitServer returns the nearest server of s whose symbol is within the
// query's radius of its point (the symbol's size added).
func hitServer(v View, s *Scene, q *hitQuery) Hit {
	ds := s.Data
	best := Hit{Dist: math.Inf(1)}
	k, _ := frameScale(v.Width, v.Height, s.OutputSize)
	for i := range ds.Servers {
		px, py := v.Projection.Forward(ds.Servers[i].Lon, ds.Servers[i].Lat)
		d := math.Hypot(px*q.sc+q.ox-q.qx, q.oy-py*q.sc-q.qy)
		if d <= q.rad+8*k && d < best.Dist {
			best = Hit{Kind: KindServer, Index: i, Dist: d}
		}
	}
	if best.Kind == KindNone {
		return Hit{}
	}
	return best
}

// hitHost returns the nearest visible host within the query's radius (the
// lowest index among equally near ones), searching the cells of the host
// grid the query's box meets.
func (r *Renderer) hitHost(idx *hitIndex, q *hitQuery, vis *filter.Set) Hit {
	g := &idx.hosts
	a, b := g.cell(q.px-q.pr, q.py-q.pr)
	c, d := g.cell(q.px+q.pr, q.py+q.pr)
	hx, hy := r.hosts.x, r.hosts.y
	// Squared distances in projected units: crowded cells hold thousands
	// of hosts.
	bi, bd := -1, q.pr*q.pr
	for cy := b; cy <= d; cy++ {
		for cx := a; cx <= c; cx++ {
			k := cy*g.nx + cx
			for _, it := range g.items[g.start[k]:g.start[k+1]] {
				i := int(it)
				dx := float64(hx[i]) - q.px
				dy := float64(hy[i]) - q.py
				if dd := dx*dx + dy*dy; (dd < bd || (dd == bd && (bi < 0 || i < bi))) && vis.Has(i) {
					bi, bd = i, dd
				}
			}
		}
	}
	if bi < 0 {
		return Hit{}
	}
	return Hit{Kind: KindHost, Index: bi, Dist: math.Sqrt(bd) * q.sc}
}

// hitMarker hit-tests the host markers of the last frame when it drew
// points of ds, vis and view v (drawn is false otherwise: no frame, a
// density raster, another view), against each marker's drawn radius: a
// stack of 96 hosts is hit anywhere on its disc, not only within a few
// pixels of a host. Every marker keeps the slack around it a lone host had
// (the query radius beyond a lone marker's). Where discs overlap, the one
// the point lies deepest in (relative to its radius) wins: a big stack at
// its centre, where its count is written over any smaller disc; outside
// every disc, the one whose rim is nearest. The hit is the marker's lowest
// host index (Stack lists the rest).
func (r *Renderer) hitMarker(ds *threat.Dataset, v View, vis *filter.Set, q *hitQuery) (h Hit, drawn bool) {
	g := &r.stacks
	f := &r.f
	if !g.valid || f.ds != ds || f.visible != vis || f.w != v.Width || f.h != v.Height || f.s != q.sc || f.ox != q.ox || f.oy != q.oy {
		return Hit{}, false
	}
	tol := max(0, q.rad-g.radius(1))
	reach := g.radius(math.MaxUint32) + tol + 1
	cell := float64(g.cell) * g.mini // in frame pixels
	cx0, cx1 := max(0, int((q.qx-reach)/cell)), min(g.nx-1, int((q.qx+reach)/cell))
	cy0, cy1 := max(0, int((q.qy-reach)/cell)), min(g.ny-1, int((q.qy+reach)/cell))
	in, near := -1, -1
	inDepth, nearEdge := math.Inf(1), tol
	for cy := cy0; cy <= cy1; cy++ {
		for cx := cx0; cx <= cx1; cx++ {
			c := cy*g.nx + cx
			if g.n[c] == 0 {
				continue
			}
			x, y := g.center(c)
			rad := g.radius(g.n[c])
			d := math.Hypot(q.qx-float64(x)-0.5, q.qy-float64(y)-0.5)
			switch {
			case d <= rad+0.5:
				if d/rad < inDepth {
					in, inDepth = c, d/rad
				}
			case d-rad <= nearEdge:
				near, nearEdge = c, d-rad
			}
		}
	}
	c := in
	if c < 0 {
		c = near
	}
	if c < 0 {
		return Hit{}, true
	}
	x, y := g.center(c)
	return Hit{Kind: KindHost, Index: int(g.first[c]), Dist: math.Hypot(q.qx-float64(x)-0.5, q.qy-float64(y)-0.5)}, true
}

// hitLink returns the nearest drawn link with an arc segment within the
// query's radius, searching the cells of the segment grid the query's box
// meets.
func (r *Renderer) hitLink(idx *hitIndex, s *Scene, q *hitQuery, vis *filter.Set, mode linkMode) Hit {
	ds := s.Data
	g := &idx.links
	a, b := g.cell(q.px-q.pr, q.py-q.pr)
	c, d := g.cell(q.px+q.pr, q.py+q.pr)
	xy := r.arcs.xy
	best := Hit{Dist: math.Inf(1)}
	for cy := b; cy <= d; cy++ {
		for cx := a; cx <= c; cx++ {
			k := cy*g.nx + cx
			for _, it := range g.items[g.start[k]:g.start[k+1]] {
				j := int(it)
				dd := segDist(q.px, q.py, float64(xy[2*j-2]), float64(xy[2*j-1]), float64(xy[2*j]), float64(xy[2*j+1])) * q.sc
				if dd > q.rad || dd >= best.Dist {
					continue
				}
				l := sort.Search(len(r.arcs.start), func(n int) bool { return int(r.arcs.start[n]) > j }) - 1
				if h := int(ds.Links.Host[l]); ((h >= 0 && vis.Has(h)) || (h < 0 && vis == nil)) && (mode == linksAll || s.highlightsLink(l) || r.f.selOf(h)) {
					best = Hit{Kind: KindLink, Index: l, Dist: dd}
				}
			}
		}
	}
	if best.Kind == KindNone {
		return Hit{}
	}
	return best
}

// segDist returns the distance from p to segment ab.
func segDist(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = clamp01(((px-ax)*dx + (py-ay)*dy) / l)
	}
	return math.Hypot(ax+t*dx-px, ay+t*dy-py)
}

// Stack returns the visible hosts that share host i's marker cell in view
// v (what the marker under the pointer stands for: the whole stack a click
// on it selects), in index order: the first limit of them appended to
// dst[:0], and how many there are (0 when i is hidden or off screen). It
// searches the hit index's cells under the marker cell, so that a stack is
// found in microseconds among a million hosts; a stack of n hosts costs n.
func (r *Renderer) Stack(v View, s *Scene, i int, dst []int32, limit int) ([]int32, int) {
	dst = dst[:0]
	ds := s.Data
	if ds == nil || i < 0 || i >= ds.Hosts.Len() || v.Width <= 0 || v.Height <= 0 {
		return dst, 0
	}
	vis := s.Visible
	if vis != nil && vis.Len() != ds.Hosts.Len() {
		vis = nil
	}
	if !vis.Has(i) {
		return dst, 0
	}
	idx := r.hitIndexFor(ds, v.Projection, v.Scale(), false)
	sc, ox, oy := v.affine()
	k, mini := frameScale(v.Width, v.Height, s.OutputSize)
	cell := float64(stackCellPx(markerScale(k/mini, v.Zoom))) // in output pixels, as prepareStacks bins
	hx, hy := r.hosts.x, r.hosts.y
	cellOf := func(j int) (int, int, bool) {
		x := float64(hx[j])*sc + ox
		y := oy - float64(hy[j])*sc
		if !(x >= 0 && x < float64(v.Width) && y >= 0 && y < float64(v.Height)) {
			return 0, 0, false
		}
		return int(x/mini) / int(cell), int(y/mini) / int(cell), true
	}
	cx, cy, ok := cellOf(i)
	if !ok {
		return dst, 0
	}
	// The marker cell in projected units, and the index cells it meets.
	cell *= mini // in frame pixels
	px0, px1 := (float64(cx)*cell-ox)/sc, (float64(cx+1)*cell-ox)/sc
	py0, py1 := (oy-float64(cy+1)*cell)/sc, (oy-float64(cy)*cell)/sc
	g := &idx.hosts
	a, b := g.cell(px0, py0)
	c, d := g.cell(px1, py1)
	n := 0
	for gy := b; gy <= d; gy++ {
		for gx := a; gx <= c; gx++ {
			k := gy*g.nx + gx
			for _, it := range g.items[g.start[k]:g.start[k+1]] {
				j := int(it)
				if jx, jy, on := cellOf(j); on && jx == cx && jy == cy && vis.Has(j) {
					dst = append(dst, it)
					n++
				}
			}
		}
	}
	slices.Sort(dst)
	return dst[:min(len(dst), max(limit, 0))], n
}
