package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"threatmap/ui/render"
)

// TestPanelsGolden pins how each panel looks: the whole window, the type
// facet list, the timeline and the details panel of a host. On a mismatch
// Fyne writes the actual image to testdata/failed/; look at it, and copy it
// over the golden only if the change is intended.
func TestPanelsGolden(t *testing.T) {
	u, w := newTestApp(t)
	test.AssertImageMatches(t, "window_ghostnet.png", w.Canvas().Capture())

	u.tabs.SelectIndex(0)
	test.AssertObjectRendersToImage(t, "facet_types.png", u.types)
	test.AssertObjectRendersToImage(t, "timeline.png", u.tl)

	for i := range u.ds.Hosts.Lon {
		if u.ds.Str(u.ds.Hosts.Name[i]) == "Office of the Dalai Lama, India" {
			u.selectItem(render.Item{Kind: render.KindHost, Index: i}, false)
			break
		}
	}
	u.details.Resize(fyne.NewSize(360, 520))
	test.AssertObjectRendersToImage(t, "details_host.png", u.details)

	u.selectItem(render.Item{Kind: render.KindServer, Index: 1}, false)
	test.AssertImageMatches(t, "window_server_selected.png", w.Canvas().Capture())
}
