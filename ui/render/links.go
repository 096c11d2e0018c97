package render

import (
	"encoding/binary"
	"image/color"
	"math"

	"threatmap/data/threat"
)

// Drawing links: arcs are accumulated into per-core grids as weights
// (accumLinks), then the accumulated weight of a pixel goes through a
// table (weight -> packed colour, on a log scale) and is blended into the
// frame, four bytes at a time.

// halfGain scales link weights drawn at half resolution: the bilinear
// upsampling spreads a one-cell line over about two pixels' width, so about
// half the weight keeps the light per link.
const halfGain = 0.55

// halfChunks returns the number of 16-row chunks of the half-resolution
// link grid (border included) and its rows.
func (r *Renderer) halfChunks() (int, int) {
	n := r.f.lgh
	return (n + rowChunk - 1) / rowChunk, n
}

// mergeHalfPart adds the other parts' half-resolution link grids into grid
// 0, chunk by chunk of rows, clearing them.
func (r *Renderer) mergeHalfPart(int) {
	nc, n := r.halfChunks()
	st := r.f.lgw
	for c := r.pool.next(); c < nc; c = r.pool.next() {
		for j := c * rowChunk; j < min(n, (c+1)*rowChunk); j++ {
			sumRow(r.linkAcc, j*st, st)
		}
	}
}

// clearHalfPart clears half-resolution link grid 0, chunk by chunk.
func (r *Renderer) clearHalfPart(int) {
	nc, n := r.halfChunks()
	st := r.f.lgw
	for c := r.pool.next(); c < nc; c = r.pool.next() {
		clear(r.linkAcc[0][c*rowChunk*st : min(n, (c+1)*rowChunk)*st])
	}
}

// resolveLinksHalf adds the links of pixel row y, upsampled bilinearly from
// the half-resolution grid (pixel centres fall a quarter of a cell either
// side of a cell centre, so the weights are 1:3 and 3:1), through the link
// table. tmp receives the vertically blended grid row.
func (r *Renderer) resolveLinksHalf(drow []uint8, y int, tmp []uint16) {
	f := &r.f
	st := f.lgw
	g := r.linkAcc[0]
	// Pixel row 2j is a quarter cell above the centre of cell row j
	// (storage row j+1), row 2j+1 a quarter below.
	// The view's cells start at storage column offX+1, row offY+1.
	j := y>>1 + f.offY
	ra, rb, wa, wb := j, j+1, uint64(1), uint64(3)
	if y&1 == 1 {
		ra, rb, wa, wb = j+1, j+2, 3, 1
	}
	vw := (f.lw + 2 + 3) &^ 3 // the view's cells and one either side
	t := tmp[:vw]
	a0, b0 := ra*st+f.offX, rb*st+f.offX
	if !blendRows(t, g[a0:a0+vw], g[b0:b0+vw], wa, wb) {
		return
	}
	lut := &r.linkLUT
	add := f.th.Additive
	lw, n, npx := f.lw, vw/4, len(drow)/4
	for c := range n {
		// Storage cells 4c..4c+3 are the centres of cell columns
		// 4c-1..4c+2, which also read one cell either side.
		if lanes(t, c) == 0 && (c == 0 || t[4*c-1] == 0) && (c+1 == n || t[4*c+4] == 0) {
			continue
		}
		for i := max(0, 4*c-1); i < min(lw, 4*c+3); i++ {
			a, b, cc := uint32(t[i]), uint32(t[i+1]), uint32(t[i+2])
			if a|b|cc == 0 {
				continue
			}
			x := 2 * i
			if v := (a + 3*b) >> 2; v >= minLinkL {
				blendLinkAt(drow, x, lut[lutIndex(v)], add)
			}
			if x+1 < npx {
				if v := (3*b + cc) >> 2; v >= minLinkL {
					blendLinkAt(drow, x+1, lut[lutIndex(v)], add)
				}
			}
		}
	}
}

// blendRows sets t to (wa*a + wb*b) / 4, cell by cell, four cells at a
// time, and reports whether any cell of t is not zero.
func blendRows(t, a, b []uint16, wa, wb uint64) bool {
	any := uint64(0)
	for i := range len(t) / 4 {
		qa, qb := lanes(a, i), lanes(b, i)
		if qa|qb == 0 {
			setLanes(t, i, 0)
			continue
		}
		// Four 16-bit lanes at once, even and odd lanes widened to 32
		// bits.
		const m = 0x0000ffff0000ffff
		lo := ((qa&m)*wa + (qb&m)*wb) >> 2 & m
		hi := (((qa>>16)&m)*wa + ((qb>>16)&m)*wb) >> 2 & m
		setLanes(t, i, lo|hi<<16)
		any |= lo | hi<<16
	}
	return any != 0
}

// resolveLinks adds the full-resolution (anti-aliased) links of one row,
// summing and clearing the parts' grids.
func (r *Renderer) resolveLinks(drow []uint8, o, w int) {
	g := sumRow(r.linkAcc, o, w)
	lut := &r.linkLUT
	add := r.f.th.Additive
	npx := len(drow) / 4
	for i := range len(g) / 4 {
		v := lanes(g, i)
		if v == 0 {
			continue
		}
		setLanes(g, i, 0)
		for x := 4 * i; x < 4*i+4 && x < npx; x, v = x+1, v>>16 {
			if L := uint32(uint16(v)); L >= minLinkL {
				blendLinkAt(drow, x, lut[lutIndex(L)], add)
			}
		}
	}
}

// blendLinkAt applies packed link colour c to pixel x of row (RGBA bytes).
func blendLinkAt(row []uint8, x int, c uint32, add bool) {
	p := row[4*x : 4*x+4 : 4*x+4]
	binary.LittleEndian.PutUint32(p, blendLink(binary.LittleEndian.Uint32(p), c, add))
}

// blendLink applies a packed link colour c to pixel p (RGBA bytes, little
// endian): added with per-byte saturation, or, when not additive, blended
// "over" with c holding the premultiplied colour and 255-alpha on top.
func blendLink(p, c uint32, add bool) uint32 {
	if add {
		// Per-byte add without carries between bytes, then saturate the
		// bytes that overflowed.
		const hb = 0x80808080
		sum := ((p &^ hb) + (c &^ hb)) ^ ((p ^ c) & hb)
		carry := ((p & c) | ((p | c) &^ sum)) & hb
		return sum | (carry>>7)*255
	}
	ia := c >> 24
	r := (p&0xff)*ia/255 + c&0xff
	g := (p>>8&0xff)*ia/255 + c>>8&0xff
	b := (p>>16&0xff)*ia/255 + c>>16&0xff
	return r | g<<8 | b<<16 | p&0xff000000
}

// accumLinks draws the links [l0, l1) the frame shows into part k's link
// grid (or, in a haze, the corridors [l0, l1): see corridors.go):
// great-circle arcs, dim at the server, bright at the host (the direction
// cue). Many links are drawn at half resolution (a haze, upsampled
// smoothly in the resolve: a quarter of the grid and half the steps) and
// only into f.linkClips, a few anti-aliased at full resolution.
func (r *Renderer) accumLinks(k, l0, l1 int) {
	f := &r.f
	ds := f.ds
	xy, start, box := r.arcs.xy, r.arcs.start, r.arcs.box
	lh := ds.Links.Host
	var bands [2]linkBand
	n := 1
	// A miniature's links are as wide as the output's, scaled: thinner,
	// so lighter per pixel.
	gain := float32(float64(f.unit) * f.mini)
	if f.aaLinks {
		bands[0] = newLinkBand(r.linkAcc[k], f.gw, f.s, f.ox, f.oy, [4]int{0, 0, f.w, f.h})
	} else {
		n = f.nClips
		for i := range n {
			bands[i] = newLinkBand(r.linkAcc[k][f.lgw+1:], f.lgw, f.s/2, r.lk.grid.ox, r.lk.grid.oy, f.linkClips[i])
		}
		gain *= halfGain
	}
	for i := l0; i < l1; i++ {
		l, m := i, float32(1)
		if f.corridors {
			w := r.cor.weight(i, f.delta)
			if w == 0 {
				continue
			}
			l, m = int(r.cor.rep[i]), float32(w)
		} else {
			hi := int(lh[l])
			if !f.accumulates(l, hi) {
				continue
			}
			if f.highOf(l, hi) {
				m = 3
			}
		}
		wmax := gain * m
		if ds.LinkRecon(l)&threat.FieldLink != 0 {
			wmax *= reconLinkGain
		}
		wmax = min(wmax, 0xffff)
		a, e := int(start[l]), int(start[l+1])
		// Weight runs from 0.2 wmax at the server to wmax at the host.
		w0, dw := 0.2*wmax, 0.8*wmax/float32(e-a-1)
		b := box[4*l : 4*l+4 : 4*l+4]
		for j := range n {
			bands[j].draw(b, xy[2*a:2*e], w0, dw, f.aaLinks, linkSeed(l))
		}
	}
}

// linkItems is how many items the link accumulation goes through: the
// corridors in a haze, else the links.
func (r *Renderer) linkItems() int {
	if r.f.corridors {
		return len(r.cor.rep)
	}
	return r.f.ds.Links.Len()
}

// linkBand is a rectangle of a link grid with the transform into it.
type linkBand struct {
	acc                []uint16 // from the band's first cell
	stride, gw, gh     int
	ts, tox, toy       float64
	vx0, vy0, vx1, vy1 float32 // the band in projected units, widened by a margin
}

// newLinkBand returns the band c (x0, y0, x1, y1 in cells) of grid acc
// (stride st), whose cells are at scale ts from origin ox, oy.
func newLinkBand(acc []uint16, st int, ts, ox, oy float64, c [4]int) linkBand {
	b := linkBand{acc: acc[st*c[1]+c[0]:], stride: st, gw: c[2] - c[0], gh: c[3] - c[1],
		ts: ts, tox: ox - float64(c[0]), toy: oy - float64(c[1])}
	b.vx0, b.vx1 = float32((-2-b.tox)/ts), float32((float64(b.gw)+2-b.tox)/ts)
	b.vy0, b.vy1 = float32((b.toy-float64(b.gh)-2)/ts), float32((b.toy+2)/ts)
	return b
}

// draw adds an arc (its box bx and points pts) with weight from w0 by dw
// per point into the band: whole when it lies inside, else clipped.
func (b *linkBand) draw(bx []float32, pts []float32, w0, dw float32, aa bool, seed uint32) {
	if bx[2] < b.vx0 || bx[0] > b.vx1 || bx[3] < b.vy0 || bx[1] > b.vy1 {
		return // entirely outside
	}
	if !aa && float64(bx[0])*b.ts+b.tox >= 0 && float64(bx[2])*b.ts+b.tox < float64(b.gw) &&
		b.toy-float64(bx[3])*b.ts >= 0 && b.toy-float64(bx[1])*b.ts < float64(b.gh) {
		hazeArc(b.acc, b.stride, b.gw, b.gh, pts, b.ts, b.tox, b.toy, w0, dw, seed)
		return
	}
	drawArcClipped(b.acc, b.stride, b.gw, b.gh, pts, b.ts, b.tox, b.toy, [4]float32{b.vx0, b.vy0, b.vx1, b.vy1}, w0, dw, aa, seed)
}

// drawArcClipped draws an arc's points pts (a NaN x lifts the pen) through
// the transform into the gw x gh grid acc, clipping each segment, with
// weight from w0 by dw per point: anti-aliased, or one write per step.
// Segments wholly to one side of box (the grid in projected units, with a
// margin) are skipped before they are transformed: a drag's strip meets
// few of an arc's segments.
func drawArcClipped(acc []uint16, stride, gw, gh int, pts []float32, ts, tox, toy float64, box [4]float32, w0, dw float32, aa bool, seed uint32) {
	pen := false
	var pX, pY float32
	for j := 0; j+1 < len(pts); j += 2 {
		X, Y := pts[j], pts[j+1]
		if X != X { // NaN: pen up at the antimeridian or a pole
			pen = false
			continue
		}
		if pen && !(X < box[0] && pX < box[0] || X > box[2] && pX > box[2] || Y < box[1] && pY < box[1] || Y > box[3] && pY > box[3]) {
			qx, qy := float32(float64(pX)*ts+tox), float32(toy-float64(pY)*ts)
			x, y := float32(float64(X)*ts+tox), float32(toy-float64(Y)*ts)
			qw, wt := w0+dw*float32(j/2-1), w0+dw*float32(j/2)
			if aa {
				wuAcc(acc, stride, gw, gh, qx, qy, x, y, qw, wt)
			} else {
				ddaAcc(acc, stride, gw, gh, qx, qy, x, y, qw, wt, segSeed(seed, j))
			}
		}
		pX, pY, pen = X, Y, true
	}
}

// reconLinkGain scales the weight of a link whose existence was
// reconstructed (no source observed it): clearly fainter than a reported
// link in the haze and as a line, at no cost per pixel.
const reconLinkGain = 0.4

// The link density scale. A pixel crossed by n links (n = its grid weight
// / unit, less at the fading server ends) gets opacity
//
//	α(n) = α1 n                                  below one link
//	α(n) = α1 + (αTop - α1) ln n / ln(65535/unit) from one link up,
//
// a log ramp from one link to the most the grid counts (16,384 at 1M
// links), so that the densest corridor stays distinguishable from a single
// link whether 100 or 1M links are drawn. α1, one link's opacity, falls
// with the number of links drawn (linkOne): a few links are lines, a
// million a haze under the hosts.

// linkTop is the opacity at the top of the ramp: the densest corridors
// stay a little transparent over the base map.
const linkTop = 0.9

// minLinkL is the least grid weight blended: below it a pixel is left as
// it is.
const minLinkL = 1

// linkOne returns the opacity of a single link when n are drawn: 0.6 for
// one, 0.3 for 100, 0.2 for GhostNet's 1,295, 0.075 for a million.
func linkOne(n int) float64 {
	return 0.6 * math.Pow(float64(max(n, 1)), -0.15)
}

// linkOpacity is α(L) above for grid weight L, unit per link.
func linkOpacity(L float64, n int, unit int32) float64 {
	one := linkOne(n)
	c := L / float64(unit)
	if c <= 1 {
		return one * c
	}
	return min(linkTop, one+(linkTop-one)*math.Log(c)/math.Log(65535/float64(unit)))
}

// lutIndex maps a grid weight to its link table entry: one entry per unit
// below 2048 (single links at minLinkUnit keep their fade), one per 32
// above, where the log ramp is flat.
func lutIndex(L uint32) uint32 {
	if L < 2048 {
		return L
	}
	return 2048 + (min(L, 0xffff)-2048)>>5
}

// linkRampMin is the number of links drawn from which the legend shows
// the link density ramp: below it overlaps are few and each link reads as
// a line.
const linkRampMin = 100

// linkRampRow appends the legend's link density ramp: the opacities from
// one link to the top of the log scale, evenly along the bar as the
// logarithm is.
func (r *Renderer) linkRampRow(rows []legendRow, st Stats) []legendRow {
	if st.Links < linkRampMin {
		return rows
	}
	return append(rows, legendRow{kind: rowRamp, label: "Links per pixel (log scale)", ramp: r.linkRamp[:],
		lo: "1", hi: linkRampTop(st.Links, r.lutUnit)})
}

// linkRampTop labels the top of the link ramp: the links the grid counts
// ("16,383+" at 1M links), or all of them when fewer.
func linkRampTop(n int, unit int32) string {
	top := 65535 / int(max(1, unit))
	if n <= top {
		return Count(n)
	}
	return Count(top) + "+"
}

// buildLinkLUT fills the link table for n links drawn at unit weight per
// link: α(L) of each entry's least weight, as a packed colour for
// blendLink.
func (r *Renderer) buildLinkLUT(n int, unit int32) {
	r.lutLinkN, r.lutUnit = n, unit
	if unit <= 0 {
		unit = linkUnit(n)
	}
	lc := r.lutTheme.Link
	r.linkRamp = [2]color.NRGBA{lc, lc}
	r.linkRamp[0].A = uint8(255*linkOne(n) + 0.5)
	r.linkRamp[1].A = uint8(math.Round(255 * linkTop))
	for i := range r.linkLUT {
		L := uint32(i)
		if i >= 2048 {
			L = 2048 + uint32(i-2048)<<5
		}
		a := uint32(255*linkOpacity(float64(L), n, unit) + 0.5)
		if r.lutTheme.Additive {
			r.linkLUT[i] = uint32(lc.R)*a/255 | (uint32(lc.G)*a/255)<<8 | (uint32(lc.B)*a/255)<<16
			continue
		}
		r.linkLUT[i] = (uint32(lc.R)*a+127)/255 | ((uint32(lc.G)*a+127)/255)<<8 | ((uint32(lc.B)*a+127)/255)<<16 | (255-a)<<24
	}
}

// hazeArc is ddaAcc along a whole arc that lies inside the gw x gh grid:
// pts are its projected points (a NaN x lifts the pen), s, ox, oy the
// transform to grid cells, and the weight runs from w0 by dw per point.
// No clipping.
func hazeArc(acc []uint16, stride, gw, gh int, pts []float32, s, ox, oy float64, w0, dw float32, seed uint32) {
	pen := false
	var qx, qy, qw float32
	for j := 0; j+1 < len(pts); j += 2 {
		X := pts[j]
		wt := w0 + dw*float32(j/2)
		if X != X {
			pen = false
			continue
		}
		x := float32(float64(X)*s + ox)
		y := float32(oy - float64(pts[j+1])*s)
		if pen {
			ddaSeg(acc, stride, gw, gh, qx, qy, x, y, qw, wt, segSeed(seed, j))
		}
		qx, qy, qw, pen = x, y, wt, true
	}
}

// dither returns 0..255, spread evenly over successive seeds (a link's
// seed, plus the step along it): added to a weight in 1/256 units before
// it is truncated to whole units, it rounds up with the probability of
// the fraction, so that a million links of a fraction of a unit each still
// sum to what they weigh. It does not depend on the cell, so that a layer
// shifted by whole cells for a drag matches a fresh one.
func dither(seed uint32) uint32 {
	return (seed * 0x9e3779b1) >> 24
}

// segSeed is the dither seed of the segment of an arc ending at float
// index j of its points: the same whichever way the segment is drawn, so
// that a layer kept and read at an offset during a drag matches a fresh
// one but where a strip clips a segment.
func segSeed(seed uint32, j int) uint32 { return seed + uint32(j)*0x27d4eb2f }

// linkSeed is link l's dither seed.
func linkSeed(l int) uint32 { return uint32(l) * 0x85ebca6b }
