package render

import (
	"image"
	"testing"

	"threatmap/data/filter"
)

// TestGoldenHighlightReconstructed: a selected server's victims at
// reported and reconstructed positions, their links reported (bright)
// and reconstructed (fainter), over the dimmed map.
func TestGoldenHighlightReconstructed(t *testing.T) {
	ds := reconData()
	var vict filter.Set
	filter.Victims(ds, 0, &vict)
	v := FitBounds(EqualEarth, bound(-20, -20, 140, 65), goldenW, goldenH)
	s := &Scene{Data: ds, Layers: DefaultLayers, Highlight: &vict, Selected: Item{KindServer, 0}}
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, goldenW, goldenH))
	r.Draw(img, v, s)
	assertGolden(t, "highlight-reconstructed", img, r.LastStats(), Stats{Hosts: 7, OnScreen: 7, Links: 7, Servers: 2})
}

// TestVictimCacheMatchesFresh: the victims kept between frames are
// collected again whenever the selection (also refilled in place), the
// visible set, the view, the frame, the density mode, the hosts layer or
// the dataset change: every frame equals a fresh Renderer's pixel for
// pixel, whatever came before.
func TestVictimCacheMatchesFresh(t *testing.T) {
	ds := synthLinks(5, 30000, 20000, 2)
	other := synthLinks(6, 30000, 20000, 2)
	const w, h = 640, 360
	var high, vis filter.Set
	filter.Victims(ds, 2, &high)
	v0 := World(EqualEarth, w, h)
	v1 := v0.ZoomAt(300, 150, 2)
	sel := func(mod func(s *Scene)) *Scene {
		s := &Scene{Data: ds, Layers: DefaultLayers, Highlight: &high, Selected: Item{KindServer, 2}}
		if mod != nil {
			mod(s)
		}
		return s
	}
	filtered := sel(func(s *Scene) { s.Visible = &vis })
	steps := []struct {
		name   string
		v      View
		s      *Scene
		change func() // applied before the step
		pan    bool
	}{
		{"first", v0, sel(nil), nil, false},
		{"again", v0, sel(nil), nil, false},
		{"another server, same set", v0, sel(func(s *Scene) { s.Selected.Index = 0 }), func() { filter.Victims(ds, 0, &high) }, false},
		{"filtered", v0, filtered, func() {
			vis.Reset(ds.Hosts.Len())
			for i := 0; i < ds.Hosts.Len(); i += 3 {
				vis.Add(i)
			}
		}, false},
		{"filtered otherwise, same set", v0, filtered, func() {
			vis.Reset(ds.Hosts.Len())
			for i := 1; i < ds.Hosts.Len(); i += 2 {
				vis.Add(i)
			}
		}, false},
		{"unfiltered", v0, sel(nil), nil, false},
		{"zoomed", v1, sel(nil), nil, false},
		{"drag 1", v1.Pan(7, 3), sel(nil), nil, true},
		{"drag 2", v1.Pan(14, 6), sel(nil), nil, true},
		{"dropped", v1.Pan(14, 6), sel(nil), nil, false},
		{"light theme", v1.Pan(14, 6), sel(func(s *Scene) { s.Theme = Light }), nil, false},
		{"density", v1.Pan(14, 6), sel(func(s *Scene) { s.DensityThreshold = 1000 }), nil, false},
		{"points again", v1.Pan(14, 6), sel(nil), nil, false},
		{"no hosts", v1.Pan(14, 6), sel(func(s *Scene) { s.Layers &^= LayerHosts }), nil, false},
		{"hosts again", v1.Pan(14, 6), sel(nil), nil, false},
		{"smaller frame", World(EqualEarth, w/2, h/2), sel(nil), nil, false},
		{"back", v0, sel(nil), nil, false},
		{"another dataset, same set", v0, sel(func(s *Scene) { s.Data = other }), nil, false},
		{"its server's victims", v0, sel(func(s *Scene) { s.Data = other }), func() { filter.Victims(other, 0, &high) }, false},
		{"no selection", v0, &Scene{Data: other, Layers: DefaultLayers}, nil, false},
		{"selected again", v0, sel(func(s *Scene) { s.Data = other }), nil, false},
	}
	var r Renderer
	for _, st := range steps {
		if st.change != nil {
			st.change()
		}
		img := image.NewRGBA(image.Rect(0, 0, st.v.Width, st.v.Height))
		s := *st.s
		s.Panning = st.pan
		r.Draw(img, st.v, &s)
		if st.pan {
			continue // a drag may differ by rounding at the edges, as the base map does
		}
		want := image.NewRGBA(img.Rect)
		var fresh Renderer
		fresh.Draw(want, st.v, st.s)
		if n := differentPixels(img, want); n != 0 {
			t.Errorf("%s: %d pixels differ from a fresh render", st.name, n)
		}
		if st.s.Highlight != nil && st.s.Layers.Has(LayerHosts) && len(r.victims) == 0 {
			t.Errorf("%s: no victims marked", st.name)
		}
	}
}

// TestVictimLayerDrag: during a drag with a server selected, the
// victims' marks are a layer shifted with the base map, only the strips
// uncovered drawn, and the frames stay close to a fresh render: a
// shifted mark is where a fresh one would be, but where several victims
// share a pixel or a density square, the one drawn may be another of
// them, of another colour. The first frame without Panning is exact
// (TestVictimCacheMatchesFresh).
func TestVictimLayerDrag(t *testing.T) {
	ds := synthLinks(5, 30000, 20000, 2)
	var high filter.Set
	filter.Victims(ds, 2, &high)
	for _, dense := range []int{0, 1000} {
		v := World(EqualEarth, 640, 360).ZoomAt(300, 150, 2)
		s := &Scene{Data: ds, Layers: DefaultLayers, Highlight: &high, Selected: Item{KindServer, 2}, DensityThreshold: dense}
		var r Renderer
		img := image.NewRGBA(image.Rect(0, 0, 640, 360))
		r.Draw(img, v, s)
		s.Panning = true
		for i, d := range [][2]float64{{10, 0}, {0, -8}, {-6, 0}, {0, 0}} {
			v = v.Pan(d[0], d[1])
			r.Draw(img, v, s)
			l := &r.hl.layer
			if !l.use {
				t.Fatalf("density %d, pan %v: the marks were not a layer", dense, d)
			}
			if whole := l.strips[0] == img.Rect; whole != (i == 0) {
				t.Errorf("density %d, pan %v: layer drawn whole %v, want %v", dense, d, whole, i == 0)
			}
			want := image.NewRGBA(img.Rect)
			var fresh Renderer
			fresh.Draw(want, v, s)
			off := 0
			for i := range img.Pix {
				if absd(img.Pix[i], want.Pix[i]) > 3 {
					off++
				}
			}
			t.Logf("density %d, pan %v: %d channel values differ from a fresh render by more than 3", dense, d, off)
			if off > len(img.Pix)*3/100 {
				t.Errorf("density %d, pan %v: %d channel values differ from a fresh render by more than 3", dense, d, off)
			}
		}
	}
}
