package render

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/image/font"

	"threatmap/data/threat"
)

// panel is a cached overlay box (legend or caption): an image re-rendered
// only when its content key changes, composited every frame.
type panel struct {
	img *image.RGBA
	key []byte
	buf []byte // the key being built
	at  image.Point
	on  bool // shown in this frame
}

// composite blends the panel over dst at p.at.
func (p *panel) composite(dst *image.RGBA) {
	if p.img == nil {
		return
	}
	r := p.img.Rect.Add(p.at).Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		so := (y-p.at.Y)*p.img.Stride + 4*(r.Min.X-p.at.X)
		do := y*dst.Stride + 4*r.Min.X
		src := p.img.Pix[so : so+4*r.Dx()]
		d := dst.Pix[do : do+4*r.Dx()]
		for i := 0; i < len(src); i += 4 {
			a := uint32(src[i+3])
			if a == 0 {
				continue
			}
			ia := 255 - a
			d[i] = uint8(uint32(src[i]) + (uint32(d[i])*ia+127)/255)
			d[i+1] = uint8(uint32(src[i+1]) + (uint32(d[i+1])*ia+127)/255)
			d[i+2] = uint8(uint32(src[i+2]) + (uint32(d[i+2])*ia+127)/255)
			d[i+3] = uint8(a + (uint32(d[i+3])*ia+127)/255)
		}
	}
}

// fresh reports whether the key built in p.buf matches the cached image.
func (p *panel) fresh() bool { return p.img != nil && bytes.Equal(p.buf, p.key) }

// newImage gives p a cleared image of the given size and records the key.
func (p *panel) newImage(w, h int) *image.RGBA {
	p.key = append(p.key[:0], p.buf...)
	p.img = image.NewRGBA(image.Rect(0, 0, max(1, w), max(1, h)))
	return p.img
}

// roundRect fills a rounded rectangle (radius rad) with fill and a border
// of width lw, anti-aliased.
func roundRect(dst *image.RGBA, r image.Rectangle, rad, lw float64, fill, edge color.NRGBA) {
	f, e := premul(fill), premul(edge)
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	hx, hy := float64(r.Dx())/2, float64(r.Dy())/2
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			qx := math.Abs(float64(x)+0.5-cx) - (hx - rad)
			qy := math.Abs(float64(y)+0.5-cy) - (hy - rad)
			d := math.Hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - rad
			cov := clamp01(0.5 - d)
			if cov == 0 {
				continue
			}
			p := dst.Pix[y*dst.Stride+4*x:]
			over(p, f, uint32(255*cov))
			if d > -lw-0.5 {
				over(p, e, uint32(255*cov*clamp01(d+lw+0.5)))
			}
		}
	}
}

// legendRow is one line of the legend.
type legendRow struct {
	kind  int // rowType, rowServer, rowLink, rowRamp, rowHeader, rowNote, rowHollow, rowReconLink
	label string
	count int
	col   color.NRGBA
	shape Shape
	ramp  []color.NRGBA
	lo    string
	hi    string
}

const (
	rowType = iota
	rowServer
	rowLink
	rowRamp
	rowHeader
	rowNote
	rowHollow    // hosts whose position was reconstructed: a ring
	rowReconLink // links whose existence was reconstructed: fainter
)

// panelKey appends to b what every panel's look depends on: the theme,
// the frame's size, its size factor and, for a miniature, its scale (its
// panels are laid out at its output's size, drawn smaller).
func (r *Renderer) panelKey(b []byte, th *Theme) []byte {
	b = append(b, th.Name...)
	b = strconv.AppendInt(b, int64(r.f.w), 10)
	b = append(b, 'x')
	b = strconv.AppendInt(b, int64(r.f.h), 10)
	b = append(b, '@')
	b = strconv.AppendFloat(b, r.f.k, 'g', -1, 64)
	b = append(b, '/')
	return strconv.AppendFloat(b, r.f.mini, 'g', -1, 64)
}

// legendKey builds the legend's content key in r.legend.buf: everything
// the panel shows. It returns how many of the visible hosts are
// highlighted (-1 without a highlight).
func (r *Renderer) legendKey(s *Scene, th *Theme, st Stats) int {
	f := &r.f
	ds := f.ds
	p := &r.legend
	b := r.panelKey(p.buf[:0], th)
	b = strconv.AppendInt(b, int64(s.Layers), 10)
	if st.Density {
		b = append(b, 'D')
	}
	for _, c := range r.typeCnt[0] {
		b = strconv.AppendInt(append(b, ','), int64(c), 10)
	}
	b = append(b, '|')
	for i := range ds.Servers {
		b = strconv.AppendInt(append(b, ','), int64(ds.Servers[i].Role), 10)
	}
	b = strconv.AppendInt(append(b, '|'), int64(st.Links), 10)
	b = strconv.AppendInt(append(b, '|'), int64(r.choroMax), 10)
	b = strconv.AppendInt(append(b, '|'), int64(r.reconLinks), 10)
	b = strconv.AppendInt(append(b, '|'), int64(r.reconHosts), 10)
	for _, c := range ds.Meta.ReportedCountries {
		b = append(append(b, ','), c...)
	}
	high := -1 // highlighted hosts among the visible ones
	if f.high != nil && s.Layers.Has(LayerHosts) {
		high = f.high.CountAnd(f.visible)
		b = strconv.AppendInt(append(b, '|'), int64(high), 10)
		b = append(b, s.HighlightLabel...)
		b = append(b, s.HighlightOne...)
	}
	p.buf = b
	return high
}

// renderLegend draws the legend panel's image: rows on a rounded box of
// size sz (an empty image when there is nothing to list).
func (r *Renderer) renderLegend(p *panel, rows []legendRow, sz vec, ls *legendStyle, th *Theme) {
	w, h := sz.x, sz.y
	img := p.newImage(int(w), int(h))
	if len(rows) == 0 {
		return
	}
	roundRect(img, img.Rect, 8*ls.k, 1*ls.k, th.Panel, th.PanelEdge)
	y := ls.pad
	for _, row := range rows {
		r.drawLegendRow(img, ls, &row, th, w, y)
		y += ls.rowHeight(row.kind)
	}
}

// legendStyle is the legend's faces and metrics at size factor k.
type legendStyle struct {
	k                 float64
	body, bold, small font.Face
	pad, lineH, sw    float64 // padding, row height, swatch width
}

func (r *Renderer) legendStyle(k float64) legendStyle {
	return legendStyle{k: k, body: r.faces.face(false, 14*k), bold: r.faces.face(true, 15*k), small: r.faces.face(false, 12*k),
		pad: 14 * k, lineH: 22 * k, sw: 22 * k}
}

// rowHeight is the height of a legend row of the given kind.
func (ls *legendStyle) rowHeight(kind int) float64 {
	switch kind {
	case rowHeader:
		return ls.lineH + 4*ls.k
	case rowRamp:
		return ls.lineH + 26*ls.k
	}
	return ls.lineH
}

// measure returns the size of the panel that holds rows.
func (ls *legendStyle) measure(rows []legendRow) (w, h float64) {
	wmax := 0.0
	h = ls.pad
	for _, row := range rows {
		switch row.kind {
		case rowHeader:
			wmax = max(wmax, textWidth(ls.bold, row.label))
		case rowRamp:
			wmax = max(wmax, max(textWidth(ls.body, row.label), 150*ls.k))
		case rowNote:
			wmax = max(wmax, textWidth(ls.body, row.label))
		default:
			wmax = max(wmax, ls.sw+textWidth(ls.body, row.label)+16*ls.k+textWidth(ls.small, Count(row.count)))
		}
		h += ls.rowHeight(row.kind)
	}
	h += ls.pad - 4*ls.k
	return wmax + 2*ls.pad, h
}

// legendRows lists what the legend shows, top to bottom: hosts (count,
// highlight, density ramp, types), servers, links, the choropleth ramp.
func (r *Renderer) legendRows(s *Scene, th *Theme, st Stats, high int) []legendRow {
	var rows []legendRow
	if s.Layers.Has(LayerHosts) {
		rows = r.hostRows(rows, s, th, st, high)
	}
	if s.Layers.Has(LayerServers) {
		rows = serverRows(rows, r.f.ds, th)
	}
	if linkModeOf(s.Layers) != linksNone && st.Links > 0 {
		if n := st.Links - r.reconLinks; n > 0 {
			rows = append(rows, legendRow{kind: rowLink, label: "C2 link, server → host", count: n, col: th.Link})
		}
		if r.reconLinks > 0 {
			rows = append(rows, legendRow{kind: rowReconLink, label: "reconstructed link", count: r.reconLinks, col: th.Link})
		}
		rows = r.linkRampRow(rows, st)
	}
	if s.Layers.Has(LayerChoropleth) && r.choroMax > 0 {
		rows = append(rows, legendRow{kind: rowRamp, label: "Hosts per country", ramp: th.Choropleth[:], lo: "1", hi: Count(r.choroMax)})
		if n := FilledCountriesNote(r.f.ds.Meta.ReportedCountries); n != "" {
			rows = append(rows, legendRow{kind: rowNote, label: n})
		}
	}
	return rows
}

// FilledCountriesNote says which per-country counts were filled in, from
// the codes of the countries whose counts the source reported: "" when
// there are none (every count is as loaded). Up to six are named.
func FilledCountriesNote(reported []string) string {
	switch n := len(reported); {
	case n == 0:
		return ""
	case n <= 6:
		return "Counts of countries other than " + strings.Join(reported, ", ") + " filled in"
	default:
		return "Counts of countries other than the " + strconv.Itoa(n) + " reported filled in"
	}
}

// hostRows appends the hosts' rows: how many, how many highlighted (high,
// when not negative), the density ramp when hosts are drawn as one, and
// each target type drawn with its colour and count.
func (r *Renderer) hostRows(rows []legendRow, s *Scene, th *Theme, st Stats, high int) []legendRow {
	ds := r.f.ds
	rows = append(rows, legendRow{kind: rowHeader, label: CountOf(st.Hosts, threat.HostNounOf(&ds.Meta))})
	if high >= 0 {
		what := s.HighlightLabel
		if high == 1 && s.HighlightOne != "" {
			what = s.HighlightOne
		}
		if what == "" {
			what = "highlighted"
		}
		rows = append(rows, legendRow{kind: rowNote, label: Count(high) + " " + what + ", ringed"})
	}
	if st.Density {
		rows = append(rows, legendRow{kind: rowRamp, label: "Hosts per pixel", ramp: th.Density[:], lo: "1", hi: Count(densityMax) + "+"})
	}
	order := typeOrder(ds, r.typeCnt[0])
	rows = slices.Grow(rows, len(order)+8) // tens of thousands of types: one allocation
	for _, t := range order {
		rows = append(rows, legendRow{kind: rowType, label: TypeLabel(ds.Types[t]), count: int(r.typeCnt[0][t]), col: th.TypeColor(ds.Types[t])})
	}
	if r.reconHosts > 0 && !st.Density {
		rows = append(rows, legendRow{kind: rowHollow, label: "position reconstructed", count: r.reconHosts, col: th.TextDim})
	}
	if st.Hosts == 0 {
		rows = append(rows, legendRow{kind: rowNote, label: "No host matches"})
	}
	return rows
}

// typeOrder returns the types with a count, in TypeCodes' order, then the
// others by name.
func typeOrder(ds *threat.Dataset, counts []int32) []int {
	order := make([]int, 0, len(ds.Types))
	for t := range ds.Types {
		if counts[t] > 0 {
			order = append(order, t)
		}
	}
	rank := func(t string) int {
		for i, c := range TypeCodes {
			if c == t {
				return i
			}
		}
		return len(TypeCodes)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := rank(ds.Types[a]), rank(ds.Types[b])
		if ra != rb {
			return ra - rb
		}
		if ds.Types[a] < ds.Types[b] {
			return -1
		}
		return 1
	})
	return order
}

// serverRows appends a row per server role present, with its symbol and
// count.
func serverRows(rows []legendRow, ds *threat.Dataset, th *Theme) []legendRow {
	var nc, nm int
	for i := range ds.Servers {
		switch ds.Servers[i].Role {
		case threat.RoleControl:
			nc++
		case threat.RoleCommand:
			nm++
		}
	}
	if nc > 0 {
		rows = append(rows, legendRow{kind: rowServer, label: "Control server", count: nc, col: th.Control, shape: ShapeDiamond})
	}
	if nm > 0 {
		rows = append(rows, legendRow{kind: rowServer, label: "Command server", count: nm, col: th.Command, shape: ShapeTriangle})
	}
	return rows
}

// drawLegendRow draws row at height y of the legend image img (w wide).
func (r *Renderer) drawLegendRow(img *image.RGBA, ls *legendStyle, row *legendRow, th *Theme, w, y float64) {
	pad, lineH, sw, k := ls.pad, ls.lineH, ls.sw, ls.k
	base := y + lineH*0.72
	cy := y + lineH*0.45
	switch row.kind {
	case rowHeader:
		drawText(img, ls.bold, pad, base, row.label, th.Text)
		return
	case rowNote:
		drawText(img, ls.body, pad, base, row.label, th.TextDim)
		return
	case rowRamp:
		drawLegendRamp(img, ls, row, th, w, y)
		return
	case rowType:
		drawShape(img, ShapeCircle, pad+sw/2-2*k, cy, 5*k, 1*k, row.col, th.HostEdge)
	case rowServer:
		drawShape(img, row.shape, pad+sw/2-2*k, cy, 7*k, 1.5*k, row.col, th.ServerEdge)
	case rowHollow:
		c := premul(row.col)
		newHollowStamp(5.5*k, 1.8*k, 1*k).draw(img, int(pad+sw/2-2*k), int(cy), c, premul(th.HostEdge))
	case rowLink:
		r.drawLegendLink(img, ls, row.col, cy)
	case rowReconLink:
		c := row.col
		c.A = uint8(float64(c.A) * 0.55) // a little above reconLinkGain: a lone swatch reads fainter than an arc
		r.drawLegendLink(img, ls, c, cy)
	}
	drawText(img, ls.body, pad+sw+6*k, base, row.label, th.Text)
	cs := Count(row.count)
	drawText(img, ls.small, w-pad-textWidth(ls.small, cs), base, cs, th.TextDim)
}

// drawLegendLink draws the link swatch at height cy: eight pieces of line
// growing brighter towards the host end, as links do.
func (r *Renderer) drawLegendLink(img *image.RGBA, ls *legendStyle, col color.NRGBA, cy float64) {
	pad, sw, k := ls.pad, ls.sw, ls.k
	for i := range 8 {
		t0, t1 := float64(i)/8, float64(i+1)/8
		c := col
		c.A = uint8(float64(c.A) * (0.35 + 0.65*t1) * 1.6)
		x0, x1 := pad-2*k+t0*sw, pad-2*k+t1*sw
		// Rasterise only around the piece: the whole panel would cost a
		// pass over every pixel per piece.
		box := image.Rect(int(x0-2*k)-1, int(cy-2*k)-1, int(x1+2*k)+2, int(cy+2*k)+2).Intersect(img.Rect)
		r.stroke.begin(box)
		r.stroke.seg(x0, cy, x1, cy, 2*k, float64(box.Min.X), float64(box.Min.Y))
		r.stroke.draw(img, box, c)
	}
}

// drawLegendRamp draws a ramp row at height y (the density or choropleth
// scale): its label, the colour bar across the panel (w wide), and the
// values at either end.
func drawLegendRamp(img *image.RGBA, ls *legendStyle, row *legendRow, th *Theme, w, y float64) {
	pad, k := ls.pad, ls.k
	drawText(img, ls.body, pad, y+ls.lineH*0.72, row.label, th.Text)
	by := y + ls.lineH + 2*k
	bw := w - 2*pad
	for x := 0; x < int(bw); x++ {
		c := rampAt(row.ramp, float64(x)/bw)
		for yy := int(by); yy < int(by+8*k); yy++ {
			over(img.Pix[yy*img.Stride+4*(int(pad)+x):], premul(c), 255)
		}
	}
	drawText(img, ls.small, pad, by+8*k+13*k, row.lo, th.TextDim)
	drawText(img, ls.small, w-pad-textWidth(ls.small, row.hi), by+8*k+13*k, row.hi, th.TextDim)
}

// captionKey builds the caption's content key in r.caption.buf.
func (r *Renderer) captionKey(s *Scene, th *Theme) {
	p := &r.caption
	b := r.panelKey(p.buf[:0], th)
	b = strconv.AppendInt(b, int64(s.Layers), 10) // the legend's presence changes the fit
	b = append(append(b, '|'), s.Title...)
	for _, l := range s.Lines {
		b = append(append(b, '|'), l...)
	}
	p.buf = b
}

// captionLayout is the caption's lines at a fit level, measured.
type captionLayout struct {
	title, body font.Face
	tl, bl      []string // title lines, body lines
	k, pad      float64
	w, h        float64
}

// captionStyle is an empty caption layout at size factor k: its faces
// and padding.
func (r *Renderer) captionStyle(k float64) captionLayout {
	return captionLayout{title: r.faces.face(true, 20*k), body: r.faces.face(false, 13.5*k), k: k, pad: 14 * k}
}

// layoutCaption wraps the caption's title and lines at fit level lvl:
// all of them wrapped (fitFull); the title and the first line, each cut
// to one line; or the title alone (fitTitleOnly), in a w-pixel frame.
func (r *Renderer) layoutCaption(s *Scene, k float64, lvl, w int) captionLayout {
	c := r.captionStyle(k)
	maxw := min(float64(w)*0.42, 560*k)
	lines := s.Lines
	switch {
	case lvl >= fitTitleOnly && s.Title != "":
		lines = nil
	case lvl >= fitShortCaption && len(lines) > 1:
		lines = lines[:1]
	}
	if s.Title != "" {
		c.tl = wrap(c.title, s.Title, maxw)
		if lvl >= fitShortCaption {
			c.tl = []string{fitLine(c.title, s.Title, maxw)}
		}
	}
	for _, l := range lines {
		if lvl >= fitShortCaption {
			c.bl = append(c.bl, fitLine(c.body, l, maxw))
			continue
		}
		c.bl = append(c.bl, wrap(c.body, l, maxw)...)
	}
	c.measure()
	return c
}

// measure sets c.w and c.h, the size of the panel holding c's lines.
func (c *captionLayout) measure() {
	wmax := 0.0
	for _, l := range c.tl {
		wmax = max(wmax, textWidth(c.title, l))
	}
	for _, l := range c.bl {
		wmax = max(wmax, textWidth(c.body, l))
	}
	c.w = wmax + 2*c.pad
	c.h = 2*c.pad + float64(len(c.tl))*26*c.k + float64(len(c.bl))*19*c.k
	if len(c.tl) > 0 && len(c.bl) > 0 {
		c.h += 6 * c.k
	}
}

// renderCaption draws the caption panel's image from its layout c.
func (r *Renderer) renderCaption(p *panel, c *captionLayout, th *Theme) {
	k, pad := c.k, c.pad
	img := p.newImage(int(c.w), int(c.h))
	roundRect(img, img.Rect, 8*k, 1*k, th.Panel, th.PanelEdge)
	th1, th2 := 26*k, 19*k
	y := pad
	for _, l := range c.tl {
		drawText(img, c.title, pad, y+th1*0.75, l, th.Text)
		y += th1
	}
	if len(c.tl) > 0 {
		y += 6 * k
	}
	for _, l := range c.bl {
		drawText(img, c.body, pad, y+th2*0.75, l, th.TextDim)
		y += th2
	}
}
