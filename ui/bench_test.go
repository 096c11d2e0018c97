package ui

import (
	"image"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"threatmap/data/threat"
	"threatmap/ui/render"
)

var (
	synthOnce sync.Once
	synth1M   *threat.Dataset
)

// synthetic1M is a seeded dataset of 1M hosts (100 countries, 12 types, 10
// servers, two years) with 10k links, built once per test binary.
func synthetic1M() *threat.Dataset {
	synthOnce.Do(func() { synth1M = buildSynthetic(10_000) })
	return synth1M
}

// synthetic1MLinks is synthetic1M's hosts with 1M links.
var synthetic1MLinks = sync.OnceValue(func() *threat.Dataset { return buildSynthetic(1_000_000) })

// buildSynthetic builds synthetic1M's hosts with nl links.
func buildSynthetic(nl int) *threat.Dataset {
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	b := threat.NewBuilder(n)
	types := []string{"mfa", "embassy", "mission_multilateral", "intl_org", "news_media", "tibetan_gov",
		"tibetan_ngo", "gov_other", "commercial", "academic_research", "private_broadband", "unknown"}
	ccs := make([]string, 100)
	for i := range ccs {
		ccs[i] = string(rune('A'+i/26)) + string(rune('A'+i%26))
	}
	for s := 0; s < 10; s++ {
		role := threat.RoleControl
		if s >= 4 {
			role = threat.RoleCommand
		}
		b.AddServer(threat.Server{ID: "s" + string(rune('0'+s)), Role: role, Lon: 100 + float64(s), Lat: 20 + float64(s),
			First: threat.NoTime, Last: threat.NoTime})
	}
	t0 := int64(1180000000)
	for i := 0; i < n; i++ {
		c := rng.IntN(100)
		lon := -170 + float64(c)*3.3 + rng.NormFloat64()*3
		lat := -50 + float64(c%37)*3 + rng.NormFloat64()*2
		first := t0 + rng.Int64N(2*365*86400)
		b.AddHost(threat.Host{Lon: lon, Lat: lat, First: first, Last: first + rng.Int64N(200*86400),
			Country: ccs[c], Type: types[rng.IntN(len(types))], Server: int32(rng.IntN(10)), Feature: int32(i)})
	}
	for i := 0; i < nl; i++ {
		h := rng.IntN(n)
		b.AddLink(threat.Link{Server: int32(i % 10), Host: int32(h), Lon0: 100 + float64(i%10), Lat0: 20 + float64(i%10),
			Lon1: float64(-170 + 340*rng.Float64()), Lat1: float64(-50 + 110*rng.Float64()), First: t0, Feature: int32(i)})
	}
	return b.Build()
}

// benchApp opens the synthetic 1M-host dataset in a 1600x1000 test window
// with the engine running on the benchmark's goroutine, so each UI action's
// cost includes the filter, the facet counts, the histogram and the frame.
func benchApp(b *testing.B) *App { return benchAppWith(b, synthetic1M()) }

// benchAppWith is benchApp on dataset ds.
func benchAppWith(b *testing.B, ds *threat.Dataset) *App {
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	u := New(a, w, Options{Synchronous: true})
	w.Resize(fyne.NewSize(1600, 1000))
	w.Canvas().(test.WindowlessCanvas).Capture()
	u.setDataset(ds, nil, nil)
	u.ResetView()
	if u.counted == nil || u.counted.facets.Total != ds.Hosts.Len() {
		if u.counted != nil {
			b.Logf("total %d filtered %v", u.counted.facets.Total, u.counted.filterd)
		}
		b.Fatalf("dataset not shown: last=%v", u.counted != nil)
	}
	return u
}

// frameClock records when each frame reaches the map, so that a benchmark
// can report the time to the new frame (frame-ms) beside the time until the
// panels' counts are updated too (ns/op).
type frameClock struct {
	at    time.Time
	total time.Duration
}

func (c *frameClock) install(u *App) {
	onFrame(u, func(*image.RGBA) { c.at = time.Now() })
}

// op runs f and adds the time until its frame was shown.
func (c *frameClock) op(f func()) {
	t0 := time.Now()
	f()
	c.total += c.at.Sub(t0)
}

func (c *frameClock) report(b *testing.B) {
	b.ReportMetric(float64(c.total.Microseconds())/1000/float64(b.N), "frame-ms")
}

// BenchmarkFacetToggle1M: one tap on a country in the facet list, until the
// new frame (frame-ms) and the new counts (ns/op) are ready.
func BenchmarkFacetToggle1M(b *testing.B) { benchToggle(b, benchApp(b), false) }

// BenchmarkTypeToggle1MLinks: one tap on a target type (a twelfth of the
// hosts) at 1M hosts + 1M links, as BenchmarkFacetToggle1M.
func BenchmarkTypeToggle1MLinks(b *testing.B) {
	benchToggle(b, benchAppWith(b, synthetic1MLinks()), true)
}

// benchToggle taps the first country, or target type, on and off.
func benchToggle(b *testing.B, u *App, byType bool) {
	list := u.countries
	if byType {
		list = u.types
	}
	key := list.items[0].Key
	var clock frameClock
	clock.install(u)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clock.op(func() { list.Set(key, i%2 == 1) })
	}
	b.StopTimer()
	clock.report(b)
	if u.counted.facets.Total != 1_000_000 {
		b.Fatal("lost the dataset")
	}
}

// BenchmarkTimelineStep1M: one Right-arrow step of playback, until the new
// frame (frame-ms) and the new counts (ns/op) are ready.
func BenchmarkTimelineStep1M(b *testing.B) {
	u := benchApp(b)
	u.Home()
	var clock frameClock
	clock.install(u)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := 1
		if i%2 == 1 {
			d = -1
		}
		clock.op(func() { u.Step(d) })
	}
	b.StopTimer()
	clock.report(b)
}

// BenchmarkPan1M: one drag event on the map (frame only, no refilter).
func BenchmarkPan1M(b *testing.B) { benchPan(b, benchApp(b)) }

// BenchmarkPan1MLinks is BenchmarkPan1M with 1M links.
func BenchmarkPan1MLinks(b *testing.B) { benchPan(b, benchAppWith(b, synthetic1MLinks())) }

// BenchmarkWheel1MLinks: one wheel notch at 1M hosts + 1M links (four in,
// four out), in a burst (frames scale the cached layers) and with the
// wheel at rest after each (every notch's frame exact).
func BenchmarkWheel1MLinks(b *testing.B) {
	u := benchAppWith(b, synthetic1MLinks())
	for _, c := range []struct {
		name string
		rest time.Duration
	}{{"burst", time.Hour}, {"rest", 0}} {
		b.Run(c.name, func(b *testing.B) {
			u.mapv.WheelRest = c.rest
			at := fyne.PointEvent{Position: fyne.NewPos(700, 400)}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				dy := float32(1)
				if i/4%2 == 1 {
					dy = -1
				}
				u.mapv.Scrolled(&fyne.ScrollEvent{PointEvent: at, Scrolled: fyne.Delta{DY: dy}})
			}
			b.StopTimer()
			if u.mapv.wheelRest != nil {
				u.mapv.wheelRested(u.mapv.wheelSeq) // the exact frame, untimed
			}
		})
	}
}

// benchPan drags u's map by 5 pixels, right then left, per op.
func benchPan(b *testing.B, u *App) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := float32(5)
		if i%2 == 1 {
			d = -5
		}
		u.mapv.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: d}})
	}
}

// BenchmarkHoverChange1M: the pointer moves from one host to another at
// 1M hosts: the highlight and the tooltip change, the map is not redrawn
// (frames counts the frames drawn per change: 0).
func BenchmarkHoverChange1M(b *testing.B) {
	u := benchApp(b)
	frames := 0
	onFrame(u, func(*image.RGBA) { frames++ })
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.showHit(render.Hit{Kind: render.KindHost, Index: i % 2 * 1000}, false)
	}
	b.StopTimer()
	b.ReportMetric(float64(frames)/float64(b.N), "frames/op")
	if !u.mapv.hover.Visible() {
		b.Fatal("no highlight shown")
	}
}

// BenchmarkExportDialog1M opens the export dialog at 1M hosts (its preview
// drawn) and closes it; renders/op counts the preview drawings.
func BenchmarkExportDialog1M(b *testing.B) {
	u := benchApp(b)
	renders := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.ShowExport()
		renders += u.exportPrev.renders
		u.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	}
	b.StopTimer()
	b.ReportMetric(float64(renders)/float64(b.N), "renders/op")
}
