package basemap

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Locator finds the country under a point. It is built once from a Map and
// is then immutable and safe for concurrent use.
//
// The test is an exact even-odd (ray casting) point-in-polygon test over the
// country outlines, made fast by a 1°x1° grid: each cell keeps, per country
// touching it, the outline edges that cross the cell and whether a fixed
// reference point of the cell is inside. A query counts the crossings of
// the short axis-aligned path from the point to that reference point
// against the cell's edges only, so it costs a few dozen edge tests instead
// of a walk over a whole outline (Russia's has thousands of points).
//
// Outlines are Natural Earth's, so a point in the sea within a few
// kilometres of a coast (at 1:50m, roughly the width of a pixel at that
// scale) may be outside every country; LocateNear helps with those. Which
// country owns a point exactly on a border is not specified.
type Locator struct {
	codes   []string // alpha-2 code per index used in entries
	cells   []span   // gridW*gridH, row-major from (-180, -90)
	entries []entry
	edges   []edge
}

const (
	gridW = 360
	gridH = 180
	// refX and refY place each cell's reference point inside the cell at
	// (west + refX, south + refY). Odd offsets keep it off the quantized
	// coordinates of the data (and off integer degrees), so no edge passes
	// exactly through it.
	refX = 0.99999937138
	refY = 0.00000061429
)

type span struct{ start, end uint32 }

// entry is one country in one cell: the cell's edges of that country are
// edges[e0:e1]; ref says whether the cell's reference point is inside. An
// entry without edges lies wholly inside the country.
type entry struct {
	code   uint32
	ref    bool
	e0, e1 uint32
}

type edge struct{ ax, ay, bx, by float64 }

// NewLocator indexes the countries of m that have an alpha-2 code. It takes
// a few tens of milliseconds for World50.
func NewLocator(m *Map) *Locator {
	l := &Locator{cells: make([]span, gridW*gridH)}
	type cellEntry struct {
		cell  int32
		entry entry
	}
	var all []cellEntry
	var cellEdges []edge // edges of the current country, grouped by cell later
	type pair struct {
		cell int32
		edge int32
	}
	var pairs []pair
	type crossing struct {
		row int32
		x   float64
	}
	var xs []crossing
	// Smaller countries first, so that an enclave the outline of its
	// neighbour does not cut out (Vatican City in Italy, at 1:50m) wins.
	order := make([]int, len(m.Countries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(boundArea(m.Countries[a].Bound), boundArea(m.Countries[b].Bound))
	})
	for _, ci := range order {
		c := &m.Countries[ci]
		if c.Alpha2 == "" || len(c.Geometry) == 0 {
			continue
		}
		code := uint32(len(l.codes))
		l.codes = append(l.codes, c.Alpha2)
		cellEdges, pairs, xs = cellEdges[:0], pairs[:0], xs[:0]
		for _, p := range c.Geometry {
			for _, r := range p {
				for k := 0; k+1 < len(r); k++ {
					e := edge{r[k][0], r[k][1], r[k+1][0], r[k+1][1]}
					if e.ax == e.bx && e.ay == e.by {
						continue
					}
					ei := int32(len(cellEdges))
					cellEdges = append(cellEdges, e)
					minX, maxX := min(e.ax, e.bx), max(e.ax, e.bx)
					minY, maxY := min(e.ay, e.by), max(e.ay, e.by)
					// Every cell whose closed rectangle the edge's box meets.
					i0, i1 := clampInt(int(math.Ceil(minX+180))-1, 0, gridW-1), clampInt(int(math.Floor(maxX+180)), 0, gridW-1)
					j0, j1 := clampInt(int(math.Ceil(minY+90))-1, 0, gridH-1), clampInt(int(math.Floor(maxY+90)), 0, gridH-1)
					for j := j0; j <= j1; j++ {
						for i := i0; i <= i1; i++ {
							pairs = append(pairs, pair{int32(j*gridW + i), ei})
						}
						// Crossing of the row's reference line y = j-90+refY.
						if y := float64(j-90) + refY; (e.ay > y) != (e.by > y) {
							xs = append(xs, crossing{int32(j), crossX(e, y)})
						}
					}
				}
			}
		}
		slices.SortFunc(pairs, func(a, b pair) int {
			if a.cell != b.cell {
				return int(a.cell - b.cell)
			}
			return int(a.edge - b.edge)
		})
		slices.SortFunc(xs, func(a, b crossing) int {
			if a.row != b.row {
				return int(a.row - b.row)
			}
			if a.x < b.x {
				return -1
			}
			if a.x > b.x {
				return 1
			}
			return 0
		})
		// Walk the cells of the country's bound, row by row.
		b := c.Bound
		i0, i1 := clampInt(int(math.Ceil(b.Min[0]+180))-1, 0, gridW-1), clampInt(int(math.Floor(b.Max[0]+180)), 0, gridW-1)
		j0, j1 := clampInt(int(math.Ceil(b.Min[1]+90))-1, 0, gridH-1), clampInt(int(math.Floor(b.Max[1]+90)), 0, gridH-1)
		pi, xi := 0, 0
		for j := j0; j <= j1; j++ {
			for xi < len(xs) && int(xs[xi].row) < j {
				xi++
			}
			rowStart := xi
			rowEnd := rowStart
			for rowEnd < len(xs) && int(xs[rowEnd].row) == j {
				rowEnd++
			}
			xi = rowEnd
			left := rowStart // crossings at or west of the reference point
			for i := i0; i <= i1; i++ {
				cell := int32(j*gridW + i)
				xr := float64(i-180) + refX
				for left < rowEnd && xs[left].x <= xr {
					left++
				}
				ref := (rowEnd-left)%2 == 1
				for pi < len(pairs) && pairs[pi].cell < cell {
					pi++
				}
				e0 := uint32(len(l.edges))
				for ; pi < len(pairs) && pairs[pi].cell == cell; pi++ {
					l.edges = append(l.edges, cellEdges[pairs[pi].edge])
				}
				e1 := uint32(len(l.edges))
				if e0 == e1 && !ref {
					continue
				}
				all = append(all, cellEntry{cell, entry{code: code, ref: ref, e0: e0, e1: e1}})
			}
		}
	}
	// Group the entries by cell, keeping the order of the map within a cell.
	slices.SortStableFunc(all, func(a, b cellEntry) int { return int(a.cell - b.cell) })
	l.entries = make([]entry, len(all))
	for k, ce := range all {
		l.entries[k] = ce.entry
		s := &l.cells[ce.cell]
		if s.end == 0 {
			s.start = uint32(k)
		}
		s.end = uint32(k + 1)
	}
	l.edges = slices.Clip(l.edges)
	return l
}

func boundArea(b orb.Bound) float64 { return (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) }

// crossX is where edge e crosses the horizontal line at y.
func crossX(e edge, y float64) float64 {
	return e.ax + (y-e.ay)*(e.bx-e.ax)/(e.by-e.ay)
}

// crossY is where edge e crosses the vertical line at x.
func crossY(e edge, x float64) float64 {
	return e.ay + (x-e.ax)*(e.by-e.ay)/(e.bx-e.ax)
}

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// cellOf returns the grid cell of a point, or -1 when it is outside
// [-180,180] x [-90,90] (or NaN). The east and north edges of the world
// belong to the last column and row.
func cellOf(lon, lat float64) (i, j int) {
	if !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
		return -1, -1
	}
	return min(int(lon+180), gridW-1), min(int(lat+90), gridH-1)
}

// Locate returns the alpha-2 code of the country containing (lon, lat) in
// degrees, and ok=false in the sea, in areas without a code, and for
// coordinates outside [-180,180] x [-90,90]. It does not allocate.
func (l *Locator) Locate(lon, lat float64) (alpha2 string, ok bool) {
	i, j := cellOf(lon, lat)
	if i < 0 {
		return "", false
	}
	s := l.cells[j*gridW+i]
	if s.start == s.end {
		return "", false
	}
	xr := float64(i-180) + refX
	yr := float64(j-90) + refY
	// The path from the point to the reference point: horizontally from
	// (lon, lat) to (xr, lat), then vertically to (xr, yr). Crossings are
	// counted with the same half-open rules as a ray cast, so the parity of
	// the path's crossings tells whether the point and the reference point
	// are on the same side.
	hx0, hx1 := min(lon, xr), max(lon, xr)
	vy0, vy1 := min(lat, yr), max(lat, yr)
	for _, e := range l.entries[s.start:s.end] {
		in := e.ref
		for _, g := range l.edges[e.e0:e.e1] {
			if (g.ay > lat) != (g.by > lat) {
				if x := crossX(g, lat); x > hx0 && x <= hx1 {
					in = !in
				}
			}
			if (g.ax > xr) != (g.bx > xr) {
				if y := crossY(g, xr); y > vy0 && y <= vy1 {
					in = !in
				}
			}
		}
		if in {
			return l.codes[e.code], true
		}
	}
	return "", false
}

// MaxNear bounds LocateNear's search distance, in degrees of latitude
// (about 111 km each), to keep the search to a few hundred cells.
const MaxNear = 5.0

// LocateNear is Locate, falling back for a point in no country to the
// country with the nearest outline within maxDeg degrees (of latitude, about
// 111 km each; distances along a parallel are scaled by the cosine of the
// latitude). maxDeg is capped at MaxNear. It suits host locations that
// geolocation puts just off a coast; 0.1 (about 11 km) is a sensible value.
// It does not allocate.
func (l *Locator) LocateNear(lon, lat, maxDeg float64) (alpha2 string, ok bool) {
	if a, ok := l.Locate(lon, lat); ok {
		return a, true
	}
	if i, _ := cellOf(lon, lat); i < 0 || !(maxDeg > 0) {
		return "", false
	}
	maxDeg = min(maxDeg, MaxNear)
	k := math.Cos(lat * math.Pi / 180)
	dLon := 180.0
	if k > maxDeg/180 {
		dLon = min(maxDeg/k, 180)
	}
	i0, _ := cellOf(max(lon-dLon, -180), 0)
	i1, _ := cellOf(min(lon+dLon, 180), 0)
	_, j0 := cellOf(0, max(lat-maxDeg, -90))
	_, j1 := cellOf(0, min(lat+maxDeg, 90))
	best, bestCode := maxDeg*maxDeg, -1
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			s := l.cells[j*gridW+i]
			for _, e := range l.entries[s.start:s.end] {
				for _, g := range l.edges[e.e0:e.e1] {
					if d := segDist2(lon, lat, g, k); d < best {
						best, bestCode = d, int(e.code)
					}
				}
			}
		}
	}
	if bestCode < 0 {
		return "", false
	}
	return l.codes[bestCode], true
}

// segDist2 is the squared distance from (x, y) to segment g, with x
// distances scaled by k.
func segDist2(x, y float64, g edge, k float64) float64 {
	ax, bx, px := g.ax*k, g.bx*k, x*k
	dx, dy := bx-ax, g.by-g.ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(max(((px-ax)*dx+(y-g.ay)*dy)/l2, 0), 1)
	}
	ex, ey := ax+t*dx-px, g.ay+t*dy-y
	return ex*ex + ey*ey
}

// DefaultLocator returns a Locator over World50, built on first use (about
// the cost of decoding plus indexing World50). Safe for concurrent use.
func DefaultLocator() *Locator { return defaultLocator() }

var defaultLocator = sync.OnceValue(func() *Locator { return NewLocator(World50()) })

// Contains reports whether country c contains the point, with orb's planar
// test (points on the outline count as inside). It walks the whole outline;
// use a Locator for many points.
func (c *Country) Contains(p orb.Point) bool {
	return c.Bound.Contains(p) && planar.MultiPolygonContains(c.Geometry, p)
}
