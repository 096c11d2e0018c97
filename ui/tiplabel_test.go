package ui

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// hoverStatus moves the pointer onto the middle of the status line.
func hoverStatus(u *App, w fyne.Window) {
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.status)
	sz := u.status.Size()
	test.MoveMouse(w.Canvas(), at.Add(fyne.NewPos(sz.Width/2, sz.Height/2)))
}

// tipLines is the text of a TipLabel's tooltip as shown, a line each.
func tipLines(l *TipLabel) []string {
	if !l.tip.shown() {
		return nil
	}
	var out []string
	for _, o := range l.tip.body.Objects {
		out = append(out, o.(*canvas.Text).Text)
	}
	return out
}

// longStatus is a 2,000-character status: words, then a path with no
// space to break at.
func longStatus() string {
	s := "Could not open " + strings.Repeat("x", 300) + ".geojson: " +
		strings.Repeat("feature 12: coordinates out of range; ", 60)
	return s[:2000]
}

// TestStatusTooltipShowsWholeText: a status cut with "…" shows its whole
// text in a tooltip, wrapped inside the window, while the pointer is on
// it, and the window keeps its minimum size; the tooltip goes when the
// pointer leaves.
func TestStatusTooltipShowsWholeText(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas().(test.WindowlessCanvas)
	minBefore, sizeBefore := c.Content().MinSize(), c.Size()
	long := longStatus()
	u.status.SetText(long)
	c.Capture()
	if !u.status.Truncated() {
		t.Fatalf("a 2,000-character status is not cut in a %v window", c.Size())
	}
	hoverStatus(u, w)
	c.Capture()
	lines := tipLines(u.status)
	if len(lines) < 2 {
		t.Fatalf("tooltip lines %q, want the status wrapped", lines)
	}
	noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if got := noSpace(strings.Join(lines, "")); got != noSpace(long) {
		t.Errorf("the tooltip reads %q…, want the whole status", got[:min(80, len(got))])
	}
	box := u.status.tip.box
	if r := box.Position().X + box.Size().Width; box.Position().X < 0 || r > c.Size().Width {
		t.Errorf("the tooltip spans x %.0f-%.0f in a %.0f-wide window", box.Position().X, r, c.Size().Width)
	}
	if b := box.Position().Y + box.Size().Height; b > c.Size().Height {
		t.Errorf("the tooltip ends at y %.0f in a %.0f-high window", b, c.Size().Height)
	}
	if !rimDrawn(c.Capture(), box) {
		t.Error("the tooltip is not painted: no orange rim at its top edge")
	}
	if got := c.Content().MinSize(); got != minBefore {
		t.Errorf("the window's minimum size went from %v to %v with a 2,000-character status", minBefore, got)
	}
	if got := c.Size(); got != sizeBefore {
		t.Errorf("the window went from %v to %v", sizeBefore, got)
	}
	test.MoveMouse(c, fyne.NewPos(c.Size().Width/2, c.Size().Height/2)) // onto the map
	if lines := tipLines(u.status); lines != nil {
		t.Errorf("the tooltip stays after the pointer left: %q", lines)
	}
}

// rimDrawn reports whether the window's pixels show the orange rim of a
// tooltip's box at the middle of its top edge (the canvas at scale 1).
func rimDrawn(img image.Image, box *canvas.Rectangle) bool {
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(box)
	x := int(at.X + box.Size().Width/2)
	for y := int(at.Y) - 2; y <= int(at.Y)+3; y++ {
		r, g, b, _ := img.At(x, y).RGBA()
		if r>>8 > 100 && r > g && g > b && (r-b)>>8 > 50 {
			return true
		}
	}
	return false
}

// TestStatusTooltipOnlyWhenCut: a status that fits shows no tooltip.
func TestStatusTooltipOnlyWhenCut(t *testing.T) {
	u, w := newTestApp(t)
	u.status.SetText("View opened")
	w.Canvas().(test.WindowlessCanvas).Capture()
	hoverStatus(u, w)
	if u.status.Truncated() || tipLines(u.status) != nil {
		t.Errorf("a status that fits (truncated %v) shows a tooltip %q", u.status.Truncated(), tipLines(u.status))
	}
}

// TestStatusTooltipGoesWithNewText: a new status hides the tooltip of the
// old one, which it no longer describes.
func TestStatusTooltipGoesWithNewText(t *testing.T) {
	u, w := newTestApp(t)
	u.status.SetText(longStatus())
	w.Canvas().(test.WindowlessCanvas).Capture()
	hoverStatus(u, w)
	if tipLines(u.status) == nil {
		t.Fatal("no tooltip on a cut status")
	}
	u.status.SetText("Saved /tmp/a.png")
	if lines := tipLines(u.status); lines != nil {
		t.Errorf("the old status's tooltip stays after a new status: %q", lines)
	}
}

// TestTipTooTallIsCut: a tooltip taller than its area shows the lines that
// fit, the last ending in "…".
func TestTipTooTallIsCut(t *testing.T) {
	test.NewTempApp(t)
	tb := newTipBox()
	area := fyne.NewSize(400, 120)
	tb.show([]string{longStatus()}, 300, false, wrapLine, fyne.NewPos(10, 10), area)
	lines := tipLines(&TipLabel{tip: tb})
	if len(lines) == 0 || !strings.HasSuffix(lines[len(lines)-1], "…") {
		t.Fatalf("lines %q, want the last cut with …", lines)
	}
	if h := tb.box.Size().Height; h > area.Height {
		t.Errorf("the tooltip is %.0f high in a %.0f-high area", h, area.Height)
	}
}
