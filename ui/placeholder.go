package ui

import (
	"image"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// placeholderLayers are what the map shows while the first dataset loads:
// the world without data (the summary line and the loading dialog say
// that data is coming), never a legend or caption, which would describe
// data.
const placeholderLayers = render.LayerBasemap | render.LayerGraticule | render.LayerLabels

// drawPlaceholder draws the world in the empty map, off the UI goroutine,
// while nothing is loaded yet: a window whose big file takes seconds to
// load shows the base map rather than a flat fill. It also parses the
// outlines, labels and fonts the first frame with data needs, while the
// file loads. A synchronous app (tests) draws none: its load is over
// before the map has a size.
func (u *App) drawPlaceholder() {
	v := u.mapv.View
	if u.opt.Synchronous || u.ds != nil || v.Width <= 1 || v.Height <= 1 || v == u.placeholderFor {
		return
	}
	u.placeholderFor = v
	layers, th := u.layers&placeholderLayers, u.mapTheme()
	go func() {
		img := placeholderFrame(v, layers, th)
		doOnUI(func() {
			// Shown only when it is still the view and nothing better
			// is: never over a frame with data.
			if u.ds == nil && u.last == nil && u.mapv.View == v {
				u.placeholder = true
				u.mapv.ShowFrame(img)
			}
		})
	}()
}

// placeholderFrame draws the map of no data in v.
func placeholderFrame(v render.View, layers render.Layers, th render.Theme) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	sc := render.Scene{Data: &threat.Dataset{}, Visible: &filter.Set{}, Layers: layers, Theme: th}
	var r render.Renderer
	r.Draw(img, v, &sc)
	return img
}
