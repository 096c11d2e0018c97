package render

import (
	"image"
	"testing"

	"github.com/paulmach/orb"

	"threatmap/data/ingest"
	"threatmap/data/threat"
)

// stackData puts 96 hosts on one point of New Delhi (80 private broadband,
// 12 embassies, 4 ministries: a pie), 5 embassies on one point of Mumbai
// (one colour), and one host alone in Bangalore.
func stackData() *threat.Dataset {
	b := threat.NewBuilder(102)
	add := func(lon, lat float64, typ string, n int) {
		for range n {
			b.AddHost(threat.Host{Lon: lon, Lat: lat, Country: "IN", Type: typ, Server: -1, First: threat.NoTime, Last: threat.NoTime})
		}
	}
	add(77.21, 28.61, "private_broadband", 80)
	add(77.21, 28.61, "embassy", 12)
	add(77.21, 28.61, "mfa", 4)
	add(72.88, 19.08, "embassy", 5)
	add(77.59, 12.97, "gov_other", 1)
	return b.Build()
}

func TestGoldenStack96(t *testing.T) {
	ds := stackData()
	v := View{Projection: EqualEarth, Center: orb.Point{78, 22}, Zoom: 6, Width: goldenW, Height: goldenH}
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "96 hosts on one point"}
	var r Renderer
	img := newFrame(v)
	r.Draw(img, v, s)
	// The stack's marker is wider than a lone host's, and the hit test
	// finds all 96 from any of them.
	x, y := v.ToScreen(77.21, 28.61)
	h := r.HitTest(v, s, int(x), int(y), 6)
	if h.Kind != KindHost {
		t.Fatalf("hit at New Delhi = %+v, want a host", h)
	}
	members, n := r.Stack(v, s, h.Index, nil, 10)
	if n != 96 || len(members) != 10 || members[0] != 0 {
		t.Errorf("Stack at New Delhi = %d hosts, first %v; want 96, from host 0", n, members)
	}
	if _, n := r.Stack(v, s, 101, nil, 10); n != 1 {
		t.Errorf("Stack of the Bangalore host = %d, want 1 (alone)", n)
	}
	if _, _, rad, n := r.stackAt(0); n != 96 || rad < 3*singleRadius(markerScale(uiScale(v.Width, v.Height), v.Zoom)) {
		t.Errorf("stack marker: %d hosts, radius %.1f; want 96 and at least three lone radii", n, rad)
	}
	assertGolden(t, "stack96", img, r.LastStats(), Stats{Hosts: 102, OnScreen: 102})
}

// TestLoneHostSize: a lone host is at least 5 px across in the default
// window (1440x900) and in the goldens' 960x540, and grows with the zoom.
func TestLoneHostSize(t *testing.T) {
	for _, sz := range [][2]int{{1440, 900}, {960, 540}, {1024, 700}} {
		if d := 2 * singleRadius(markerScale(uiScale(sz[0], sz[1]), 1)); d < 5 {
			t.Errorf("%dx%d: a lone host is %.1f px across, want at least 5", sz[0], sz[1], d)
		}
	}
	if a, b := singleRadius(markerScale(uiScale(1920, 1080), 1)), singleRadius(markerScale(uiScale(1920, 1080), 16)); !(b > a && b <= 1.6*a) {
		t.Errorf("zoom 16 radius %.1f vs %.1f at zoom 1: want modest growth", b, a)
	}
}

// TestGhostNetIndiaStacks: the default dataset's Indian hosts, at world
// scale, draw as stacks whose counts add up, and one is found whole by
// the hit test.
func TestGhostNetIndiaStacks(t *testing.T) {
	ds, _ := ingest.Default()
	v := World(EqualEarth, 1440, 900)
	s := &Scene{Data: ds, Layers: DefaultLayers}
	var r Renderer
	r.Draw(newFrame(v), v, s)
	x, y := v.ToScreen(77.2, 28.6) // New Delhi
	h := r.HitTest(v, s, int(x), int(y), 8)
	if h.Kind != KindHost {
		t.Fatalf("nothing at New Delhi: %+v", h)
	}
	members, n := r.Stack(v, s, h.Index, nil, 1000)
	if n < 10 || len(members) != n {
		t.Fatalf("the New Delhi stack has %d hosts (%d listed), want a stack", n, len(members))
	}
	for _, i := range members {
		if ds.Country(int(i)) != "IN" {
			t.Errorf("host %d of the New Delhi stack is in %s", i, ds.Country(int(i)))
		}
	}
}

// newFrame is a frame of v's size.
func newFrame(v View) *image.RGBA { return image.NewRGBA(image.Rect(0, 0, v.Width, v.Height)) }

// BenchmarkStack1M finds the members of a stack among 1M hosts (the hit
// index warm), as a hover over a crowded marker does.
func BenchmarkStack1M(b *testing.B) {
	ds := synthDataset(7, 1_000_000, 2)
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Data: ds, Layers: DefaultLayers}
	var r Renderer
	dst := make([]int32, 0, 2000)
	_, n := r.Stack(v, s, 0, dst, 2000)
	if n < 100 {
		b.Fatalf("stack of host 0: %d hosts, want a crowd", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		dst, _ = r.Stack(v, s, 0, dst, 2000)
	}
	b.ReportMetric(float64(n), "hosts/stack")
}
