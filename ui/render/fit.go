package render

import (
	"image"
	"slices"
	"strings"
)

// Fit levels: how far the legend and caption are shrunk so that together
// they cover at most overlayShare of the map. Each level keeps the ones
// before it; a frame uses the first level that fits (or the last).
const (
	fitFull         = iota // as designed
	fitShortCaption        // caption: the title and the first line, each on one line
	fitTopTypes            // legend: the topTypes largest types, then "+K more types"
	fitSummary             // legend: one line, "1,295 hosts · 12 types · 8 servers"
	fitTitleOnly           // caption: the title alone
)

// overlayShare is the most of the map (the frame above the footnote) the
// legend and caption may cover together: at 1024x700 with the details
// panel open they used to hide half of it and more.
const overlayShare = 0.25

// topTypes is how many target types a trimmed legend lists: the largest
// third or so of GhostNet's twelve.
const topTypes = 5

// Overlays returns where the last Draw put the legend and the caption
// (empty when not drawn).
func (r *Renderer) Overlays() (legend, caption image.Rectangle) {
	return r.overlays[0], r.overlays[1]
}

// layoutOverlays places the legend (bottom left) and caption (bottom
// right) above the footnote, before anything is drawn that must stay
// clear of them (the place labels). When either's content changed, both
// are laid out again at the first fit level where they cover at most
// overlayShare of the map; otherwise the cached panels are kept (no
// allocation).
func (r *Renderer) layoutOverlays(s *Scene, th *Theme, st Stats) {
	legendOn := s.Layers.Has(LayerLegend)
	captionOn := s.Layers.Has(LayerCaption) && (s.Title != "" || len(s.Lines) > 0)
	high := -1
	if legendOn {
		high = r.legendKey(s, th, st)
	}
	if captionOn {
		r.captionKey(s, th)
	}
	if legendOn && !r.legend.fresh() || captionOn && !r.caption.fresh() {
		r.fitOverlays(s, th, st, high, legendOn, captionOn)
	}
	r.overlays = [2]image.Rectangle{}
	r.legend.on, r.caption.on = legendOn, captionOn
	m := int(16 * r.f.k)
	bottom := r.f.h - r.footH - m
	if legendOn {
		p := &r.legend
		p.at = image.Pt(m, bottom-p.img.Rect.Dy())
		if !r.legendBlank {
			r.overlays[0] = p.img.Rect.Add(p.at)
		}
	}
	if captionOn {
		p := &r.caption
		p.at = image.Pt(r.f.w-p.img.Rect.Dx()-m, bottom-p.img.Rect.Dy())
		r.overlays[1] = p.img.Rect.Add(p.at)
	}
}

// panelBoxes returns the boxes of the footnote, legend and caption
// laid out for this frame (empty when not shown).
func (r *Renderer) panelBoxes() [3]image.Rectangle {
	var foot image.Rectangle
	if r.footnote.on {
		foot = image.Rect(0, r.f.h-r.footH, r.f.w, r.f.h)
	}
	return [3]image.Rectangle{foot, r.overlays[0], r.overlays[1]}
}

// drawOverlays composites the footnote, legend and caption laid out by
// layoutFootnote and layoutOverlays, over everything else.
func (r *Renderer) drawOverlays(dst *image.RGBA) {
	for _, p := range [...]*panel{&r.footnote, &r.legend, &r.caption} {
		if p.on {
			p.composite(dst)
		}
	}
}

// fitOverlays lays out and renders the legend and caption panels at the
// first fit level where their areas add up to overlayShare of the map. A
// miniature (Scene.OutputSize) lays them out as its output does, at the
// output's size and with its (hinted) faces, and draws the same rows and
// caption lines in small, on panels of the output's size scaled.
func (r *Renderer) fitOverlays(s *Scene, th *Theme, st Stats, high int, legendOn, captionOn bool) {
	f := &r.f
	var rows []legendRow
	if legendOn {
		rows = r.legendRows(s, th, st, high)
	}
	w, h, foot := f.w, f.h, r.footH
	if f.mini != 1 {
		out := f.outRect()
		w, h = out.Dx(), out.Dy()
		if foot > 0 {
			foot = footHeight(f.k / f.mini)
		}
		r.faces.exact = false
	}
	lrows, lsize, c := r.fitLayout(s, st, rows, f.k/f.mini, w, h, foot, captionOn)
	r.faces.exact = f.mini != 1
	ls := r.legendStyle(f.k)
	if f.mini != 1 {
		lines := c
		c = r.captionStyle(f.k)
		c.tl, c.bl = lines.tl, lines.bl
		c.w, c.h = lines.w*f.mini, lines.h*f.mini
		lsize = lsize.mul(f.mini)
	}
	r.legendBlank = len(lrows) == 0
	if legendOn {
		r.renderLegend(&r.legend, lrows, lsize, &ls, th)
	}
	if captionOn {
		r.renderCaption(&r.caption, &c, th)
	}
}

// fitLayout returns the legend's rows and size and the caption's layout
// at size factor k at the first fit level where they cover at most
// overlayShare of a w x h frame above a footnote foot pixels high.
func (r *Renderer) fitLayout(s *Scene, st Stats, rows []legendRow, k float64, w, h, foot int, captionOn bool) ([]legendRow, vec, captionLayout) {
	ls := r.legendStyle(k)
	budget := overlayShare * float64(w) * float64(h-foot)
	first := fitFull
	if ls.height(rows) > float64(h) {
		// Too many rows (tens of thousands of target types) for the frame
		// at any width: measuring each label would cost seconds.
		first = fitTopTypes
	}
	var lrows []legendRow
	var lsize vec
	var c captionLayout
	for lvl := first; ; lvl++ {
		area := 0.0
		lsize = vec{}
		if lrows = r.fitRows(rows, lvl, s, st, &ls, w); len(lrows) > 0 {
			lsize.x, lsize.y = ls.measure(lrows)
			area += lsize.x * lsize.y
		}
		if captionOn {
			c = r.layoutCaption(s, k, lvl, w)
			area += c.w * c.h
		}
		if area <= budget || lvl == fitTitleOnly {
			return lrows, lsize, c
		}
	}
}

// vec is a size in pixels.
type vec struct{ x, y float64 }

// mul is v scaled by k.
func (v vec) mul(k float64) vec { return vec{v.x * k, v.y * k} }

// height is the height of a legend of rows, without measuring text.
func (ls *legendStyle) height(rows []legendRow) float64 {
	h := 2*ls.pad - 4*ls.k
	for _, row := range rows {
		h += ls.rowHeight(row.kind)
	}
	return h
}

// fitRows returns the legend's rows at fit level lvl: all of them, the
// largest types only, or a one-line summary (cut to fit a w-pixel frame).
func (r *Renderer) fitRows(rows []legendRow, lvl int, s *Scene, st Stats, ls *legendStyle, w int) []legendRow {
	switch {
	case len(rows) == 0 || lvl < fitTopTypes:
		return rows
	case lvl < fitSummary:
		return trimTypes(rows, topTypes)
	}
	maxw := 0.45*float64(w) - 2*ls.pad
	return []legendRow{{kind: rowHeader, label: fitLine(ls.bold, r.legendSummary(s, st), maxw)}}
}

// trimTypes keeps the n target types with the most hosts (ties: the
// first listed), in their order, and says how many more there are.
func trimTypes(rows []legendRow, n int) []legendRow {
	var counts []int
	for _, row := range rows {
		if row.kind == rowType {
			counts = append(counts, row.count)
		}
	}
	if len(counts) <= n {
		return rows
	}
	slices.Sort(counts)
	least := counts[len(counts)-n] // the n-th largest count
	above := 0                     // types kept for a count above least
	for _, c := range counts {
		if c > least {
			above++
		}
	}
	ties := n - above
	out := make([]legendRow, 0, len(rows))
	last := 0 // where the note goes: after the last type kept
	for _, row := range rows {
		if row.kind == rowType {
			if row.count < least || row.count == least && ties == 0 {
				continue
			}
			if row.count == least {
				ties--
			}
		}
		out = append(out, row)
		if row.kind == rowType {
			last = len(out)
		}
	}
	more := legendRow{kind: rowNote, label: "+" + CountOf(len(counts)-n, "more type")}
	return slices.Insert(out, last, more)
}

// legendSummary is the legend in one line: hosts, types and servers
// drawn, "1,295 hosts · 12 types · 8 servers".
func (r *Renderer) legendSummary(s *Scene, st Stats) string {
	var parts []string
	if s.Layers.Has(LayerHosts) {
		types := 0
		for _, c := range r.typeCnt[0] {
			if c > 0 {
				types++
			}
		}
		parts = append(parts, CountOf(st.Hosts, "host"), CountOf(types, "type"))
	}
	if n := len(r.f.ds.Servers); s.Layers.Has(LayerServers) && n > 0 {
		parts = append(parts, CountOf(n, "server"))
	}
	return strings.Join(parts, footSep)
}
