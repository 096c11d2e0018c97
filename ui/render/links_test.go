package render

import (
	"image"
	"math/rand/v2"
	"slices"
	"testing"
	"threatmap/data/threat"

	"threatmap/data/filter"
	"threatmap/data/ingest"
)

// TestGoldenLinks1M: 1M hosts, every one linked to its server, the whole
// world. The corridors keep their structure: the densest (Guangzhou to
// Taipei) reads brighter than the thin ones to Europe and the Americas,
// and the hosts' density raster lies above the haze.
func TestGoldenLinks1M(t *testing.T) {
	ds := bench1MLinks()
	v := World(EqualEarth, goldenW, goldenH)
	img, st := drawStats(v, &Scene{Data: ds, Layers: DefaultLayers, Title: "1M hosts, 1M links"})
	assertGolden(t, "links_1m", img, st, Stats{Hosts: 1_000_000, OnScreen: 1_000_000, Links: 1_000_000, Density: true, Servers: 8})
}

// TestLinkScaleSeparatesDensities: the densest corridor stays clearly
// brighter than a single link, with 100 links drawn and with 1M, and a
// single link is visible in both.
func TestLinkScaleSeparatesDensities(t *testing.T) {
	for _, n := range []int{100, 1295, 1_000_000} {
		u := linkUnit(n)
		one := linkOpacity(float64(u), n, u)
		top := linkOpacity(65535, n, u)
		// The densest corridor: every link through one pixel, as far as
		// the grid counts.
		dense := linkOpacity(float64(min(n, 65535/int(u))*int(u)), n, u)
		t.Logf("%d links: one %.3f, densest %.3f, top %.3f", n, one, dense, top)
		if one < 0.05 || dense < 2.5*one || dense-one < 0.45 {
			t.Errorf("%d links: a single link at opacity %.3f, the densest corridor at %.3f: not told apart", n, one, dense)
		}
		// Ten links read brighter than one, a hundred than ten.
		if a, b, c := linkOpacity(float64(u), n, u), linkOpacity(10*float64(u), n, u), linkOpacity(100*float64(u), n, u); !(a < b && b < c) {
			t.Errorf("%d links: 1, 10, 100 links at %.3f, %.3f, %.3f: not increasing", n, a, b, c)
		}
	}
}

// TestPolarCapSplitsArcs: a transpolar link (Beijing to New York passes
// about 86°N) stops at the polar cap's edge and resumes on the other side
// of it, instead of running along Equal Earth's flat pole line.
func TestPolarCapSplitsArcs(t *testing.T) {
	for _, p := range Projections {
		pts := greatCircle(nil, p, 116.4, 39.9, -74.0, 40.7, 8)
		_, ycap := p.Forward(0, polarCapLat)
		pen, breaks := 0, 0
		for j := 0; j < len(pts); j += 2 {
			if pts[j] != pts[j] {
				breaks++
				continue
			}
			pen++
			if float64(pts[j+1]) > ycap+1e-6 {
				t.Errorf("%v: point %d at y %.4f, beyond the cap's %.4f", p, j/2, pts[j+1], ycap)
			}
		}
		if breaks != 1 || pen < 4 {
			t.Errorf("%v: %d pen lifts and %d points, want one lift between the two halves", p, breaks, pen)
		}
	}
	// A link that stays clear of the caps is one stroke.
	pts := greatCircle(nil, EqualEarth, 116.4, 39.9, 77.2, 28.6, 8)
	for j := 0; j < len(pts); j += 2 {
		if pts[j] != pts[j] {
			t.Fatalf("Beijing to New Delhi lifts the pen at point %d", j/2)
		}
	}
}

// TestLinkLayersModes: Layers offers all links, the selection's links
// only, and none; the legend counts what is drawn.
func TestLinkLayersModes(t *testing.T) {
	ds := synthDataset(4, 2000, 0.5)
	var vict filter.Set
	filter.Victims(ds, 0, &vict)
	own := 0 // links of server 0 (each host has one)
	for l := range ds.Links.Len() {
		if ds.Links.Server[l] == 0 {
			own++
		}
	}
	linksOf := func(hosts ...int) int { // links to these hosts
		n := 0
		for l := range ds.Links.Len() {
			for _, h := range hosts {
				if int(ds.Links.Host[l]) == h {
					n++
				}
			}
		}
		return n
	}
	base := DefaultLayers &^ LayerLinks
	server := func(s *Scene) { s.Highlight, s.Selected = &vict, Item{KindServer, 0} }
	host := func(s *Scene) { s.Selected = Item{KindHost, 5} }
	stack := func(s *Scene) { s.SelectedHosts = []int32{5, 6, 7} }
	var r Renderer // one renderer throughout: the kept link state follows
	for _, tc := range []struct {
		name   string
		layers Layers
		sel    func(*Scene)
		want   int
	}{
		{"all", DefaultLayers, nil, 2000},
		{"all, server selected", DefaultLayers, server, 2000},
		{"selection, none selected", base | LayerSelectionLinks, nil, 0},
		{"selection, server selected", base | LayerSelectionLinks, server, own},
		{"selection, a host selected", base | LayerSelectionLinks, host, linksOf(5)},
		{"selection, hosts selected together", base | LayerSelectionLinks, stack, linksOf(5, 6, 7)},
		{"selection, a host again", base | LayerSelectionLinks, host, linksOf(5)},
		{"all, a host selected", DefaultLayers, host, 2000},
		{"none", base, server, 0},
	} {
		s := &Scene{Data: ds, Layers: tc.layers}
		if tc.sel != nil {
			tc.sel(s)
		}
		img := image.NewRGBA(image.Rect(0, 0, goldenW, goldenH))
		r.Draw(img, World(EqualEarth, goldenW, goldenH), s)
		if st := r.LastStats(); st.Links != tc.want {
			t.Errorf("%s: %d links drawn, want %d", tc.name, st.Links, tc.want)
		}
		if want := draw(World(EqualEarth, goldenW, goldenH), s); differentPixels(img, want) != 0 {
			t.Errorf("%s: the frame differs from a fresh render", tc.name)
		}
	}
	// The selection's links, when drawn, have their legend rows and the
	// footnote's "faint links" as all links do.
	s := &Scene{Data: ds, Layers: base | LayerSelectionLinks, Highlight: &vict, Selected: Item{KindServer, 0}}
	r.Draw(image.NewRGBA(image.Rect(0, 0, goldenW, goldenH)), World(EqualEarth, goldenW, goldenH), s)
	rows := 0
	for _, row := range r.legendRows(s, &Dark, r.LastStats(), -1) {
		if row.kind == rowLink || row.kind == rowReconLink {
			rows++
		}
	}
	if faint, _ := r.footMarks(s, r.LastStats()); rows == 0 || faint != (r.reconLinks > 0) {
		t.Errorf("selection's links: %d legend rows, footnote's faint links %v (%d reconstructed)", rows, faint, r.reconLinks)
	}
	l, err := ParseLayers(Layers(DefaultLayers&^LayerLinks | LayerSelectionLinks).String())
	if err != nil || l != DefaultLayers&^LayerLinks|LayerSelectionLinks {
		t.Errorf("selection-links does not survive String and ParseLayers: %v, %v", l, err)
	}
}

// TestLinkCacheMatchesFresh: the kept link layer never changes pixels. A
// warm renderer taken through views, selections, filters, link modes and
// themes, a drag included, with stacks and place labels on, draws each
// resting frame exactly as a fresh renderer does; a hovered item, drawn
// over the frame, keeps the layer (reuse), and a filter that moves few
// links redraws only those (delta).
func TestLinkCacheMatchesFresh(t *testing.T) {
	ds := synthLinks(5, 30000, 20000, 2)
	const w, h = 640, 360
	var vict, some, others filter.Set
	filter.Victims(ds, 2, &vict)
	some.Reset(ds.Hosts.Len())
	others.Reset(ds.Hosts.Len())
	for i := 0; i < ds.Hosts.Len(); i += 3 {
		some.Add(i)
		others.Add(i + 1) // as many hosts, so the same weight per link
	}
	v0 := World(EqualEarth, w, h)
	v1 := v0.ZoomAt(300, 150, 2)
	vw := v1.Pan(-30, -12).ZoomAt(200, 120, 1.25) // a burst of wheel notches
	plain := &Scene{Data: ds, Layers: DefaultLayers}
	sel := &Scene{Data: ds, Layers: DefaultLayers, Highlight: &vict, Selected: Item{KindServer, 2}}
	filt := &Scene{Data: ds, Layers: DefaultLayers, Visible: &some}
	filt2 := &Scene{Data: ds, Layers: DefaultLayers, Visible: &others}
	selOnly := &Scene{Data: ds, Layers: DefaultLayers&^LayerLinks | LayerSelectionLinks, Highlight: &vict, Selected: Item{KindServer, 2}}
	light := &Scene{Data: ds, Layers: DefaultLayers, Theme: Light}
	hovered := &Scene{Data: ds, Layers: DefaultLayers, Hovered: Item{KindLink, 7}}
	noLabels := &Scene{Data: ds, Layers: DefaultLayers &^ LayerLabels}
	most := &Scene{Data: ds, Layers: DefaultLayers, Visible: benchFilter(ds)}
	selMost := &Scene{Data: ds, Layers: DefaultLayers, Visible: most.Visible, Highlight: &vict, Selected: Item{KindServer, 2}}
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	steps := []struct {
		name  string
		v     View
		s     *Scene
		pan   bool
		reuse bool // the kept layer must be reused as it is
		delta bool // only the links the filter moved must be drawn
	}{
		{"first", v0, plain, false, false, false},
		{"again", v0, plain, false, true, false},
		{"zoomed", v1, plain, false, false, false},
		{"drag 1", v1.Pan(7, 0), plain, true, false, false},
		{"drag 2", v1.Pan(7, -12), plain, true, false, false},
		{"drag 3", v1.Pan(-30, -12), plain, true, false, false},
		{"dropped", v1.Pan(-30, -12), plain, false, false, false},
		{"wheel in", vw, plain, true, false, false},
		{"wheel in again", vw.ZoomAt(200, 120, 1.25), plain, true, false, false},
		{"wheel out", vw.ZoomAt(200, 120, 1.25).ZoomAt(420, 200, 0.8), plain, true, false, false},
		{"wheel rests", vw.ZoomAt(200, 120, 1.25).ZoomAt(420, 200, 0.8), plain, false, false, false},
		{"selected", v1, sel, false, false, false},
		{"filtered", v1, filt, false, false, false},
		{"filtered otherwise", v1, filt2, false, false, false},
		{"selection only", v1, selOnly, false, false, false},
		{"back", v1, plain, false, false, false},
		{"most hosts", v1, most, false, false, true},
		{"all again", v1, plain, false, false, true},
		{"most dragged", v1.Pan(9, 5), most, true, false, false},
		{"most dropped", v1.Pan(9, 5), most, false, false, false},
		{"all dropped", v1.Pan(9, 5), plain, false, false, true},
		{"back again", v1, plain, false, false, false},
		{"light theme", v1, light, false, true, false},
		{"dark again", v1, plain, false, true, false},
		{"hovered", v1, hovered, false, true, false},
		{"no labels", v1, noLabels, false, true, false},
		{"selected here", v1, sel, false, false, false},
		{"selected, most", v1, selMost, false, false, true},
		{"selected, all", v1, sel, false, false, true},
	}
	stacked, labelled := false, false
	for _, st := range steps {
		s := *st.s
		s.Panning = st.pan
		r.Draw(img, st.v, &s)
		if st.reuse && !r.f.linkReuse {
			t.Errorf("%s: the kept link layer was not reused", st.name)
		}
		if st.delta != (r.f.delta == deltaCame) {
			t.Errorf("%s: drew the links changed alone: %v, want %v", st.name, r.f.delta == deltaCame, st.delta)
		}
		if st.pan {
			continue // a drag may differ by rounding at the edges, as the base map does
		}
		for _, c := range r.stacks.used {
			stacked = stacked || r.stacks.n[c] > 1
		}
		counts := 0 // the placed texts that are stacks' counts, not names
		for _, o := range r.stacks.order {
			if o&countShown != 0 {
				counts++
			}
		}
		labelled = labelled || len(r.placed.texts) > counts
		want := image.NewRGBA(img.Rect)
		var fresh Renderer
		fresh.Draw(want, st.v, st.s)
		if n := differentPixels(img, want); n != 0 {
			t.Errorf("%s: %d pixels differ from a fresh render", st.name, n)
		}
		if r.LastStats() != fresh.LastStats() {
			t.Errorf("%s: stats %+v, fresh %+v", st.name, r.LastStats(), fresh.LastStats())
		}
	}
	if !stacked || !labelled {
		t.Errorf("the scenes drew stacks: %v, place labels: %v; want both", stacked, labelled)
	}
}

// movingScene is a warm 640x360 frame of 30k hosts and 20k links zoomed
// in 2x, its scene set Panning, for the tests of interim frames.
func movingScene() (*threat.Dataset, View, *Scene, *Renderer, *image.RGBA) {
	ds := synthLinks(5, 30000, 20000, 2)
	v := World(EqualEarth, 640, 360).ZoomAt(300, 150, 2)
	s := &Scene{Data: ds, Layers: DefaultLayers}
	r := new(Renderer)
	img := image.NewRGBA(image.Rect(0, 0, 640, 360))
	r.Draw(img, v, s)
	s.Panning = true
	return ds, v, s, r, img
}

// TestLinkDragShiftsLayer: during a drag the kept link layer is shifted,
// not accumulated again, and stays close to a fresh render.
func TestLinkDragShiftsLayer(t *testing.T) {
	ds, v, s, r, img := movingScene()
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for _, d := range [][2]float64{{10, 0}, {0, -8}, {-6, 0}} {
		v = v.Pan(d[0], d[1])
		r.Draw(img, v, s)
		if !r.lk.shifted {
			t.Errorf("pan %v: the link layer was accumulated whole", d)
		}
		want := image.NewRGBA(img.Rect)
		var fresh Renderer
		fresh.Draw(want, v, &Scene{Data: ds, Layers: DefaultLayers})
		off, most := 0, 0
		for i := range img.Pix {
			if d := absd(img.Pix[i], want.Pix[i]); d > 0 {
				off++
				most = max(most, d)
			}
		}
		t.Logf("pan %v: %d channel values differ from a fresh render, by at most %d", d, off, most)
		if off > w*h*4*3/100 || most > 64 {
			t.Errorf("pan %v: %d channel values differ from a fresh render, by up to %d", d, off, most)
		}
	}
}

// TestGoldenGhostNetDefault: the embedded GhostNet dataset, the whole
// world at 1440x900, as `threatmap export` draws it by default: links
// under the hosts, faint and reconstructed, none along the pole line.
func TestGoldenGhostNetDefault(t *testing.T) {
	ds, _ := ingest.Default()
	const w, h = 1440, 900
	v := World(EqualEarth, w, h)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var r Renderer
	r.Draw(img, v, &Scene{Data: ds, Layers: DefaultLayers, Title: ds.Meta.Title, Lines: SourceLines(&ds.Meta)})
	st := r.LastStats()
	assertGolden(t, "ghostnet_default_1440", img, st, Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 10})
}

// TestHitLinkFollowsMode: with the selection's links only, a link of
// another server is not under the pointer; with all links it is.
func TestHitLinkFollowsMode(t *testing.T) {
	ds := synthDataset(4, 2000, 0.5)
	var vict filter.Set
	filter.Victims(ds, 0, &vict)
	other := -1
	for l := range ds.Links.Len() {
		if ds.Links.Server[l] != 0 {
			other = l
			break
		}
	}
	v := World(EqualEarth, goldenW, goldenH)
	for _, tc := range []struct {
		layers Layers
		want   bool
	}{
		{LayerBasemap | LayerLinks, true},
		{LayerBasemap | LayerSelectionLinks, false},
	} {
		s := &Scene{Data: ds, Layers: tc.layers, Highlight: &vict, Selected: Item{KindServer, 0}}
		var r Renderer
		img := image.NewRGBA(image.Rect(0, 0, goldenW, goldenH))
		r.Draw(img, v, s)
		// The middle point of the other server's link.
		a, e := int(r.arcs.start[other]), int(r.arcs.start[other+1])
		m := (a + e) / 2
		sc, ox, oy := v.affine()
		x, y := float64(r.arcs.xy[2*m])*sc+ox, oy-float64(r.arcs.xy[2*m+1])*sc
		h := r.HitTest(v, s, int(x), int(y), 3)
		if got := h.Kind == KindLink && ds.Links.Server[h.Index] != 0; got != tc.want {
			t.Errorf("%v: hit %v %d at the middle of link %d, want a link of another server: %v", tc.layers, h.Kind, h.Index, other, tc.want)
		}
	}
}

// TestSubtractRow: a link layer loses what it was given back exactly, and
// a saturated cell refuses (it lost count of what it holds).
func TestSubtractRow(t *testing.T) {
	for _, c := range []struct {
		name      string
		g0, d     []uint16
		want      []uint16
		wantValid bool
	}{
		{"exact", []uint16{5, 0, 9, 7, 1, 2, 3, 4}, []uint16{5, 0, 1, 0, 0, 0, 0, 4}, []uint16{0, 0, 8, 7, 1, 2, 3, 0}, true},
		{"nothing", []uint16{5, 0, 9, 7}, []uint16{0, 0, 0, 0}, []uint16{5, 0, 9, 7}, true},
		{"saturated", []uint16{0xffff, 3, 0, 0}, []uint16{2, 1, 0, 0}, []uint16{0xffff, 2, 0, 0}, false},
		{"short", []uint16{1, 3, 0, 0}, []uint16{2, 0, 0, 0}, []uint16{1, 3, 0, 0}, false},
	} {
		ok := subtractRow(c.g0, c.d)
		if ok != c.wantValid || !slices.Equal(c.g0, c.want) || slices.ContainsFunc(c.d, func(v uint16) bool { return v != 0 }) {
			t.Errorf("%s: got %v %v (d %v), want %v %v", c.name, c.g0, ok, c.d, c.want, c.wantValid)
		}
	}
}

// TestLinkDeltaSaturated: when the kept layer had saturated where the
// links a filter removes run, the layer is accumulated whole, and the
// frame is still a fresh render's.
func TestLinkDeltaSaturated(t *testing.T) {
	ds := synthLinks(5, 30000, 20000, 2)
	const w, h = 640, 360
	v := World(EqualEarth, w, h)
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r.Draw(img, v, &Scene{Data: ds, Layers: DefaultLayers})
	for i, c := range r.linkAcc[0] {
		if c != 0 {
			r.linkAcc[0][i] = 0xffff // as if every link crossed a saturated cell
		}
	}
	s := &Scene{Data: ds, Layers: DefaultLayers, Visible: benchFilter(ds)}
	r.Draw(img, v, s)
	if !r.lk.visOnly || r.lk.gone == 0 {
		t.Fatalf("the filter did not remove links from the same state")
	}
	if r.f.delta != deltaNone {
		t.Errorf("the saturated layer was updated, not accumulated whole")
	}
	want := image.NewRGBA(img.Rect)
	var fresh Renderer
	fresh.Draw(want, v, s)
	if n := differentPixels(img, want); n != 0 {
		t.Errorf("%d pixels differ from a fresh render", n)
	}
}

// TestWheelBurstScales: the interim frames of a burst of wheel notches
// (Panning set, the scale changing) scale the cached base map and link
// layer instead of drawing them, and zooming in stay close to a fresh
// render (zooming out, the margin uncovered has its base map but no links
// until the wheel rests); the frame at rest is exact
// (TestLinkCacheMatchesFresh).
func TestWheelBurstScales(t *testing.T) {
	ds, v, s, r, img := movingScene()
	for _, f := range []float64{1.25, 1.25, 0.8, 0.8, 0.8} {
		v = v.ZoomAt(250, 200, f)
		r.Draw(img, v, s)
		if !r.lk.shifted || !r.f.linkReuse || !r.baseShifted {
			t.Fatalf("zoom %v: link layer scaled %v (reused %v), base map scaled %v; want all", f, r.lk.shifted, r.f.linkReuse, r.baseShifted)
		}
		want := image.NewRGBA(img.Rect)
		var fresh Renderer
		fresh.Draw(want, v, &Scene{Data: ds, Layers: DefaultLayers})
		if f < 1 {
			continue
		}
		sum := 0
		for i := range img.Pix {
			sum += int(absd(img.Pix[i], want.Pix[i]))
		}
		if mean := float64(sum) / float64(len(img.Pix)); mean > 4 {
			t.Errorf("zoom %v: interim frame off a fresh one by %.1f per channel on average", f, mean)
		}
	}
}

// TestHazeStepsStayInBand: a haze segment drawn into a band of a grid
// (a drag's strip) writes no cell outside it, wherever its ends lie
// around the band, the weight split across the line included: a write
// outside would count a link twice where the band meets the kept layer.
func TestHazeStepsStayInBand(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	const W, H = 64, 48
	buf := make([]uint16, W*H)
	for it := range 20000 {
		clear(buf)
		bw, bh := 1+rng.IntN(20), 1+rng.IntN(20)
		x0, y0 := 5+rng.IntN(W-bw-10), 5+rng.IntN(H-bh-10)
		ax, ay := float32(rng.Float64()*float64(bw+6)-3), float32(rng.Float64()*float64(bh+6)-3)
		bx, by := float32(rng.Float64()*float64(bw+6)-3), float32(rng.Float64()*float64(bh+6)-3)
		if it%3 == 0 { // ends inside, at the far edges
			ax, ay = float32(bw)-float32(rng.Float64()*1e-3), float32(rng.Float64()*float64(bh))
			bx, by = float32(rng.Float64()*float64(bw)), float32(bh)-float32(rng.Float64()*1e-3)
			if ax >= float32(bw) || by >= float32(bh) {
				continue
			}
		}
		ddaAcc(buf[y0*W+x0:], W, bw, bh, ax, ay, bx, by, 100, 2000, uint32(it))
		for y := range H {
			for x := range W {
				if in := x >= x0 && x < x0+bw && y >= y0 && y < y0+bh; !in && buf[y*W+x] != 0 {
					t.Fatalf("band %dx%d at %d,%d, segment (%v,%v)-(%v,%v): wrote at %d,%d", bw, bh, x0, y0, ax, ay, bx, by, x, y)
				}
			}
		}
	}
}
