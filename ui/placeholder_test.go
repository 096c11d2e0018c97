package ui

import (
	"testing"

	"threatmap/ui/render"
)

// TestPlaceholderWhileLoading: with nothing loaded yet, the map shows the
// world without data (land and ocean, no legend or caption), and a
// placeholder that comes back after a frame with data is dropped.
func TestPlaceholderWhileLoading(t *testing.T) {
	u, _ := newTestApp(t)
	queued := make(chan func(), 1)
	old := doOnUI
	t.Cleanup(func() { doOnUI = old })
	doOnUI = func(f func()) { queued <- f }
	u.opt.Synchronous = false // as the window: drawn on a goroutine, shown through doOnUI

	frame, last := u.mapv.front, u.last
	u.ds, u.last, u.mapv.front = nil, nil, nil // as before the first load
	u.drawPlaceholder()
	(<-queued)()
	if !u.placeholder || u.mapv.front == nil {
		t.Fatal("no placeholder shown while nothing is loaded")
	}
	want := placeholderFrame(u.mapv.View, render.DefaultLayers&placeholderLayers, u.mapTheme())
	if !samePixels(u.mapv.front, want) {
		t.Error("the placeholder is not the base map and labels of the view")
	}
	colours := map[[3]uint8]bool{}
	for i := 0; i < len(want.Pix); i += 4 {
		colours[[3]uint8{want.Pix[i], want.Pix[i+1], want.Pix[i+2]}] = true
	}
	if len(colours) < 8 {
		t.Errorf("the placeholder has %d colours: no base map", len(colours))
	}
	u.drawPlaceholder() // the same view: not drawn again
	select {
	case <-queued:
		t.Error("the placeholder was drawn twice for one view")
	default:
	}

	// A frame with data arrives while a placeholder is being drawn.
	u.mapv.front, u.placeholder = nil, false
	u.mapv.View.Width++
	u.drawPlaceholder()
	f := <-queued
	u.mapv.front, u.last = frame, last
	f()
	if u.placeholder || u.mapv.front != frame {
		t.Error("a placeholder replaced the frame with data")
	}
}
