package render

import (
	"image"
	"image/color"
	"math"
	"sync"

	"threatmap/data/basemap"
)

// Place labels: country names from the base map at every scale, and the
// names of the larger cities once zoomed in. They are placed greedily by
// importance (stacks' counts first, then cities by population, then
// countries by area): a label whose box meets one already placed is left
// out, so nothing overlaps. Each is drawn with a halo in the theme's
// colours, under the host markers, so that no host is hidden by a name.

// placement records the boxes placed in a frame, bucketed on a grid of
// placeCell-pixel squares so that a test costs a few boxes, not all.
// Boxes are in the output's pixels (frame pixels unless the frame is a
// miniature, Scene.OutputSize): a miniature measures its names and counts
// as its output draws them and places the same ones.
type placement struct {
	nx, ny  int
	buckets [][]int32
	boxes   []image.Rectangle
	texts   []image.Rectangle // the boxes of the names and counts written
}

const placeCell = 64

// reset empties the placement for a w x h frame.
func (p *placement) reset(w, h int) {
	nx, ny := (w+placeCell-1)/placeCell, (h+placeCell-1)/placeCell
	if p.nx != nx || p.ny != ny {
		p.nx, p.ny = nx, ny
		p.buckets = make([][]int32, nx*ny)
	}
	for i := range p.buckets {
		p.buckets[i] = p.buckets[i][:0]
	}
	p.boxes, p.texts = p.boxes[:0], p.texts[:0]
}

// span returns the bucket range box covers (clamped to the grid).
func (p *placement) span(b image.Rectangle) (x0, y0, x1, y1 int) {
	x0, y0 = max(0, b.Min.X/placeCell), max(0, b.Min.Y/placeCell)
	x1, y1 = min(p.nx-1, (b.Max.X-1)/placeCell), min(p.ny-1, (b.Max.Y-1)/placeCell)
	return
}

// hits reports whether b overlaps a box placed so far.
func (p *placement) hits(b image.Rectangle) bool {
	x0, y0, x1, y1 := p.span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, i := range p.buckets[y*p.nx+x] {
				if p.boxes[i].Overlaps(b) {
					return true
				}
			}
		}
	}
	return false
}

// addText places b, the box of a name or a count.
func (p *placement) addText(b image.Rectangle) {
	p.texts = append(p.texts, b)
	p.add(b)
}

// add places b, an obstacle (a marker) or a text's box.
func (p *placement) add(b image.Rectangle) {
	i := int32(len(p.boxes))
	p.boxes = append(p.boxes, b)
	x0, y0, x1, y1 := p.span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			p.buckets[y*p.nx+x] = append(p.buckets[y*p.nx+x], i)
		}
	}
}

var (
	coarseLabels = sync.OnceValue(func() []basemap.Label { return basemap.World110().CountryLabels() })
	fineLabels   = sync.OnceValue(func() []basemap.Label { return basemap.World50().CountryLabels() })
)

// Label sizes in pixels at uiScale 1.
const (
	countryLabelSize = 12.5
	cityLabelSize    = 11.5
	maxCityLabels    = 60 // in one frame: a regional view, not a gazetteer
)

// pxPerDeg is about how many pixels a degree of latitude spans in v.
func pxPerDeg(v View) float64 { return v.Scale() * math.Pi / 180 }

// minCityPop is the population from which cities are named at d pixels
// a degree (of the output: pxPerDeg of its view): none at world scale
// (under 8 px a degree), 5 million at 8 px a degree, falling with the
// square of the zoom to the 200,000 of the embedded list.
func minCityPop(d float64) float64 {
	if d < 8 {
		return math.Inf(1)
	}
	return max(2e5, 5e6*(8/d)*(8/d))
}

// drawLabels places and draws the cities' and countries' names of view
// v, clear of the obstacles already placed (the stacks' counts and the
// host markers) and of the panels and server symbols drawn later.
func (r *Renderer) drawLabels(dst *image.RGBA, v View, s *Scene) {
	f := &r.f
	ko := f.k / f.mini // the output's size factor
	r.placeObstacles(s, ko)
	inks := newLabelInks(f.th)
	// The halo is whole pixels, at least one on the output; a miniature's
	// is the output's scaled, which may be none.
	haloO := max(1, int(math.Round(1.5*ko)))
	halo := int(math.Round(float64(haloO) * f.mini))
	ppd := pxPerDeg(v) / f.mini // of the output
	if minPop := minCityPop(ppd); !math.IsInf(minPop, 1) {
		r.drawCities(dst, minPop, cityLabelSize*ko, halo, haloO, &inks)
	}
	countries := coarseLabels()
	if useFine(v) {
		countries = fineLabels()
	}
	sizeO := countryLabelSize * ko
	size := sizeO * f.mini
	out := f.outRect()
	for _, l := range countries {
		x, y := r.toScreen(l.Lon, l.Lat)
		if x < 0 || y < 0 || x >= float64(f.w) || y >= float64(f.h) {
			continue
		}
		sp := r.sprites.get(&r.faces, l.Name, false, size, halo)
		lb := r.labelLayout(sp, l.Name, sizeO, haloO)
		// A name wider than its country is much bigger than the country
		// reads at this scale: leave it to the zoom.
		if l.Rank*ppd*ppd < 0.5*float64(lb.adv)*sizeO {
			continue
		}
		b := lb.bounds(int(x/f.mini)-lb.adv/2, int(y/f.mini+sizeO*0.35))
		if !b.In(out) || r.placed.hits(b) {
			continue
		}
		r.placed.addText(b)
		tx, ty := int(x)-sp.adv/2, int(y+size*0.35)
		in := inks.over(dst, sp.bounds(tx, ty))
		sp.draw(dst, tx, ty, in.dim, in.halo)
	}
}

// outRect is the frame in the output's pixels, where labels are placed.
func (f *frame) outRect() image.Rectangle {
	return image.Rect(0, 0, int(math.Ceil(float64(f.w)/f.mini)), int(math.Ceil(float64(f.h)/f.mini)))
}

// outBox is frame box b in the output's pixels, rounded outwards.
func (f *frame) outBox(b image.Rectangle) image.Rectangle {
	if f.mini == 1 {
		return b
	}
	m := f.mini
	return image.Rect(int(math.Floor(float64(b.Min.X)/m)), int(math.Floor(float64(b.Min.Y)/m)),
		int(math.Ceil(float64(b.Max.X)/m)), int(math.Ceil(float64(b.Max.Y)/m)))
}

// labelLayout is the layout, in the output's pixels, of the name s drawn
// as sprite sp: sp's own in a frame that is the output, else the output's
// sprite's (sizeO px, a halo of haloO), measured.
func (r *Renderer) labelLayout(sp *sprite, s string, sizeO float64, haloO int) spriteBox {
	if r.f.mini == 1 {
		return sp.spriteBox
	}
	return r.sprites.box(&r.faces, s, false, sizeO, haloO)
}

// placeObstacles reserves the boxes that no label may cover: the
// footnote, legend and caption panels (composited over the labels) and
// the C2 servers' symbols (drawn over them, and where links end); ko is
// the output's size factor.
func (r *Renderer) placeObstacles(s *Scene, ko float64) {
	f := &r.f
	out := f.outRect()
	for _, b := range r.panelBoxes() {
		if !b.Empty() {
			r.placed.add(f.outBox(b).Intersect(out))
		}
	}
	if !s.Layers.Has(LayerServers) {
		return
	}
	rad, edge := serverSize(ko)
	e := int(math.Ceil(rad + edge))
	for i := range f.ds.Servers {
		sv := &f.ds.Servers[i]
		x, y := r.toScreen(sv.Lon, sv.Lat)
		x, y = x/f.mini, y/f.mini
		b := image.Rect(int(x)-e, int(y)-e, int(x)+e+1, int(y)+e+1).Intersect(out)
		if !b.Empty() {
			r.placed.add(b)
		}
	}
}

// labelInk is the colours of a label: its text (dim for a country), the
// halo around it, and a city's dot and the dot's rim.
type labelInk struct {
	text, dim, halo pm
	dot, rim        color.NRGBA
	lum             float64 // the dim text's relative luminance
	strong          pm      // the halo over a fill the text alone barely stands out from
}

// Halo opacities: enough over land and sea to lift a name off links and
// borders; nearly opaque where the text would read under 4.5:1 (WCAG AA)
// on the usual halo over the fill, as over a mid-tone choropleth class.
const (
	haloAlpha       = 190
	strongHaloAlpha = 235
	minTextContrast = 4.5
)

// labelInks holds the theme's ink and the opposite one (dark text on a
// light halo in the dark theme, light on dark in the light theme); over
// picks, per label, the one that reads best on what lies under it.
type labelInks [2]labelInk

func newLabelInks(th *Theme) labelInks {
	other := &Light
	if luminance(th.Space) > 0.5 {
		other = &Dark
	}
	var in labelInks
	for i, t := range [2]*Theme{th, other} {
		sp := t.Space
		in[i] = labelInk{text: premul(t.Text), dim: premul(t.TextDim),
			halo: premul(color.NRGBA{sp.R, sp.G, sp.B, haloAlpha}), strong: premul(color.NRGBA{sp.R, sp.G, sp.B, strongHaloAlpha}),
			dot: t.Text, rim: sp, lum: luminance(t.TextDim)}
	}
	return in
}

// over returns the ink that reads best on the mean colour of dst under
// box b (the one whose text contrasts more with it): over a pale
// choropleth class the dark theme writes dark on light, over a dark class
// the light theme light on dark; over a mid tone the halo is made strong.
func (in *labelInks) over(dst *image.RGBA, b image.Rectangle) labelInk {
	bg := meanColor(dst, b)
	lbg := luminance(bg)
	ink := in[0]
	if contrast(in[1].lum, lbg) > contrast(in[0].lum, lbg) {
		ink = in[1]
	}
	px := [4]uint8{bg.R, bg.G, bg.B, 255}
	over(px[:], ink.halo, 255)
	if contrast(ink.lum, luminance(color.NRGBA{px[0], px[1], px[2], 255})) < minTextContrast {
		ink.halo = ink.strong
	}
	return ink
}

// meanColor is the mean colour of dst in b (every other pixel of every
// other row: a label's box is a few thousand pixels), opaque black for an
// empty box.
func meanColor(dst *image.RGBA, b image.Rectangle) color.NRGBA {
	b = b.Intersect(dst.Rect)
	var sr, sg, sb, n uint32
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+4*b.Max.X]
		for x := b.Min.X; x < b.Max.X; x += 2 {
			sr += uint32(row[4*x])
			sg += uint32(row[4*x+1])
			sb += uint32(row[4*x+2])
			n++
		}
	}
	if n == 0 {
		return color.NRGBA{A: 255}
	}
	return color.NRGBA{uint8(sr / n), uint8(sg / n), uint8(sb / n), 255}
}

// luminance is the WCAG relative luminance of c (its alpha ignored).
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG contrast ratio of two relative luminances.
func contrast(a, b float64) float64 { return (max(a, b) + 0.05) / (min(a, b) + 0.05) }

// drawCities names the cities of minPop people or more in view, most
// populous first, each beside a small dot: to its right, else its left,
// above or below, clear of the marker drawn there (hosts are often placed
// at a city); a city whose name fits nowhere is left out, dot and all.
//
// sizeO and haloO are the output's label size and halo (the frame's are
// scaled by f.mini, halo rounded).
func (r *Renderer) drawCities(dst *image.RGBA, minPop, sizeO float64, halo, haloO int, inks *labelInks) {
	f := &r.f
	dot := 1.6 * f.k
	size := sizeO * f.mini
	out := f.outRect()
	n := 0
	for _, l := range basemap.Cities() {
		if l.Rank < minPop || n >= maxCityLabels {
			break
		}
		x, y := r.toScreen(l.Lon, l.Lat)
		if x < 0 || y < 0 || x >= float64(f.w) || y >= float64(f.h) {
			continue
		}
		sp := r.sprites.get(&r.faces, l.Name, false, size, halo)
		lb := r.labelLayout(sp, l.Name, sizeO, haloO)
		mr := r.markerRadiusAt(int(x), int(y))
		spots := cityAnchors(x, y, max(dot, mr)+2*f.mini, sp.adv, size)
		spotsO := cityAnchors(x/f.mini, y/f.mini, max(dot, mr)/f.mini+2, lb.adv, sizeO)
		for i, at := range spotsO {
			b := lb.bounds(at.X, at.Y)
			if !b.In(out) || r.placed.hits(b) {
				continue
			}
			r.placed.addText(b)
			n++
			at = spots[i]
			in := inks.over(dst, sp.bounds(at.X, at.Y))
			drawShape(dst, ShapeCircle, x, y, dot+1, 0, in.rim, in.rim)
			drawShape(dst, ShapeCircle, x, y, dot, 0, in.dot, in.dot)
			sp.draw(dst, at.X, at.Y, in.text, in.halo)
			break
		}
	}
}

// cityAnchors are where a city's name of advance adv at size px may start
// (its baseline), in order of preference, beside a dot at (x, y) with gap
// pixels to spare: right, left, above, below.
func cityAnchors(x, y, gap float64, adv int, size float64) [4]image.Point {
	base := int(y + size*0.35)
	return [4]image.Point{
		{int(x + gap), base},
		{int(x-gap) - adv, base},
		{int(x) - adv/2, int(y - gap - size*0.3)},
		{int(x) - adv/2, int(y + gap + size*0.95)},
	}
}

// markerRadiusAt is the radius of the host marker this frame draws in the
// marker cell of pixel (x, y), or 0.
func (r *Renderer) markerRadiusAt(x, y int) float64 {
	g := &r.stacks
	if !g.valid || x < 0 || y < 0 || x >= r.f.w || y >= r.f.h {
		return 0
	}
	c := g.at(float64(x), float64(y))
	if g.n[c] == 0 {
		return 0
	}
	return g.radius(g.n[c])
}
