package basemap

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

var locateTests = []struct {
	name     string
	lon, lat float64
	want     string // "" for none
}{
	{"New Delhi", 77.2, 28.6, "IN"},
	{"Taipei", 121.5, 25.0, "TW"},
	{"San Francisco", -122.42, 37.77, "US"},
	{"San Francisco waterfront, sea at 1:50m", -122.4, 37.8, ""},
	{"Paris", 2.35, 48.85, "FR"},
	{"Malta", 14.5, 35.9, "MT"},
	{"Gulf of Guinea", 0, 0, ""},
	{"Honolulu", -157.8, 21.3, "US"},
	{"Fiji, Viti Levu", 178.0, -17.8, "FJ"},
	{"Fiji, Vanua Levu", 179.3, -16.6, "FJ"},
	{"Fiji east of the antimeridian", -179.9, -16.8, "FJ"},
	{"Koro Sea, Fiji", 179.0, -17.8, ""},
	{"Chukotka west", 175, 66, "RU"},
	{"Chukotka east", -175, 66.5, "RU"},
	{"Antarctica", 0, -80, "AQ"},
	{"Antarctica near pole", 45, -89.5, "AQ"},
	{"Dharamsala", 76.32, 32.22, "IN"},
	{"Lhasa", 91.1, 29.65, "CN"},
	{"Kathmandu", 85.3, 27.7, "NP"},
	{"Brussels", 4.35, 50.85, "BE"},
	{"Geneva", 6.14, 46.2, "CH"},
	{"Vatican, where Natural Earth draws it", 12.4345, 41.9015, "VA"},
	{"Rome", 12.5, 41.9, "IT"},
	{"Singapore", 103.82, 1.35, "SG"},
	{"Hong Kong Island", 114.15, 22.28, "HK"},
	{"Victoria Harbour", 114.17, 22.3, ""},
	{"Lesotho, inside South Africa", 28.2, -29.5, "LS"},
	{"South Africa around Lesotho", 26.0, -29.5, "ZA"},
	{"Pristina", 21.16, 42.66, "XK"},
	{"Christmas Island", 105.63, -10.49, "CX"},
	{"Kaliningrad", 20.5, 54.7, "RU"},
	{"Nicosia north", 33.4, 35.25, "CY"},
	{"Hargeisa, Somaliland", 44.06, 9.56, "SO"},
	{"Caspian Sea", 51, 42, ""},
	{"Pacific", -140, 0, ""},
	{"North Pole", 0, 90, ""},
	{"antimeridian", 180, 0, ""},
	{"out of range lon", 200, 10, ""},
	{"out of range lat", 10, -91, ""},
	{"NaN", math.NaN(), 10, ""},
}

func TestLocate(t *testing.T) {
	l := DefaultLocator()
	for _, tt := range locateTests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := l.Locate(tt.lon, tt.lat)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Locate(%v, %v) = %q, %v; want %q", tt.lon, tt.lat, got, ok, tt.want)
			}
		})
	}
}

// TestLocateMatchesPlanar checks the grid against orb's ray casting over
// whole outlines at random points, and at points near vertices, where
// mistakes in the grid would show.
func TestLocateMatchesPlanar(t *testing.T) {
	for _, m := range []*Map{World110(), World50()} {
		l := NewLocator(m)
		rng := rand.New(rand.NewPCG(1, 2))
		n := 20000
		if testing.Short() {
			n = 2000
		}
		var pts []orb.Point
		for range n {
			pts = append(pts, orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90})
		}
		for _, c := range m.Countries {
			for _, p := range c.Geometry {
				for _, r := range p {
					for k := 0; k < len(r); k += 97 {
						pts = append(pts, orb.Point{r[k][0] + rng.NormFloat64()*1e-3, r[k][1] + rng.NormFloat64()*1e-3})
					}
				}
			}
		}
		bad := 0
		for _, p := range pts {
			want := ""
			for _, c := range m.Countries {
				if c.Alpha2 != "" && c.Bound.Contains(p) && planar.MultiPolygonContains(c.Geometry, p) {
					want = c.Alpha2
					break
				}
			}
			if got, _ := l.Locate(p[0], p[1]); got != want {
				bad++
				if bad < 10 {
					t.Errorf("Locate(%v, %v) = %q, planar says %q", p[0], p[1], got, want)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%d of %d points differ", bad, len(pts))
		}
	}
}

func TestLocateNear(t *testing.T) {
	l := DefaultLocator()
	for _, tt := range []struct {
		name          string
		lon, lat, max float64
		want          string
	}{
		{"inland", 77.2, 28.6, 0.1, "IN"},
		{"San Francisco waterfront", -122.4, 37.8, 0.05, "US"},
		{"Koro Sea", 179.0, -17.8, 0.3, "FJ"},
		{"Victoria Harbour", 114.17, 22.3, 0.05, "HK"},
		{"off Mumbai", 72.75, 18.95, 0.2, "IN"},
		{"off Mumbai, too far", 72.75, 18.95, 0.01, ""},
		{"mid Atlantic", -30, 30, 1, ""},
		{"capped", -30, 30, 1000, ""},
		{"zero", 72.75, 18.95, 0, ""},
		{"NaN", 72.75, 18.95, math.NaN(), ""},
		{"out of range", 500, 0, 1, ""},
		{"near pole", 10, 89.9, 1, ""},
	} {
		if got, ok := l.LocateNear(tt.lon, tt.lat, tt.max); got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: LocateNear = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestLocateConcurrent(t *testing.T) {
	l := DefaultLocator()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				if got, _ := l.Locate(77.2, 28.6); got != "IN" {
					t.Error("concurrent Locate failed")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestLocateAllocs(t *testing.T) {
	l := DefaultLocator()
	if n := testing.AllocsPerRun(100, func() { l.Locate(2.35, 48.85); l.LocateNear(72.75, 18.95, 0.2) }); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}

// benchPoints are host-like points: on land in many countries, some at sea.
func benchPoints() []orb.Point {
	var pts []orb.Point
	for _, tt := range locateTests {
		if tt.want != "" {
			pts = append(pts, orb.Point{tt.lon, tt.lat})
		}
	}
	return pts
}

func BenchmarkLocate(b *testing.B) {
	l := DefaultLocator()
	pts := benchPoints()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pts[i%len(pts)]
		l.Locate(p[0], p[1])
	}
}

func BenchmarkLocateRandom(b *testing.B) {
	l := DefaultLocator()
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 4096)
	for i := range pts {
		pts[i] = orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pts[i%len(pts)]
		l.Locate(p[0], p[1])
	}
}

func BenchmarkNewLocator50m(b *testing.B) {
	m := World50()
	b.ReportAllocs()
	for b.Loop() {
		NewLocator(m)
	}
}

func ExampleLocator_Locate() {
	l := DefaultLocator()
	for _, p := range [][2]float64{{77.2, 28.6}, {121.5, 25.0}, {-157.8, 21.3}, {178.0, -17.8}, {0, 0}} {
		code, ok := l.Locate(p[0], p[1])
		fmt.Println(p, code, ok)
	}
	// Output:
	// [77.2 28.6] IN true
	// [121.5 25] TW true
	// [-157.8 21.3] US true
	// [178 -17.8] FJ true
	// [0 0]  false
}
