package render

import (
	"bytes"
	"image"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// splitStackData puts 10 hosts on each of two points 0.4° apart near New
// Delhi, one marker at world scale and two when zoomed in, and one host
// alone 0.5° south of them.
func splitStackData() *threat.Dataset {
	b := threat.NewBuilder(21)
	for k := range 21 {
		lon, lat := 77.0, 28.6
		switch {
		case k >= 20:
			lon, lat = 77.2, 28.1
		case k >= 10:
			lon = 77.4
		}
		b.AddHost(threat.Host{Lon: lon, Lat: lat, Country: "IN", Type: "embassy", Server: -1, First: threat.NoTime, Last: threat.NoTime})
	}
	return b.Build()
}

// drawScene draws s at v with a fresh renderer.
func drawScene(v View, s Scene) *image.RGBA {
	var r Renderer
	img := newFrame(v)
	r.Draw(img, v, &s)
	return img
}

// TestSelectedHosts: hosts selected together outline each marker that
// holds one of them, once. Where they are one stack, the picture is that
// of the stack's first host selected alone (the window's click); where a
// closer view splits them, every part is ringed, and nothing else.
func TestSelectedHosts(t *testing.T) {
	ds := splitStackData()
	first20 := make([]int32, 20)
	for i := range first20 {
		first20[i] = int32(i)
	}
	base := Scene{Data: ds, Layers: DefaultLayers &^ (LayerLegend | LayerCaption)}
	with := func(sel Item, hosts []int32) Scene {
		s := base
		s.Selected, s.SelectedHosts = sel, hosts
		return s
	}
	world := World(EqualEarth, 960, 540)
	one := drawScene(world, with(Item{Kind: KindHost, Index: 0}, nil))
	for name, s := range map[string]Scene{
		"the hosts":                 with(Item{}, first20),
		"the hosts and one of them": with(Item{Kind: KindHost, Index: 7}, first20),
		"in another order":          with(Item{}, []int32{19, 3, 0, 12, 12}),
	} {
		if got := drawScene(world, s); !bytes.Equal(got.Pix, one.Pix) {
			t.Errorf("world, %s selected: not the picture of the stack's first host selected", name)
		}
	}
	if plain := drawScene(world, base); bytes.Equal(plain.Pix, one.Pix) {
		t.Fatal("the selection draws nothing")
	}

	// Zoomed in, the stack is two markers: both are ringed, the lone
	// host is not.
	near := View{Projection: EqualEarth, Center: orb.Point{77.2, 28.4}, Zoom: 48, Width: 960, Height: 540}
	plain, got := drawScene(near, base), drawScene(near, with(Item{}, first20))
	west, east := pt(near.ToScreen(77.0, 28.6)), pt(near.ToScreen(77.4, 28.6))
	lone := pt(near.ToScreen(77.2, 28.1))
	if !lone.In(image.Rect(0, 0, 960, 540)) || east.X-west.X < 40 || lone.Y-west.Y < 40 {
		t.Fatalf("the test view: Delhi at %v and %v, the lone host at %v", west, east, lone)
	}
	const reach = 20 // a ring's radius and width around a marker of 10
	changed := map[string]int{}
	for y := range 540 {
		for x := range 960 {
			o := 4 * (y*960 + x)
			if bytes.Equal(plain.Pix[o:o+4], got.Pix[o:o+4]) {
				continue
			}
			p := image.Pt(x, y)
			switch {
			case dist(p, west) < reach:
				changed["west"]++
			case dist(p, east) < reach:
				changed["east"]++
			default:
				changed["elsewhere"]++
			}
		}
	}
	if changed["west"] == 0 || changed["east"] == 0 || changed["elsewhere"] != 0 {
		t.Errorf("pixels changed by the selection: %v; want both Delhi markers ringed and nothing else", changed)
	}
	// Each marker is ringed once: selecting its ten hosts draws what
	// selecting one of them draws.
	if a, b := drawScene(near, with(Item{}, first20[:10])), drawScene(near, with(Item{Kind: KindHost, Index: 3}, nil)); !bytes.Equal(a.Pix, b.Pix) {
		t.Error("ten hosts of one marker selected: not the picture of one of them selected")
	}
	if a, b := drawScene(near, with(Item{}, []int32{20, 20})), drawScene(near, with(Item{Kind: KindHost, Index: 20}, nil)); !bytes.Equal(a.Pix, b.Pix) {
		t.Error("a lone host selected together with itself: not the picture of it selected")
	}

	// Drawn as a density raster, the hosts of a marker cell share a ring.
	dense := func(hosts []int32) []byte {
		s := with(Item{}, hosts)
		s.DensityThreshold = 1
		return drawScene(near, s).Pix
	}
	if all := dense(first20); bytes.Equal(all, dense(nil)) || !bytes.Equal(all, dense([]int32{0, 10})) {
		t.Error("as a density raster: the twenty hosts are not ringed as one host of each point")
	}
}

func pt(x, y float64) image.Point { return image.Pt(int(x), int(y)) }

func dist(a, b image.Point) float64 { return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) }

// TestSelectedHiddenNotRinged: a selected host the filters hide (alone or
// among hosts selected together) is not ringed where it would be: the
// frame is the unselected one.
func TestSelectedHiddenNotRinged(t *testing.T) {
	ds := splitStackData()
	var none filter.Set
	none.Reset(ds.Hosts.Len())
	base := Scene{Data: ds, Layers: DefaultLayers &^ (LayerLegend | LayerCaption), Visible: &none}
	world := World(EqualEarth, 960, 540)
	plain := drawScene(world, base)
	for name, sel := range map[string]func(s *Scene){
		"a host":            func(s *Scene) { s.Selected = Item{Kind: KindHost, Index: 0} },
		"hosts together":    func(s *Scene) { s.SelectedHosts = []int32{0, 1, 2} },
		"a host and others": func(s *Scene) { s.Selected, s.SelectedHosts = Item{Kind: KindHost, Index: 3}, []int32{0, 1} },
	} {
		s := base
		sel(&s)
		if got := drawScene(world, s); !bytes.Equal(got.Pix, plain.Pix) {
			t.Errorf("%s selected, all hidden: the frame differs from the unselected one", name)
		}
	}
}
