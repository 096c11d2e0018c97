package render

import (
	"bytes"
	"image"
	"sync/atomic"
	"testing"
)

// TestInterruptedFrameLeavesNoTrace: the exact frame after a burst of
// wheel notches, given up for a newer one (at once, or part way through
// its links), leaves the picture and the renderer as they were: the
// frame buffer is untouched, hit tests answer as before, the next
// frames of a drag still shift the kept layer, and the exact frame once
// the drag ends is a fresh render's, to the byte.
func TestInterruptedFrameLeavesNoTrace(t *testing.T) {
	for _, after := range []int64{0, 1, 3} {
		ds, v, s, r, img := movingScene()
		s.DensityThreshold = 50 // hosts as a density raster: part grids to empty too
		var calls atomic.Int64
		r.Interrupt = func() bool { return calls.Add(1) > after }
		for range 3 { // a burst of notches: interim frames
			v = v.ZoomAt(250, 200, 1.25)
			r.Draw(img, v, s)
		}
		shown := bytes.Clone(img.Pix)
		hit := r.HitTest(v, s, 320, 180, 6)
		rest := *s
		rest.Panning = false
		r.Draw(img, v, &rest) // the wheel rests, a drag starts at once
		if !r.Interrupted() {
			t.Fatalf("after %d chunks: the exact frame was not given up", after)
		}
		if !bytes.Equal(img.Pix, shown) {
			t.Fatalf("after %d chunks: the frame given up drew into the buffer", after)
		}
		if got := r.HitTest(v, s, 320, 180, 6); got.Kind != hit.Kind || got.Index != hit.Index {
			t.Errorf("after %d chunks: hit %+v, before %+v", after, got, hit)
		}
		// Something else than the view changes (a theme, say): that
		// frame is not taken for the one given up.
		r.Interrupt = func() bool { return false }
		dark := rest
		dark.Theme = Light
		r.Draw(img, v, &dark)
		assertFresh(t, r, img, v, &Scene{Data: ds, Layers: DefaultLayers, Theme: Light, DensityThreshold: 50}, "the same view, lighter")
		r.Interrupt = func() bool { return calls.Add(1) > after }
		calls.Store(0)
		v = v.ZoomAt(250, 200, 1.25)
		r.Draw(img, v, s) // another notch, then the wheel rests
		r.Draw(img, v, &rest)
		if !r.Interrupted() {
			t.Fatalf("after %d chunks: the exact frame was not given up", after)
		}
		for range 3 { // the drag
			v = v.Pan(7, -5)
			r.Draw(img, v, s)
			if r.Interrupted() || !r.lk.shifted {
				t.Fatalf("after %d chunks: a drag frame interrupted %v, link layer shifted %v", after, r.Interrupted(), r.lk.shifted)
			}
		}
		r.Interrupt = func() bool { return false }
		r.Draw(img, v, &rest)
		if r.Interrupted() || !r.f.interruptible {
			t.Fatalf("after %d chunks: the last exact frame interrupted %v, interruptible %v", after, r.Interrupted(), r.f.interruptible)
		}
		assertFresh(t, r, img, v, &Scene{Data: ds, Layers: DefaultLayers, DensityThreshold: 50}, "the drag's exact frame")
		// The layer kept is this frame's: the same view again reuses it.
		r.Draw(img, v, &rest)
		if !r.f.linkReuse {
			t.Errorf("after %d chunks: the exact frame's layer was not kept", after)
		}
	}
}

// assertFresh checks that img, just drawn by r, is what a fresh renderer
// draws of v and s.
func assertFresh(t *testing.T, r *Renderer, img *image.RGBA, v View, s *Scene, what string) {
	t.Helper()
	want := image.NewRGBA(img.Rect)
	var fresh Renderer
	fresh.Draw(want, v, s)
	if n := differentPixels(img, want); n != 0 {
		t.Errorf("%s: %d pixels differ from a fresh render", what, n)
	}
	if r.LastStats() != fresh.LastStats() {
		t.Errorf("%s: stats %+v, fresh %+v", what, r.LastStats(), fresh.LastStats())
	}
}
