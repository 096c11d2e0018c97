package render

import (
	"image"
	"image/color"
	"math"
	"slices"

	"threatmap/data/threat"
)

// Hosts that share a marker cell on screen (a square about one marker
// wide) draw as one marker: a stack. A stack's disc grows with the log of
// its count, carries the count, and is coloured by its type, or is a small
// pie when its hosts are of several types. Binning is one counting pass
// over a grid of cells reused between frames, not a map per frame.

// markerScale is the size factor of host markers at size factor k (uiScale)
// and zoom: k, growing modestly (by at most 60%) as the view zooms in.
func markerScale(k, zoom float64) float64 {
	if zoom > 1 {
		k *= min(1.6, 1+0.12*math.Log2(zoom))
	}
	return k
}

// singleRadius is the disc radius of a lone host: at least 2.5 px, so that
// a host is 5 px across in the default window.
func singleRadius(k float64) float64 { return max(2.5, 3*k) }

// stackCellPx is the side of a marker cell in pixels: one lone marker.
func stackCellPx(k float64) int { return int(math.Ceil(2 * singleRadius(k))) }

// stackRadius is the disc radius of a stack of n hosts: area grows with
// log n (96 hosts: about four times a lone host's radius), capped.
func stackRadius(n uint32, k float64) float64 {
	r1 := singleRadius(k)
	if n <= 1 {
		return r1
	}
	return min(6*r1, r1*(1+0.5*math.Log2(float64(n))))
}

// countSize is the pixel size of the count drawn on a stack.
func countSize(k float64) float64 { return max(9, 10.5*k) }

// stackGrid bins the visible on-screen hosts of a frame into marker cells.
// n is zero everywhere between frames but for the cells in used, the
// stacks of the last frame drawn with points (kept for drawItem). Cells
// are squares of the output's pixels: a miniature (Scene.OutputSize) bins
// its hosts as the output does, so that it shows the same stacks.
type stackGrid struct {
	cell, nx, ny int     // cells of cell output pixels
	mini         float64 // frame pixels per output pixel
	n            []uint32
	first        []int32   // the lowest host index in the cell
	sx, sy       []float32 // sums of the hosts' pixel positions
	typ          []uint16  // the first host's type
	flags        []uint8
	used         []int32 // cells holding hosts this frame
	order        []uint64
	pairs        []uint64 // (cell, type) of the hosts of mixed stacks
	valid        bool     // the last frame drew points: used is current
	k            float64  // the marker scale of that frame, in output pixels
}

const (
	stackMixed  = 1 // hosts of more than one type
	stackHollow = 2 // every host's position was reconstructed
)

// reset clears the last frame's cells and sizes the grid for a w x h frame
// of cells cell output pixels wide, mini frame pixels per output pixel.
func (g *stackGrid) reset(w, h, cell int, mini float64) {
	for _, c := range g.used {
		if int(c) < len(g.n) {
			g.n[c] = 0
		}
	}
	g.used = g.used[:0]
	g.mini = mini
	ow, oh := int(math.Ceil(float64(w)/mini)), int(math.Ceil(float64(h)/mini)) // in output pixels
	nx, ny := (ow+cell-1)/cell, (oh+cell-1)/cell
	if g.cell != cell || g.nx != nx || g.ny != ny {
		g.cell, g.nx, g.ny = cell, nx, ny
		n := nx * ny
		g.n, g.first = make([]uint32, n), make([]int32, n)
		g.sx, g.sy = make([]float32, n), make([]float32, n)
		g.typ, g.flags = make([]uint16, n), make([]uint8, n)
	}
}

// at returns the cell of frame pixel (x, y), inside the frame.
func (g *stackGrid) at(x, y float64) int {
	return (int(y/g.mini)/g.cell)*g.nx + int(x/g.mini)/g.cell
}

// radius is the disc radius, in frame pixels, of a marker of n hosts.
func (g *stackGrid) radius(n uint32) float64 { return stackRadius(n, g.k) * g.mini }

// add bins host i (type t) at pixel (x, y), inside the frame.
func (g *stackGrid) add(i int, x, y float64, t int, hollow bool) {
	c := g.at(x, y)
	n := g.n[c] + 1
	g.n[c] = n
	if n == 1 {
		g.used = append(g.used, int32(c))
		g.first[c], g.sx[c], g.sy[c], g.typ[c], g.flags[c] = int32(i), float32(x), float32(y), uint16(t), 0
		if hollow {
			g.flags[c] = stackHollow
		}
		return
	}
	g.sx[c] += float32(x)
	g.sy[c] += float32(y)
	if uint16(t) != g.typ[c] {
		g.flags[c] |= stackMixed
	}
	if !hollow {
		g.flags[c] &^= stackHollow
	}
}

// center is the pixel a cell's marker is drawn on: its hosts' mean.
func (g *stackGrid) center(c int) (int, int) {
	n := float32(g.n[c])
	return int(g.sx[c] / n), int(g.sy[c] / n)
}

// centerOut is center in the output's pixels.
func (g *stackGrid) centerOut(c int) (int, int) {
	n := float32(g.n[c])
	return int(float64(g.sx[c]/n) / g.mini), int(float64(g.sy[c]/n) / g.mini)
}

// prepareStacks bins the visible on-screen hosts into marker cells, orders
// the stacks from the largest down and reserves the boxes of their counts
// in r.placed, largest first (a count that would overlap one already
// reserved is left out: its marker still shows the stack by its size),
// then the boxes of all markers.
func (r *Renderer) prepareStacks() {
	f := &r.f
	k := markerScale(f.k/f.mini, f.zoom)
	g := &r.stacks
	g.reset(f.w, f.h, stackCellPx(k), f.mini)
	g.k = k
	r.binHosts(g)
	g.valid = true
	g.order, g.pairs = g.order[:0], g.pairs[:0]
	for _, c := range g.used {
		if n := g.n[c]; n > 1 {
			g.order = append(g.order, uint64(^n)<<32|uint64(g.first[c]))
		}
	}
	slices.Sort(g.order) // largest count first, then lowest first host
	r.collectMixed(g)
	for j, o := range g.order {
		if box := r.countLayout(g, r.cellOf(int(uint32(o)))); !r.placed.hits(box) {
			r.placed.addText(box)
			g.order[j] |= countShown
		}
	}
	// Every marker is an obstacle for the place labels that follow: a
	// name is not written under a host.
	for _, c := range g.used {
		x, y := g.centerOut(int(c))
		rad := int(math.Ceil(stackRadius(g.n[c], k)))
		r.placed.add(image.Rect(x-rad, y-rad, x+rad+1, y+rad+1))
	}
}

// countLayout is the box of cell c's count in the output's pixels (where
// labels are placed, labels.go): the box its sprite covers, or in a
// miniature the box the output's sprite covers.
func (r *Renderer) countLayout(g *stackGrid, c int) image.Rectangle {
	size := countSize(g.k)
	var b spriteBox
	if g.mini == 1 {
		b = r.sprites.count(&r.faces, g.n[c], size).spriteBox
	} else {
		b = r.sprites.countBox(&r.faces, g.n[c], size)
	}
	x, y := g.centerOut(c)
	tx, ty := countAt(x, y, b.adv, size)
	return b.bounds(tx, ty)
}

// countAt is where a count of advance adv at size px starts, centred on
// a marker at (x, y).
func countAt(x, y, adv int, size float64) (int, int) {
	return x - adv/2, y + int(math.Round(size*0.36))
}

// countShown marks an entry of stackGrid.order whose count is written (host
// indices stay below 2^31).
const countShown = 1 << 31

// countSprite returns the sprite of cell c's count and where its baseline
// starts: centred on the marker.
func (r *Renderer) countSprite(g *stackGrid, c int, size float64) (*sprite, int, int) {
	x, y := g.center(c)
	sp := r.sprites.count(&r.faces, g.n[c], size)
	tx, ty := countAt(x, y, sp.adv, size)
	return sp, tx, ty
}

// drawPoints draws the markers binned by prepareStacks: lone hosts in
// index order, then stacks from the largest down (smaller ones stay
// visible on top), then the stacks' counts reserved. A marker is hollow
// when every host in it had its position reconstructed.
func (r *Renderer) drawPoints(dst *image.RGBA) {
	g := &r.stacks
	k := g.k * g.mini // in frame pixels
	edge := premul(r.f.th.HostEdge)
	cols := r.typeColors()
	for _, c := range g.used {
		if g.n[c] == 1 {
			x, y := g.center(int(c))
			r.drawHost(dst, x, y, g.radius(1), k, cols.of(int(g.typ[c])), edge, g.flags[c]&stackHollow != 0)
		}
	}
	for _, o := range g.order {
		c := r.cellOf(int(uint32(o) &^ countShown))
		x, y := g.center(c)
		rad := g.radius(g.n[c])
		if g.flags[c]&stackMixed != 0 {
			r.drawPie(dst, x, y, rad, k, c, cols)
		} else {
			r.drawHost(dst, x, y, rad, k, cols.of(int(g.typ[c])), edge, g.flags[c]&stackHollow != 0)
		}
	}
	textc := premul(color.NRGBA{255, 255, 255, 255})
	haloc := premul(color.NRGBA{10, 14, 22, 230})
	size := countSize(g.k) * g.mini
	for _, o := range g.order {
		if o&countShown == 0 {
			continue
		}
		sp, tx, ty := r.countSprite(g, r.cellOf(int(uint32(o)&^countShown)), size)
		sp.draw(dst, tx, ty, textc, haloc)
	}
}

// binHosts adds every visible on-screen host to g and clears the host
// grids at its pixel (the density resolve does not run for points).
func (r *Renderer) binHosts(g *stackGrid) {
	f := &r.f
	for i, at := range r.visibleOnScreen() {
		x, y := at[0], at[1]
		p := int(y)*f.gw + int(x)
		for _, acc := range r.hostAcc {
			acc[p] = 0
		}
		g.add(i, x, y, int(f.ds.Hosts.Type[i]), hollowHost(f.ds, i))
	}
}

// visibleOnScreen yields each visible host that falls inside the frame, with
// its pixel position.
func (r *Renderer) visibleOnScreen() func(yield func(i int, at [2]float64) bool) {
	return func(yield func(i int, at [2]float64) bool) {
		f := &r.f
		fw, fh := float64(f.w), float64(f.h)
		for i := range f.ds.Hosts.Len() {
			if !f.visible.Has(i) {
				continue
			}
			x := float64(r.hosts.x[i])*f.s + f.ox
			y := f.oy - float64(r.hosts.y[i])*f.s
			if x >= 0 && x < fw && y >= 0 && y < fh && !yield(i, [2]float64{x, y}) {
				return
			}
		}
	}
}

// cellOf returns the marker cell of host i in the current frame.
func (r *Renderer) cellOf(i int) int {
	f := &r.f
	g := &r.stacks
	x := float64(r.hosts.x[i])*f.s + f.ox
	y := f.oy - float64(r.hosts.y[i])*f.s
	return g.at(x, y)
}

// collectMixed gathers (cell, type) of every host in a mixed stack, sorted,
// for the pies.
func (r *Renderer) collectMixed(g *stackGrid) {
	f := &r.f
	ds := f.ds
	any := false
	for _, c := range g.used {
		if g.flags[c]&stackMixed != 0 && g.n[c] > 1 {
			any = true
			break
		}
	}
	if !any {
		return
	}
	for i, at := range r.visibleOnScreen() {
		c := g.at(at[0], at[1])
		if g.flags[c]&stackMixed != 0 {
			g.pairs = append(g.pairs, uint64(c)<<32|uint64(ds.Hosts.Type[i]))
		}
	}
	slices.Sort(g.pairs)
}

// typeColorTable holds the premultiplied colours of the first types.
type typeColorTable struct {
	th   *Theme
	ds   *threat.Dataset
	n    int
	cols [64]pm
}

func (t *typeColorTable) of(typ int) pm {
	if typ < t.n {
		return t.cols[typ]
	}
	return premul(t.th.TypeColor(t.ds.Types[typ]))
}

func (r *Renderer) typeColors() *typeColorTable {
	t := &r.typeCols
	t.th, t.ds = r.f.th, r.f.ds
	t.n = min(len(t.cols), len(t.ds.Types))
	for i := range t.n {
		t.cols[i] = premul(t.th.TypeColor(t.ds.Types[i]))
	}
	return t
}

// pieSlices is how many types a pie shows; the rest share one grey slice.
const pieSlices = 5

// drawPie draws stack cell c as a pie of its types' shares (the largest
// from twelve o'clock, clockwise), outlined like a disc.
func (r *Renderer) drawPie(dst *image.RGBA, cx, cy int, rad, k float64, c int, cols *typeColorTable) {
	g := &r.stacks
	lo, _ := slices.BinarySearch(g.pairs, uint64(c)<<32)
	hi, _ := slices.BinarySearch(g.pairs, uint64(c+1)<<32)
	var shares [pieSlices + 1]struct {
		n   int
		col pm
	}
	// Run lengths by type, keeping the largest pieSlices.
	var runs [32]struct{ t, n int }
	nr, other := 0, 0
	for i := lo; i < hi; {
		j := i
		for j < hi && g.pairs[j] == g.pairs[i] {
			j++
		}
		t := int(uint32(g.pairs[i]))
		if nr < len(runs) {
			runs[nr] = struct{ t, n int }{t, j - i}
			nr++
		} else {
			other += j - i
		}
		i = j
	}
	rs := runs[:nr]
	slices.SortStableFunc(rs, func(a, b struct{ t, n int }) int { return b.n - a.n })
	ns := 0
	for i, run := range rs {
		if i < pieSlices {
			shares[ns].n, shares[ns].col = run.n, cols.of(run.t)
			ns++
		} else {
			other += run.n
		}
	}
	if other > 0 {
		shares[ns].n, shares[ns].col = other, premul(r.f.th.TextDim)
		ns++
	}
	total := 0
	for _, s := range shares[:ns] {
		total += s.n
	}
	// The outline first, as a disc, then each pixel's slice by its angle.
	edge := 0.9 * k
	r.stampFor(rad, edge).draw(dst, cx, cy, premul(color.NRGBA{}), premul(r.f.th.HostEdge))
	ri := int(math.Ceil(rad + 1))
	for y := -ri; y <= ri; y++ {
		py := cy + y
		if py < 0 || py >= r.f.h {
			continue
		}
		for x := -ri; x <= ri; x++ {
			px := cx + x
			if px < 0 || px >= r.f.w {
				continue
			}
			cov := clamp01(rad + 0.5 - math.Hypot(float64(x), float64(y)))
			if cov == 0 {
				continue
			}
			a := math.Atan2(float64(x), -float64(y)) // from twelve o'clock, clockwise
			if a < 0 {
				a += 2 * math.Pi
			}
			at := a / (2 * math.Pi) * float64(total)
			s, acc := 0, 0
			for s < ns-1 && float64(acc+shares[s].n) <= at {
				acc += shares[s].n
				s++
			}
			over(dst.Pix[py*dst.Stride+4*px:], shares[s].col, uint32(255*cov))
		}
	}
}

// stackAt returns the on-screen marker (centre and radius) of the stack
// holding host i in the last frame drawn with points, and how many hosts
// it holds; n is 0 when that frame had none there.
func (r *Renderer) stackAt(i int) (x, y int, rad float64, n uint32) {
	c, ok := r.stackCell(i)
	if !ok {
		return 0, 0, 0, 0
	}
	g := &r.stacks
	x, y = g.center(c)
	return x, y, g.radius(g.n[c]), g.n[c]
}

// stackCell returns the marker cell of host i in the last frame drawn
// with points; ok is false when that frame had no marker there.
func (r *Renderer) stackCell(i int) (c int, ok bool) {
	g := &r.stacks
	if !g.valid || i < 0 || i >= len(r.hosts.x) {
		return 0, false
	}
	f := &r.f
	px := float64(r.hosts.x[i])*f.s + f.ox
	py := f.oy - float64(r.hosts.y[i])*f.s
	if !(px >= 0 && px < float64(f.w) && py >= 0 && py < float64(f.h)) {
		return 0, false
	}
	c = g.at(px, py)
	return c, c < len(g.n) && g.n[c] > 0
}
