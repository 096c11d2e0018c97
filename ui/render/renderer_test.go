package render

import (
	"image"
	"runtime"
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

// TestPanShiftsBase: while Panning, a pan by whole pixels shifts the cached
// base map and rasterises only the uncovered strips; the frame matches a
// fresh raster of the new view but for rounding at a few edge pixels, in
// every projection, with graticule and choropleth, for pans in all four
// directions. The first frame without Panning is exactly the fresh one.
func TestPanShiftsBase(t *testing.T) {
	ds := synthDataset(7, 3000, 0.5)
	const w, h = 640, 360
	for _, p := range Projections {
		for _, d := range [][2]float64{{37, -23}, {-80, 0}, {0, 51}, {-5, -9}} {
			s := &Scene{Data: ds, Layers: DefaultLayers | LayerGraticule | LayerChoropleth}
			v0 := World(p, w, h).ZoomAt(w/2, h/2, 2)
			var r Renderer
			img := image.NewRGBA(image.Rect(0, 0, w, h))
			r.Draw(img, v0, s)
			v1 := v0.Pan(d[0], d[1])
			s.Panning = true
			r.Draw(img, v1, s)
			if !r.baseShifted {
				t.Fatalf("%v pan %v: base redrawn, not shifted", p, d)
			}
			want := image.NewRGBA(img.Rect)
			var fresh Renderer
			fresh.Draw(want, v1, &Scene{Data: ds, Layers: s.Layers})
			off, most := 0, 0
			for i := range img.Pix {
				if a, b := int(img.Pix[i]), int(want.Pix[i]); a != b {
					off++
					most = max(most, a-b, b-a)
				}
			}
			t.Logf("%v pan %v: %d channel values differ, by at most %d", p, d, off, most)
			if most > 24 || off > w*h*4/1000 {
				t.Errorf("%v pan %v: %d channel values differ from a fresh raster, by up to %d", p, d, off, most)
			}
			s.Panning = false
			r.Draw(img, v1, s)
			if r.baseShifted {
				t.Errorf("%v pan %v: still shifted after the drag", p, d)
			}
			for i := range img.Pix {
				if img.Pix[i] != want.Pix[i] {
					t.Errorf("%v pan %v: the frame after the drag differs from a fresh raster at byte %d", p, d, i)
					break
				}
			}
		}
	}
}

// TestSameFrameOnAnyCoreCount: the frame is the same picture whether one
// core draws it or several, so that goldens and exports do not depend on
// the machine (base-map bands used to follow the core count, and their
// edges moved anti-aliased pixels by up to 22 levels).
func TestSameFrameOnAnyCoreCount(t *testing.T) {
	ds := synthLinks(8, 30000, 6000, 2)
	v := World(EqualEarth, 640, 360)
	s := &Scene{Data: ds, Layers: DefaultLayers | LayerGraticule | LayerChoropleth, Title: "cores", DensityThreshold: 10000}
	drawWith := func(procs int) *image.RGBA {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var r Renderer
		img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
		r.Draw(img, v, s)
		return img
	}
	one := drawWith(1)
	for _, procs := range []int{2, 3, 8} {
		many := drawWith(procs)
		if n := differentPixels(one, many); n != 0 {
			t.Errorf("%d pixels differ between one core and %d", n, procs)
		}
	}
}

// differentPixels counts the pixels of a and b (same size) that differ.
func differentPixels(a, b *image.RGBA) int {
	n := 0
	for i := 0; i < len(a.Pix); i += 4 {
		if [4]uint8(a.Pix[i:i+4]) != [4]uint8(b.Pix[i:i+4]) {
			n++
		}
	}
	return n
}
