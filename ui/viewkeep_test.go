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

// TestFilterFitsUnmovedMap (issue 16): narrowing a filter frames the hosts
// left while the user has not panned or zoomed since the last fit; after a
// zoom it stays put, until World (or Fit) hands the view back.
func TestFilterFitsUnmovedMap(t *testing.T) {
	u, w := newTestApp(t)
	taiwan := func() {
		t.Helper()
		u.countries.SetAll(false)
		u.countries.SetSearch("taiwan")
		u.countries.list.Select(0) // a tap on the row ticks it
		u.countries.SetSearch("")
		if got := visibleOf(t, u); got != 148 {
			t.Fatalf("Taiwan alone shows %d hosts (summary %q)", got, u.summary.Text)
		}
	}
	onTaiwan := func(v render.View) bool {
		x, y := v.ToScreen(121, 23.7)
		return v.Zoom > 4 && math.Abs(x-float64(v.Width)/2) < float64(v.Width)/4 &&
			math.Abs(y-float64(v.Height)/2) < float64(v.Height)/4
	}
	if u.mapv.Moved {
		t.Fatal("the map counts as moved right after loading")
	}
	taiwan()
	if !onTaiwan(u.mapv.View) {
		t.Errorf("unmoved map after filtering to Taiwan: %+v", u.mapv.View)
	}
	if u.last == nil || u.last.stats.Hosts != 148 {
		t.Errorf("the last frame drew %+v", u.last)
	}
	u.ClearFilters() // widening fits too: back to all of GhostNet
	if onTaiwan(u.mapv.View) {
		t.Errorf("still on Taiwan after Clear filters: %+v", u.mapv.View)
	}
	// A brush on the timeline never moves the map, even unmoved: it would
	// jump with every step of the drag.
	before := u.mapv.View
	u.tl.OnWindow(1230768000, 1233446400) // January 2009
	if u.mapv.View != before {
		t.Errorf("a time window moved the map: %+v, was %+v", u.mapv.View, before)
	}
	u.tl.OnWindow(0, 0)

	// The user zooms with the wheel: filters no longer move the map.
	size := u.mapv.Size()
	u.mapv.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(size.Width/2, size.Height/2)},
		Scrolled: fyne.Delta{DY: 1}})
	if !u.mapv.Moved {
		t.Fatal("a wheel zoom does not count as moving the map")
	}
	v := u.mapv.View
	taiwan()
	if u.mapv.View != v {
		t.Errorf("a moved map followed the filter: %+v, was %+v", u.mapv.View, v)
	}

	// World hands the view back to the filters.
	findButton(t, w, "World").OnTapped()
	if u.mapv.Moved {
		t.Fatal("World leaves the map marked as moved")
	}
	u.ClearFilters()
	taiwan()
	if !onTaiwan(u.mapv.View) {
		t.Errorf("after World, filtering to Taiwan: %+v", u.mapv.View)
	}
	// A drag counts as moving too.
	u.mapv.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 20}})
	u.mapv.DragEnd()
	v = u.mapv.View
	u.ClearFilters()
	if !u.mapv.Moved || u.mapv.View != v {
		t.Errorf("a dragged map followed the filter")
	}
}
