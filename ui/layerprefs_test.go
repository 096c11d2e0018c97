package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"threatmap/ui/render"
)

// TestLayerPrefsMigrate: layers saved by a version without place labels
// come back with the labels on (and the user's other choices kept);
// labels turned off in this version stay off after a restart.
func TestLayerPrefsMigrate(t *testing.T) {
	for _, tc := range []struct {
		name         string
		saved, known string // preferences as left by the version that saved them
		want         render.Layers
	}{
		{"old defaults", "basemap,links,hosts,servers,legend,caption", "", render.DefaultLayers},
		{"old, links off", "basemap,hosts,servers,legend,caption", "", render.DefaultLayers &^ render.LayerLinks},
		{"old, choropleth on", "basemap,choropleth,links,hosts,servers,legend,caption", "", render.DefaultLayers | render.LayerChoropleth},
		{"labels off since", "basemap,links,hosts,servers,legend,caption", render.AllLayers().String(), render.DefaultLayers &^ render.LayerLabels},
		{"labels on", render.DefaultLayers.String(), render.AllLayers().String(), render.DefaultLayers},
		{"selection's links only", "basemap,selection-links,hosts,servers,legend,caption,labels", render.AllLayers().String(),
			render.DefaultLayers&^render.LayerLinks | render.LayerSelectionLinks},
		{"links off before link modes", "basemap,hosts,servers,legend,caption,labels",
			"basemap,graticule,choropleth,links,hosts,servers,legend,caption,labels", render.DefaultLayers &^ render.LayerLinks},
		{"nothing saved", "", "", render.DefaultLayers},
		{"garbage", "basemap,teapot", "", render.DefaultLayers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Preferences().SetString(prefLayers, tc.saved)
			a.Preferences().SetString(prefLayersKnown, tc.known)
			u := New(a, test.NewTempWindow(t, nil), Options{Synchronous: true})
			if u.layers != tc.want {
				t.Errorf("layers %q, want %q", u.layers, tc.want)
			}
		})
	}
}

// TestLayerPrefsSaved: a layer toggled off is saved with the set of layers
// this version knows, so that the next start keeps it off.
func TestLayerPrefsSaved(t *testing.T) {
	a := test.NewTempApp(t)
	u := New(a, test.NewTempWindow(t, nil), Options{Synchronous: true})
	saveLayers(a.Preferences(), u.layers&^render.LayerLabels)
	if got := a.Preferences().String(prefLayersKnown); got != render.AllLayers().String() {
		t.Errorf("known layers saved as %q", got)
	}
	u2 := New(a, test.NewTempWindow(t, nil), Options{Synchronous: true})
	if u2.layers.Has(render.LayerLabels) || !u2.layers.Has(render.LayerHosts) {
		t.Errorf("after a restart: %q, want the labels off and the rest as saved", u2.layers)
	}
}
