// Package ui is threatmap's desktop interface: the map widget, filter
// panels, timeline, details and the window's menus and dialogs, built with
// Fyne. Pixels come from ui/render (the same renderer as the export
// command); data from data/*. Heavy work runs on the engine goroutine and
// comes back with fyne.Do.
package ui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/country"
	"threatmap/data/filter"
	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/data/timeline"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// Options configure New.
type Options struct {
	Files   []string // files to open; none means the embedded default
	Version string
	// Log receives one line per file that could not be opened (besides the
	// dialog), so a terminal or a test sees it too; nil discards.
	Log io.Writer
	// Synchronous loads, filters, draws and exports on the calling
	// goroutine instead of in the background, and playback advances only
	// when tick is called: for tests that drive the UI step by step. It
	// starts no goroutine of its own.
	Synchronous bool
	// Trace, when set, is told of each step of the first load as it
	// happens (the Trace* events, each once), from any goroutine: for
	// measuring the time from launch to the first map.
	Trace func(event string)
}

// App is one threatmap window and its view state. Every method runs on the
// UI goroutine.
type App struct {
	app fyne.App
	win fyne.Window
	opt Options

	ds      *threat.Dataset
	reports []*ingest.Report
	files   []string     // what is open; nil = embedded default
	geo     *geoipChoice // places IP-only feeds; nil until read from the preferences (geoip.go)
	gen     int

	eng      *engine
	mapv     *MapView
	tl       *TimelineView
	player   *timeline.Player
	stopTick chan struct{}

	countries, types, servers, confidence *FacetList
	provenance                            *widget.RadioGroup
	summary                               *TipLabel
	status                                *TipLabel
	dateLabel                             *widget.RichText
	playBtn                               *widget.Button
	speedLabel                            *widget.Label
	modeSel                               *widget.Select
	details                               *Details
	sidebar, right                        fyne.CanvasObject
	split                                 *container.Split
	tabs                                  *container.AppTabs
	content                               *fyne.Container

	selected   render.Item
	stack      []int32    // all hosts of a selected stack (sorted; selected is the first), else nil
	stackNames stackNames // the view references of stack (stackRefs)
	hovered    render.Item
	server     int   // selected server, -1 none
	winFrom    int64 // brushed window (0,0 none)
	// sidebarAuto: the filter panels were hidden to make room for the
	// details panel, and come back when it closes.
	sidebarAuto bool
	winTo       int64
	playing     bool // the player drives the window
	dark        bool
	proj        render.Projection
	layers      render.Layers
	last        *result        // the newest frame
	victN       map[int][2]int // server -> its victims and those on reconstructed ties, for tooltips (per dataset)
	tFirst      int64          // the dataset's time range (TimeRange scans every host)
	tLast       int64
	tOK         bool
	counted     *result // the newest pass that recomputed counts

	load          *loading
	trace         *tracer
	links         linksStage                          // the first frames of a big dataset draw its hosts first (hostsfirst.go)
	exportPreview *canvas.Image                       // the open export dialog's preview
	pendingView   *viewspec.View                      // a view to show once its files have loaded (view.go)
	viewWarnings  []string                            // what reading it warned of
	viewTitle     string                              // the caption title of the view opened, else the data's
	exportPrev    *previewer                          // what draws it
	dialogs       []dialog.Dialog                     // the app's open dialogs, newest last: Escape closes it
	dialogTop     map[dialog.Dialog]fyne.CanvasObject // the overlay each showed as
	lastError     string
}

// New builds the interface into w and starts loading the data in the
// background. It must be called on the UI goroutine.
func New(a fyne.App, w fyne.Window, opt Options) *App {
	registerLazyFiles()
	u := &App{app: a, win: w, opt: opt, server: -1, dark: true, proj: render.EqualEarth, layers: render.DefaultLayers}
	u.loadPrefs()
	a.Settings().SetTheme(&appTheme{dark: u.dark})
	u.eng = newEngine(u.present, u.showHit, opt.Synchronous)
	u.trace = &tracer{f: opt.Trace}
	u.build()
	if opt.Trace != nil {
		u.tracePaints()
	}
	u.buildMenu()
	u.installShortcuts()
	w.SetOnDropped(u.dropped)
	w.SetOnClosed(u.closed)
	u.open(opt.Files)
	return u
}

// Window returns the app's window.
func (u *App) Window() fyne.Window { return u.win }

func (u *App) build() {
	u.mapv = NewMapView(u.proj)
	if !u.opt.Synchronous {
		u.mapv.WheelRest = wheelRest
	}
	u.mapv.OnViewChange = func(render.View) {
		u.hovered = render.Item{} // the pointer no longer points at it
		u.redraw()
	}
	u.mapv.OnHover = u.hover
	u.mapv.OnTap = u.tapMap

	u.countries = NewFacetList("Countries", true)
	u.countries.Lookup = func(q string) (string, bool) {
		c, ok := country.Lookup(q)
		return c.Alpha2, ok
	}
	u.types = NewFacetList("Target types", false)
	u.servers = NewFacetList("C2 servers", false)
	u.confidence = NewFacetList("Confidence", false)
	for _, f := range []*FacetList{u.countries, u.types, u.servers, u.confidence} {
		f.OnChanged = u.filtersChanged
	}
	u.provenance = widget.NewRadioGroup([]string{"Any", "Reported", "Reconstructed"}, func(string) { u.filtersChanged() })
	u.provenance.Horizontal = true
	u.provenance.Selected = "Any"
	clear := widget.NewButtonWithIcon("Clear filters", theme.ContentClearIcon(), u.ClearFilters)

	placement := container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle("Placement", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), u.provenance)
	u.tabs = container.NewAppTabs(
		container.NewTabItem("Types", u.types),
		container.NewTabItem("Countries", u.countries),
		container.NewTabItem("C2", u.servers),
		container.NewTabItem("Confidence", container.NewBorder(nil, placement, nil, nil, u.confidence)),
	)
	u.sidebar = container.NewBorder(nil, container.NewPadded(clear), nil, nil, u.tabs)

	u.details = NewDetails()
	u.details.OnClose = u.ClearSelection
	u.details.OnPickHost = func(i int) { u.selectItem(render.Item{Kind: render.KindHost, Index: i}, false) }
	u.right = u.details
	u.right.Hide()

	u.tl = NewTimelineView()
	u.tl.OnWindow = func(from, to int64) {
		u.dropPlayhead() // a new brush wins over the player's instant
		u.winFrom, u.winTo = from, to
		u.refilter(false) // the map holds still while a brush is dragged
	}
	u.playBtn = widget.NewButtonWithIcon("Play", theme.MediaPlayIcon(), u.TogglePlay)
	back := widget.NewButtonWithIcon("", theme.MediaSkipPreviousIcon(), func() { u.Step(-1) })
	fwd := widget.NewButtonWithIcon("", theme.MediaSkipNextIcon(), func() { u.Step(1) })
	home := widget.NewButtonWithIcon("", theme.MediaFastRewindIcon(), u.Home)
	end := widget.NewButtonWithIcon("", theme.MediaFastForwardIcon(), u.End)
	slower := widget.NewButton("−", u.Slower)
	faster := widget.NewButton("+", u.Faster)
	u.speedLabel = widget.NewLabel("")
	u.modeSel = widget.NewSelect([]string{"Cumulative", "Last 30 days", "Last 90 days"}, func(s string) {
		if u.player == nil {
			return
		}
		switch s {
		case "Cumulative":
			u.player.Mode = timeline.Cumulative
		case "Last 30 days":
			u.player.Mode, u.player.WindowDays = timeline.Moving, 30
		case "Last 90 days":
			u.player.Mode, u.player.WindowDays = timeline.Moving, 90
		}
		if u.playing {
			u.applyPlayer()
		}
	})
	u.modeSel.Selected = "Cumulative"
	u.dateLabel = widget.NewRichTextFromMarkdown("")
	clearWin := widget.NewButton("All time", func() {
		u.dropPlayhead()
		u.winFrom, u.winTo = 0, 0
		u.tl.SetWindow(0, 0)
		u.refilter(false)
	})
	controls := container.NewHBox(home, back, u.playBtn, fwd, end, slower, u.speedLabel, faster, u.modeSel, clearWin)
	tlPanel := container.NewBorder(container.NewBorder(nil, nil, controls, u.dateLabel), nil, nil, nil,
		container.New(&minHeight{h: 96}, u.tl))

	// Cut with "…" at the window's width, the whole text in a tooltip: the
	// lines never widen the window (their minimum width is the ellipsis).
	tips := NewTipLayer()
	u.summary = NewTipLabel("Loading…", tips)
	u.status = NewTipLabel("", tips)
	u.status.Alignment = fyne.TextAlignTrailing
	top := u.toolbar()

	u.split = container.NewHSplit(u.sidebar, container.NewBorder(nil, nil, nil, u.right, u.mapv))
	u.split.Offset = 0.2
	u.content = container.NewBorder(top, container.NewPadded(tlPanel), nil, nil, u.split)
	u.win.SetContent(container.NewStack(u.content, tips))
	w, h := u.prefSize()
	u.win.Resize(fyne.NewSize(w, h))
}

// toolbar is the row above the map: actions, then the summary line.
func (u *App) toolbar() fyne.CanvasObject {
	proj := widget.NewSelect(projectionNames(), func(s string) {
		p, err := render.ParseProjection(s)
		if err == nil && p != u.proj {
			u.SetProjection(p)
		}
	})
	proj.Selected = u.proj.String()
	themeBtn := widget.NewButtonWithIcon("Theme", theme.ColorPaletteIcon(), u.ToggleTheme)
	layersBtn := widget.NewButtonWithIcon("Layers", theme.ListIcon(), nil)
	layersBtn.OnTapped = func() { u.showLayersMenu(layersBtn) }
	left := container.NewHBox(
		widget.NewButtonWithIcon("Open", theme.FolderOpenIcon(), u.ShowOpen),
		widget.NewButtonWithIcon("Export", theme.DocumentSaveIcon(), u.ShowExport),
		widget.NewSeparator(),
		widget.NewButtonWithIcon("Filters", theme.MenuIcon(), u.ToggleSidebar),
		widget.NewButtonWithIcon("Fit", theme.ZoomFitIcon(), u.FitData),
		widget.NewButtonWithIcon("World", theme.HomeIcon(), u.ResetView),
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { u.Zoom(1.5) }),
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { u.Zoom(1 / 1.5) }),
		proj, layersBtn, themeBtn,
	)
	// The status takes the rest of the row, right-aligned.
	return container.NewVBox(container.NewBorder(nil, nil, left, nil, u.status), u.summary)
}

func projectionNames() []string {
	var out []string
	for _, p := range render.Projections {
		out = append(out, p.String())
	}
	return out
}

// setDataset swaps in a freshly loaded dataset.
func (u *App) setDataset(ds *threat.Dataset, reports []*ingest.Report, files []string) {
	u.ds, u.reports, u.files = ds, reports, files
	u.victN = nil
	u.viewTitle = "" // a view opened on other data titled that data
	u.selected, u.stack, u.hovered, u.server = render.Item{}, nil, render.Item{}, -1
	u.stackNames = stackNames{} // nothing keeps the old data alive
	u.winFrom, u.winTo = 0, 0
	u.stopPlaying()
	u.right.Hide()
	if u.sidebarAuto {
		u.ToggleSidebar()
	}
	u.details.Clear()
	u.fillFacets()
	u.tFirst, u.tLast, u.tOK = ds.TimeRange()
	first, last, ok := u.tFirst, u.tLast, u.tOK
	if ok {
		u.player = timeline.NewPlayer(first, last)
	} else {
		u.player = timeline.NewPlayer(0, 0)
	}
	u.tl.SetWindow(0, 0)
	u.tl.SetNow(0)
	u.updatePlayerLabels() // after SetNow: no date left from the old data
	u.updateTitle()
	u.gen++
	u.holdLinksFor(ds.Links.Len())
	u.FitData() // its view change draws the first frame
}

// fillFacets builds the facet lists from the dataset's dictionaries.
func (u *App) fillFacets() {
	ds := u.ds
	countryTotals := make([]int, len(ds.Countries))
	typeTotals := make([]int, len(ds.Types))
	for i := range ds.Hosts.Country {
		countryTotals[ds.Hosts.Country[i]]++
		typeTotals[ds.Hosts.Type[i]]++
	}
	var cs []FacetItem
	for code, cc := range ds.Countries {
		if countryTotals[code] == 0 {
			continue
		}
		label := country.Name(cc)
		if cc != "" {
			label += " (" + cc + ")"
		}
		cs = append(cs, FacetItem{Key: cc, Label: label, Code: code, Total: countryTotals[code], Filled: filledCountry(&ds.Meta, cc)})
	}
	u.countries.SetItems(cs)
	u.countries.SetNote(countriesNote(&ds.Meta))
	th := u.mapTheme()
	var ts []FacetItem
	for code, t := range ds.Types {
		if typeTotals[code] == 0 {
			continue
		}
		ts = append(ts, FacetItem{Key: t, Label: render.TypeLabel(t), Color: th.TypeColor(t), Code: code, Total: typeTotals[code]})
	}
	u.types.SetItems(ts)
	var ss []FacetItem
	serverTotals := make([]int, len(ds.Servers))
	for _, s := range ds.Hosts.Server {
		if s >= 0 && int(s) < len(serverTotals) {
			serverTotals[s]++
		}
	}
	for i, s := range ds.Servers {
		ss = append(ss, FacetItem{Key: s.ID, Label: serverLabel(&s), Code: i, Total: serverTotals[i]})
	}
	u.servers.SetItems(ss)
	u.servers.SetNote(serverCountsNote(ds))
	var cf []FacetItem
	for _, c := range []threat.Confidence{threat.ConfHigh, threat.ConfMedium, threat.ConfLow, threat.ConfUnknown} {
		label := c.String()
		if label == "" {
			label = "not stated"
		}
		cf = append(cf, FacetItem{Key: label, Label: strings.ToUpper(label[:1]) + label[1:], Code: int(c), Total: int(c) + 1})
	}
	u.confidence.SetItems(cf)
	u.confidence.SetNote(confidenceText(&ds.Meta))
	u.provenance.Selected = "Any"
	u.provenance.Refresh()
}

// serverLabel names a server by kind and network, never by attacker.
func serverLabel(s *threat.Server) string { return viewspec.ServerLabel(s) }

// query builds the filter query from the panels and the time window.
func (u *App) query() filter.Query {
	var q filter.Query
	if keys, all := u.countries.Selected(); !all {
		q.Countries = nonEmpty(keys)
	}
	if keys, all := u.types.Selected(); !all {
		q.Types = nonEmpty(keys)
	}
	if keys, all := u.servers.Selected(); !all {
		q.Servers = nonEmpty(keys)
	}
	if keys, all := u.confidence.Selected(); !all {
		q.Confidence = []threat.Confidence{255} // matches nothing unless listed below
		for _, k := range keys {
			switch k {
			case "high":
				q.Confidence = append(q.Confidence, threat.ConfHigh)
			case "medium":
				q.Confidence = append(q.Confidence, threat.ConfMedium)
			case "low":
				q.Confidence = append(q.Confidence, threat.ConfLow)
			default:
				q.Confidence = append(q.Confidence, threat.ConfUnknown)
			}
		}
	}
	switch u.provenance.Selected {
	case "Reported":
		q.Provenance = filter.ProvReported
	case "Reconstructed":
		q.Provenance = filter.ProvReconstructed
	}
	if u.playing || u.player != nil && u.tl.now != 0 {
		u.constrainPlayer(&q)
	} else if u.winFrom != 0 || u.winTo != 0 {
		q.From, q.To, q.Mode = filter.At(u.winFrom), filter.At(u.winTo), filter.FirstSeen
	}
	return q
}

// noneKey is a value no dataset has: a facet with nothing checked lists only
// it, so the query keeps nothing (an empty list would mean "no constraint").
const noneKey = viewspec.NoneKey

func nonEmpty(keys []string) []string {
	if len(keys) == 0 {
		return []string{noneKey}
	}
	return keys
}

func (u *App) filtersChanged() { u.refilter(true) }

// refilter applies changed filters. With fit, a map the user has not moved
// since the last fit, world view or load frames the hosts now visible;
// the time window and playback pass false, so the map holds still while
// a brush is dragged or the timeline plays.
func (u *App) refilter(fit bool) {
	// What was under the pointer may be filtered out now.
	u.hovered = render.Item{}
	u.mapv.HideTip()
	u.gen++
	// First: the engine starts while the widgets repaint.
	if fit && !u.mapv.Moved && u.ds != nil {
		u.FitData() // its view change redraws
	} else {
		u.redraw()
	}
	u.markTabs()
	u.releaseFocus()
}

// ClearFilters checks every facet value and drops the time window.
func (u *App) ClearFilters() {
	for _, f := range []*FacetList{u.countries, u.types, u.servers, u.confidence} {
		f.OnChanged = nil
		f.SetAll(true)
		f.OnChanged = u.filtersChanged
	}
	u.provenance.Selected = "Any"
	u.provenance.Refresh()
	u.dropPlayhead()
	u.winFrom, u.winTo = 0, 0
	u.tl.SetWindow(0, 0)
	u.filtersChanged()
}

// redraw submits the current state to the engine.
func (u *App) redraw() {
	if u.ds == nil {
		return
	}
	u.eng.submit(u.input())
}

// redrawHover shows a change of the hovered item: its highlight alone is
// redrawn, over the frame, unless something else changed too.
func (u *App) redrawHover() {
	if u.ds == nil {
		return
	}
	in := u.input()
	in.hoverOnly = true
	u.eng.submit(in)
}

// input snapshots what the map shows now (u.ds must be set).
func (u *App) input() input {
	q := u.query()
	in := input{
		ds: u.ds, q: q, server: u.server, selected: u.selected, stack: u.stack, hovered: u.hovered,
		view: u.mapv.View, panning: u.mapv.Panning, layers: u.layers, theme: u.mapTheme(),
		title: render.CaptionTitle(&u.ds.Meta, u.viewTitle), lines: u.captionLines(q), histBins: u.histBins(), gen: u.gen,
		tFirst: u.tFirst, tLast: u.tLast, tOK: u.tOK,
	}
	u.holdLinks(&in)
	return in
}

func (u *App) histBins() int {
	w := int(u.tl.Size().Width)
	if w <= 0 {
		w = 1000
	}
	if u.ds == nil {
		return 100
	}
	first, last, ok := u.tFirst, u.tLast, u.tOK
	if !ok {
		return 1
	}
	days := int((last-first)/timeline.Day) + 1
	return max(1, min(days, w/4))
}

func (u *App) mapTheme() render.Theme {
	if u.dark {
		return render.Dark
	}
	return render.Light
}

// present receives a finished engine pass.
func (u *App) present(r *result) {
	if r.img != nil {
		u.eng.release(u.mapv.ShowFrame(r.img))
		u.last = r
		u.trace.once(TraceFrameReady)
		u.linksFrameShown()
	}
	if r.hover != nil {
		u.mapv.ShowHover(r.hover.img, r.hover.at)
	}
	if r.filterd {
		if r.newHist || u.counted == nil {
			u.tl.SetData(r.hist, u.ds.Types, u.mapTheme())
		} else {
			// A playback step: the histogram has not changed, and
			// the timeline repaints only its marker and window.
			r.hist = u.counted.hist
		}
		u.counted = r
		u.countries.SetCounts(r.facets.Country)
		u.types.SetCounts(r.facets.Type)
		u.servers.SetCounts(r.facets.Server)
		u.confidence.SetCounts(r.facets.Confidence[:])
		u.updateSummary(&r.facets)
		u.trace.once(TraceCountsShown)
		// The panel lists the victims once per selection: whatever
		// passes the engine merged, these counts say whose they are.
		if u.server >= 0 && r.server == u.server && r.ds == u.ds && !u.details.Lists(u.ds, u.server) {
			u.details.ShowServer(u.ds, u.server, r.victims, r.nvict)
		}
	}
}

// updateSummary writes the line that always says what is shown.
func (u *App) updateSummary(f *filter.Facets) {
	if u.ds == nil {
		return
	}
	q := u.query()
	var b strings.Builder
	fmt.Fprintf(&b, "%s of %s · %s · ",
		render.Count(f.Visible), render.CountOf(f.Total, "host"), countOf(f.Countries, "country", "countries"))
	if len(u.ds.Servers) > 0 { // an IP list or a log has none: "0 of 0 C2 servers" says nothing
		fmt.Fprintf(&b, "%d of %s · ", f.Servers, render.CountOf(len(u.ds.Servers), "C2 server"))
	}
	b.WriteString(u.windowText(&q))
	if u.server >= 0 {
		fmt.Fprintf(&b, " · victims of %s only (Esc clears)", serverLabel(&u.ds.Servers[u.server]))
	}
	if u.ds.Meta.Reconstructed {
		b.WriteString(" · reconstructed data (see Help › About the data)")
	}
	u.summary.SetText(b.String())
}

// windowText describes the time window of q.
func (u *App) windowText(q *filter.Query) string {
	return viewspec.WindowText(q, u.tFirst, u.tLast, u.tOK)
}

// captionLines are the caption under the title in the map and exports
// (viewspec.Caption: the export command writes the same).
func (u *App) captionLines(q filter.Query) []string {
	return viewspec.Caption(u.ds, &q, u.server, u.tFirst, u.tLast, u.tOK)
}

// countOf is n (render.Count) and the noun, singular for one: for nouns
// whose plural is not noun+"s" ("1 country", "2 countries").
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return render.Count(n) + " " + many
}

// markTabs puts a dot on the tabs whose facet filters something.
func (u *App) markTabs() {
	if u.tabs == nil {
		return
	}
	active := []bool{u.types.Active(), u.countries.Active(), u.servers.Active(),
		u.confidence.Active() || u.provenance.Selected != "Any" && u.provenance.Selected != ""}
	names := []string{"Types", "Countries", "C2", "Confidence"}
	changed := false
	for i, it := range u.tabs.Items {
		t := names[i]
		if active[i] {
			t += " ●"
		}
		if it.Text != t {
			it.Text, changed = t, true
		}
	}
	if changed {
		u.tabs.Refresh()
	}
}
