package basemap

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Label is a place name and the point to write it at. Rank orders labels
// by importance, highest first: a country's area in square degrees of
// latitude-scaled longitude, a city's population.
type Label struct {
	Name     string
	Lon, Lat float64
	Rank     float64
}

// CountryLabels returns one label per named country of m, most important
// (largest) first: the name as the map spells it ("Central African Rep."),
// at the centroid of its largest polygon, or at that polygon's bounding-box
// centre when the centroid falls outside it (a crescent-shaped country).
// Geometries sharing a name (Natural Earth keeps some territories apart)
// give one label, at the largest.
func (m *Map) CountryLabels() []Label {
	best := map[string]int{}
	var out []Label
	for _, c := range m.Countries {
		if c.Name == "" {
			continue
		}
		l, ok := countryLabel(c)
		if !ok {
			continue
		}
		if i, seen := best[c.Name]; seen {
			if l.Rank > out[i].Rank {
				out[i] = l
			}
			continue
		}
		best[c.Name] = len(out)
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b Label) int {
		switch {
		case a.Rank > b.Rank:
			return -1
		case a.Rank < b.Rank:
			return 1
		}
		return 0
	})
	return out
}

// countryLabel places c's name on its largest polygon and ranks it by its
// total area (each polygon's planar area scaled by the cosine of its
// latitude: square degrees near the poles are small).
func countryLabel(c Country) (Label, bool) {
	var big orb.Polygon
	bigA, total := 0.0, 0.0
	for _, p := range c.Geometry {
		if len(p) == 0 {
			continue
		}
		ctr, a := planar.CentroidArea(p)
		a = math.Abs(a) * math.Cos(ctr[1]*math.Pi/180)
		total += a
		if a > bigA {
			big, bigA = p, a
		}
	}
	if big == nil {
		return Label{}, false
	}
	pt, _ := planar.CentroidArea(big)
	if !planar.PolygonContains(big, pt) {
		pt = big.Bound().Center()
	}
	return Label{Name: c.Name, Lon: pt[0], Lat: pt[1], Rank: total}, true
}
