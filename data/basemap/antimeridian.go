package basemap

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// world-atlas is made for spherical rendering (d3-geo): a ring that crosses
// the antimeridian does so with an edge that jumps from about +180 to about
// -180 (Chukotka, Wrangel Island, a Fiji island), and Antarctica's rings
// wrap around the South Pole, crossing it once. Read as planar polygons such
// rings span the whole width of the world. cutPolygon cuts them at the
// antimeridian and closes the pieces along it (and along the pole line for
// a ring around a pole), so that every geometry is a valid planar polygon
// in [-180,180] x [-90,90].

// maxNestRings bounds the rings of one cut polygon whose nesting is worked
// out (quadratic); beyond it, hostile input, each ring becomes a polygon.
const maxNestRings = 64

// cutPolygon returns p unchanged, or, when one of its rings crosses the
// antimeridian, the planar polygons it stands for.
func cutPolygon(p orb.Polygon) []orb.Polygon {
	crosses := false
	for _, r := range p {
		if len(crossings(r, nil)) > 0 {
			crosses = true
			break
		}
	}
	if !crosses {
		return []orb.Polygon{p}
	}
	var rings []orb.Ring
	for _, r := range p {
		rings = append(rings, cutRing(r)...)
	}
	return nest(rings)
}

// crossings appends to dst the indices k of the edges r[k]->r[k+1] that jump
// across the antimeridian (a longitude step of more than 180 degrees).
func crossings(r orb.Ring, dst []int) []int {
	for k := 0; k+1 < len(r); k++ {
		if math.Abs(r[k+1][0]-r[k][0]) > 180 {
			dst = append(dst, k)
		}
	}
	return dst
}

// cutRing cuts a closed ring at its antimeridian crossings into chains that
// each stay within [-180,180], and closes every chain into a ring: along the
// antimeridian when it starts and ends on the same side, and through the
// pole line otherwise (the ring then goes around a pole: the pole on the
// side of the crossings' mean latitude). The parity (even-odd) of the result
// is that of the spherical ring.
func cutRing(r orb.Ring) []orb.Ring {
	cs := crossings(r, nil)
	if len(cs) == 0 {
		return []orb.Ring{r}
	}
	n := len(r) - 1 // distinct points; r[n] == r[0]
	type cut struct {
		east, west float64 // latitude where the edge meets +180 and -180
		eastToWest bool
	}
	cuts := make([]cut, len(cs))
	meanLat := 0.0
	for m, k := range cs {
		a, b := r[k], r[k+1]
		c := cut{eastToWest: a[0] > b[0]}
		// Unwrap b next to a and interpolate where the edge meets the
		// antimeridian; an edge along it (from +180 to -180 exactly) meets
		// it in a segment: from a's latitude to b's.
		bx, edge := b[0]+360, 180.0
		if !c.eastToWest {
			bx, edge = b[0]-360, -180
		}
		if bx == a[0] {
			c.east, c.west = a[1], b[1]
			if !c.eastToWest {
				c.east, c.west = b[1], a[1]
			}
		} else {
			t := (edge - a[0]) / (bx - a[0])
			lat := a[1] + t*(b[1]-a[1])
			c.east, c.west = lat, lat
		}
		cuts[m] = c
		meanLat += c.east
	}
	pole := 90.0
	if meanLat < 0 {
		pole = -90
	}
	out := make([]orb.Ring, 0, len(cs))
	for m, k := range cs {
		next := (m + 1) % len(cs)
		var start, end orb.Point
		if cuts[m].eastToWest {
			start = orb.Point{-180, cuts[m].west}
		} else {
			start = orb.Point{180, cuts[m].east}
		}
		if cuts[next].eastToWest {
			end = orb.Point{180, cuts[next].east}
		} else {
			end = orb.Point{-180, cuts[next].west}
		}
		count := (cs[next] - k + n) % n
		if count == 0 {
			count = n
		}
		ring := make(orb.Ring, 0, count+5)
		ring = appendPoint(ring, start)
		for j := 1; j <= count; j++ {
			ring = appendPoint(ring, r[(k+j)%n])
		}
		ring = appendPoint(ring, end)
		if end[0] != start[0] {
			ring = appendPoint(ring, orb.Point{end[0], pole})
			ring = appendPoint(ring, orb.Point{start[0], pole})
		}
		ring = appendPoint(ring, start)
		if len(ring) >= 4 {
			out = append(out, ring)
		}
	}
	return out
}

// appendPoint appends p unless it repeats the last point.
func appendPoint(r orb.Ring, p orb.Point) orb.Ring {
	if len(r) > 0 && r[len(r)-1] == p {
		return r
	}
	return append(r, p)
}

// nest turns a set of rings read with the even-odd rule into polygons: a
// ring inside an even number of the others is an exterior, one inside an
// odd number a hole of the smallest exterior around it.
func nest(rings []orb.Ring) []orb.Polygon {
	if len(rings) > maxNestRings {
		out := make([]orb.Polygon, len(rings))
		for i, r := range rings {
			out[i] = orb.Polygon{r}
		}
		return out
	}
	depth := make([]int, len(rings))
	parent := make([]int, len(rings))
	area := make([]float64, len(rings))
	for i, r := range rings {
		area[i] = math.Abs(planar.Area(r))
	}
	for i, r := range rings {
		p := samplePoint(r)
		parent[i] = -1
		for j, s := range rings {
			if i == j || !planar.RingContains(s, p) {
				continue
			}
			depth[i]++
			if parent[i] < 0 || area[j] < area[parent[i]] {
				parent[i] = j
			}
		}
	}
	var out []orb.Polygon
	index := make([]int, len(rings)) // polygon of each exterior
	for i, r := range rings {
		if depth[i]%2 == 0 {
			index[i] = len(out)
			out = append(out, orb.Polygon{r})
		}
	}
	for i, r := range rings {
		if depth[i]%2 == 1 && parent[i] >= 0 && depth[parent[i]]%2 == 0 {
			k := index[parent[i]]
			out[k] = append(out[k], r)
		}
	}
	return out
}

// samplePoint is a vertex of r off the antimeridian and the poles, where
// the closing edges of cut rings run, or r[0] when there is none.
func samplePoint(r orb.Ring) orb.Point {
	for _, p := range r {
		if math.Abs(p[0]) < 180 && math.Abs(p[1]) < 90 {
			return p
		}
	}
	return r[0]
}
