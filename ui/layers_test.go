package ui

import (
	"testing"

	"threatmap/ui/render"
)

// TestLinkModeMenu: Layers > C2 links offers all links, the selection's
// only, or none; a choice is ticked, applied to the map's layers and kept
// in the preferences.
func TestLinkModeMenu(t *testing.T) {
	u, _ := newTestApp(t)
	const both = render.LayerLinks | render.LayerSelectionLinks
	ticked := func() string {
		t.Helper()
		it := u.linkModeItem()
		if it.Label != "C2 links" || it.ChildMenu == nil || len(it.ChildMenu.Items) != 3 {
			t.Fatalf("C2 links item: %q with %v", it.Label, it.ChildMenu)
		}
		on := ""
		for _, c := range it.ChildMenu.Items {
			if c.Checked {
				on += c.Label
			}
		}
		return on
	}
	if got := ticked(); got != "All" {
		t.Errorf("by default %q is ticked, want All", got)
	}
	for _, tc := range []struct {
		pick int
		want render.Layers
		name string
	}{
		{1, render.LayerSelectionLinks, "Of the selection only"},
		{2, 0, "None"},
		{0, render.LayerLinks, "All"},
	} {
		u.linkModeItem().ChildMenu.Items[tc.pick].Action()
		if u.layers&both != tc.want {
			t.Errorf("%s: link layers %v, want %v", tc.name, u.layers&both, tc.want)
		}
		if got := ticked(); got != tc.name {
			t.Errorf("%s: %q ticked", tc.name, got)
		}
		if l, ok := restoreLayers(u.app.Preferences()); !ok || l != u.layers {
			t.Errorf("%s: preference %q restores %v, layers %v", tc.name, u.app.Preferences().String(prefLayers), l, u.layers)
		}
	}
}
