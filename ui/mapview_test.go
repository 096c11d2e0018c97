package ui

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"threatmap/ui/render"
)

// paintedCanvas stands in for the GL driver's canvas: it counts the
// requests to paint again.
type paintedCanvas struct {
	fyne.Canvas
	dirty int
}

func (c *paintedCanvas) SetDirty() { c.dirty++ }

// TestTipAndHighlightRepaint: showing the tooltip or the hover highlight,
// and hiding the highlight, asks the window to paint again. The GL driver
// knows the canvas only of objects it has painted, so the overlays, hidden
// since start-up, refreshed into no canvas: the first tooltip over a quiet
// map (an IP list) never appeared. The stand-in answers, as that driver
// does, for the map widget alone.
func TestTipAndHighlightRepaint(t *testing.T) {
	test.NewTempApp(t)
	m := NewMapView(render.Projections[0])
	w := test.NewTempWindow(t, m)
	w.Resize(fyne.NewSize(400, 300))
	pc := &paintedCanvas{Canvas: w.Canvas()}
	defer func(f func(fyne.CanvasObject) fyne.Canvas) { canvasOf = f }(canvasOf)
	canvasOf = func(o fyne.CanvasObject) fyne.Canvas {
		if o == m {
			return pc
		}
		return nil
	}
	for _, step := range []struct {
		name string
		do   func()
	}{
		{"tooltip shown", func() { m.ShowTip([]string{"8.8.8.8", "United States (US)"}) }},
		{"highlight shown", func() { m.ShowHover(image.NewRGBA(image.Rect(0, 0, 8, 8)), image.Pt(10, 10)) }},
		{"highlight hidden", func() { m.ShowHover(nil, image.Point{}) }},
	} {
		before := pc.dirty
		step.do()
		if pc.dirty == before {
			t.Errorf("%s: no repaint asked", step.name)
		}
	}
}
