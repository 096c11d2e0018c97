package render

import (
	"image"
	"testing"

	"threatmap/data/ghostnet"
	"threatmap/data/threat"
)

// longCaptionScene is the window's GhostNet scene: twelve types, eight
// servers, links, and the caption the window writes (time, source, the
// long reconstruction caveat).
func longCaptionScene(ds *threat.Dataset) *Scene {
	m := threat.Meta{Reconstructed: true, Caveat: ghostnet.Caveat,
		Sources: []string{"Information Warfare Monitor, Tracking GhostNet (JR02-2009) https://example.org"}}
	lines := append([]string{"Time: first seen 22 May 2007 – 12 Mar 2009"}, SourceLines(&m)...)
	return &Scene{Data: ds, Layers: DefaultLayers, Title: ghostnet.Title, Lines: lines}
}

// drawSized renders s through a world view of w x h and returns the image
// and the renderer.
func drawSized(s *Scene, w, h int) (*image.RGBA, *Renderer) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := &Renderer{}
	r.Draw(img, World(EqualEarth, w, h), s)
	return img, r
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }

// TestOverlaysFit: the legend and caption cover at most a quarter of the
// map (the frame above the footnote) at the window's small sizes, and keep
// their full look at the 1440x900 default, where they fit.
func TestOverlaysFit(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	for _, c := range []struct {
		name string
		w, h int
		full bool // drawn as designed: every type, the whole caption
	}{
		{"details panel open", 560, 550, false},
		{"small window, fits as designed", 1024, 700, true},
		{"narrow and tall", 400, 900, false},
		{"default window", 1440, 900, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := longCaptionScene(ds)
			_, r := drawSized(s, c.w, c.h)
			leg, capt := r.Overlays()
			if leg.Empty() || capt.Empty() {
				t.Fatalf("legend %v, caption %v: both should be drawn", leg, capt)
			}
			mapArea := c.w * (c.h - r.footH)
			if r.footH == 0 {
				t.Errorf("no footnote strip")
			}
			if got := area(leg) + area(capt); got*4 > mapArea {
				t.Errorf("legend %v + caption %v cover %d px, %.0f%% of the %d px map", leg, capt, got, 100*float64(got)/float64(mapArea), mapArea)
			}
			t.Logf("%dx%d: legend %v + caption %v = %.1f%% of the map", c.w, c.h, leg, capt, 100*float64(area(leg)+area(capt))/float64(mapArea))
			if leg.Overlaps(capt) {
				t.Errorf("legend %v overlaps caption %v", leg, capt)
			}
			want := r.layoutCaption(s, uiScale(c.w, c.h), fitFull, c.w)
			if isFull := capt.Dy() == int(want.h); isFull != c.full {
				t.Errorf("caption %v drawn full: %v, want %v (full height %.0f)", capt, isFull, c.full, want.h)
			}
		})
	}
}

// TestTrimTypes: the largest types are kept in their order, ties to the
// first listed, and a note says how many more there are.
func TestTrimTypes(t *testing.T) {
	rows := []legendRow{{kind: rowHeader, label: "h"}}
	for i, n := range []int{5, 9, 1, 9, 3, 7, 2} {
		rows = append(rows, legendRow{kind: rowType, label: string(rune('a' + i)), count: n})
	}
	rows = append(rows, legendRow{kind: rowServer, label: "s", count: 4})
	got := trimTypes(rows, 4)
	want := []string{"h", "a", "b", "d", "f", "+3 more types", "s"}
	if len(got) != len(want) {
		t.Fatalf("got %d rows %v, want %v", len(got), got, want)
	}
	for i := range want {
		if got[i].label != want[i] {
			t.Errorf("row %d = %q, want %q", i, got[i].label, want[i])
		}
	}
	if got := trimTypes(rows, 7); len(got) != len(rows) {
		t.Errorf("trimmed to 7 of 7 types: %d rows, want %d", len(got), len(rows))
	}
}

// TestGoldenSmallFrame: the GhostNet scene in the map area left at
// 1024x700 with the details panel open.
func TestGoldenSmallFrame(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	img, r := drawSized(longCaptionScene(ds), 560, 550)
	assertGolden(t, "small_frame", img, r.LastStats(), Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 8})
}

// TestGoldenTinyFrame: in a 640x360 export the legend keeps the five
// largest types ("+7 more types") and the caption its title and one line.
func TestGoldenTinyFrame(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	img, r := drawSized(longCaptionScene(ds), 640, 360)
	leg, capt := r.Overlays()
	if got, mapArea := area(leg)+area(capt), 640*(360-r.footH); got*4 > mapArea {
		t.Errorf("legend %v + caption %v cover %d of %d px", leg, capt, got, mapArea)
	}
	assertGolden(t, "tiny_frame", img, r.LastStats(), Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 8})
}

// TestGoldenThumbnail: at 480x270 the legend is one line and the caption
// its title and one line, each cut to fit; the footnote stays.
func TestGoldenThumbnail(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	img, r := drawSized(longCaptionScene(ds), 480, 270)
	leg, capt := r.Overlays()
	if got, mapArea := area(leg)+area(capt), 480*(270-r.footH); got*4 > mapArea || r.footH == 0 {
		t.Errorf("legend %v + caption %v cover %d of %d px; footnote %d px high", leg, capt, got, mapArea, r.footH)
	}
	assertGolden(t, "thumbnail", img, r.LastStats(), Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 8})
}
