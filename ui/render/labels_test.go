package render

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

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
	if p := minCityPop(pxPerDeg(w)); p < 1e12 {
		t.Errorf("world view names cities of %.0f people", p)
	}
	z := w
	z.Zoom = 8
	if p := minCityPop(pxPerDeg(z)); p > 2e6 || p < 2e5 {
		t.Errorf("zoom 8 names cities from %.0f people, want 200,000 to 2 million", p)
	}
}

// TestLabelsClearOfPanelsAndServers: no place name is placed under the
// legend, the caption or the footnote (composited over the labels), nor
// under a C2 server's symbol, at world scale, zoomed in, and in a small
// frame where the panels cover more of the map.
func TestLabelsClearOfPanelsAndServers(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	europe := View{Projection: EqualEarth, Center: orb.Point{12, 48}, Zoom: 6, Width: goldenW, Height: goldenH}
	asia := View{Projection: EqualEarth, Center: orb.Point{110, 30}, Zoom: 4, Width: goldenW, Height: goldenH}
	for _, tc := range []struct {
		name string
		v    View
	}{
		{"world", World(EqualEarth, goldenW, goldenH)},
		{"europe", europe},
		{"china", asia},
		{"small", World(EqualEarth, 640, 360)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Scene{Data: ds, Layers: DefaultLayers, Title: "Place labels", Lines: ghostLines}
			var r Renderer
			r.Draw(newFrame(tc.v), tc.v, s)
			labels := placedLabels(&r)
			if len(labels) < 5 {
				t.Fatalf("%d labels placed, want a map with names", len(labels))
			}
			k := uiScale(tc.v.Width, tc.v.Height)
			var obstacles []image.Rectangle
			for _, b := range r.panelBoxes() {
				if !b.Empty() {
					obstacles = append(obstacles, b)
				}
			}
			if len(obstacles) < 2 {
				t.Fatalf("panels %v: want the legend, the caption and the footnote", obstacles)
			}
			for i := range ds.Servers {
				x, y := tc.v.ToScreen(ds.Servers[i].Lon, ds.Servers[i].Lat)
				e := int(8 * k) // the symbol's radius with its outline
				obstacles = append(obstacles, image.Rect(int(x)-e, int(y)-e, int(x)+e+1, int(y)+e+1))
			}
			for _, l := range labels {
				for _, o := range obstacles {
					if l.Overlaps(o) {
						t.Errorf("label at %v under %v", l, o)
					}
				}
			}
		})
	}
}

// placedLabels returns the boxes of the place names of the last frame:
// the texts placed after the stacks' counts.
func placedLabels(r *Renderer) []image.Rectangle {
	counts := 0
	if r.stacks.valid {
		for _, o := range r.stacks.order {
			if o&countShown != 0 {
				counts++
			}
		}
	}
	return r.placed.texts[counts:]
}

// TestLabelInkOverAnyFill: over every fill the map draws (ocean, land, each
// choropleth class), in both themes, a name reads at 4.5:1 or better
// against its halo laid over the fill, and its letters stand apart from the
// bare fill; over the pale classes of the dark theme (France in the
// reconstructed golden) the text turns dark.
func TestLabelInkOverAnyFill(t *testing.T) {
	for _, th := range []Theme{Dark, Light} {
		inks := newLabelInks(&th)
		fills := append([]color.NRGBA{th.Ocean, th.OceanLow, th.Land, th.Space}, th.Choropleth[:]...)
		for _, fill := range fills {
			img := image.NewRGBA(image.Rect(0, 0, 40, 16))
			c := premul(fill)
			for p := 0; p < len(img.Pix); p += 4 {
				over(img.Pix[p:], c, 255)
			}
			in := inks.over(img, img.Rect)
			for _, text := range []pm{in.text, in.dim} {
				px := []uint8{uint8(fill.R), uint8(fill.G), uint8(fill.B), 255}
				over(px, in.halo, 255)
				haloed := luminance(color.NRGBA{px[0], px[1], px[2], 255})
				tl := luminance(color.NRGBA{uint8(text.r), uint8(text.g), uint8(text.b), 255})
				if cr := contrast(tl, haloed); cr < 4.5 {
					t.Errorf("%s theme, fill %v: text on its halo at %.1f:1", th.Name, fill, cr)
				}
				if cr := contrast(tl, luminance(fill)); cr < 1.5 {
					t.Errorf("%s theme, fill %v: text on the bare fill at %.1f:1", th.Name, fill, cr)
				}
			}
		}
	}
	pale := Dark.Choropleth[len(Dark.Choropleth)-1]
	in := newLabelInks(&Dark)
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for p := 0; p < len(img.Pix); p += 4 {
		img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = pale.R, pale.G, pale.B, 255
	}
	if got := in.over(img, img.Rect); got.lum > 0.3 {
		t.Errorf("dark theme over %v: text of luminance %.2f, want dark text", pale, got.lum)
	}
}

// BenchmarkFrame1MLabels alternates the BenchmarkFrame1M frame with and
// without the labels layer (two warm renderers, same load) and reports
// both times and their ratio: what the place labels cost a 1M-host frame.
// TestGoldenLabels pins what they draw.
func BenchmarkFrame1MLabels(b *testing.B) {
	ds := bench1M()
	v := World(EqualEarth, 1920, 1080)
	with := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 10k links"}}
	without := *with
	without.Layers &^= LayerLabels
	var rw, ro Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	rw.Draw(img, v, with)
	ro.Draw(img, v, &without)
	if len(placedLabels(&rw)) < 20 {
		b.Fatalf("%d labels placed", len(placedLabels(&rw)))
	}
	var tw, to time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		rw.Draw(img, v, with)
		t1 := time.Now()
		ro.Draw(img, v, &without)
		tw += t1.Sub(t0)
		to += time.Since(t1)
	}
	b.ReportMetric(float64(tw.Microseconds())/1000/float64(b.N), "labels-ms")
	b.ReportMetric(float64(to.Microseconds())/1000/float64(b.N), "nolabels-ms")
	b.ReportMetric(float64(tw)/float64(to), "ratio")
}

// TestDilateAsDisc: the halo's dilation by spans is the disc filter it
// stands for, pixel for pixel, on random masks and radii.
func TestDilateAsDisc(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for it := range 200 {
		w, h, r := 1+rng.IntN(40), 1+rng.IntN(30), rng.IntN(12)
		src := make([]uint8, w*h)
		for i := range src {
			if rng.IntN(4) == 0 {
				src[i] = uint8(rng.IntN(256))
			}
		}
		got, want := dilate(src, w, h, r), dilateDisc(src, w, h, r)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d (%dx%d, r %d): the dilation differs from the disc filter", it, w, h, r)
		}
	}
}

// dilateDisc is the disc filter itself: every offset within r+0.5, those
// over r-0.5 at half strength.
func dilateDisc(src []uint8, w, h, r int) []uint8 {
	out := make([]uint8, len(src))
	if r <= 0 {
		copy(out, src)
		return out
	}
	for y := range h {
		for x := range w {
			var m uint32
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					xx, yy := x+dx, y+dy
					d := math.Hypot(float64(dx), float64(dy))
					if xx < 0 || xx >= w || yy < 0 || yy >= h || d > float64(r)+0.5 {
						continue
					}
					v := uint32(src[yy*w+xx])
					if d > float64(r)-0.5 {
						v /= 2
					}
					m = max(m, v)
				}
			}
			out[y*w+x] = uint8(m)
		}
	}
	return out
}
