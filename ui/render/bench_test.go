package render

import (
	"image"
	"sync"
	"testing"
	"time"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// The frame benchmark's data: 1M hosts spread around 34 cities (jitter 3°)
// and 10k links, built once.
var bench1M = sync.OnceValue(func() *threat.Dataset { return synthLinks(42, 1_000_000, 10_000, 3) })

// BenchmarkFrame1M draws a warm 1920x1080 frame of 1M hosts (density mode)
// and 10k links with the base map, legend and caption. Compare with
// BenchmarkReferenceLoop: the target is at most 3x its time.
func BenchmarkFrame1M(b *testing.B) { benchWorldFrame(b, bench1M(), "1M hosts, 10k links") }

// benchWorldFrame times warm 1920x1080 whole-world frames of ds.
func benchWorldFrame(b *testing.B, ds *threat.Dataset, caption string) {
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{caption}}
	r.Draw(img, v, s) // warm: caches, base map, panels
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Draw(img, v, s)
	}
}

// bench1MLinks: the same 1M hosts, every one linked to its server.
var bench1MLinks = sync.OnceValue(func() *threat.Dataset { return synthLinks(42, 1_000_000, 1_000_000, 3) })

// BenchmarkFrame1MLinks is BenchmarkFrame1M with 1M links (every host
// linked): a warm 1920x1080 whole-world frame. Target: within 4x of
// BenchmarkFrame1M in the same run.
func BenchmarkFrame1MLinks(b *testing.B) {
	benchWorldFrame(b, bench1MLinks(), "1M hosts, 1M links")
}

// BenchmarkPan1MLinks is a drag step over BenchmarkFrame1MLinks's scene:
// each frame the view moves 6 pixels right and 4 down (turning back every
// 50 steps), with Panning set, so that the base map is shifted and the
// link layer read at an offset, recentred with its strips drawn every 64
// pixels or so.
func BenchmarkPan1MLinks(b *testing.B) {
	ds := bench1MLinks()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080).ZoomAt(960, 540, 1.5)
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 1M links"}}
	r.Draw(img, v, s)
	s.Panning = true
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		v = v.Pan(dragStep(i))
		r.Draw(img, v, s)
	}
}

// BenchmarkZoom1MLinks is a wheel notch over BenchmarkFrame1MLinks's
// scene: each frame zooms in or out by 1.25 about a point off centre
// (four in, four out), the first frame of a new scale, as the window
// draws it at rest.
func BenchmarkZoom1MLinks(b *testing.B) { benchZoom1MLinks(b, false) }

// BenchmarkZoomBurst1MLinks is BenchmarkZoom1MLinks with Panning set: the
// interim frames of a burst of notches, before the wheel rests.
func BenchmarkZoomBurst1MLinks(b *testing.B) { benchZoom1MLinks(b, true) }

func benchZoom1MLinks(b *testing.B, burst bool) {
	ds := bench1MLinks()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 1M links"}}
	r.Draw(img, v, s)
	s.Panning = burst
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		v = v.ZoomAt(1200, 400, wheelStep(i))
		r.Draw(img, v, s)
	}
}

// wheelStep is the zoom factor of wheel notch i: four in, four out.
func wheelStep(i int) float64 {
	if i/4%2 == 1 {
		return 1 / 1.25
	}
	return 1.25
}

// BenchmarkFilter1MLinks is a filter click over BenchmarkFrame1MLinks's
// scene: each frame shows alternately all hosts and all but one in 12
// (a type ticked off), at the same view.
func BenchmarkFilter1MLinks(b *testing.B) {
	ds := bench1MLinks()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	some := benchFilter(ds)
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 1M links"}}
	r.Draw(img, v, s)
	b.ReportAllocs()
	b.ResetTimer()
	deltas := 0
	for i := 0; b.Loop(); i++ {
		s.Visible = nil
		if i%2 == 0 {
			s.Visible = some
		}
		r.Draw(img, v, s)
		if r.f.delta == deltaCame {
			deltas++
		}
	}
	b.ReportMetric(float64(deltas)/float64(b.N), "deltas/op")
}

// benchFilter returns the hosts of ds but every twelfth: a filter click.
func benchFilter(ds *threat.Dataset) *filter.Set {
	var some filter.Set
	some.Reset(ds.Hosts.Len())
	for i := range ds.Hosts.Len() {
		if i%12 != 0 {
			some.Add(i)
		}
	}
	return &some
}

// dragStep is the pan of drag step i: 6 pixels right and 4 down, turning
// back every 50 steps.
func dragStep(i int) (dx, dy float64) {
	if i/50%2 == 1 {
		return -6, -4
	}
	return 6, 4
}

// BenchmarkReferenceLoop is the yardstick for BenchmarkFrame1M: clear the
// frame and write one pixel per host from already projected coordinates,
// single-threaded, nothing else.
func BenchmarkReferenceLoop(b *testing.B) {
	ds := bench1M()
	var hc hostCache
	hc.update(ds, EqualEarth)
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	s, ox, oy := v.affine()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		referenceLoop(img, &hc, s, ox, oy)
	}
}

func referenceLoop(img *image.RGBA, hc *hostCache, s, ox, oy float64) {
	clear(img.Pix)
	w, h := float64(img.Rect.Dx()), float64(img.Rect.Dy())
	for i := range hc.x {
		x := float64(hc.x[i])*s + ox
		y := oy - float64(hc.y[i])*s
		if x >= 0 && x < w && y >= 0 && y < h {
			p := int(y)*img.Stride + 4*int(x)
			img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = 255, 255, 255, 255
		}
	}
}

// BenchmarkFrame1MRatio alternates one warm BenchmarkFrame1M frame and one
// BenchmarkReferenceLoop pass, so that both see the same load on a shared
// machine, and reports their times and ratio (the target is ratio <= 3).
func BenchmarkFrame1MRatio(b *testing.B) {
	ds := bench1M()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	ref := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 10k links"}}
	r.Draw(img, v, s)
	var hc hostCache
	hc.update(ds, EqualEarth)
	sc, ox, oy := v.affine()
	referenceLoop(ref, &hc, sc, ox, oy)
	var tf, tr time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		r.Draw(img, v, s)
		t1 := time.Now()
		referenceLoop(ref, &hc, sc, ox, oy)
		tf += t1.Sub(t0)
		tr += time.Since(t1)
	}
	b.ReportMetric(float64(tf.Microseconds())/1000/float64(b.N), "frame-ms")
	b.ReportMetric(float64(tr.Microseconds())/1000/float64(b.N), "ref-ms")
	b.ReportMetric(float64(tf)/float64(tr), "ratio")
}

// BenchmarkSelection1M draws the 1M-host frame with a server selected (its
// victims highlighted: dimmed map, their links, each victim pixel ringed)
// and with a link under the pointer.
func BenchmarkSelection1M(b *testing.B) {
	ds := bench1M()
	var vict filter.Set
	n := filter.Victims(ds, 0, &vict)
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	for _, tc := range []struct {
		name string
		s    *Scene
	}{
		{"server", &Scene{Data: ds, Layers: DefaultLayers, Highlight: &vict, Selected: Item{KindServer, 0}}},
		{"hover-link", &Scene{Data: ds, Layers: DefaultLayers, Hovered: Item{KindLink, 5}}},
		// The victims selected together, as a stack clicked in the
		// window: spread over the world, the worst case of one.
		{"hosts", &Scene{Data: ds, Layers: DefaultLayers, SelectedHosts: members(&vict)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var r Renderer
			r.Draw(img, v, tc.s)
			b.ReportAllocs()
			for b.Loop() {
				r.Draw(img, v, tc.s)
			}
			b.ReportMetric(float64(n), "victims")
		})
	}
}

// members lists the hosts of s.
func members(s *filter.Set) []int32 {
	var out []int32
	for i := range s.Len() {
		if s.Has(i) {
			out = append(out, int32(i))
		}
	}
	return out
}

// BenchmarkRatios1M alternates a BenchmarkFrame1M frame, a
// BenchmarkFrame1MLinks frame, a BenchmarkSelection1M/server frame, a
// BenchmarkPan1MLinks drag step and a drag step with that server
// selected, so that all see the same load on a shared machine, and
// reports each one's time and its ratio to the plain frame (the targets:
// links and selection at most 4x).
func BenchmarkRatios1M(b *testing.B) {
	plainDS, linkDS := bench1M(), bench1MLinks()
	var vict filter.Set
	filter.Victims(plainDS, 0, &vict)
	v := World(EqualEarth, 1920, 1080)
	pv := v.ZoomAt(960, 540, 1.5)
	cases := []struct {
		name string
		s    *Scene
		pan  bool
	}{
		{"plain", &Scene{Data: plainDS, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 10k links"}}, false},
		{"links", &Scene{Data: linkDS, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 1M links"}}, false},
		{"selection", &Scene{Data: plainDS, Layers: DefaultLayers, Highlight: &vict, Selected: Item{KindServer, 0}}, false},
		{"pan", &Scene{Data: linkDS, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 1M links"}}, true},
		{"pan-selection", &Scene{Data: plainDS, Layers: DefaultLayers, Highlight: &vict, Selected: Item{KindServer, 0}}, true},
	}
	rs := make([]Renderer, len(cases))
	views := make([]View, len(cases))
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	for i, c := range cases {
		views[i] = v
		if c.pan {
			views[i] = pv
		}
		rs[i].Draw(img, views[i], c.s)
		c.s.Panning = c.pan
	}
	t := make([]time.Duration, len(cases))
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; b.Loop(); n++ {
		for i, c := range cases {
			if c.pan {
				views[i] = views[i].Pan(dragStep(n))
			}
			t0 := time.Now()
			rs[i].Draw(img, views[i], c.s)
			t[i] += time.Since(t0)
		}
	}
	for i, c := range cases {
		b.ReportMetric(float64(t[i].Microseconds())/1000/float64(b.N), c.name+"-ms")
		if i > 0 {
			b.ReportMetric(float64(t[i])/float64(t[0]), c.name+"/plain")
		}
	}
}

// BenchmarkBaseMap rasterises a whole 1920x1080 world base map, what a
// zoom or a theme change costs; its output is pinned by the goldens.
func BenchmarkBaseMap(b *testing.B) {
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	r.Draw(img, v, &Scene{Layers: LayerBasemap})
	b.ReportAllocs()
	for b.Loop() {
		r.drawBase(v, uiScale(v.Width, v.Height), &Dark, LayerBasemap, nil)
	}
}
