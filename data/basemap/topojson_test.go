package basemap

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"threatmap/assets"
)

// square is a quantized topology: one arc drawing the unit square at
// (10,20)-(11,21) in delta-encoded steps of 0.5 degrees, one hole arc, a
// shared-arc pair, and a land object.
const square = `{"type":"Topology",
 "transform":{"scale":[0.5,0.5],"translate":[10,20]},
 "objects":{
  "countries":{"type":"GeometryCollection","geometries":[
   {"type":"Polygon","id":"356","properties":{"name":"India"},"arcs":[[0]]},
   {"type":"MultiPolygon","id":250,"properties":{"name":"France"},"arcs":[[[1,2]]]},
   {"type":"Point","coordinates":[0,0]},
   {"type":null},
   {"type":"Polygon","properties":{"name":"Kosovo"},"arcs":[[~2, ~1]]}
  ]},
  "land":{"type":"MultiPolygon","arcs":[[[0]]]}},
 "arcs":[
  [[0,0],[2,0],[0,2],[-2,0],[0,-2]],
  [[10,10],[2,0],[0,2]],
  [[12,12],[-2,0],[0,-2]]
 ]}`

func TestDecodeSmall(t *testing.T) {
	src := strings.ReplaceAll(square, "~2, ~1", "-3, -2")
	m, err := Decode([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Countries) != 3 {
		t.Fatalf("got %d countries, want 3", len(m.Countries))
	}
	in := m.Countries[0]
	wantRing := orb.Ring{{10, 20}, {11, 20}, {11, 21}, {10, 21}, {10, 20}}
	if in.Alpha2 != "IN" || in.Name != "India" || in.Numeric != "356" || !in.Geometry.Equal(orb.MultiPolygon{{wantRing}}) {
		t.Errorf("India = %+v", in)
	}
	if want := (orb.Bound{Min: orb.Point{10, 20}, Max: orb.Point{11, 21}}); in.Bound != want {
		t.Errorf("India bound = %v, want %v", in.Bound, want)
	}
	fr := m.Countries[1]
	wantFR := orb.Ring{{15, 25}, {16, 25}, {16, 26}, {15, 26}, {15, 25}}
	if fr.Alpha2 != "FR" || fr.Numeric != "250" || !fr.Geometry.Equal(orb.MultiPolygon{{wantFR}}) {
		t.Errorf("France = %+v", fr)
	}
	// Reversed arcs: ~2 then ~1 walks the same square the other way.
	xk := m.Countries[2]
	wantXK := orb.Ring{{15, 25}, {15, 26}, {16, 26}, {16, 25}, {15, 25}}
	if xk.Alpha2 != "XK" || xk.Numeric != "" || !xk.Geometry.Equal(orb.MultiPolygon{{wantXK}}) {
		t.Errorf("Kosovo = %+v", xk)
	}
	if !m.Land.Equal(orb.MultiPolygon{{wantRing}}) {
		t.Errorf("land = %v", m.Land)
	}
}

var decodeErrors = []struct{ name, in, want string }{
	{"empty", ``, "basemap: invalid JSON"},
	{"not json", `{"type":`, "basemap: invalid JSON"},
	{"not topology", `{"type":"FeatureCollection"}`, `basemap: type "FeatureCollection", want Topology`},
	{"no arcs", `{"type":"Topology","objects":{}}`, "basemap: arcs missing or not an array"},
	{"no objects", `{"type":"Topology","objects":{},"arcs":[]}`, `basemap: no object "countries" or "land"`},
	{"bad transform", `{"type":"Topology","transform":{"scale":[1]},"arcs":[]}`, "basemap: transform needs scale and translate of two numbers"},
	{"string transform", `{"type":"Topology","transform":{"scale":["1",1],"translate":[0,0]},"arcs":[]}`, "basemap: transform holds a value that is not a finite number"},
	{"arc index out of range", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[12]]}]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "basemap: countries: geometry 0: arc index 12 out of range"},
	{"reversed index out of range", `{"type":"Topology","objects":{"land":{"type":"Polygon","arcs":[[-3]]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "basemap: land: geometry 0: arc index -3 out of range"},
	{"fractional index", `{"type":"Topology","objects":{"land":{"type":"Polygon","arcs":[[0.5]]}},"arcs":[[[0,0],[1,0],[1,1],[0,0]]]}`, "basemap: land: geometry 0: arc index 0.5 is not an integer"},
	{"polygon arcs not array", `{"type":"Topology","objects":{"land":{"type":"Polygon","arcs":3}},"arcs":[]}`, "basemap: land: geometry 0: polygon arcs not an array"},
	{"position too short", `{"type":"Topology","objects":{},"arcs":[[[0]]]}`, "basemap: arc 0: malformed position at byte 4 of arcs"},
	{"position not number", `{"type":"Topology","objects":{},"arcs":[[["a",1]]]}`, "basemap: arc 0: malformed position at byte 3 of arcs"},
	{"out of range", `{"type":"Topology","objects":{},"arcs":[[[0,0]],[[200,0]]]}`, "basemap: arc 1: coordinates out of range"},
	{"quantized overflow", `{"type":"Topology","transform":{"scale":[1e300,1],"translate":[0,0]},"objects":{},"arcs":[[[10,0]]]}`, "basemap: arc 0: coordinates out of range"},
	{"arc reuse bomb", `{"type":"Topology","objects":{"land":{"type":"Polygon","arcs":[[` + strings.Repeat("0,", 5000) + `0]]}},"arcs":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`, "basemap: land: geometry 0: geometries too large for the arcs (arc reuse limit)"},
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range decodeErrors {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode([]byte(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Errorf("Decode: got map %v, error %v; want error %q", m != nil, err, tt.want)
			}
		})
	}
}

func TestDecodeLenient(t *testing.T) {
	// Open rings are closed, degenerate rings dropped, unknown types skipped,
	// plain (unquantized) topologies and extra dimensions accepted.
	src := `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
	 {"type":"Polygon","id":"076","arcs":[[0],[1]]},
	 {"type":"LineString","arcs":[0]}]}},
	 "arcs":[[[-50,-10,7],[-40,-10,7],[-40,0,7]],[[1,1],[2,2]]]}`
	m, err := Decode([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := orb.MultiPolygon{{{{-50, -10}, {-40, -10}, {-40, 0}, {-50, -10}}}}
	if len(m.Countries) != 1 || m.Countries[0].Alpha2 != "BR" || !m.Countries[0].Geometry.Equal(want) {
		t.Errorf("got %+v", m.Countries)
	}
	if m.Land != nil {
		t.Errorf("land = %v, want nil", m.Land)
	}
}

func TestWorld(t *testing.T) {
	for _, tt := range []struct {
		name  string
		m     *Map
		n     int
		codes int
	}{
		{"110m", World110(), 177, 175}, // without N. Cyprus and Somaliland codes of their own
		{"50m", World50(), 242, 238},   // Indian Ocean Ter. split in two; Siachen has none
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(tt.m.Countries); got != tt.n {
				t.Errorf("%d countries, want %d", got, tt.n)
			}
			codes := map[string]bool{}
			for _, c := range tt.m.Countries {
				if c.Alpha2 == "" && c.Name != "Siachen Glacier" {
					t.Errorf("no code for %q (id %q)", c.Name, c.Numeric)
				}
				if c.Alpha2 != "" {
					codes[c.Alpha2] = true
				}
				if c.Bound != c.Geometry.Bound() || len(c.Geometry) == 0 {
					t.Errorf("%s: bad bound or empty geometry", c.Name)
				}
				checkPlanar(t, c.Name, c.Geometry)
			}
			if len(codes) != tt.codes {
				t.Errorf("%d distinct codes, want %d", len(codes), tt.codes)
			}
			if len(tt.m.Land) == 0 {
				t.Error("no land")
			}
			checkPlanar(t, "land", tt.m.Land)
		})
	}
	for name, b := range map[string][]byte{"land-110m": assets.Land110m, "land-50m": assets.Land50m} {
		m, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.Countries != nil || len(m.Land) == 0 {
			t.Errorf("%s: %d countries, %d land polygons", name, len(m.Countries), len(m.Land))
		}
		checkPlanar(t, name, m.Land)
		if !planar.MultiPolygonContains(m.Land, orb.Point{77.2, 28.6}) || planar.MultiPolygonContains(m.Land, orb.Point{0, 0}) {
			t.Errorf("%s: land in the wrong place", name)
		}
	}
	if World50() != World50() {
		t.Error("World50 decodes twice")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(square))
	f.Add([]byte(strings.ReplaceAll(square, "~2, ~1", "-3, -2")))
	for _, tt := range decodeErrors {
		f.Add([]byte(tt.in))
	}
	f.Add(assets.Countries110m[:2000])
	f.Add([]byte(`{"type":"Topology","objects":{"land":{"type":"Polygon","arcs":[[0]]}},"arcs":[[[179,0],[-179,0],[-179,1],[179,1],[179,0]]]}`))
	f.Add([]byte(`{"type":"Topology","objects":{"land":{"type":"Polygon","arcs":[[0],[1]]}},"arcs":[[[-120,-89],[0,-89],[120,-89],[-120,-89]],[[-120,-70],[0,-70],[120,-70],[-120,-70]]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "basemap: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		for _, c := range m.Countries {
			if c.Bound != c.Geometry.Bound() {
				t.Fatal("bound mismatch")
			}
		}
		NewLocator(m).Locate(10.5, 20.5)
	})
}

func BenchmarkDecode110m(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(assets.Countries110m)))
	for b.Loop() {
		if _, err := Decode(assets.Countries110m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode50m(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(assets.Countries50m)))
	for b.Loop() {
		if _, err := Decode(assets.Countries50m); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCountryContains(t *testing.T) {
	for _, c := range World110().Countries {
		if c.Alpha2 == "IN" {
			if !c.Contains(orb.Point{77.2, 28.6}) || c.Contains(orb.Point{2.35, 48.85}) {
				t.Error("India.Contains is wrong")
			}
			return
		}
	}
	t.Fatal("no India")
}

func ExampleDecode() {
	m, err := Decode(assets.Countries110m)
	if err != nil {
		panic(err)
	}
	for _, c := range m.Countries[:3] {
		fmt.Printf("%s %s %q polygons=%d\n", c.Alpha2, c.Numeric, c.Name, len(c.Geometry))
	}
	fmt.Println(len(m.Countries), "countries")
	// Output:
	// FJ 242 "Fiji" polygons=3
	// TZ 834 "Tanzania" polygons=1
	// EH 732 "W. Sahara" polygons=1
	// 177 countries
}
