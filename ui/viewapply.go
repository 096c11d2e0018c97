package ui

import (
	"fmt"

	"threatmap/data/filter"
	"threatmap/data/timeline"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// applyFilters sets the facet lists and the placement to q, spec's query.
func (u *App) applyFilters(spec *viewspec.View, q *filter.Query) []string {
	var warns []string
	set := func(name string, f *FacetList, keys []string) {
		f.OnChanged = nil
		defer func() { f.OnChanged = u.filtersChanged }()
		if keys == nil {
			f.SetAll(true)
			return
		}
		f.SetAll(false)
		for _, k := range keys {
			if k != viewspec.NoneKey && !f.Set(k, true) {
				warns = append(warns, fmt.Sprintf("filters.%s: %q is not in the data", name, k))
			}
		}
	}
	set("countries", u.countries, q.Countries)
	set("types", u.types, q.Types)
	set("servers", u.servers, q.Servers)
	var conf []string
	if c := spec.Filters.Confidence; c != nil {
		conf = []string{}
		for _, k := range c {
			if k == "unknown" {
				k = "not stated" // the facet's key
			}
			conf = append(conf, k)
		}
	}
	set("confidence", u.confidence, conf)
	u.provenance.Selected = map[filter.Provenance]string{filter.ProvAny: "Any", filter.ProvReported: "Reported",
		filter.ProvReconstructed: "Reconstructed"}[q.Provenance]
	u.provenance.Refresh()
	u.markTabs()
	return warns
}

// applyTime sets the timeline's window and the playback mode. The
// timeline's window keeps hosts first seen in it; a view that keeps hosts
// active in it gets the same window and a warning.
func (u *App) applyTime(spec *viewspec.View, q *filter.Query) []string {
	var warns []string
	u.dropPlayhead()
	u.winFrom, u.winTo = 0, 0
	if q.Timed() {
		u.winFrom, u.winTo = u.tFirst, u.tLast
		if q.From.Set {
			u.winFrom = q.From.Unix
		}
		if q.To.Set {
			u.winTo = q.To.Unix
		}
		if q.Mode != filter.FirstSeen {
			warns = append(warns, "time: the window's timeline keeps hosts first seen in the time window; this view keeps those active in it")
		}
	}
	u.tl.SetWindow(u.winFrom, u.winTo)
	if p := spec.Playback; p != nil && u.player != nil {
		w, _ := render.ParseWindow(p.Window) // checked by Read
		days := w / timeline.Day
		switch {
		case p.Mode == "cumulative":
			u.modeSel.SetSelected("Cumulative")
		case w%timeline.Day == 0 && (days == 30 || days == 90):
			u.modeSel.SetSelected(fmt.Sprintf("Last %d days", days))
		default:
			warns = append(warns, fmt.Sprintf("playback.window: the window plays 30 or 90 days, not %s", p.Window))
		}
	}
	return warns
}

// applySelection selects spec's server, host or hosts (a stack).
func (u *App) applySelection(spec *viewspec.View) []string {
	s := &spec.Selection
	switch {
	case s.Server != "":
		if i, ok := viewspec.ServerIndex(u.ds, s.Server); ok {
			u.selectItem(render.Item{Kind: render.KindServer, Index: i}, false)
			return nil
		}
		u.ClearSelection()
		return []string{fmt.Sprintf("selection.server: no C2 server %q in the data", s.Server)}
	case s.Host != "":
		if i, ok := viewspec.HostIndex(u.ds, s.Host); ok {
			u.selectItem(render.Item{Kind: render.KindHost, Index: i}, false)
			return nil
		}
		u.ClearSelection()
		return []string{fmt.Sprintf("selection.host: no host %q in the data", s.Host)}
	case len(s.Hosts) > 0:
		hosts, warn := viewspec.SelectHosts(u.ds, s.Hosts)
		if len(hosts) > 0 {
			u.selectStack(hosts)
		} else {
			u.ClearSelection()
		}
		if warn != "" {
			return []string{warn}
		}
		return nil
	}
	u.ClearSelection()
	return nil
}

// applyExtent shows in the map the extent spec shows in its own frame.
func (u *App) applyExtent(spec *viewspec.View) {
	e := &spec.Extent
	switch {
	case e.Fit:
		u.FitData()
		return
	case e.Center == nil && e.Zoom == 0 && e.BBox == nil:
		u.ResetView()
		return
	}
	fr, err := viewspec.Resolve(u.ds, spec)
	if err != nil {
		return // checked when read
	}
	v := fr.View
	if w, h := u.mapv.View.Width, u.mapv.View.Height; w > 0 && h > 0 {
		v.Zoom = exportZoom(v, w, h)
		v.Width, v.Height = w, h
	}
	u.mapv.Moved = true
	u.mapv.SetView(v)
}
