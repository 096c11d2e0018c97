package render

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestFastTrig(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for range 200000 {
		x, y := rng.NormFloat64()*3, rng.NormFloat64()*3
		worst = max(worst, math.Abs(atan2Fast(y, x)-math.Atan2(y, x)))
		z := rng.Float64()*2 - 1
		worst = max(worst, math.Abs(asinFast(z)-math.Asin(z)))
		worst = max(worst, math.Abs(atanFast(x)-math.Atan(x)))
	}
	for _, z := range []float64{-1, 1, 0} {
		worst = max(worst, math.Abs(asinFast(z)-math.Asin(z)))
	}
	if worst > 1e-7 {
		t.Errorf("fast inverse trigonometry off by %g radians, want < 1e-7", worst)
	}
	if atan2Fast(0, 0) != 0 {
		t.Error("atan2Fast(0, 0) != 0")
	}
}

// exactArc returns the exact projected point at fraction f along the great
// circle (slerp with math).
func exactArc(p Projection, lon0, lat0, lon1, lat1, f float64) (float64, float64) {
	ax, ay, az := unit(lon0, lat0)
	bx, by, bz := unit(lon1, lat1)
	th := math.Acos(max(-1, min(1, ax*bx+ay*by+az*bz)))
	s0, s1 := math.Sin((1-f)*th)/math.Sin(th), math.Sin(f*th)/math.Sin(th)
	x, y, z := s0*ax+s1*bx, s0*ay+s1*by, s0*az+s1*bz
	return p.Forward(math.Atan2(y, x)/deg, math.Asin(z)/deg)
}

// TestGreatCircle checks the arcs against exact slerp at an 8192-pixel
// wide world: every point on its circle to well under a pixel, the ends
// where Forward puts them, segment counts by length, and the pen lifted at ±180°.
func TestGreatCircle(t *testing.T) {
	for _, p := range Projections {
		v := World(p, 8192, 4608)
		sc := v.Scale()
		k := math.Sqrt(math.Ldexp(1, arcLevel(sc)) / (8 * arcTolerance))
		for _, tc := range []struct {
			name                   string
			lon0, lat0, lon1, lat1 float64
			minSegs, maxSegs       int
			cross                  bool
		}{
			{"short hop Chengdu-Chongqing", 104.07, 30.67, 106.55, 29.56, 2, 8, false},
			{"Chengdu-Geneva", 104.07, 30.67, 6.14, 46.2, 24, maxArcSegs, false},
			{"Guangzhou-Brasilia", 113.26, 23.13, -47.88, -15.79, 48, maxArcSegs, false},
			{"San Francisco-Tokyo", -122.42, 37.77, 139.69, 35.69, 24, maxArcSegs, true},
			{"Suva-Apia eastward", 178.44, -18.14, -171.76, -13.83, 2, 12, true},
			{"same point", 10, 10, 10, 10, 2, 2, false},
		} {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				pts := greatCircle(nil, p, tc.lon0, tc.lat0, tc.lon1, tc.lat1, k)
				n := arcSegs(tc.lon0, tc.lat0, tc.lon1, tc.lat1, k)
				if n < tc.minSegs || n > tc.maxSegs {
					t.Errorf("%d segments, want %d..%d", n, tc.minSegs, tc.maxSegs)
				}
				x0, y0 := p.Forward(tc.lon0, tc.lat0)
				x1, y1 := p.Forward(tc.lon1, tc.lat1)
				m := len(pts)
				off := func(a float32, b float64) bool { return math.Abs(float64(a)-b) > 1e-6 }
				if off(pts[0], x0) || off(pts[1], y0) || off(pts[m-2], x1) || off(pts[m-1], y1) {
					t.Errorf("ends (%v, %v) (%v, %v), want the projected end points", pts[0], pts[1], pts[m-2], pts[m-1])
				}
				nan := 0
				for j := 0; j < m; j += 2 {
					if pts[j] != pts[j] {
						nan++
					}
				}
				if (nan > 0) != tc.cross {
					t.Errorf("%d pen lifts, crossing want %v", nan, tc.cross)
				}
				if nan > 0 || tc.lon0 == tc.lon1 {
					return // the points between are checked on arcs that stay on one side
				}
				worst := 0.0
				for i := 0; i <= n; i++ {
					ex, ey := exactArc(p, tc.lon0, tc.lat0, tc.lon1, tc.lat1, float64(i)/float64(n))
					worst = max(worst, math.Hypot(float64(pts[2*i])-ex, float64(pts[2*i+1])-ey)*sc)
				}
				if worst > 0.05 {
					t.Errorf("points off their great circle by up to %.3f px at 8192 px", worst)
				}
			})
		}
	}
}
