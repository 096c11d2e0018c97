package ui

import (
	"image"
	"math/bits"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/data/timeline"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// input is a complete snapshot of what the engine should show. The UI
// goroutine builds one per change; the engine compares it with the last one
// to decide what to recompute.
type input struct {
	ds       *threat.Dataset
	q        filter.Query
	server   int // selected server (-1 none): highlight and narrow to its victims
	selected render.Item
	stack    []int32 // hosts selected with it (a clicked stack); never changed once handed out
	hovered  render.Item
	view     render.View
	panning  bool // the view is being dragged (render.Scene.Panning)
	layers   render.Layers
	theme    render.Theme
	title    string
	lines    []string
	histBins int // timeline width in bars
	gen      int // bumped when ds, q or server change (what refilter reads)
	tFirst   int64
	tLast    int64
	tOK      bool
	// hoverOnly says that only the hovered item may have changed since
	// the last submit: when the last frame drew the rest of this input,
	// the engine redraws the hovered item's highlight alone.
	hoverOnly bool
}

// result is what one engine pass hands back to the UI goroutine.
type result struct {
	img     *image.RGBA // the frame (owned by the UI until released)
	view    render.View // what img shows
	stats   render.Stats
	filterd bool // facets are new, and victims the selected server's (cached while it stays selected)
	facets  filter.Facets
	hist    timeline.Histogram // when newHist: the last one is still right otherwise
	newHist bool
	ds      *threat.Dataset // what the counts are of
	server  int             // the selected server they are narrowed to, or -1
	victims []int32         // hosts of that server, at most maxVictims
	nvict   int
	gen     int
	// hover is the hovered item's highlight, to show over the frame
	// (shown: nil hides it); it comes with every frame, and alone when
	// only the hovered item changed.
	hover *hoverLayer
}

// hoverLayer is the hovered item's highlight: img, transparent around it,
// goes at pixel at of the frame; a nil img shows none.
type hoverLayer struct {
	img *image.RGBA
	at  image.Point
}

// maxVictims bounds the victims list handed to the details panel.
const maxVictims = 2000

// engine filters and draws on its own goroutine so the UI goroutine never
// waits for a million hosts. Requests coalesce: a burst of drags or filter
// changes produces one pass with the newest input.
type engine struct {
	mu      sync.Mutex
	pending *input
	hover   *hoverReq
	wake    chan struct{}
	free    chan *image.RGBA // frame buffers the UI has released
	deliver func(*result)
	hit     func(h render.Hit, tap bool)
	sync    bool
	newer   atomic.Bool  // an input other than a hover is pending
	gaveWay atomic.Int64 // frames given up for a newer input

	// Owned by the engine goroutine.
	r       render.Renderer
	plan    filter.Plan
	splan   filter.Plan // the query narrowed to the selected server
	visible filter.Set
	notime  filter.Set
	victims filter.Set
	// The victims depend on the dataset and the server only: kept across
	// filter changes and playback steps.
	victDS     *threat.Dataset
	victServer int
	victList   []int32 // the first maxVictims of them; never changed once handed out
	nvict      int
	last       input
	lastGen    int
	hasLast    bool
	facets     filter.Facets
	hist       timeline.Histogram
	histFor    histKey // what hist was built for
	scene      render.Scene
	overlay    image.RGBA // the hovered item drawn alone, frame-sized
	hoverShown bool       // the last hover layer handed out shows something
}

type hoverReq struct {
	x, y int
	tap  bool
}

// newEngine starts the engine goroutine. deliver and hit are called on the
// UI goroutine (through fyne.Do) with each finished pass and hover answer.
// A synchronous engine has no goroutine: it works inside submit and hitAt
// and calls back directly (for tests, which drive the UI from one
// goroutine).
func newEngine(deliver func(*result), hit func(h render.Hit, tap bool), synchronous bool) *engine {
	e := &engine{wake: make(chan struct{}, 1), free: make(chan *image.RGBA, 2), deliver: deliver, hit: hit, sync: synchronous}
	e.free <- &image.RGBA{}
	e.free <- &image.RGBA{}
	e.lastGen, e.victServer = -1, -1
	if !synchronous {
		// The exact frame after a drag or a burst of wheel notches (half
		// a second at a million links) gives way to any newer input but
		// a hover: the next drag frame starts at once.
		e.r.Interrupt = e.newer.Load
		go e.loop()
	}
	return e
}

// submit asks for a pass with in. Safe from any goroutine; never blocks.
func (e *engine) submit(in input) {
	if e.sync {
		res, counts := e.pass(in)
		e.deliver(res)
		if counts {
			e.deliver(e.counts(in))
		}
		return
	}
	e.mu.Lock()
	e.pending = &in
	if !in.hoverOnly {
		e.newer.Store(true) // a frame being drawn for a view alone gives way
	}
	e.mu.Unlock()
	e.poke()
}

// hitAt asks what is under pixel x, y of the current frame; tap says the
// answer is for a click (a pending click is never replaced by a hover).
func (e *engine) hitAt(x, y int, tap bool) {
	if e.sync {
		if e.hasLast {
			e.hit(e.hitTest(x, y, tap), tap)
		}
		return
	}
	e.mu.Lock()
	if e.hover == nil || !e.hover.tap || tap {
		e.hover = &hoverReq{x, y, tap}
	}
	e.mu.Unlock()
	e.poke()
}

// release gives a frame buffer back once the UI no longer shows it.
func (e *engine) release(img *image.RGBA) {
	if img != nil {
		select {
		case e.free <- img:
		default:
		}
	}
}

func (e *engine) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// hitTest is what is under pixel x, y of the last frame; for a host, with
// the stack it is drawn in: for a hover the first maxVictims of its hosts
// (the tooltip names five), for a tap all of them (the selection).
func (e *engine) hitTest(x, y int, tap bool) render.Hit {
	h := e.r.HitTest(e.last.view, &e.scene, x, y, 6)
	if h.Kind == render.KindHost {
		limit := maxVictims
		if tap {
			limit = e.last.ds.Hosts.Len()
		}
		h.Members, h.Count = e.r.Stack(e.last.view, &e.scene, h.Index, nil, limit)
	}
	return h
}

func (e *engine) loop() {
	for range e.wake {
		e.mu.Lock()
		in, hv := e.pending, e.hover
		e.pending, e.hover = nil, nil
		e.newer.Store(false)
		e.mu.Unlock()
		if in != nil {
			res, counts := e.pass(*in)
			if res == nil { // given up for a newer input: draw that one next
				e.poke()
			} else {
				fyne.Do(func() { e.deliver(res) })
			}
			if counts {
				c := e.counts(*in)
				fyne.Do(func() { e.deliver(c) })
			}
		}
		if hv != nil && e.hasLast {
			h := e.hitTest(hv.x, hv.y, hv.tap)
			tap := hv.tap
			fyne.Do(func() { e.hit(h, tap) })
		}
	}
}

// pass applies the filters when they changed and draws a frame; counts
// says that the facet counts and the histogram are due (e.counts, after
// the frame is on screen: the map answers first, the panels a few
// milliseconds later). A frame given up for a newer input (see
// render.Renderer.Interrupt) leaves res nil.
func (e *engine) pass(in input) (res *result, counts bool) {
	res = &result{gen: in.gen}
	if in.hoverOnly && e.hasLast && in.gen == e.lastGen && sameFrame(&in, &e.last) {
		// Only the hovered item changed: the frame stands, its highlight
		// is drawn alone (a ring or an arc, not a million hosts).
		res.hover = e.drawHover(&in)
		e.last = in
		return res, false
	}
	if !e.hasLast || in.gen != e.lastGen {
		e.refilter(&in)
		e.lastGen = in.gen
		counts = true
	}
	img := <-e.free
	w, h := max(in.view.Width, 1), max(in.view.Height, 1)
	if img.Rect.Dx() != w || img.Rect.Dy() != h {
		*img = *image.NewRGBA(image.Rect(0, 0, w, h))
	}
	drawn := e.scene
	e.scene = in.scene(&e.visible, &e.victims)
	e.scene.Hovered = render.Item{} // drawn over the frame by drawHover
	in.view.Width, in.view.Height = w, h
	e.r.Draw(img, in.view, &e.scene)
	if e.r.Interrupted() {
		e.gaveWay.Add(1)
		e.scene = drawn // hit tests answer for the frame on screen
		e.free <- img
		return nil, counts
	}
	res.img, res.view, res.stats = img, in.view, e.r.LastStats()
	e.last, e.hasLast = in, true
	res.hover = e.drawHover(&in)
	return res, counts
}

// sameFrame reports whether a and b draw the same frame: they differ in
// the hovered item at most.
func sameFrame(a, b *input) bool {
	x, y := *a, *b
	x.hovered, y.hovered = render.Item{}, render.Item{}
	x.hoverOnly, y.hoverOnly = false, false
	return reflect.DeepEqual(x, y)
}

// drawHover draws in's hovered item over the frame just drawn and returns
// the part of the overlay that holds it (nil when nothing was and is
// hovered: the layer shown stays hidden).
func (e *engine) drawHover(in *input) *hoverLayer {
	if in.hovered.Kind == render.KindNone && !e.hoverShown {
		return nil
	}
	w, h := max(in.view.Width, 1), max(in.view.Height, 1)
	if e.overlay.Rect.Dx() != w || e.overlay.Rect.Dy() != h {
		e.overlay = *image.NewRGBA(image.Rect(0, 0, w, h))
	}
	box := e.r.DrawHover(&e.overlay, in.view, &e.scene, in.hovered)
	e.hoverShown = !box.Empty()
	if box.Empty() {
		return &hoverLayer{}
	}
	img := image.NewRGBA(image.Rect(0, 0, box.Dx(), box.Dy()))
	for y := range box.Dy() {
		copy(img.Pix[y*img.Stride:][:4*box.Dx()], e.overlay.Pix[e.overlay.PixOffset(box.Min.X, box.Min.Y+y):])
	}
	return &hoverLayer{img: img, at: box.Min}
}

// scene is what a frame of in shows, given the hosts the query keeps and
// the selected server's victims: the window and exports draw the same.
func (in *input) scene(visible, victims *filter.Set) render.Scene {
	sc := render.Scene{
		Data:          in.ds,
		Visible:       visible,
		Selected:      in.selected,
		SelectedHosts: in.stack,
		Hovered:       in.hovered,
		Layers:        in.layers,
		Theme:         in.theme,
		Title:         in.title,
		Lines:         in.lines,
		Panning:       in.panning,
	}
	if in.server >= 0 {
		// The summary and the caption name the server.
		sc.Highlight = victims
		sc.HighlightLabel, sc.HighlightOne = viewspec.HighlightLabel, viewspec.HighlightOne
	}
	return sc
}

// refilter applies the query (and finds the selected server's victims):
// what the frame needs.
func (e *engine) refilter(in *input) {
	e.plan.Compile(in.ds, in.q)
	e.plan.Apply(&e.visible)
	if e.victDS != nil && e.victDS != in.ds {
		// Another dataset: nothing may keep the old one (a million
		// hosts) alive until a server is selected in this one.
		e.victDS, e.victServer, e.victList, e.nvict = nil, -1, nil, 0
		e.splan = filter.Plan{}
	}
	if in.server >= 0 && (in.ds != e.victDS || in.server != e.victServer) {
		e.nvict = filter.Victims(in.ds, in.server, &e.victims)
		e.victDS, e.victServer = in.ds, in.server
		e.victList = nil
		for k, w := range e.victims.Words() {
			for ; w != 0 && len(e.victList) < maxVictims; w &= w - 1 {
				e.victList = append(e.victList, int32(k*64+bits.TrailingZeros64(w)))
			}
		}
	}
}

// counts computes what the panels show for the last refilter: faceted
// counts, the victims list and the timeline histogram.
func (e *engine) counts(in input) *result {
	res := &result{gen: in.gen, ds: in.ds, server: in.server}
	if in.server < 0 || in.server >= len(in.ds.Servers) {
		e.plan.Facets(&e.facets)
	} else {
		// A selected server narrows the counts to its victims; the map
		// still draws everything visible, with the victims highlighted.
		q := in.q
		if len(in.q.Servers) > 0 && !slices.Contains(in.q.Servers, in.ds.Servers[in.server].ID) {
			q.Servers = []string{noneKey}
		} else {
			q.Servers = []string{in.ds.Servers[in.server].ID}
		}
		e.splan.Compile(in.ds, q)
		e.splan.Facets(&e.facets)
	}
	if in.server >= 0 {
		res.victims, res.nvict = e.victList, e.nvict
	}
	// The timeline shows every host the other filters keep, whatever the
	// selected window, so the analyst sees where the window sits: it does
	// not change when only the window does (every playback step).
	key := histKey{ds: in.ds, q: in.q, server: in.server, bins: in.histBins, first: in.tFirst, last: in.tLast, ok: in.tOK}
	key.q.From, key.q.To, key.q.Mode = filter.Bound{}, filter.Bound{}, 0
	newHist := !e.histFor.same(&key)
	if newHist {
		e.histFor = key
		e.plan.ApplyExcept(&e.notime, filter.DimTime)
		if in.server >= 0 {
			e.notime.And(&e.victims)
		}
		if in.ds != nil && in.tOK {
			e.hist.Build(in.ds, &e.notime, in.tFirst, in.tLast, max(in.histBins, 1))
		} else {
			e.hist = timeline.Histogram{}
		}
	}
	res.filterd = true
	res.facets = cloneFacets(&e.facets)
	if newHist {
		res.hist, res.newHist = cloneHist(&e.hist), true
	}
	return res
}

// histKey is what the timeline's histogram depends on: the query without
// its time window, the selected server, the bars and the axis.
type histKey struct {
	ds          *threat.Dataset
	q           filter.Query
	server      int
	bins        int
	first, last int64
	ok          bool
}

// same compares the whole query (its time window zeroed), so that a filter
// added to Query later is not missed; a nil list against an empty one
// only costs a rebuild.
func (k *histKey) same(o *histKey) bool {
	return k.ds != nil && k.ds == o.ds && k.server == o.server && k.bins == o.bins &&
		k.first == o.first && k.last == o.last && k.ok == o.ok && reflect.DeepEqual(k.q, o.q)
}

func cloneFacets(f *filter.Facets) filter.Facets {
	c := *f
	c.Country = append([]int(nil), f.Country...)
	c.Type = append([]int(nil), f.Type...)
	c.Server = append([]int(nil), f.Server...)
	return c
}

func cloneHist(h *timeline.Histogram) timeline.Histogram {
	c := *h
	c.Counts = append([]int(nil), h.Counts...)
	c.Totals = append([]int(nil), h.Totals...)
	return c
}
