package render

import (
	"image"
	"image/color"
	"math"
	"math/bits"
	"runtime"
	"sync/atomic"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// Kind is what an Item or a Hit refers to.
type Kind uint8

const (
	KindNone Kind = iota
	KindHost
	KindServer
	KindLink
)

// String names the kind.
func (k Kind) String() string {
	return [...]string{"none", "host", "server", "link"}[k]
}

// Item is a host, server or link by index into the dataset's columns.
type Item struct {
	Kind  Kind
	Index int
}

// Scene is what Draw paints. It is read, never changed, by Draw.
type Scene struct {
	Data *threat.Dataset // nil draws the base map and overlays only
	// Visible holds the hosts to draw (the filter result); nil means all.
	// A link is drawn when its host is visible (unmatched links only when
	// Visible is nil).
	Visible *filter.Set
	// Highlight holds hosts to emphasise, e.g. the victims of the selected
	// server; nil means none.
	Highlight *filter.Set
	// HighlightLabel says what the highlighted hosts are, for the legend
	// ("victims of the selected server"), and HighlightOne what one is
	// ("victim of the selected server"); empty reads "highlighted".
	HighlightLabel    string
	HighlightOne      string
	Selected, Hovered Item
	// SelectedHosts are hosts selected together (a stack clicked in the
	// window): every marker holding one of them, or Selected, is outlined
	// as Selected is, once. Indices out of range are ignored.
	SelectedHosts []int32
	Layers        Layers
	Theme         Theme // the zero Theme means Dark
	// Title heads the caption; Lines follow it (time window, active
	// filters, "Source: ...", the reconstruction caveat). Long lines wrap.
	Title string
	Lines []string
	// DensityThreshold is the number of hosts on screen above which hosts
	// are drawn as a density raster instead of points (0 means
	// DefaultDensityThreshold).
	DensityThreshold int
	// Panning says the view is being dragged: when it moved by whole
	// pixels since the last frame, the cached base map is shifted and only
	// the uncovered strips are rasterised (a pan at 1M hosts no longer
	// redraws every country). Edge pixels may then differ from a fresh
	// raster in rounding; the first frame without Panning redraws the base
	// map exactly, so what rests on screen is what an export draws.
	Panning bool
	// OutputSize, when set, makes the frame a miniature of an output of
	// that size (an export's preview): text, strokes, markers, link
	// widths, the panels and their fit, and the binning of hosts into
	// stacks are the output's, scaled by the frame's short side over the
	// output's. Zero: the frame is the output (sizes follow its own size).
	OutputSize image.Point
}

// DefaultDensityThreshold: above this many hosts on screen, points would
// merge into a blob, so hosts are drawn as counts per pixel through a ramp.
const DefaultDensityThreshold = 50000

// Renderer draws Scenes. It owns every buffer and cache, so that a warm Draw
// allocates nothing: the projected base map per view, projected host
// coordinates and link arcs per dataset and projection, accumulation grids,
// legend and caption panels, and the hit-test index.
//
// The zero Renderer is ready to use. A Renderer is not safe for concurrent
// use; its helper goroutines stop when it is garbage collected.
type Renderer struct {
	// Coarse and Fine are the base map outlines for world views and for
	// zoomed-in views (less than 60° of longitude across). nil means the
	// embedded Natural Earth 1:110m and 1:50m outlines.
	Coarse, Fine *Outlines
	// Once marks a renderer that draws one frame (an export): the base map
	// is rasterised straight into dst instead of a cached copy, which
	// saves a frame-sized buffer and a copy. Later Draws still work; they
	// redraw the base map every time.
	Once bool
	// Interrupt, when set, is asked between chunks of a frame that
	// redraws a kept link haze for a new view alone (the first frame
	// after a drag or a burst of wheel notches, the costly one at a
	// million links): when it answers true, Draw gives the frame up,
	// leaves dst as it was and the renderer as after the last frame
	// drawn, and Interrupted reports true. It is called from the
	// renderer's goroutines at once, so it must be safe for that (an
	// atomic load: a newer frame is waiting).
	Interrupt func() bool

	pool                     *pool
	fnAccum, fnResolve       func(int)
	fnMerge, fnClear, fnBase func(int)
	fnVictims                func(int)
	fnGone, fnSubtract       func(int)
	linkTmp                  []uint16 // a spare half-resolution link grid, empty between frames
	subFail                  [maxParts]bool
	victims                  []victimMark // collectVictims' marks, kept (hl)
	hl                       highlight
	strokes                  []stroker // per part, for the base map
	bj                       baseJob
	rowTmp                   [][]uint16 // per part: one half-res link row, blended vertically
	parts                    int
	hosts                    hostCache
	arcs                     arcCache
	cor                      corridors
	stop                     atomic.Bool // Interrupt answered true this frame
	interrupted              bool        // the last Draw was given up
	perLink                  bool        // draw a haze link by link, not by corridor (tests)
	proj                     [2][numProjections]*projOutlines
	base                     *image.RGBA
	baseKey                  baseKey
	baseValid                bool
	baseShifted              bool // the base map was shifted or scaled (interim.go), not rasterised whole
	baseTmp                  *image.RGBA
	idx                      [2][]int32 // interim.go's column and row maps
	mask                     image.Alpha
	stroke                   stroker
	rings                    ringStamp  // the victims' rings
	selRing                  ringStamp  // drawSelection's rings of lone hosts
	seen                     filter.Set // per pixel: a victim was drawn there (drawHighlight)
	highOn                   []int32    // drawHighlight's links on screen, kept for their storage
	selMarks                 []uint64   // drawSelection's markers, kept for their storage
	selLinks                 filter.Set // frame.sel's storage
	outline                  []float64
	hostAcc, linkAcc         [][]uint16
	// hostOcc marks, per part, the 64-pixel row spans of hostAcc it wrote
	// to, so that the density resolve skips empty ones.
	hostOcc                     [][]uint8
	typeCnt, countryCnt, srvCnt [][]int32
	srvLinked                   [][]int32 // [0]: the visible links per server
	onScreen                    []int
	// reconPos counts, per part, the visible hosts whose position was
	// reconstructed (with the other counts, when they are taken).
	reconPos                  []int
	reconLinks, reconHosts    int // merged: what the legend and footnote say
	stamps, hollows           []*stamp
	choro                     []uint8
	choroMax                  int
	outToCC                   []int32
	ccFor                     *threat.Dataset
	ccOutlines                *Outlines
	legend, caption, footnote panel
	footH                     int                // height of the footnote strip this frame
	overlays                  [2]image.Rectangle // where the legend and caption went
	legendBlank               bool               // the legend panel lists nothing
	densLUT                   [4096]pm
	linkLUT                   [4096]uint32 // link weight (lutIndex) -> packed r, g, b to add (or premultiplied colour and 255-alpha)
	lutTheme                  Theme
	faces                     faceCache
	sprites                   spriteCache    // place names and stacks' counts
	stacks                    stackGrid      // hosts binned into marker cells
	placed                    placement      // boxes of the counts and labels drawn
	typeCols                  typeColorTable // this frame's host colours
	index                     hitIndex
	f                         frame
	countsFresh, countsAll    bool
	countsFor                 *threat.Dataset
	countsVis                 []uint64
	lk                        linkCache
	lutLinkN                  int            // the link table is for this many links
	lutUnit                   int32          // and this weight per link
	linkRamp                  [2]color.NRGBA // the legend's link density ramp
	stats                     Stats
}

// Stats describes the last frame drawn.
type Stats struct {
	Hosts    int  // visible hosts (whole dataset, on screen or not)
	OnScreen int  // visible hosts inside the frame
	Links    int  // links drawn
	Density  bool // hosts were drawn as a density raster
	Servers  int  // servers drawn
}

// LastStats returns what the last Draw drew.
func (r *Renderer) LastStats() Stats { return r.stats }

// highLink reports whether link l is emphasised with the highlighted
// hosts: its host is one of them, visible, and, with a server selected,
// the link is to that server (a victim's links to other servers are not
// the selected server's).
func (f *frame) highLink(l int) bool {
	h := int(f.ds.Links.Host[l])
	return f.highOf(l, h) && f.visible.Has(h)
}

// highOf is highLink for link l to host h, where h is known to be visible
// (accumLinks has just looked it up and tested it).
func (f *frame) highOf(l, h int) bool {
	return f.high != nil && h >= 0 && f.high.Has(h) && (f.highSrv < 0 || f.ds.Links.Server[l] == f.highSrv)
}

// frame holds the per-frame values the parallel parts read.
type frame struct {
	w, h          int
	gw            int // grid stride: w rounded up to a multiple of 4
	zoom          float64
	k             float64 // size factor of text, strokes and symbols, in frame pixels (frameScale)
	mini          float64 // frame pixels per output pixel: 1 unless Scene.OutputSize is set
	s, ox, oy     float64
	ds            *threat.Dataset
	visible, high *filter.Set
	highSrv       int32 // the selected server whose victims high holds, or -1
	th            *Theme
	hosts, links  bool
	density       bool
	aaLinks       bool // anti-aliased links (few links); else one write per step
	corridors     bool // the haze is drawn by corridors (r.cor), not by links
	// sel holds the selected host, or hosts selected together, when no
	// server is and the links drawn are the selection's: theirs.
	sel *filter.Set
	// interruptible: the accumulation redraws the kept haze into an empty
	// grid, the kept one set aside in linkTmp with its key in keptGrid,
	// and may be given up (Renderer.Interrupt).
	interruptible bool
	keptGrid      linkGrid
	linkMode      linkMode
	unit          int32 // grid weight of one link at full strength (linkUnit)
	linkReuse     bool  // the kept half-resolution link grid is this frame's
	// linkClips[:nClips] are the half-resolution cells to accumulate
	// links into: x0, y0, x1, y1 (the whole grid, or a drag's strips).
	linkClips [2][4]int
	nClips    int
	dst       *image.RGBA
	// Half-resolution link grid (when !aaLinks): lw x lh cells of 2x2
	// pixels in view, stored with linkMargin cells more on every side and
	// a border of one empty cell (stride lgw, lgh rows), so that a drag
	// moves the view within it (offX, offY: where the view's first cell
	// is stored, linkMargin when at rest) and the bilinear upsampling in
	// the resolve needs no edge cases.
	lw, lh, lgw, lgh int
	offX, offY       int
	// delta: which links the accumulation draws (linkdelta.go), with the
	// last state's visible set (prevAll: all hosts).
	delta   linkDelta
	prevVis []uint64
	prevAll bool
}

// linkMargin is the cells of half-resolution link grid kept beyond each
// side of the view: a drag moves the view through them and draws no
// link until it has gone 64 pixels, then recentres the grid and draws
// the strips uncovered at once (an arc costs about as much for a wide
// strip as for a narrow one).
const linkMargin = 32

// halfGeom returns the half-resolution link grid of a w x h frame: the
// cells in view, and the storage stride and rows (margins and border
// included, the stride a multiple of 4 with room for a row read at any
// offset within the margins).
func halfGeom(w, h int) (lw, lh, lgw, lgh int) {
	lw, lh = (w+1)/2, (h+1)/2
	return lw, lh, (lw + 2*linkMargin + 2 + 4 + 3) &^ 3, lh + 2*linkMargin + 2
}

func (r *Renderer) init() {
	if r.pool != nil {
		return
	}
	r.pool = newPool()
	r.parts = r.pool.n
	runtime.AddCleanup(r, func(p *pool) { p.stop() }, r.pool)
	r.fnAccum = r.accumPart
	r.fnResolve = r.resolvePart
	r.fnMerge = r.mergeHalfPart
	r.fnClear = r.clearHalfPart
	r.fnBase = r.drawBasePart
	r.fnVictims = r.drawVictimsPart
	r.fnGone = r.gonePart
	r.fnSubtract = r.subtractPart
	n := r.parts
	r.rowTmp = make([][]uint16, n)
	r.hostAcc, r.linkAcc = make([][]uint16, n), make([][]uint16, n)
	r.hostOcc = make([][]uint8, n)
	r.typeCnt, r.countryCnt = make([][]int32, n), make([][]int32, n)
	r.srvCnt, r.srvLinked = make([][]int32, n), make([][]int32, n)
	r.onScreen, r.reconPos = make([]int, n), make([]int, n)
}

// Draw renders s through v into dst. The frame size is dst's: v.Width and
// v.Height are taken from dst.Bounds(), whose Min must be (0, 0). Once warm
// (same dataset, projection and frame size), Draw allocates nothing and
// re-rasterises the base map only when the view, theme, base-map layers or
// choropleth classes change; while s.Panning, a pan by whole pixels shifts
// it and rasterises only the strips uncovered.
func (r *Renderer) Draw(dst *image.RGBA, v View, s *Scene) {
	r.init()
	v.Width, v.Height = dst.Rect.Dx(), dst.Rect.Dy()
	if v.Zoom <= 0 {
		v.Zoom = 1
	}
	th := r.useTheme(s)
	ds := s.Data
	if ds == nil {
		ds = &emptyDataset
	}
	r.sizeBuffers(dst)
	r.updateCaches(ds, v, s.Layers, s.Panning)
	prev := r.f
	r.stop.Store(false)
	r.interrupted = false
	r.setFrame(dst, v, s, ds, th)
	r.planLinks(s)
	st, ok := r.accumulate(s, th)
	if !ok {
		r.abandon(prev)
		return
	}
	if r.f.interruptible {
		clear(r.linkTmp) // the layer set aside: empty between frames
	}
	r.updateBase(v, s, th)
	r.resolve()
	r.drawMarks(dst, v, s, th, st)
}

// useTheme returns the scene's theme (Dark for the zero Theme) and
// rebuilds the colour tables when it changed.
func (r *Renderer) useTheme(s *Scene) *Theme {
	th := &s.Theme
	if th.Name == "" {
		th = &Dark
	}
	if r.lutTheme != *th {
		r.buildLUTs(th)
	}
	return th
}

// sizeBuffers fits the base map and the per-part grids to dst's size (an
// export's renderer draws the base map straight into dst).
func (r *Renderer) sizeBuffers(dst *image.RGBA) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	if r.Once {
		r.base, r.baseValid = dst, false
	}
	if r.base == nil || r.base.Rect.Dx() != w || r.base.Rect.Dy() != h {
		r.base = image.NewRGBA(image.Rect(0, 0, w, h))
		r.baseValid = false
	}
	_, _, lgw, lgh := halfGeom(w, h)
	if len(r.rowTmp[0]) != lgw || len(r.hostAcc[0]) != ((w+3)&^3)*h {
		gw := (w + 3) &^ 3
		for k := range r.parts {
			r.hostAcc[k] = make([]uint16, gw*h)
			r.hostOcc[k] = make([]uint8, occWidth(gw)*h)
			r.linkAcc[k] = make([]uint16, max(gw*h, lgw*lgh))
			r.rowTmp[k] = make([]uint16, lgw)
		}
		r.lk.kept = false
		r.linkTmp = nil
	}
}

// updateCaches brings the projected hosts and arcs up to date for ds and
// v, and sizes the per-part counts to ds (forgetting the saved counts when
// ds's shape changed). While panning, arcs of ds in v's projection are
// kept whatever their segmentation level: a burst of wheel notches draws
// interim frames that do not accumulate links.
func (r *Renderer) updateCaches(ds *threat.Dataset, v View, layers Layers, panning bool) {
	r.hosts.update(ds, v.Projection)
	if linkModeOf(layers) != linksNone && !(panning && r.arcs.fits(ds, v.Projection)) {
		r.arcs.update(ds, v.Projection, v.Scale())
	}
	if len(r.typeCnt[0]) != len(ds.Types) || len(r.countryCnt[0]) != len(ds.Countries) || len(r.srvCnt[0]) != len(ds.Servers) {
		r.countsFor = nil
	}
	for k := range r.parts {
		r.typeCnt[k] = resize(r.typeCnt[k], len(ds.Types))
		r.countryCnt[k] = resize(r.countryCnt[k], len(ds.Countries))
		r.srvCnt[k] = resize(r.srvCnt[k], len(ds.Servers))
		r.srvLinked[k] = resize(r.srvLinked[k], len(ds.Servers))
	}
}

// setFrame fills r.f, what the parallel parts read: the view transform,
// the grid geometry and the sets to draw (a set sized for
// another dataset is ignored rather than panicked on).
func (r *Renderer) setFrame(dst *image.RGBA, v View, s *Scene, ds *threat.Dataset, th *Theme) {
	w, h := v.Width, v.Height
	sc, ox, oy := v.affine()
	r.f = frame{w: w, h: h, gw: (w + 3) &^ 3, zoom: v.Zoom, s: sc, ox: ox, oy: oy, ds: ds, visible: s.Visible, high: s.Highlight,
		highSrv: -1, th: th, hosts: s.Layers.Has(LayerHosts), links: linkModeOf(s.Layers) != linksNone && r.arcs.ds == ds, dst: dst}
	if s.Selected.Kind == KindServer {
		r.f.highSrv = int32(s.Selected.Index)
	}
	r.f.k, r.f.mini = frameScale(w, h, s.OutputSize)
	r.faces.exact = r.f.mini != 1
	r.f.lw, r.f.lh, r.f.lgw, r.f.lgh = halfGeom(w, h)
	r.f.offX, r.f.offY = linkMargin, linkMargin
	if s.Visible != nil && s.Visible.Len() != ds.Hosts.Len() {
		r.f.visible = nil
	}
	if s.Highlight != nil && s.Highlight.Len() != ds.Hosts.Len() {
		r.f.high = nil
	}
	if linkModeOf(s.Layers) == linksSelection && r.f.high == nil && (s.Selected.Kind == KindHost || len(s.SelectedHosts) > 0) {
		n := ds.Hosts.Len()
		r.selLinks.Reset(n)
		add := func(i int) {
			if i >= 0 && i < n {
				r.selLinks.Add(i)
			}
		}
		if s.Selected.Kind == KindHost {
			add(s.Selected.Index)
		}
		for _, i := range s.SelectedHosts {
			add(int(i))
		}
		r.f.sel = &r.selLinks
	}
}

// accumulate runs step 1 of a frame: every part adds its share of hosts
// and links to its grids and, unless the dataset and visible set are the
// same as last frame, counts visible hosts per type, country and server.
// It returns the frame's Stats (but for Servers) and settles the link
// opacity and whether hosts are drawn as a density raster.
func (r *Renderer) accumulate(s *Scene, th *Theme) (Stats, bool) {
	ds := r.f.ds
	r.countsFresh = r.countsFor == ds && sameSet(r.countsVis, r.f.visible, r.countsAll)
	r.pool.run(r.fnAccum)
	if r.stop.Load() {
		return Stats{}, false
	}
	if !r.countsFresh {
		r.saveCountsKey(ds)
	}
	st := r.mergeParts()
	if st.Links != r.lutLinkN || r.f.unit != r.lutUnit {
		r.buildLinkLUT(st.Links, r.f.unit)
	}
	thr := s.DensityThreshold
	if thr <= 0 {
		thr = DefaultDensityThreshold
	}
	st.Density = r.f.hosts && st.OnScreen > thr
	r.f.density = st.Density
	return st, true
}

// Interrupted reports whether the last Draw was given up (see
// Renderer.Interrupt).
func (r *Renderer) Interrupted() bool { return r.interrupted }

// abandon gives up a frame whose accumulation was interrupted: the kept
// link layer and its key go back as they were, the part grids are
// emptied (counts taken part way are forgotten), and the last frame's
// values stand, so that hit tests and the next frame see the last frame
// drawn.
func (r *Renderer) abandon(prev frame) {
	r.linkAcc[0], r.linkTmp = r.linkTmp, r.linkAcc[0]
	clear(r.linkTmp)
	for k := range r.parts {
		if k > 0 {
			clear(r.linkAcc[k])
		}
		clear(r.hostAcc[k])
	}
	if !r.countsFresh {
		r.countsFor = nil
	}
	r.lk.grid = r.f.keptGrid
	r.f = prev
	r.interrupted = true
}

// saveCountsKey records what the counts just taken were counted for, so
// that the next frame with the same dataset and visible set keeps them.
func (r *Renderer) saveCountsKey(ds *threat.Dataset) {
	r.countsFor = ds
	r.countsAll = r.f.visible == nil
	if !r.countsAll {
		r.countsVis = append(r.countsVis[:0], r.f.visible.Words()...)
	}
}

// mergeParts adds the parts' counts into part 0's (the per-type, country
// and server counts only when they were taken this frame) and returns the
// visible, on-screen and linked totals.
func (r *Renderer) mergeParts() Stats {
	var st Stats
	for k := 1; k < r.parts; k++ {
		if !r.countsFresh {
			addInto(r.typeCnt[0], r.typeCnt[k])
			addInto(r.countryCnt[0], r.countryCnt[k])
			addInto(r.srvCnt[0], r.srvCnt[k])
		}
	}
	copy(r.srvLinked[0], r.lk.srvLinked)
	st.Links, r.reconLinks = r.lk.n, r.lk.recon
	if !r.countsFresh {
		r.reconHosts = 0
	}
	for k := range r.parts {
		st.OnScreen += r.onScreen[k]
		if !r.countsFresh {
			r.reconHosts += r.reconPos[k]
		}
	}
	for _, c := range r.typeCnt[0] {
		st.Hosts += int(c)
	}
	return st
}

// updateBase runs step 2: the base map, cached per view, theme, base-map
// layers and choropleth classes, is shifted for a pan or rasterised anew
// when any of them changed (and once more after a pan, exactly).
func (r *Renderer) updateBase(v View, s *Scene, th *Theme) {
	var choro []uint8
	if s.Layers.Has(LayerChoropleth) && s.Layers.Has(LayerBasemap) {
		choro = r.choropleth(r.f.ds, useFine(v))
	}
	key := baseKey{view: v, k: r.f.k, theme: *th, layers: s.Layers & (LayerBasemap | LayerGraticule | LayerChoropleth), fine: useFine(v), choro: hashBytes(choro)}
	if r.baseValid && key == r.baseKey && !(r.baseShifted && !s.Panning) {
		return
	}
	r.baseShifted = s.Panning && !r.Once && r.baseValid && (r.shiftBase(key, th, choro) || r.scaleBase(key, th, choro))
	if !r.baseShifted {
		r.drawBase(v, key.k, th, key.layers, choro)
	}
	r.baseKey, r.baseValid = key, true
}

// resolve runs step 3: base map, links and host density into the frame,
// clearing the grids. Half-resolution links are merged into grid 0 first
// (a grid row feeds pixel rows of two parts), which is kept for the next
// frames (linkcache.go).
func (r *Renderer) resolve() {
	half := r.f.links && !r.f.aaLinks
	if half && r.parts > 1 && !r.f.linkReuse {
		r.pool.run(r.fnMerge)
	}
	r.pool.run(r.fnResolve)
}

// drawMarks runs step 4: it lays out the footnote, legend and caption
// panels, then draws the place labels (clear of the panels), host points,
// the highlight, servers, the hovered and selected items, and composites
// the panels last; it records st, with the servers drawn, as the frame's
// Stats.
func (r *Renderer) drawMarks(dst *image.RGBA, v View, s *Scene, th *Theme, st Stats) {
	points := r.f.hosts && !st.Density && st.OnScreen > 0
	out := r.f.outRect()
	r.placed.reset(out.Dx(), out.Dy())
	r.stacks.valid = false
	r.footH = r.layoutFootnote(s, th, st)
	r.layoutOverlays(s, th, st)
	if points {
		r.prepareStacks()
	}
	if s.Layers.Has(LayerLabels) {
		r.drawLabels(dst, v, s)
	}
	if points {
		r.drawPoints(dst)
	}
	if r.f.high != nil {
		r.drawHighlight(dst, v)
	} else if r.hl.valid {
		r.dropHighlight() // keep no dataset alive for a selection gone
	}
	if s.Layers.Has(LayerServers) {
		st.Servers = r.drawServers(dst, s)
	}
	r.drawItem(dst, v, s, s.Hovered, th.Hovered)
	r.drawSelection(dst, v, s, th.Selected)
	r.stats = st
	r.drawOverlays(dst)
}

// aaLinkLimit: up to this many links, links are anti-aliased lines; beyond
// it they blend into a haze where one write per pixel step looks the same
// and costs half as much. Decided from the previous frame's count.
const aaLinkLimit = 4000

// sameSet reports whether the visible set equals the saved copy (nil = all).
func sameSet(saved []uint64, v *filter.Set, savedAll bool) bool {
	if v == nil {
		return savedAll
	}
	if savedAll {
		return false
	}
	w := v.Words()
	if len(w) != len(saved) {
		return false
	}
	for i := range w {
		if w[i] != saved[i] {
			return false
		}
	}
	return true
}

var emptyDataset = threat.Dataset{Countries: []string{""}, Types: []string{"unknown"}}

func resize[T int32 | uint32](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func addInto(a, b []int32) {
	for i := range a {
		a[i] += b[i]
	}
}

// accumPart accumulates hosts and links of part k (index ranges) into the
// part's grids and, when the counts are stale, counts visible hosts per
// type, country and server.
func (r *Renderer) accumPart(k int) {
	f := &r.f
	ds := f.ds
	count := !r.countsFresh
	tc, cc, sc := r.typeCnt[k], r.countryCnt[k], r.srvCnt[k]
	if count {
		clear(tc)
		clear(cc)
		clear(sc)
		r.reconPos[k] = 0
	}
	r.onScreen[k] = 0

	// Hosts by word-aligned index ranges, then links by index ranges, in
	// chunks taken in turn by whichever part is free: a part whose thread
	// the OS runs late just does less.
	n := ds.Hosts.Len()
	words := (n + 63) / 64
	hc := (words + hostChunkWords - 1) / hostChunkWords
	nl := 0
	if f.links && !f.linkReuse {
		nl = r.linkItems()
	}
	lc := (nl + linkChunk - 1) / linkChunk
	clear(r.hostOcc[k])
	for c := r.pool.next(); c < hc+lc; c = r.pool.next() {
		if f.interruptible && (r.stop.Load() || r.Interrupt()) {
			r.stop.Store(true)
			return
		}
		if c < hc {
			r.onScreen[k] += r.accumHosts(k, c*hostChunkWords, min(words, (c+1)*hostChunkWords))
		} else {
			c -= hc
			r.accumLinks(k, c*linkChunk, min(nl, (c+1)*linkChunk))
		}
	}
}

// Chunk sizes of the accumulation: 16k hosts, 512 links.
const (
	hostChunkWords = 256
	linkChunk      = 512
)

// accumHosts counts the visible hosts of words [w0, w1) of the visible set
// into part k's grid (and per type, country and server when the counts are
// stale); it returns how many fell on screen.
func (r *Renderer) accumHosts(k, w0, w1 int) int {
	f := &r.f
	ds := f.ds
	count := !r.countsFresh
	tc, cc, sc := r.typeCnt[k], r.countryCnt[k], r.srvCnt[k]
	n := ds.Hosts.Len()
	var vis []uint64
	if f.visible != nil {
		vis = f.visible.Words()
	}
	acc := r.hostAcc[k]
	occ, ow := r.hostOcc[k], occWidth(f.gw)
	px, py := r.hosts.x, r.hosts.y
	typ, ctry, srv, rec := ds.Hosts.Type, ds.Hosts.Country, ds.Hosts.Server, ds.Hosts.Recon
	fw, fh := float64(f.w), float64(f.h)
	s, ox, oy := f.s, f.ox, f.oy
	w := f.gw
	on := 0
	draw := f.hosts
	plot := func(i int) {
		x := float64(px[i])*s + ox
		y := oy - float64(py[i])*s
		if x >= 0 && x < fw && y >= 0 && y < fh {
			p := int(y)*w + int(x)
			acc[p] = uint16(min(uint32(acc[p])+1, 0xffff))
			occ[int(y)*ow+int(x)>>6] = 1
			on++
		}
	}
	if draw && !count && vis == nil {
		on = plotHosts(acc, occ, w, px, py, min(n, 64*w0), min(n, 64*w1), s, ox, oy, fw, fh)
	} else if draw || count {
		for wi := w0; wi < w1; wi++ {
			m := ^uint64(0)
			if vis != nil {
				m = vis[wi]
			}
			b := wi * 64
			if b+64 > n {
				m &= (1 << uint(n-b)) - 1
			}
			if count {
				for mm := m; mm != 0; mm &= mm - 1 {
					i := b + bits.TrailingZeros64(mm)
					tc[typ[i]]++
					cc[ctry[i]]++
					if sv := srv[i]; sv >= 0 && int(sv) < len(sc) {
						sc[sv]++
					}
					if i < len(rec) && rec[i]&threat.FieldLocation != 0 {
						r.reconPos[k]++
					}
				}
			}
			if !draw {
				continue
			}
			if m == ^uint64(0) {
				on += plotHosts(acc, occ, w, px, py, b, b+64, s, ox, oy, fw, fh)
				continue
			}
			for ; m != 0; m &= m - 1 {
				plot(b + bits.TrailingZeros64(m))
			}
		}
	}
	return on
}

// plotHosts counts hosts [i0, i1) into the grid acc (stride w) at their
// pixels through the view transform, marks their 64-pixel spans in occ,
// and returns how many fell inside the fw x fh frame.
func plotHosts(acc []uint16, occ []uint8, w int, px, py []float32, i0, i1 int, s, ox, oy, fw, fh float64) int {
	on := 0
	ow := occWidth(w)
	px, py = px[i0:i1], py[i0:i1:i1]
	for i, X := range px {
		x := float64(X)*s + ox
		y := oy - float64(py[i])*s
		if x >= 0 && x < fw && y >= 0 && y < fh {
			p := int(y)*w + int(x)
			acc[p] = uint16(min(uint32(acc[p])+1, 0xffff))
			occ[int(y)*ow+int(x)>>6] = 1
			on++
		}
	}
	return on
}

// occWidth is the number of 64-pixel spans in a grid row of stride gw.
func occWidth(gw int) int { return (gw + 63) / 64 }

// resolvePart composes rows [part range]: base map, then links, then the
// host density, clearing the full-resolution grids it reads.
func (r *Renderer) resolvePart(k int) {
	for c := r.pool.next(); c*rowChunk < r.f.h; c = r.pool.next() {
		r.resolveRows(k, c*rowChunk, min(r.f.h, (c+1)*rowChunk))
	}
}

// rowChunk is the number of rows a part takes at a time in the resolve.
const rowChunk = 16

// resolveRows composes rows [y0, y1) with part k's scratch row.
func (r *Renderer) resolveRows(k, y0, y1 int) {
	f := &r.f
	w := f.w
	dst, base := f.dst, r.base
	half := f.links && !f.aaLinks
	for y := y0; y < y1; y++ {
		drow := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		if base != dst {
			copy(drow, base.Pix[y*base.Stride:y*base.Stride+4*w])
		}
		o := y * f.gw
		switch {
		case half:
			r.resolveLinksHalf(drow, y, r.rowTmp[k])
		case f.links:
			r.resolveLinks(drow, o, f.gw)
		}
		if f.density {
			r.resolveDensity(drow, y)
		}
	}
}

// sumRow adds grids[1:] row [o, o+w) into grids[0] and clears them, so that
// the resolve loops read one grid. Empty stretches are skipped four cells
// at a time (w is a multiple of 4: the grid stride is).
func sumRow(grids [][]uint16, o, w int) []uint16 {
	g0 := grids[0][o : o+w]
	for _, g := range grids[1:] {
		g = g[o : o+w]
		for i := range len(g) / 4 {
			v := lanes(g, i)
			if v == 0 {
				continue
			}
			setLanes(g, i, 0)
			for x := 4 * i; x < 4*i+4; x++ {
				a := uint32(v & 0xffff)
				v >>= 16
				g0[x] = uint16(min(uint32(g0[x])+a, 0xffff))
			}
		}
	}
	return g0
}

// lanes returns cells 4i to 4i+3 of grid row g as one word, cell 4i in the
// low 16 bits: the compiler makes it one 64-bit load, so that empty cells
// are skipped four at a time.
func lanes(g []uint16, i int) uint64 {
	g = g[4*i : 4*i+4 : 4*i+4]
	return uint64(g[0]) | uint64(g[1])<<16 | uint64(g[2])<<32 | uint64(g[3])<<48
}

// setLanes stores v into cells 4i to 4i+3 of g, as lanes reads them (one
// 64-bit store).
func setLanes(g []uint16, i int, v uint64) {
	g = g[4*i : 4*i+4 : 4*i+4]
	g[0], g[1], g[2], g[3] = uint16(v), uint16(v>>16), uint16(v>>32), uint16(v>>48)
}

// resolveDensity blends the host counts of pixel row y through the density
// ramp, summing and clearing the parts' grids over the spans they marked.
func (r *Renderer) resolveDensity(drow []uint8, y int) {
	f := &r.f
	ow := occWidth(f.gw)
	o := y * f.gw
	for t := range ow {
		var any uint8
		for _, occ := range r.hostOcc {
			any |= occ[y*ow+t]
		}
		if any == 0 {
			continue
		}
		x0 := 64 * t
		g := sumRow(r.hostAcc, o+x0, min(64, f.gw-x0))
		for i := range len(g) / 4 {
			v := lanes(g, i)
			if v == 0 {
				continue
			}
			setLanes(g, i, 0)
			for x := x0 + 4*i; v != 0; x, v = x+1, v>>16 {
				H := uint16(v)
				if H == 0 {
					continue
				}
				c := r.densLUT[min(H, 4095)]
				p := drow[4*x : 4*x+4 : 4*x+4]
				ia := 255 - c.a
				p[0] = uint8((uint32(p[0])*ia)/255 + c.r)
				p[1] = uint8((uint32(p[1])*ia)/255 + c.g)
				p[2] = uint8((uint32(p[2])*ia)/255 + c.b)
			}
		}
	}
}

// buildLUTs precomputes the link opacity and density colour tables.
func (r *Renderer) buildLUTs(th *Theme) {
	r.lutTheme = *th
	r.buildLinkLUT(r.lutLinkN, r.lutUnit)
	// Density: log scale from 1 to densityMax hosts per pixel.
	for i := range r.densLUT {
		if i == 0 {
			continue
		}
		t := min(1, math.Log(float64(i))/math.Log(densityMax))
		c := rampAt(th.Density[:], t)
		c.A = uint8(150 + 105*min(1, t*3))
		r.densLUT[i] = premul(c)
	}
}

// densityMax is the hosts-per-pixel count at the top of the density ramp.
const densityMax = 1000

func rampAt(ramp []color.NRGBA, t float64) color.NRGBA {
	t = clamp01(t) * float64(len(ramp)-1)
	i := min(int(t), len(ramp)-2)
	return lerpColor(ramp[i], ramp[i+1], t-float64(i))
}

func hashBytes(b []uint8) uint64 {
	if b == nil {
		return 0
	}
	h := uint64(14695981039346656037)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h | 1
}
