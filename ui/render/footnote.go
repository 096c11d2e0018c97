package render

import (
	"image"
	"path/filepath"
	"strconv"

	"threatmap/data/threat"
)

// Footnote returns the one-line provenance note every frame of data with
// reconstructed values carries, caption or not: where the data came from
// and how reconstructed values are marked (links: reconstructed links are
// drawn fainter; hosts: hollow markers for reconstructed positions). It
// returns "" when nothing is reconstructed.
func Footnote(m *threat.Meta, links, hosts bool) string {
	src, marks := footnoteParts(m, links, hosts)
	if src == "" {
		return marks
	}
	return src + footSep + marks
}

const footSep = " · "

// footnoteParts returns the footnote's source ("" when unknown) and how
// reconstructed values are marked ("" when there are none).
func footnoteParts(m *threat.Meta, links, hosts bool) (src, marks string) {
	if !m.Reconstructed && !links && !hosts {
		return "", ""
	}
	switch {
	case len(m.Sources) > 0:
		src = "Source: " + shortSource(m.Sources[0])
	case len(m.Files) > 0:
		src = "Source: " + filepath.Base(m.Files[0])
	}
	switch {
	case links && hosts:
		marks = "reconstructed values marked (faint links, hollow hosts)"
	case links:
		marks = "reconstructed values marked (faint links)"
	case hosts:
		marks = "reconstructed values marked (hollow hosts)"
	default:
		marks = "some values reconstructed, not reported"
	}
	return src, marks
}

// footMarks says which reconstructed marks the frame shows: faint links
// (links drawn) and hollow hosts (hosts drawn as points).
func (r *Renderer) footMarks(s *Scene, st Stats) (links, hosts bool) {
	links = linkModeOf(s.Layers) != linksNone && r.reconLinks > 0
	hosts = s.Layers.Has(LayerHosts) && !st.Density && r.reconHosts > 0
	return links, hosts
}

// layoutFootnote prepares the provenance footnote, a strip along the
// bottom of the frame (re-rendered only when its text changes), and
// returns its height (0 when there is none), by which the legend and
// caption move up; drawOverlays composites it. Shown whatever the layers:
// an image of reconstructed data always says so.
func (r *Renderer) layoutFootnote(s *Scene, th *Theme, st Stats) int {
	f := &r.f
	m := &f.ds.Meta
	p := &r.footnote
	links, hosts := r.footMarks(s, st)
	p.on = m.Reconstructed || links || hosts
	if !p.on {
		return 0
	}
	b := r.panelKey(p.buf[:0], th)
	b = strconv.AppendBool(b, m.Reconstructed)
	b = strconv.AppendBool(b, links)
	b = strconv.AppendBool(b, hosts)
	if len(m.Sources) > 0 {
		b = append(b, m.Sources[0]...)
	} else if len(m.Files) > 0 {
		b = append(b, m.Files[0]...)
	}
	p.buf = b
	if !p.fresh() {
		src, marks := footnoteParts(m, links, hosts)
		r.renderFootnote(p, src, marks, th)
	}
	p.at = image.Pt(0, f.h-p.img.Rect.Dy())
	return p.img.Rect.Dy()
}

// footHeight is the height of the footnote strip at size factor k.
func footHeight(k float64) int { return int(20 * k) }

// renderFootnote draws the footnote strip: the frame's width, one line.
// When it does not fit, the source is cut (with "…") before the marks:
// how to read the map matters more than the full citation.
func (r *Renderer) renderFootnote(p *panel, src, marks string, th *Theme) {
	f := &r.f
	k := f.k
	face := r.faces.face(false, 12*k)
	pad := 16 * k
	h := footHeight(k)
	maxw := float64(f.w) - 2*pad
	text := marks
	if src != "" {
		if rest := maxw - textWidth(face, footSep+marks); rest > 0.25*maxw {
			text = fitLine(face, src, rest) + footSep + marks
		}
	}
	text = fitLine(face, text, maxw)
	img := p.newImage(f.w, h)
	fill := premul(th.Panel)
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(fill.r), uint8(fill.g), uint8(fill.b), uint8(fill.a)
	}
	drawText(img, face, pad, float64(h)*0.72, text, th.TextDim)
}
