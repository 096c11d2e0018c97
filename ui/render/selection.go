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
// that its ring looks as a single selection's does.
func (r *Renderer) drawSelection(dst *image.RGBA, v View, s *Scene, c color.NRGBA) {
	f := &r.f
	together := len(s.SelectedHosts) > 0 && f.ds != nil
	if !together || s.Selected.Kind != KindHost {
		r.drawItem(dst, v, s, s.Selected, c)
	}
	if !together {
		return
	}
	marks := r.selMarks[:0]
	if s.Selected.Kind == KindHost {
		marks = r.appendMarker(marks, s.Selected.Index)
	}
	for _, i := range s.SelectedHosts {
		marks = r.appendMarker(marks, int(i))
	}
	slices.Sort(marks)
	for k, m := range marks {
		if k == 0 || m>>32 != marks[k-1]>>32 {
			r.drawItem(dst, v, s, Item{Kind: KindHost, Index: int(uint32(m))}, c)
		}
	}
	r.selMarks = marks
}

// appendMarker appends the marker host i is drawn in, as drawItem rings
// it, in the high 32 bits (a stack's cell with the top bit set, else the
// host's pixel in the frame widened by a ring's reach), and i in the low
// ones. A host whose ring cannot reach the frame is left out.
func (r *Renderer) appendMarker(marks []uint64, i int) []uint64 {
	f := &r.f
	if i < 0 || i >= f.ds.Hosts.Len() || i >= len(r.hosts.x) {
		return marks
	}
	if c, ok := r.stackCell(i); ok && r.stacks.n[c] > 1 {
		return append(marks, uint64(1<<31|c)<<32|uint64(i))
	}
	// A lone host's ring: 7k radius, 2k wide (drawItem). The widened
	// frame of a 16384² export is under 2^31 pixels.
	m := int(math.Ceil(10*uiScale(f.w, f.h))) + 2
	x := math.Floor(float64(r.hosts.x[i])*f.s + f.ox)
	y := math.Floor(f.oy - float64(r.hosts.y[i])*f.s)
	if !(x >= float64(-m) && x < float64(f.w+m) && y >= float64(-m) && y < float64(f.h+m)) {
		return marks
	}
	p := (int(y)+m)*(f.w+2*m) + int(x) + m
	return append(marks, uint64(p)<<32|uint64(i))
}
