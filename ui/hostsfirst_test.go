package ui

import (
	"image"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"threatmap/data/filter"
	"threatmap/ui/render"
)

// freshFrame draws in with a new renderer: what the engine's frame of in
// must be, whatever frames came before it.
func freshFrame(in input) *image.RGBA {
	var plan filter.Plan
	var vis, victims filter.Set
	plan.Compile(in.ds, in.q)
	plan.Apply(&vis)
	if in.server >= 0 {
		filter.Victims(in.ds, in.server, &victims)
	}
	sc := in.scene(&vis, &victims)
	sc.Hovered = render.Item{}
	img := image.NewRGBA(image.Rect(0, 0, in.view.Width, in.view.Height))
	var r render.Renderer
	r.Draw(img, in.view, &sc)
	return img
}

// TestHostsFirstThenLinks opens a dataset with links held back (GhostNet,
// its threshold lowered): the first frame shows the hosts without the
// links and says "Drawing … links…" in its caption and the status line;
// the frame once loading settles equals a fresh render of everything, and
// the label is gone.
func TestHostsFirstThenLinks(t *testing.T) {
	old := linksLater
	t.Cleanup(func() { linksLater = old })
	linksLater = 1
	u, _ := newTestApp(t)
	var frames []*image.RGBA
	onFrame(u, func(img *image.RGBA) {
		frames = append(frames, &image.RGBA{Pix: slices.Clone(img.Pix), Stride: img.Stride, Rect: img.Rect})
	})
	u.open(nil) // a new dataset: its hosts first again
	if len(frames) != 2 {
		t.Fatalf("%d frames drawn on opening, want 2 (hosts, then links)", len(frames))
	}
	label := "Drawing " + render.CountOf(u.ds.Links.Len(), "link") + "…"
	// In the window the load ends (the status line is written) before
	// the first frame comes; here both frames came inside the load.
	u.links = linksComing
	if got := u.linksNote(); got != label {
		t.Errorf("status line while the links are coming: %q, want %q", got, label)
	}
	u.links = linksShown
	if u.status.Text != "" {
		t.Errorf("status line once the links are drawn: %q, want none", u.status.Text)
	}
	full := u.input()
	if slices.Contains(full.lines, label) || full.layers != u.layers {
		t.Errorf("the settled input still holds the links back: layers %v, caption %q", full.layers, full.lines)
	}
	if !samePixels(frames[1], freshFrame(full)) {
		t.Error("the frame once loading settled differs from a fresh render of the same view")
	}
	partial := full
	partial.layers &^= render.LayerLinks | render.LayerSelectionLinks
	partial.lines = append(slices.Clone(full.lines), label)
	if !samePixels(frames[0], freshFrame(partial)) {
		t.Error("the first frame is not the hosts without links, captioned " + label)
	}
	if samePixels(frames[0], frames[1]) {
		t.Error("the hosts-only frame equals the full one: the links were not held back")
	}
	if !strings.Contains(strings.Join(partial.lines, "\n"), "links…") {
		t.Errorf("partial caption %q", partial.lines)
	}
}

// TestLinksAfterHostsPainted: in the window (not synchronous) the links
// are asked for once the hosts' frame has been painted, not as it
// arrives, so that the paint does not wait for the arcs.
func TestLinksAfterHostsPainted(t *testing.T) {
	old, oldDo := linksLater, doOnUI
	t.Cleanup(func() { linksLater, doOnUI = old, oldDo })
	linksLater = 1
	u, w := newTestApp(t)
	var queued []func()
	doOnUI = func(f func()) { queued = append(queued, f) }
	u.opt.Synchronous = false
	frames := 0
	onFrame(u, func(*image.RGBA) { frames++ })
	u.setDataset(u.ds, u.reports, u.files)
	if frames != 1 || u.links != linksComing || len(queued) != 0 {
		t.Fatalf("before a paint: %d frames, stage %d, %d queued; want the hosts' frame alone", frames, u.links, len(queued))
	}
	w.Canvas().(test.WindowlessCanvas).Capture() // the paint
	for len(queued) > 0 {
		f := queued[0]
		queued = queued[1:]
		f()
	}
	if frames != 2 || u.links != linksShown {
		t.Errorf("after the paint: %d frames, stage %d; want the links' frame", frames, u.links)
	}
}

// TestSmallDataAllAtOnce checks that a dataset under linksLater draws
// its links in the first frame.
func TestSmallDataAllAtOnce(t *testing.T) {
	u, _ := newTestApp(t)
	n := 0
	onFrame(u, func(*image.RGBA) { n++ })
	u.open(nil)
	if n != 1 || u.links != linksShown || u.status.Text != "" {
		t.Errorf("GhostNet (%d links) drew %d frames on opening (stage %d, status %q), want 1", u.ds.Links.Len(), n, u.links, u.status.Text)
	}
}

func samePixels(a, b *image.RGBA) bool {
	return a.Rect == b.Rect && slices.Equal(a.Pix, b.Pix)
}

// BenchmarkOpen1MLinks swaps in 1M hosts + 1M links with cold caches (a
// fresh engine, as at launch) and reports the time to the first frame
// shown (first-frame-ms) beside the time until everything is drawn and
// counted (ns/op): hosts-first against one frame with everything.
//
//	go test ./ui -run '^$' -bench Open1MLinks -benchtime 3x
func BenchmarkOpen1MLinks(b *testing.B) {
	for _, c := range []struct {
		name  string
		later int
	}{{"hosts-first", linksLater}, {"all-at-once", math.MaxInt}} {
		b.Run(c.name, func(b *testing.B) {
			old := linksLater
			b.Cleanup(func() { linksLater = old })
			linksLater = c.later
			ds := synthetic1MLinks()
			u := benchAppWith(b, ds)
			var first time.Duration
			b.ResetTimer()
			for range b.N {
				u.eng = newEngine(u.present, u.showHit, true) // cold caches, as at launch
				var at time.Time
				onFrame(u, func(*image.RGBA) {
					if at.IsZero() {
						at = time.Now()
					}
				})
				t0 := time.Now()
				u.setDataset(ds, nil, nil)
				first += at.Sub(t0)
			}
			b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-frame-ms")
			if u.links != linksShown || u.last == nil || u.counted == nil || u.counted.facets.Total != ds.Hosts.Len() {
				b.Fatal("the dataset was not drawn and counted in full")
			}
		})
	}
}
