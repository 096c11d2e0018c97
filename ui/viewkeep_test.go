package ui

import (
	"math"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"threatmap/ui/render"
)

// findProjectionSelect finds the toolbar's projection choice.
func findProjectionSelect(t *testing.T, w fyne.Window) *widget.Select {
	t.Helper()
	var found *widget.Select
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Select:
			if slices.Contains(v.Options, render.Mercator.String()) {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(t, v).Objects() {
				walk(c)
			}
		}
	}
	walk(w.Content())
	if found == nil {
		t.Fatal("no projection choice in the toolbar")
	}
	return found
}

// TestProjectionRoundTripKeepsView (issue 16): Equal Earth → Mercator →
// Equal Earth comes back to the same view, both on the fitted GhostNet view
// and zoomed in on East Asia, and Mercator shows the same centre.
func TestProjectionRoundTripKeepsView(t *testing.T) {
	u, w := newTestApp(t)
	sel := findProjectionSelect(t, w)
	check := func(name string) {
		t.Helper()
		v0 := u.mapv.View
		if v0.Projection != render.EqualEarth {
			t.Fatalf("%s: starts in %v", name, v0.Projection)
		}
		sel.SetSelected(render.Mercator.String())
		m := u.mapv.View
		if m.Projection != render.Mercator {
			t.Fatalf("%s: selecting Mercator gives %v", name, m.Projection)
		}
		cx, cy := m.ToScreen(v0.Center[0], v0.Center[1])
		if math.Abs(cx-float64(m.Width)/2) > 1 || math.Abs(cy-float64(m.Height)/2) > 1 {
			t.Errorf("%s: in Mercator the old centre %v is at %.1f, %.1f of %dx%d", name, v0.Center, cx, cy, m.Width, m.Height)
		}
		// The same extent: 2° about the centre span about as many pixels.
		span := func(v render.View) float64 {
			c := v.Center
			x0, y0 := v.ToScreen(c[0]-1, c[1]-1)
			x1, y1 := v.ToScreen(c[0]+1, c[1]+1)
			return math.Hypot(x1-x0, y1-y0)
		}
		if r := span(m) / span(v0); r < 0.8 || r > 1.25 {
			t.Errorf("%s: Mercator shows 2° about the centre %.2f times as large", name, r)
		}
		sel.SetSelected(render.EqualEarth.String())
		v1 := u.mapv.View
		x, y := v1.ToScreen(v0.Center[0], v0.Center[1])
		if math.Abs(x-float64(v1.Width)/2) > 1 || math.Abs(y-float64(v1.Height)/2) > 1 {
			t.Errorf("%s: after the round trip the old centre %v is at %.1f, %.1f", name, v0.Center, x, y)
		}
		if math.Abs(v1.Zoom/v0.Zoom-1) > 0.03 {
			t.Errorf("%s: zoom %.3f after the round trip, %.3f before", name, v1.Zoom, v0.Zoom)
		}
	}
	check("fitted GhostNet")
	// Zoomed on East Asia with the keyboard's zoom and pan.
	u.Zoom(3)
	u.Pan(0.3, -0.1)
	check("East Asia")
	// And from the whole world.
	findButton(t, w, "World").OnTapped()
	check("world")
	if u.mapv.View != render.World(render.EqualEarth, u.mapv.View.Width, u.mapv.View.Height) {
		t.Errorf("the world view does not come back whole: %+v", u.mapv.View)
	}
	// World pressed in Mercator (its zoom fills the frame's width) comes
	// back to Equal Earth's whole world, not a crop of it.
	sel.SetSelected(render.Mercator.String())
	findButton(t, w, "World").OnTapped()
	sel.SetSelected(render.EqualEarth.String())
	if u.mapv.View != render.World(render.EqualEarth, u.mapv.View.Width, u.mapv.View.Height) {
		t.Errorf("World in Mercator, then Equal Earth: %+v", u.mapv.View)
	}
}
