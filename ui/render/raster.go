package render

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/vector"
)

// Low-level pixel operations on *image.RGBA (premultiplied alpha). Every
// drawing function here clips to the image and allocates nothing (stamps
// are made once per radius and cached).

// pm is a premultiplied colour with 0..255 channels in uint32s.
type pm struct{ r, g, b, a uint32 }

func premul(c color.NRGBA) pm {
	a := uint32(c.A)
	return pm{uint32(c.R) * a / 255, uint32(c.G) * a / 255, uint32(c.B) * a / 255, a}
}

// over blends c with coverage cov (0..255, no more) over pixel p (4
// bytes).
func over(p []uint8, c pm, cov uint32) {
	a := c.a * cov / 255
	if a == 0 {
		return
	}
	if a == 255 { // opaque: what the blend gives, without its divisions
		p[0], p[1], p[2], p[3] = uint8(c.r), uint8(c.g), uint8(c.b), 255
		return
	}
	ia := 255 - a
	p[0] = uint8((uint32(p[0])*ia + c.r*cov + 127) / 255)
	p[1] = uint8((uint32(p[1])*ia + c.g*cov + 127) / 255)
	p[2] = uint8((uint32(p[2])*ia + c.b*cov + 127) / 255)
	p[3] = uint8((uint32(p[3])*ia)/255 + a)
}

// stamp is a precomputed anti-aliased disc: coverage of the fill and of the
// fill plus its outline, for a given radius, centred on a pixel.
type stamp struct {
	r      int // half size: the mask is (2r+1)^2
	fill   []uint8
	edge   []uint8
	radius float64
	edgeW  float64
	mini   float64 // a hollow stamp's: the frame's pixels per output pixel (hollowFor)
}

func newStamp(radius, edge float64) *stamp {
	r := int(math.Ceil(radius + edge + 1))
	n := 2*r + 1
	s := &stamp{r: r, fill: make([]uint8, n*n), edge: make([]uint8, n*n), radius: radius}
	for y := -r; y <= r; y++ {
		for x := -r; x <= r; x++ {
			d := math.Hypot(float64(x), float64(y))
			i := (y+r)*n + x + r
			s.fill[i] = uint8(255 * clamp01(radius+0.5-d))
			s.edge[i] = uint8(255 * clamp01(radius+edge+0.5-d))
		}
	}
	return s
}

// newHollowStamp makes a ring stamp: the fill mask is the annulus of outer
// radius radius and width lw, the edge mask that annulus widened by edge
// on both sides; the centre is left as it is.
func newHollowStamp(radius, lw, edge float64) *stamp {
	r := int(math.Ceil(radius + edge + 1))
	n := 2*r + 1
	s := &stamp{r: r, fill: make([]uint8, n*n), edge: make([]uint8, n*n), radius: radius}
	in := radius - lw
	for y := -r; y <= r; y++ {
		for x := -r; x <= r; x++ {
			d := math.Hypot(float64(x), float64(y))
			i := (y+r)*n + x + r
			s.fill[i] = uint8(255 * clamp01(radius+0.5-d) * clamp01(d-in+0.5))
			s.edge[i] = uint8(255 * clamp01(radius+edge+0.5-d) * clamp01(d-in+edge+0.5))
		}
	}
	return s
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

// draw stamps s centred on pixel (cx, cy): the outline colour with the edge
// mask, then the fill colour with the fill mask.
func (s *stamp) draw(dst *image.RGBA, cx, cy int, fillc, edgec pm) {
	n := 2*s.r + 1
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	for y := -s.r; y <= s.r; y++ {
		py := cy + y
		if py < 0 || py >= h {
			continue
		}
		row := (y + s.r) * n
		for x := -s.r; x <= s.r; x++ {
			px := cx + x
			if px < 0 || px >= w {
				continue
			}
			e := uint32(s.edge[row+x+s.r])
			if e == 0 {
				continue
			}
			p := dst.Pix[py*dst.Stride+4*px:]
			f := uint32(s.fill[row+x+s.r])
			if f < 255 {
				over(p, edgec, e)
			}
			over(p, fillc, f)
		}
	}
}

// Shape is a server symbol.
type Shape uint8

const (
	ShapeCircle   Shape = iota
	ShapeDiamond        // control servers
	ShapeTriangle       // command servers
	ShapeSquare
)

// sdf returns the signed distance from (x, y) to shape s of radius r
// centred on the origin (negative inside).
func (s Shape) sdf(x, y, r float64) float64 {
	switch s {
	case ShapeDiamond:
		return (math.Abs(x)+math.Abs(y))/math.Sqrt2 - r/math.Sqrt2
	case ShapeSquare:
		return max(math.Abs(x), math.Abs(y)) - r*0.8
	case ShapeTriangle:
		// Upward equilateral triangle with circumradius r (centroid at origin).
		const k = 1.7320508075688772
		y = -y - r*0.25 // screen y grows down; shift the centroid down a little
		x = math.Abs(x)
		r *= 0.5 // inradius
		d := max(x*k/2+y*0.5, -y) - r
		return d
	}
	return math.Hypot(x, y) - r
}

// drawShape draws shape s of radius r at (cx, cy) with an outline of width
// edge, anti-aliased by its distance field.
func drawShape(dst *image.RGBA, s Shape, cx, cy, r, edge float64, fillc, edgec color.NRGBA) {
	f, e := premul(fillc), premul(edgec)
	m := int(math.Ceil(r + edge + 2))
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	x0, y0 := int(math.Floor(cx))-m, int(math.Floor(cy))-m
	for py := max(0, y0); py <= min(h-1, y0+2*m+1); py++ {
		for px := max(0, x0); px <= min(w-1, x0+2*m+1); px++ {
			d := s.sdf(float64(px)+0.5-cx, float64(py)+0.5-cy, r)
			ce := clamp01(edge + 0.5 - d)
			if ce == 0 {
				continue
			}
			p := dst.Pix[py*dst.Stride+4*px:]
			cf := clamp01(0.5 - d)
			if cf < 1 {
				over(p, e, uint32(255*ce))
			}
			over(p, f, uint32(255*cf))
		}
	}
}

// ring draws a circle outline of radius r and width lw at (cx, cy).
func ring(dst *image.RGBA, cx, cy, r, lw float64, c color.NRGBA) {
	q := premul(c)
	m := int(math.Ceil(r + lw + 2))
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	x0, y0 := int(math.Floor(cx))-m, int(math.Floor(cy))-m
	for py := max(0, y0); py <= min(h-1, y0+2*m+1); py++ {
		for px := max(0, x0); px <= min(w-1, x0+2*m+1); px++ {
			if c := ringCov(float64(px)+0.5-cx, float64(py)+0.5-cy, r, lw); c > 0 {
				over(dst.Pix[py*dst.Stride+4*px:], q, c)
			}
		}
	}
}

// ringCov is the coverage (0..255) of the pixel whose centre is dx, dy
// from a ring's centre, radius r, width lw.
func ringCov(dx, dy, r, lw float64) uint32 {
	d := math.Abs(math.Hypot(dx, dy)-r) - lw/2
	return uint32(255 * clamp01(0.5-d))
}

// ringStamp is ring's coverage around a pixel centre, made once for a
// radius and width: ringing thousands of victims costs a blend a pixel,
// not a square root.
type ringStamp struct {
	r, lw float64
	m     int     // the ring spans offsets -m..m+1 from its pixel
	cov   []uint8 // (2m+2)² coverages, row by row
	// runs holds, per row, the columns [a, b) and [c, d) of its covered
	// pixels (an annulus row has at most two runs): drawing skips the
	// hole and the corners.
	runs [][4]int
}

// ringFor returns the stamp for radius r and width lw, remaking it when
// they changed.
func (s *ringStamp) ringFor(r, lw float64) *ringStamp {
	if s.cov != nil && s.r == r && s.lw == lw {
		return s
	}
	m := int(math.Ceil(r + lw + 2))
	n := 2*m + 2
	*s = ringStamp{r: r, lw: lw, m: m, cov: make([]uint8, n*n), runs: make([][4]int, n)}
	for j := range n {
		row := s.cov[j*n : j*n+n]
		for i := range n {
			row[i] = uint8(ringCov(float64(i-m), float64(j-m), r, lw))
		}
		s.runs[j] = coverRuns(row)
	}
	return s
}

// coverRuns returns the first and the last run of non-zero values of row
// as [a, b) and [c, d); one run gives c = d = b, none all zero.
func coverRuns(row []uint8) [4]int {
	var q [4]int
	run := func(from int) (int, int) {
		a := from
		for a < len(row) && row[a] == 0 {
			a++
		}
		b := a
		for b < len(row) && row[b] != 0 {
			b++
		}
		return a, b
	}
	q[0], q[1] = run(0)
	q[2], q[3] = run(q[1])
	if q[2] == len(row) { // one run
		q[2], q[3] = q[1], q[1]
	}
	for i := q[3]; i < len(row); i++ {
		if row[i] != 0 {
			panic("render: ring row with more than two runs")
		}
	}
	return q
}

// draw blends the ring in c around the centre of pixel (px, py), exactly
// as ring(dst, px+0.5, py+0.5, r, lw, c) does.
func (s *ringStamp) draw(dst *image.RGBA, px, py int, c color.NRGBA) {
	q := premul(c)
	n := 2*s.m + 2
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	x0, y0 := px-s.m, py-s.m
	for y := max(0, y0); y < min(h, y0+n); y++ {
		row := s.cov[(y-y0)*n:]
		ru := s.runs[y-y0]
		for k := 0; k < 4; k += 2 {
			for x := max(0, x0+ru[k]); x < min(w, x0+ru[k+1]); x++ {
				over(dst.Pix[y*dst.Stride+4*x:], q, uint32(row[x-x0]))
			}
		}
	}
}

// stroker strokes polylines of screen points with a given width through a
// vector.Rasterizer: each segment becomes a quad; the rasterizer's coverage
// clamps overlaps to 1, so joints do not darken.
type stroker struct {
	z   vector.Rasterizer
	col color.NRGBA
	src image.Uniform // source for draw, pointing at col (no allocation per call)
}

// begin prepares to stroke inside r (paths are offset by r.Min).
func (s *stroker) begin(r image.Rectangle) {
	s.z.Reset(r.Dx(), r.Dy())
}

// seg adds the segment (x0,y0)-(x1,y1) of width lw, relative to the origin
// given to begin (ox, oy are subtracted).
func (s *stroker) seg(x0, y0, x1, y1, lw, ox, oy float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l < 1e-9 {
		return
	}
	// Extend by half a width along the segment so that joints close.
	ux, uy := dx/l*lw/2, dy/l*lw/2
	nx, ny := -uy, ux
	x0, y0, x1, y1 = x0-ux-ox, y0-uy-oy, x1+ux-ox, y1+uy-oy
	s.z.MoveTo(float32(x0+nx), float32(y0+ny))
	s.z.LineTo(float32(x1+nx), float32(y1+ny))
	s.z.LineTo(float32(x1-nx), float32(y1-ny))
	s.z.LineTo(float32(x0-nx), float32(y0-ny))
	s.z.ClosePath()
}

// draw paints the accumulated strokes in colour c into dst at r.
func (s *stroker) draw(dst *image.RGBA, r image.Rectangle, c color.NRGBA) {
	s.col = c
	if s.src.C == nil {
		s.src.C = &s.col
	}
	s.z.Draw(dst, r, &s.src, image.Point{})
}

// clipSeg clips the segment to [x0,x1]x[y0,y1] (Liang-Barsky); ok is false
// when nothing remains.
func clipSeg(ax, ay, bx, by, x0, y0, x1, y1 float64) (float64, float64, float64, float64, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := bx-ax, by-ay
	for _, e := range [4][2]float64{{-dx, ax - x0}, {dx, x1 - ax}, {-dy, ay - y0}, {dy, y1 - ay}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return 0, 0, 0, 0, false
			}
			t0 = max(t0, t)
		} else {
			if t < t0 {
				return 0, 0, 0, 0, false
			}
			t1 = min(t1, t)
		}
	}
	return ax + t0*dx, ay + t0*dy, ax + t1*dx, ay + t1*dy, true
}

// wuAcc adds an anti-aliased line from (ax,ay) to (bx,by) into the
// accumulator acc (w x h, saturating uint16), with weight varying linearly
// from wa to wb (0..255 = full coverage of a full-weight line). Pixel centres
// are at .5. The line is clipped to the frame.
func wuAcc(acc []uint16, stride, w, h int, ax, ay, bx, by float32, wa, wb float32) {
	// Clip in float64 for robustness with far off-screen points.
	cax, cay, cbx, cby, ok := clipSeg(float64(ax), float64(ay), float64(bx), float64(by), 0, 0, float64(w)-0.001, float64(h)-0.001)
	if !ok {
		return
	}
	// Adjust weights to the clipped part.
	if tl := math.Hypot(float64(bx-ax), float64(by-ay)); tl > 1e-6 {
		ta := math.Hypot(cax-float64(ax), cay-float64(ay)) / tl
		tb := math.Hypot(cbx-float64(ax), cby-float64(ay)) / tl
		wa, wb = wa+(wb-wa)*float32(ta), wa+(wb-wa)*float32(tb)
	}
	x0, y0, x1, y1 := float32(cax)-0.5, float32(cay)-0.5, float32(cbx)-0.5, float32(cby)-0.5
	dx, dy := x1-x0, y1-y0
	adx, ady := dx, dy
	if adx < 0 {
		adx = -adx
	}
	if ady < 0 {
		ady = -ady
	}
	if adx >= ady { // x-major
		if x1 < x0 {
			x0, x1, y0, y1, wa, wb = x1, x0, y1, y0, wb, wa
		}
		n := int(x1+0.5) - int(x0+0.5)
		if adx < 1e-6 {
			return
		}
		g := dy / dx
		dw := (wb - wa) / float32(max(n, 1))
		xs := int(x0 + 0.5)
		y := y0 + g*(float32(xs)-x0)
		wt := wa
		for x := xs; x <= xs+n && x < w; x++ {
			if x >= 0 {
				fy := y
				if fy < 0 {
					fy = 0
				}
				iy := int(fy)
				f := fy - float32(iy)
				accAdd(acc, iy*stride+x, uint32(wt*(1-f)))
				if iy+1 < h {
					accAdd(acc, (iy+1)*stride+x, uint32(wt*f))
				}
			}
			y += g
			wt += dw
		}
		return
	}
	if y1 < y0 {
		x0, x1, y0, y1, wa, wb = x1, x0, y1, y0, wb, wa
	}
	n := int(y1+0.5) - int(y0+0.5)
	g := dx / dy
	dw := (wb - wa) / float32(max(n, 1))
	ys := int(y0 + 0.5)
	x := x0 + g*(float32(ys)-y0)
	wt := wa
	for y := ys; y <= ys+n && y < h; y++ {
		if y >= 0 {
			fx := x
			if fx < 0 {
				fx = 0
			}
			ix := int(fx)
			f := fx - float32(ix)
			accAdd(acc, y*stride+ix, uint32(wt*(1-f)))
			if ix+1 < w {
				accAdd(acc, y*stride+ix+1, uint32(wt*f))
			}
		}
		x += g
		wt += dw
	}
}

func accAdd(acc []uint16, i int, v uint32) {
	s := uint32(acc[i]) + v
	if s > 0xffff {
		s = 0xffff
	}
	acc[i] = uint16(s)
}

// ddaAcc is wuAcc for large numbers of links, where lines blend into a
// haze: one step per cell along the line (ddaSteps), weights dithered by
// seed (see dither).
func ddaAcc(acc []uint16, stride, w, h int, ax, ay, bx, by float32, wa, wb float32, seed uint32) {
	fw, fh := float32(w), float32(h)
	if !(ax >= 0 && ax < fw && bx >= 0 && bx < fw && ay >= 0 && ay < fh && by >= 0 && by < fh) {
		cax, cay, cbx, cby, ok := clipSeg(float64(ax), float64(ay), float64(bx), float64(by), 0, 0, float64(w)-0.001, float64(h)-0.001)
		if !ok {
			return
		}
		if tl := math.Hypot(float64(bx-ax), float64(by-ay)); tl > 1e-6 {
			ta := math.Hypot(cax-float64(ax), cay-float64(ay)) / tl
			tb := math.Hypot(cbx-float64(ax), cby-float64(ay)) / tl
			wa, wb = wa+(wb-wa)*float32(ta), wa+(wb-wa)*float32(tb)
		}
		ax, ay, bx, by = float32(cax), float32(cay), float32(cbx), float32(cby)
	}
	ddaSeg(acc, stride, w, h, ax, ay, bx, by, wa, wb, seed)
}

// ddaSeg draws the segment from a to b (inside the w x h grid) with
// weight from wa to wb: the last step lands on b, which the next segment
// starts from, so it is left out.
func ddaSeg(acc []uint16, stride, w, h int, ax, ay, bx, by float32, wa, wb float32, seed uint32) {
	dx, dy := bx-ax, by-ay
	n := int(max(abs32(dx), abs32(dy)))
	if n == 0 {
		return
	}
	// 16.16 fixed point, weights in 1/256 units.
	inv := 1 / float32(n)
	x, y := int32(ax*65536), int32(ay*65536)
	sx, sy := int32(dx*inv*65536), int32(dy*inv*65536)
	wt, sw := int32(wa*256), int32((wb-wa)*inv*256)
	if abs32(dx) >= abs32(dy) {
		ddaSteps(acc, 1, stride, h, n, x, y, sx, sy, wt, sw, seed)
		return
	}
	// Along y: the same with the axes swapped.
	ddaSteps(acc, stride, 1, w, n, y, x, sy, sx, wt, sw, seed)
}

// ddaSteps adds n steps of a line into acc: u, the major axis (cell
// stride su; the segment lies inside the grid along it), moves by a whole
// cell a step, v, the minor one (stride sv, extent nv), by a fraction;
// both 16.16 fixed point. Each
// step's weight (wt, by sw a step, 1/256 units, dithered by seed) is
// split between the two cells across the line nearest the point, as an
// anti-aliased line's is: arcs a fraction of a cell apart (a corridor's
// links, drawn as one) do not alias into stripes. Cells beyond the grid
// across the line are not written.
func ddaSteps(acc []uint16, su, sv, nv, n int, u, v, du, dv, wt, sw int32, seed uint32) {
	v -= 1 << 15 // cell centres are at .5
	for range n {
		// The weight is split in 1/256 units, then each part rounded
		// with the dither (the far one with its other half, so that the
		// two round up together no more often than they should): a
		// link of a unit splits as a corridor of a thousand does.
		d, w := dither(seed), uint32(wt)
		hw := w * (uint32(v>>8) & 255) >> 8
		lo, hi := (w-hw+d)>>8, (hw+d^0x80)>>8
		cu, cv := int(u>>16), int(v>>16)
		p := cu*su + cv*sv
		if lo != 0 && cv >= 0 {
			acc[p] = uint16(min(uint32(acc[p])+lo, 0xffff))
		}
		if hi != 0 && cv+1 < nv {
			acc[p+sv] = uint16(min(uint32(acc[p+sv])+hi, 0xffff))
		}
		seed++
		u += du
		v += dv
		wt += sw
	}
}

// shiftRGBA moves b's pixels by ix, iy whole pixels in place (less than
// its width and height), row by row (bottom-up when they move down);
// what is uncovered keeps its old pixels.
func shiftRGBA(b *image.RGBA, ix, iy int) {
	w, h := b.Rect.Dx(), b.Rect.Dy()
	cx0, cx1 := max(0, ix), min(w, w+ix) // destination columns kept
	move := func(y int) {
		copy(b.Pix[y*b.Stride+4*cx0:y*b.Stride+4*cx1], b.Pix[(y-iy)*b.Stride+4*(cx0-ix):(y-iy)*b.Stride+4*(cx1-ix)])
	}
	if iy > 0 {
		for y := h - 1; y >= iy; y-- {
			move(y)
		}
		return
	}
	for y := 0; y < h+iy; y++ {
		move(y)
	}
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
