package render

import (
	"image"
	"testing"

	"threatmap/data/filter"
)

// TestDrawWarmAllocatesNothing pins the frame contract outside benchmarks:
// once warm, Draw allocates nothing, in every mode (points and density,
// anti-aliased and hazy links, a filter, a highlight, a selection).
func TestDrawWarmAllocatesNothing(t *testing.T) {
	few := synthDataset(3, 2000, 1)
	many := synthLinks(4, 80000, 8000, 2)
	high := filter.NewSet(many.Hosts.Len())
	for i := 0; i < many.Hosts.Len(); i += 3 {
		high.Add(i)
	}
	vis := filter.NewSet(many.Hosts.Len())
	filter.Query{Types: []string{"embassy", "mfa", "private_broadband", "unknown"}}.Apply(many, vis)
	for _, tc := range []struct {
		name string
		v    View
		s    *Scene
	}{
		{"points, anti-aliased links", World(EqualEarth, 640, 360), &Scene{Data: few, Layers: DefaultLayers, Title: "t", Lines: []string{"a", "b"}, Selected: Item{KindLink, 3}, Hovered: Item{KindHost, 5}}},
		{"density, link haze", World(EqualEarth, 640, 360), &Scene{Data: many, Layers: DefaultLayers | LayerGraticule, Highlight: high, Title: "t"}},
		{"filtered, light, choropleth", FitBounds(Mercator, bound(60, -15, 130, 45), 640, 360), &Scene{Data: many, Visible: vis, Layers: DefaultLayers | LayerChoropleth, Theme: Light, Selected: Item{KindServer, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r Renderer
			img := image.NewRGBA(image.Rect(0, 0, tc.v.Width, tc.v.Height))
			r.Draw(img, tc.v, tc.s)
			r.Draw(img, tc.v, tc.s)
			if n := testing.AllocsPerRun(5, func() { r.Draw(img, tc.v, tc.s) }); n != 0 {
				t.Errorf("warm Draw allocates %v times per frame, want 0", n)
			}
		})
	}
}

// TestDrawOddSizes draws the haze and density paths at frame sizes that
// do not split evenly into half-resolution cells, bands or chunks.
func TestDrawOddSizes(t *testing.T) {
	ds := synthLinks(6, 30000, 6000, 2)
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {3, 2}, {17, 9}, {641, 361}, {1001, 17}} {
		for _, p := range Projections {
			var r Renderer
			img := image.NewRGBA(image.Rect(0, 0, sz[0], sz[1]))
			s := &Scene{Data: ds, Layers: DefaultLayers | LayerGraticule | LayerChoropleth, DensityThreshold: 100}
			r.Draw(img, World(p, sz[0], sz[1]), s)
			r.Draw(img, World(p, sz[0], sz[1]), s)
			if st := r.LastStats(); st.Links != 6000 {
				t.Errorf("%v %v: %d links drawn, want 6000", sz, p, st.Links)
			}
		}
	}
}
