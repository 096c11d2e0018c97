package ui

import (
	"image"
	"testing"

	"threatmap/ui/render"
)

// TestHoverDrawsNoFrame: moving the pointer onto a host shows its
// highlight over the frame, and off it hides it, without a new frame of
// the map; anything else changing with it still gets its frame.
func TestHoverDrawsNoFrame(t *testing.T) {
	u, _ := newTestApp(t)
	frames := 0
	onFrame(u, func(*image.RGBA) { frames++ })
	u.showHit(render.Hit{Kind: render.KindHost, Index: 10}, false)
	img, _ := u.mapv.hover.Image.(interface{ Opaque() bool })
	if !u.mapv.hover.Visible() || img == nil || img.Opaque() {
		t.Fatalf("hovering a host: highlight shown %v", u.mapv.hover.Visible())
	}
	if b := u.mapv.hover.Image.Bounds(); b.Dx() > 40 || b.Dy() > 40 {
		t.Errorf("a host's highlight is %v: more than its ring", b)
	}
	u.showHit(render.Hit{}, false)
	if u.mapv.hover.Visible() {
		t.Error("the highlight stays after the pointer left the host")
	}
	if frames != 0 {
		t.Errorf("hovering drew %d frames of the map, want 0", frames)
	}
	u.hovered = render.Item{Kind: render.KindHost, Index: 10}
	u.layers ^= render.LayerGraticule
	u.redrawHover()
	if frames != 1 || !u.mapv.hover.Visible() {
		t.Errorf("hover with a layer change: %d frames (want 1), highlight shown %v", frames, u.mapv.hover.Visible())
	}
}
