package render

import "image"

// markShape is a victim's disc or ring as the list of the pixels it
// covers, each an offset into the frame's pixels for one stride: a mark
// wholly inside its clip is blended from it without a bounds test a
// pixel or a pass over the stamp's empty corners, the same blends as
// stamp.draw and ringStamp.draw, pixel by pixel.
type markShape struct {
	px             []markPixel
	stride         int
	x0, y0, x1, y1 int // the offsets covered from the mark's pixel: x0..x1, y0..y1
}

// markPixel is a covered pixel: its byte offset from the mark's pixel,
// its outline (e) and fill (f) coverages.
type markPixel struct {
	off  int32
	e, f uint8
}

// fromStamp makes m stamp s's pixels (those with an outline coverage, as
// stamp.draw draws) for rows of stride bytes.
func (m *markShape) fromStamp(s *stamp, stride int) {
	n := 2*s.r + 1
	m.reset(stride, -s.r, -s.r, s.r, s.r)
	for i := range n * n {
		if e := s.edge[i]; e != 0 {
			m.add(i%n-s.r, i/n-s.r, e, s.fill[i])
		}
	}
}

// fromRing makes m ring stamp s's pixels (its runs, as ringStamp.draw
// draws).
func (m *markShape) fromRing(s *ringStamp, stride int) {
	n := 2*s.m + 2
	m.reset(stride, -s.m, -s.m, s.m+1, s.m+1)
	for j, ru := range s.runs {
		for k := 0; k < 4; k += 2 {
			for i := ru[k]; i < ru[k+1]; i++ {
				m.add(i-s.m, j-s.m, 0, s.cov[j*n+i])
			}
		}
	}
}

func (m *markShape) reset(stride, x0, y0, x1, y1 int) {
	m.px, m.stride = m.px[:0], stride
	m.x0, m.y0, m.x1, m.y1 = x0, y0, x1, y1
}

func (m *markShape) add(dx, dy int, e, f uint8) {
	m.px = append(m.px, markPixel{int32(dy*m.stride + 4*dx), e, f})
}

// inside reports whether the mark at (x, y) of dst lies wholly in it, and
// dst's rows are m's stride.
func (m *markShape) inside(dst *image.RGBA, x, y int) bool {
	return dst.Stride == m.stride && x+m.x0 >= 0 && y+m.y0 >= 0 && x+m.x1 < dst.Rect.Dx() && y+m.y1 < dst.Rect.Dy()
}

// blendDisc blends the disc at (x, y) of dst, which it lies inside, as
// stamp.draw does: the outline in ec where the fill is partial, then the
// fill in fc.
func (m *markShape) blendDisc(dst *image.RGBA, x, y int, fc, ec pm) {
	pix := dst.Pix[y*dst.Stride+4*x+int(m.y0)*m.stride+4*m.x0:]
	base := -(m.y0*m.stride + 4*m.x0)
	for _, q := range m.px {
		p := pix[base+int(q.off):]
		if q.f < 255 {
			over(p, ec, uint32(q.e))
		}
		over(p, fc, uint32(q.f))
	}
}

// blendRing blends the ring at (x, y) of dst, which it lies inside, in c,
// as ringStamp.draw does.
func (m *markShape) blendRing(dst *image.RGBA, x, y int, c pm) {
	pix := dst.Pix[y*dst.Stride+4*x+int(m.y0)*m.stride+4*m.x0:]
	base := -(m.y0*m.stride + 4*m.x0)
	for _, q := range m.px {
		over(pix[base+int(q.off):], c, uint32(q.f))
	}
}
