package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"threatmap/ui/render"
)

// TestLongTooltipKeepsWindow: a 160-character name is cut with "…" to fit
// the map, and the tooltip never sets the map's minimum size (it widened
// the window past the screen, for good).
func TestLongTooltipKeepsWindow(t *testing.T) {
	u, w := newTestApp(t)
	m := u.mapv
	minBefore, winBefore := m.MinSize(), w.Canvas().Size()
	long := strings.Repeat("Ministry of Foreign Affairs ", 6)[:160]
	m.ShowTip([]string{long, "second line " + long})
	if !rimDrawn(w.Canvas().(test.WindowlessCanvas).Capture(), m.tip.box) {
		t.Error("the tooltip is not painted: no orange rim at its top edge")
	}
	if got := m.MinSize(); got != minBefore {
		t.Errorf("the map's minimum size went from %v to %v with a tooltip", minBefore, got)
	}
	if got := w.Canvas().Size(); got != winBefore {
		t.Errorf("the window went from %v to %v", winBefore, got)
	}
	if bw := m.tip.box.Size().Width; bw > maxTipWidth+16+1 || m.tip.box.Position().X+bw > m.Size().Width+1 {
		t.Errorf("the tooltip is %.0f wide at x=%.0f in a %.0f-wide map", bw, m.tip.box.Position().X, m.Size().Width)
	}
	if first := m.tip.text[0].Text; !strings.HasSuffix(first, "…") || !strings.HasPrefix(long, strings.TrimSuffix(first, "…")) {
		t.Errorf("the long line reads %q, want its start and an ellipsis", first)
	}
}

// TestTooltipGoesWhenMapRefits: opening the details panel re-fits the map,
// and the tooltip of what was under the pointer goes with the highlight.
func TestTooltipGoesWhenMapRefits(t *testing.T) {
	u, w := newTestApp(t)
	u.showHit(render.Hit{Kind: render.KindHost, Index: 10}, false)
	if !u.mapv.tip.shown() || !u.mapv.hover.Visible() {
		t.Fatal("no tooltip and highlight on a hovered host")
	}
	u.selectItem(render.Item{Kind: render.KindHost, Index: 10}, false)
	w.Canvas().(test.WindowlessCanvas).Capture() // the map re-fits to its new size
	if u.mapv.tip.shown() {
		t.Error("the tooltip stays after the map re-fitted for the details panel")
	}
	if u.mapv.hover.Visible() || u.hovered.Kind != render.KindNone {
		t.Error("the hover highlight stays after the map re-fitted")
	}
}
