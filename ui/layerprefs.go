package ui

import (
	"fyne.io/fyne/v2"

	"threatmap/ui/render"
)

// prefLayersKnown lists, beside the saved layers, every layer the version
// that saved them knew: a layer added since (place labels, for a choice
// saved before them) is not one the user turned off, so it takes its
// default.
const prefLayersKnown = "map.layers.known"

// legacyLayers is what the versions that saved no prefLayersKnown knew:
// every layer but the place labels.
const legacyLayers = render.LayerBasemap | render.LayerGraticule | render.LayerChoropleth | render.LayerLinks |
	render.LayerHosts | render.LayerServers | render.LayerLegend | render.LayerCaption

// restoreLayers returns the saved layers, with the layers unknown to the
// version that saved them at their defaults; ok is false when nothing
// usable was saved.
func restoreLayers(p fyne.Preferences) (render.Layers, bool) {
	saved := p.String(prefLayers)
	if saved == "" {
		return 0, false
	}
	l, err := render.ParseLayers(saved)
	if err != nil {
		return 0, false
	}
	known := legacyLayers
	if k := p.String(prefLayersKnown); k != "" {
		known = render.AllLayers() // saved by a newer version: it knew ours
		if kl, err := render.ParseLayers(k); err == nil {
			known = kl
		}
	}
	return l | render.DefaultLayers&^known, true
}

// saveLayers saves the layers shown and the layers this version knows.
func saveLayers(p fyne.Preferences, l render.Layers) {
	p.SetString(prefLayers, l.String())
	p.SetString(prefLayersKnown, render.AllLayers().String())
}
