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

// minCityPop is the population from which cities are named in v: none at
// world scale (under 8 px a degree), 5 million at 8 px a degree, falling
// with the square of the zoom to the 200,000 of the embedded list.
func minCityPop(v View) float64 {
	d := pxPerDeg(v)
	if d < 8 {
		return math.Inf(1)
	}
	return max(2e5, 5e6*(8/d)*(8/d))
}

// drawLabels places and draws the cities' and countries' names of view v.
func (r *Renderer) drawLabels(dst *image.RGBA, v View) {
	f := &r.f
	k := uiScale(f.w, f.h)
	th := f.th
	textc := premul(th.Text)
	haloc := premul(color.NRGBA{th.Space.R, th.Space.G, th.Space.B, 190})
	dimc := premul(th.TextDim)
	halo := max(1, int(math.Round(1.5*k)))
	if minPop := minCityPop(v); !math.IsInf(minPop, 1) {
		r.drawCities(dst, v, minPop, cityLabelSize*k, halo, textc, haloc)
	}
	countries := coarseLabels()
	if useFine(v) {
		countries = fineLabels()
	}
	ppd := pxPerDeg(v)
	size := countryLabelSize * k
	for _, l := range countries {
		x, y := r.toScreen(l.Lon, l.Lat)
		if x < 0 || y < 0 || x >= float64(f.w) || y >= float64(f.h) {
			continue
		}
		sp := r.sprites.get(&r.faces, l.Name, false, size, halo)
		// A name wider than its country is much bigger than the country
		// reads at this scale: leave it to the zoom.
		if l.Rank*ppd*ppd < 0.5*float64(sp.adv)*size {
			continue
		}
		tx, ty := int(x)-sp.adv/2, int(y+size*0.35)
		b := sp.bounds(tx, ty)
		if !b.In(dst.Rect) || r.placed.hits(b) {
			continue
		}
		r.placed.addText(b)
		sp.draw(dst, tx, ty, dimc, haloc)
	}
}

// drawCities names the cities of minPop people or more in view, most
// populous first, each beside a small dot: to its right, else its left,
// above or below, clear of the marker drawn there (hosts are often placed
// at a city); a city whose name fits nowhere is left out, dot and all.
func (r *Renderer) drawCities(dst *image.RGBA, v View, minPop, size float64, halo int, textc, haloc pm) {
	f := &r.f
	dot := 1.6 * uiScale(f.w, f.h)
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
		gap := max(dot, r.markerRadiusAt(int(x), int(y))) + 2
		base := int(y + size*0.35)
		for _, at := range [4]image.Point{
			{int(x + gap), base},                          // right
			{int(x-gap) - sp.adv, base},                   // left
			{int(x) - sp.adv/2, int(y - gap - size*0.3)},  // above
			{int(x) - sp.adv/2, int(y + gap + size*0.95)}, // below
		} {
			b := sp.bounds(at.X, at.Y)
			if !b.In(dst.Rect) || r.placed.hits(b) {
				continue
			}
			r.placed.addText(b)
			n++
			drawShape(dst, ShapeCircle, x, y, dot+1, 0, f.th.Space, f.th.Space)
			drawShape(dst, ShapeCircle, x, y, dot, 0, f.th.Text, f.th.Text)
			sp.draw(dst, at.X, at.Y, textc, haloc)
			break
		}
	}
}

// markerRadiusAt is the radius of the host marker this frame draws in the
// marker cell of pixel (x, y), or 0.
func (r *Renderer) markerRadiusAt(x, y int) float64 {
	g := &r.stacks
	if !g.valid || x < 0 || y < 0 || x >= r.f.w || y >= r.f.h {
		return 0
	}
	c := (y/g.cell)*g.nx + x/g.cell
	if g.n[c] == 0 {
		return 0
	}
	return stackRadius(g.n[c], g.k)
}
