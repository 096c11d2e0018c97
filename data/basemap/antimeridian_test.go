package basemap

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func area(mp orb.MultiPolygon) float64 {
	a := 0.0
	for _, p := range mp {
		a += math.Abs(planar.Area(p[0]))
		for _, h := range p[1:] {
			a -= math.Abs(planar.Area(h))
		}
	}
	return a
}

func TestCutPolygon(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    orb.Polygon
		polys int
		area  float64
		in1   []orb.Point
		out   []orb.Point
	}{
		{
			name:  "no crossing",
			in:    orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}},
			polys: 1, area: 1,
		},
		{
			name:  "island across the antimeridian",
			in:    orb.Polygon{{{179, 0}, {-179, 0}, {-179, 1}, {179, 1}, {179, 0}}},
			polys: 2, area: 2,
			in1: []orb.Point{{179.5, 0.5}, {-179.5, 0.5}},
			out: []orb.Point{{0, 0.5}, {178.5, 0.5}, {-178.5, 0.5}},
		},
		{
			name:  "along the antimeridian exactly",
			in:    orb.Polygon{{{179, 0}, {180, 0}, {-180, 0}, {-179, 0}, {-179, 1}, {-180, 1}, {180, 1}, {179, 1}, {179, 0}}},
			polys: 2, area: 2,
			in1: []orb.Point{{179.5, 0.5}, {-179.5, 0.5}},
			out: []orb.Point{{0, 0.5}},
		},
		{
			name:  "around the South Pole",
			in:    orb.Polygon{{{-120, -80}, {0, -80}, {120, -80}, {-120, -80}}},
			polys: 1, area: 360 * 10,
			in1: []orb.Point{{0, -85}, {179, -85}, {-179, -85}},
			out: []orb.Point{{0, -75}},
		},
		{
			name:  "around the North Pole, the other way",
			in:    orb.Polygon{{{120, 80}, {0, 80}, {-120, 80}, {120, 80}}},
			polys: 1, area: 360 * 10,
			in1: []orb.Point{{0, 85}},
			out: []orb.Point{{0, 75}},
		},
		{
			// Antarctica at 1:50m: a ring just off the pole and the coast,
			// both around the pole; the land lies between them.
			name: "polar cap cut out",
			in: orb.Polygon{
				{{-120, -89}, {0, -89}, {120, -89}, {-120, -89}},
				{{-120, -70}, {0, -70}, {120, -70}, {-120, -70}},
			},
			polys: 1, area: 360 * 19,
			in1: []orb.Point{{0, -80}},
			out: []orb.Point{{0, -89.5}, {0, -60}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mp := orb.MultiPolygon(cutPolygon(tt.in))
			if len(mp) != tt.polys {
				t.Errorf("%d polygons, want %d: %v", len(mp), tt.polys, mp)
			}
			if a := area(mp); math.Abs(a-tt.area) > 1e-9 {
				t.Errorf("area %v, want %v", a, tt.area)
			}
			checkPlanar(t, tt.name, mp)
			for _, p := range tt.in1 {
				if !planar.MultiPolygonContains(mp, p) {
					t.Errorf("%v not inside", p)
				}
			}
			for _, p := range tt.out {
				if planar.MultiPolygonContains(mp, p) {
					t.Errorf("%v inside", p)
				}
			}
		})
	}
}

// checkPlanar fails when mp leaves the world or still jumps across it
// (other than along a pole line, where cut rings close).
func checkPlanar(t *testing.T, name string, mp orb.MultiPolygon) {
	t.Helper()
	for _, p := range mp {
		for _, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Errorf("%s: open or degenerate ring", name)
			}
			for k := 0; k+1 < len(r); k++ {
				a, b := r[k], r[k+1]
				if math.Abs(a[0]) > 180 || math.Abs(a[1]) > 90 {
					t.Errorf("%s: point %v outside the world", name, a)
				}
				if math.Abs(b[0]-a[0]) > 180 && !(a[1] == b[1] && math.Abs(a[1]) == 90) {
					t.Errorf("%s: edge %v-%v jumps across the antimeridian", name, a, b)
				}
			}
		}
	}
}
