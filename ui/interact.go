package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"

	"threatmap/data/country"
	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// hover asks the engine what is under pixel x, y (-1, -1: nothing).
func (u *App) hover(x, y int) {
	if x < 0 || u.ds == nil {
		u.mapv.HideTip()
		if u.hovered.Kind != render.KindNone {
			u.hovered = render.Item{}
			u.redrawHover()
		}
		return
	}
	u.eng.hitAt(x, y, false)
}

// showHit shows the tooltip for the engine's hover answer.
func (u *App) showHit(h render.Hit, tap bool) {
	it := render.Item{Kind: h.Kind, Index: h.Index}
	if tap && h.Kind == render.KindHost && h.Count > 1 {
		u.selectStack(h.Members)
		return
	}
	if tap {
		u.selectItem(it, false)
		return
	}
	if it != u.hovered {
		u.hovered = it
		u.redrawHover()
	}
	if h.Kind == render.KindNone {
		u.mapv.HideTip()
		return
	}
	if h.Kind == render.KindHost && h.Count > 1 {
		u.mapv.ShowTip(stackTip(u.ds, h.Members, h.Count))
		return
	}
	u.mapv.ShowTip(u.tipLines(it))
}

// tapMap selects what is under the pointer (or clears the selection).
func (u *App) tapMap(x, y int) {
	if u.ds == nil {
		return
	}
	u.eng.hitAt(x, y, true)
}

// selectItem selects a host, server or link. A server also highlights its
// victims on the map and narrows the counts and timeline to them;
// focus=true pans to it.
func (u *App) selectItem(it render.Item, focus bool) { u.selectWith(it, nil, focus) }

// selectWith is selectItem, with the hosts of a stack selected with host
// it (stack.go), or nil.
func (u *App) selectWith(it render.Item, stack []int32, focus bool) {
	if u.ds == nil {
		return
	}
	prev := u.server
	u.selected, u.stack = it, nil
	u.server = -1
	switch it.Kind {
	case render.KindServer:
		u.server = it.Index
	case render.KindLink:
		if s := u.ds.Links.Server[it.Index]; s >= 0 {
			u.server = int(s)
			u.selected = render.Item{Kind: render.KindServer, Index: int(s)}
		} else if h := u.ds.Links.Host[it.Index]; h >= 0 {
			u.selected = render.Item{Kind: render.KindHost, Index: int(h)}
		}
	case render.KindNone:
		u.ClearSelection()
		return
	}
	switch u.selected.Kind {
	case render.KindHost:
		if u.stack = stack; stack != nil {
			u.details.ShowStack(u.ds, stack[:min(len(stack), maxVictims)], len(stack))
		} else {
			u.details.ShowHost(u.ds, u.selected.Index)
		}
	case render.KindServer:
		if c := u.counted; c != nil && c.server == u.server && c.ds == u.ds {
			u.details.ShowServer(u.ds, u.server, c.victims, c.nvict)
		} else {
			u.details.ShowServer(u.ds, u.server, nil, -1)
		}
	}
	u.right.Show()
	u.makeRoomForDetails()
	u.content.Refresh()
	if focus && u.selected.Kind == render.KindHost {
		lon, lat := float64(u.ds.Hosts.Lon[u.selected.Index]), float64(u.ds.Hosts.Lat[u.selected.Index])
		v := u.mapv.View
		v.Center = orb.Point{lon, lat}
		u.mapv.Moved = true
		u.mapv.SetView(v)
	}
	if u.server != prev {
		u.gen++ // victims, counts and timeline change; a host alone does not
	}
	u.redraw()
}

// ClearSelection drops the selection (Escape).
func (u *App) ClearSelection() {
	if u.selected.Kind == render.KindNone && u.server < 0 {
		return
	}
	if u.server >= 0 {
		u.gen++
	}
	u.selected, u.stack, u.server = render.Item{}, nil, -1
	u.right.Hide()
	if u.sidebarAuto { // the filters come back where they were
		u.ToggleSidebar()
	}
	u.content.Refresh()
	u.redraw()
}

// makeRoomForDetails hides the filter panels while the details panel is
// open when, beside both, the map would keep less than minMapShare of the
// window's width (at 1024 wide it kept 30%); closing the details brings
// them back, and Ctrl+B (or Filters) shows them at any time.
func (u *App) makeRoomForDetails() {
	if !u.sidebar.Visible() {
		return
	}
	win := u.win.Canvas().Size().Width
	left := win - u.sidebar.MinSize().Width - u.details.MinSize().Width
	if win > 0 && left < minMapShare*win {
		u.ToggleSidebar()
		u.sidebarAuto = true
	}
}

// minMapShare is the least share of the window's width the map keeps
// beside the details panel before the filter panels make way.
const minMapShare = 0.4

// tipLines is the tooltip text of an item.
func (u *App) tipLines(it render.Item) []string {
	ds := u.ds
	switch it.Kind {
	case render.KindHost:
		i := it.Index
		name := hostName(ds, i)
		lines := []string{name}
		if ip := ds.Str(ds.Hosts.IP[i]); ip != "" && ip != name {
			lines = append(lines, "IP "+ip)
		}
		lines = append(lines, countryLabel(ds.Country(i))+" · "+render.TypeLabel(ds.Type(i)))
		if pl := hostPlacement(ds, i); pl != "" {
			lines = append(lines, "Position "+pl+": a guess, not where the computer is")
		}
		if ds.Hosts.First[i] != threat.NoTime || ds.Hosts.Last[i] != threat.NoTime {
			lines = append(lines, "First seen "+day(ds.Hosts.First[i])+" · last seen "+day(ds.Hosts.Last[i]))
		}
		lines = append(lines, hostServersTip(ds, i)...)
		// Undated hosts without a confidence (an IP list) get no line of
		// "unknown" and "not stated".
		if conf := ds.Hosts.Confidence[i].String(); conf != "" {
			lines = append(lines, "Confidence "+conf+" · "+provenanceText(ds.Hosts.Recon[i]))
		} else {
			lines = append(lines, provenanceText(ds.Hosts.Recon[i]))
		}
		if note := hostNote(ds, i); note != "" {
			lines = append(lines, "Note: "+note)
		}
		if src := ds.Str(ds.Hosts.Source[i]); src != "" {
			lines = append(lines, "Source: "+src)
		}
		return lines
	case render.KindServer:
		s := &ds.Servers[it.Index]
		lines := []string{serverLabel(s)}
		if s.IP != "" {
			lines = append(lines, "IP "+s.IP)
		}
		where := countryLabel(s.Country)
		if s.Region != "" {
			where = s.Region + ", " + where
		}
		lines = append(lines, "Hosted in "+where)
		if s.Network != "" {
			lines = append(lines, "Network "+s.Network)
		}
		n, recon := u.victimCount(it.Index)
		lines = append(lines, victimWording(n, recon)+" · click to list them")
		lines = append(lines, "Location shows hosting, not who operated it")
		return lines
	case render.KindLink:
		l := &ds.Links
		i := it.Index
		from, to := "unmatched server", "unmatched host"
		if s := l.Server[i]; s >= 0 {
			from = serverLabel(&ds.Servers[s])
		}
		if h := l.Host[i]; h >= 0 {
			to = hostName(ds, int(h))
		}
		lines := []string{linkTitle(ds, i), from + " → " + to}
		if l.First[i] != threat.NoTime {
			lines = append(lines, "First seen "+day(l.First[i]))
		}
		if l.Derived[i] {
			lines = append(lines, "Derived from the host's server reference")
		}
		if c := ds.LinkConfidence(i).String(); c != "" {
			lines = append(lines, "Confidence "+c)
		}
		if src := ds.LinkSource(i); src != "" {
			lines = append(lines, "Source: "+src)
		}
		return lines
	}
	return nil
}

// victimCount is how many hosts are tied to server s, counted as the
// victims list counts them (primary server or a link), and how many of
// them only by reconstructed values; once per dataset.
func (u *App) victimCount(s int) (n, recon int) {
	if c, ok := u.victN[s]; ok {
		return c[0], c[1]
	}
	if u.victN == nil {
		u.victN = map[int][2]int{}
	}
	var vict filter.Set
	n = filter.Victims(u.ds, s, &vict) // the rule the click's list and counts use
	recon = reconVictims(u.ds, s, &vict)
	u.victN[s] = [2]int{n, recon}
	return n, recon
}

func provenanceText(f threat.Field) string {
	if f == 0 {
		return "all values reported"
	}
	return "reconstructed: " + strings.Join(f.Names(), ", ")
}

func countryLabel(cc string) string {
	if cc == "" {
		return "Unknown country"
	}
	return country.Name(cc) + " (" + cc + ")"
}

func day(t int64) string {
	if t == threat.NoTime {
		return "unknown"
	}
	return time.Unix(t, 0).UTC().Format("2006-01-02")
}

// FitData frames the visible hosts (the world when they would barely zoom).
func (u *App) FitData() {
	if u.ds == nil {
		return
	}
	var vis *filter.Set // nil: every host
	if q := u.query(); q.Constrains() {
		vis = new(filter.Set)
		q.Apply(u.ds, vis)
	}
	w, h := max(u.mapv.View.Width, 1), max(u.mapv.View.Height, 1)
	v := render.FitData(u.proj, u.ds, vis, w, h)
	u.mapv.Moved = false
	u.mapv.SetView(v)
}

// ResetView shows the whole world.
func (u *App) ResetView() {
	u.mapv.Moved = false
	u.mapv.SetView(render.World(u.proj, u.mapv.View.Width, u.mapv.View.Height))
}

// Zoom zooms about the centre of the map by factor f.
//
// Keys held down or pressed in a row are a burst, as wheel notches are:
// frames scale or shift the cached layers until the keys rest.
func (u *App) Zoom(f float64) {
	v := u.mapv.View
	u.mapv.Moved = true
	u.mapv.wheelBurst()
	u.mapv.SetView(v.ZoomAt(float64(v.Width)/2, float64(v.Height)/2, f))
}

// Pan moves the map by a fraction of its size (arrow keys), a burst as
// Zoom's.
func (u *App) Pan(fx, fy float64) {
	v := u.mapv.View
	u.mapv.Moved = true
	u.mapv.wheelBurst()
	u.mapv.SetView(v.Pan(fx*float64(v.Width), fy*float64(v.Height)))
}

// SetProjection switches projection, keeping the geographic centre and the
// scale about it (so switching back restores the view); whether the user
// has moved the view is unchanged.
func (u *App) SetProjection(p render.Projection) {
	u.proj = p
	u.mapv.SetView(u.mapv.View.Reproject(p))
	u.app.Preferences().SetString(prefProjection, p.String())
}

// ToggleTheme switches between the dark and the light theme.
func (u *App) ToggleTheme() {
	u.dark = !u.dark
	u.app.Settings().SetTheme(&appTheme{dark: u.dark})
	u.app.Preferences().SetBool(prefDark, u.dark)
	if u.ds != nil {
		u.fillFacetColors()
		if u.counted != nil {
			u.tl.SetData(u.counted.hist, u.ds.Types, u.mapTheme())
		}
	}
	u.redraw()
}

func (u *App) fillFacetColors() {
	th := u.mapTheme()
	for i := range u.types.items {
		u.types.items[i].Color = th.TypeColor(u.types.items[i].Key)
	}
	u.types.list.Refresh()
}

// ToggleSidebar shows or hides the filter panels.
func (u *App) ToggleSidebar() {
	u.sidebarAuto = false
	if u.sidebar.Visible() {
		// A hidden search field keeps neither the keys nor a blinking
		// cursor (which repaints the window at 20-25% of a core).
		if u.win.Canvas().Focused() != nil {
			u.win.Canvas().Unfocus()
		}
		u.sidebar.Hide()
		u.split.Offset = 0
	} else {
		u.sidebar.Show()
		u.split.Offset = 0.2
	}
	u.split.Refresh()
}

// minHeight is a layout that stacks its objects and asks for at least h.
type minHeight struct{ h float32 }

func (m *minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, m.h)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Height = max(s.Height, m.h)
	return s
}

func (m *minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
