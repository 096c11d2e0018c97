package render

import (
	"image"
	"testing"

	"github.com/paulmach/orb"
)

// TestGoldenLabels draws the place labels over the synthetic GhostNet-like
// data: country names at world scale and city names zoomed in on Europe,
// in both themes.
func TestGoldenLabels(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	europe := View{Projection: EqualEarth, Center: orb.Point{12, 48}, Zoom: 6, Width: goldenW, Height: goldenH}
	for _, tc := range []struct {
		name  string
		v     View
		theme Theme
	}{
		{"labels_world_dark", World(EqualEarth, goldenW, goldenH), Dark},
		{"labels_world_light", World(EqualEarth, goldenW, goldenH), Light},
		{"labels_europe_dark", europe, Dark},
		{"labels_europe_light", europe, Light},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Scene{Data: ds, Layers: DefaultLayers, Theme: tc.theme, Title: "Place labels"}
			var r Renderer
			img := newFrame(tc.v)
			r.Draw(img, tc.v, s)
			n := len(r.placed.texts)
			if n < 10 {
				t.Errorf("%d labels and counts placed, want a map with names", n)
			}
			assertNoOverlap(t, r.placed.texts)
			assertGolden(t, tc.name, img, r.LastStats(), r.LastStats())
		})
	}
}

// assertNoOverlap fails when two placed boxes overlap.
func assertNoOverlap(t *testing.T, boxes []image.Rectangle) {
	t.Helper()
	for i := range boxes {
		for j := range i {
			if boxes[i].Overlaps(boxes[j]) {
				t.Fatalf("boxes %v and %v overlap", boxes[i], boxes[j])
			}
		}
	}
}

// TestLabelsLayer: without the labels layer no name is placed beyond the
// stacks' counts, and the layer name parses.
func TestLabelsLayer(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	v := World(EqualEarth, goldenW, goldenH)
	var with, without Renderer
	with.Draw(newFrame(v), v, &Scene{Data: ds, Layers: DefaultLayers})
	without.Draw(newFrame(v), v, &Scene{Data: ds, Layers: DefaultLayers &^ LayerLabels})
	if len(with.placed.texts) <= len(without.placed.texts) {
		t.Errorf("labels on placed %d boxes, off %d: want more with labels", len(with.placed.texts), len(without.placed.texts))
	}
	if l, err := ParseLayers("hosts,labels"); err != nil || !l.Has(LayerLabels) {
		t.Errorf(`ParseLayers("hosts,labels") = %v, %v`, l, err)
	}
	if !DefaultLayers.Has(LayerLabels) {
		t.Error("labels are not on by default")
	}
}

// TestCitiesOnlyZoomedIn: no city is named at world scale; zoomed in, the
// most populous cities come first.
func TestCitiesOnlyZoomedIn(t *testing.T) {
	w := World(EqualEarth, 1920, 1080)
	if p := minCityPop(w); p < 1e12 {
		t.Errorf("world view names cities of %.0f people", p)
	}
	z := w
	z.Zoom = 8
	if p := minCityPop(z); p > 2e6 || p < 2e5 {
		t.Errorf("zoom 8 names cities from %.0f people, want 200,000 to 2 million", p)
	}
}
