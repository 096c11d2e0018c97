package render

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// drawSelection outlines the selected item, and with hosts selected
// together (Scene.SelectedHosts) every marker that holds one of them or
// the selected host: a stack of 96 hosts is one ring, the same stack
// split by a closer zoom or a larger frame is a ring per marker. Each
// marker is outlined once, however many of its hosts are selected, so
// that its ring looks as a single selection's does. Drawn as a density
// raster, the hosts of one marker cell share the ring of the first of
// them: 233,728 hosts spread over the world are rings on the cells they
// fill, not a ring each.
func (r *Renderer) drawSelection(dst *image.RGBA, v View, s *Scene, c color.NRGBA) {
	f := &r.f
	together := len(s.SelectedHosts) > 0 && f.ds != nil
	if !together || s.Selected.Kind != KindHost {
		r.drawItem(dst, v, s, s.Selected, c)
	}
	if !together {
		return
	}
	g := r.selGrid()
	marks := r.selMarks[:0]
	if s.Selected.Kind == KindHost {
		marks = r.appendMarker(marks, &g, s.Selected.Index)
	}
	for _, i := range s.SelectedHosts {
		marks = r.appendMarker(marks, &g, int(i))
	}
	slices.Sort(marks)
	k := f.k
	lone := r.selRing.ringFor(7*k, 2*k) // drawItem's ring of a lone host
	for j, m := range marks {
		if j > 0 && m>>32 == marks[j-1]>>32 {
			continue
		}
		i := int(uint32(m))
		if _, _, _, n := r.stackAt(i); n > 1 {
			r.drawItem(dst, v, s, Item{Kind: KindHost, Index: i}, c)
			continue
		}
		x := math.Floor(float64(r.hosts.x[i])*f.s + f.ox)
		y := math.Floor(f.oy - float64(r.hosts.y[i])*f.s)
		lone.draw(dst, int(x), int(y), c)
	}
	r.selMarks = marks
}

// selCells is the grid that keys selected hosts by marker: the stacks'
// cells, widened by whole cells to hold the hosts whose rings reach into
// the frame from outside it.
type selCells struct {
	cell, pad, nx int
}

func (r *Renderer) selGrid() selCells {
	f := &r.f
	cell := stackCellPx(markerScale(f.k/f.mini, f.zoom)) // in output pixels, as prepareStacks bins
	reach := int(math.Ceil(10*f.k/f.mini)) + 2           // a lone host's ring: 7k radius, 2k wide
	pad := (reach + cell - 1) / cell * cell
	ow := int(math.Ceil(float64(f.w) / f.mini))
	return selCells{cell: cell, pad: pad, nx: (ow + 2*pad + cell - 1) / cell}
}

// appendMarker appends the marker cell host i is drawn in (g's cell of
// its pixel: on screen the cell of its stack or its lone marker) in the
// high 32 bits and i in the low ones. A host whose ring cannot reach the
// frame is left out, and so is one of the cell appended last: the hosts
// of one stack, however many, leave one entry to sort.
func (r *Renderer) appendMarker(marks []uint64, g *selCells, i int) []uint64 {
	f := &r.f
	if i < 0 || i >= f.ds.Hosts.Len() || i >= len(r.hosts.x) || !f.visible.Has(i) {
		return marks
	}
	// In output pixels, as the stacks' cells are.
	x := math.Floor((float64(r.hosts.x[i])*f.s+f.ox)/f.mini) + float64(g.pad)
	y := math.Floor((f.oy-float64(r.hosts.y[i])*f.s)/f.mini) + float64(g.pad)
	if !(x >= 0 && x < math.Ceil(float64(f.w)/f.mini)+float64(2*g.pad) && y >= 0 && y < math.Ceil(float64(f.h)/f.mini)+float64(2*g.pad)) {
		return marks
	}
	key := uint64(int(y)/g.cell*g.nx + int(x)/g.cell)
	if n := len(marks); n > 0 && marks[n-1]>>32 == key {
		return marks
	}
	return append(marks, key<<32|uint64(i))
}
