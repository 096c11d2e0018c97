package viewspec

import (
	"cmp"
	"fmt"
	"image"

	"github.com/paulmach/orb"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// Legend wording for the selected server's victims, in the window and in
// exports.
const (
	HighlightLabel = "victims of the selected server"
	HighlightOne   = "victim of the selected server"
)

// Frame is a view resolved against a dataset: the viewport and the scene
// to draw, and what could not be applied (a selection the data does not
// have).
type Frame struct {
	View     render.View
	Scene    render.Scene
	Warnings []string
	server   int // the selected server's index, else -1
	first    int64
	last     int64 // the dataset's time range (ok: it has one)
	ok       bool
}

// Resolve filters ds as v says and frames it. The sets it fills are owned
// by the Frame.
func Resolve(ds *threat.Dataset, v *View) (*Frame, error) {
	if err := v.Check(); err != nil {
		return nil, err
	}
	q, _ := v.Query()
	st, _ := v.Style()
	fr := &Frame{}
	vis := new(filter.Set)
	q.Apply(ds, vis)
	server, sel, hosts := fr.selection(ds, &v.Selection)
	fr.server = server
	sc := render.Scene{Data: ds, Visible: vis, Selected: sel, SelectedHosts: hosts, Layers: st.Layers, Theme: st.Theme,
		Title: render.CaptionTitle(&ds.Meta, v.Title)}
	if server >= 0 {
		vict := new(filter.Set)
		filter.Victims(ds, server, vict)
		sc.Highlight, sc.HighlightLabel, sc.HighlightOne = vict, HighlightLabel, HighlightOne
	}
	fr.first, fr.last, fr.ok = ds.TimeRange()
	sc.Lines = Caption(ds, &q, server, fr.first, fr.last, fr.ok)
	fr.Scene = sc
	fr.View = v.viewport(st.Projection, ds, vis)
	return fr, nil
}

// Draw draws v of ds into a new image of v's size.
func Draw(ds *threat.Dataset, v *View) (*image.RGBA, *Frame, render.Stats, error) {
	return draw(ds, v, image.Point{})
}

// DrawMiniature draws v of ds into a new w x h image as a miniature of
// v's size (render.Scene.OutputSize): the same framing, with text,
// markers, panels and labels at the export's proportions (the export
// dialog's preview). w x h should have about v's aspect.
func DrawMiniature(ds *threat.Dataset, v *View, w, h int) (*image.RGBA, *Frame, render.Stats, error) {
	return draw(ds, v, image.Pt(max(1, w), max(1, h)))
}

// draw is Draw into a frame of size (zero: v's own).
func draw(ds *threat.Dataset, v *View, size image.Point) (*image.RGBA, *Frame, render.Stats, error) {
	fr, err := Resolve(ds, v)
	if err != nil {
		return nil, nil, render.Stats{}, err
	}
	if size == (image.Point{}) {
		size = image.Pt(fr.View.Width, fr.View.Height)
	} else {
		fr.Scene.OutputSize = image.Pt(fr.View.Width, fr.View.Height)
	}
	img := image.NewRGBA(image.Rect(0, 0, size.X, size.Y))
	r := render.Renderer{Once: true} // one frame: no cached base map copy
	r.Draw(img, fr.View, &fr.Scene)
	return img, fr, r.LastStats(), nil
}

// viewport is the render.View of v's extent.
func (v *View) viewport(p render.Projection, ds *threat.Dataset, vis *filter.Set) render.View {
	w, h := v.Size()
	e := &v.Extent
	switch {
	case e.Fit:
		rv := render.FitData(p, ds, vis, w, h)
		if e.Zoom != 0 {
			rv.Zoom = e.Zoom // about the fit's centre: a --zoom beside a fit view
		}
		return rv
	case e.Center != nil || e.Zoom != 0:
		rv := render.View{Projection: p, Zoom: cmp.Or(e.Zoom, 1), Width: w, Height: h}
		if e.Center != nil {
			rv.Center = orb.Point{e.Center[0], e.Center[1]}
		}
		return rv
	case e.BBox != nil:
		b := e.BBox
		return render.FitBounds(p, orb.Bound{Min: orb.Point{b[0], b[1]}, Max: orb.Point{b[2], b[3]}}, w, h)
	}
	return render.World(p, w, h)
}

// selection finds the selected server (its index, else -1), the item to
// outline and the hosts selected together; a selection the data lacks is
// a warning, not an error, so that a view redraws next month's data.
func (fr *Frame) selection(ds *threat.Dataset, s *Selection) (int, render.Item, []int32) {
	switch {
	case s.Server != "":
		if i, ok := ServerIndex(ds, s.Server); ok {
			return i, render.Item{Kind: render.KindServer, Index: i}, nil
		}
		fr.Warnings = append(fr.Warnings, fmt.Sprintf("selection.server: no C2 server %q in the data; nothing selected", s.Server))
	case s.Host != "":
		if i, ok := HostIndex(ds, s.Host); ok {
			return -1, render.Item{Kind: render.KindHost, Index: i}, nil
		}
		fr.Warnings = append(fr.Warnings, fmt.Sprintf("selection.host: no host %q in the data; nothing selected", s.Host))
	case len(s.Hosts) > 0:
		hosts, warn := SelectHosts(ds, s.Hosts)
		if warn != "" {
			fr.Warnings = append(fr.Warnings, warn)
		}
		return -1, render.Item{}, hosts
	}
	return -1, render.Item{}, nil
}

// ServerIndex finds a C2 server by id.
func ServerIndex(ds *threat.Dataset, id string) (int, bool) {
	for i := range ds.Servers {
		if ds.Servers[i].ID == id {
			return i, true
		}
	}
	return 0, false
}
