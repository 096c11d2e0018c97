package render

import (
	"bufio"
	"compress/lzw"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"io"
	"slices"
)

// GIFWriter streams an animated GIF frame by frame, so that memory holds
// two frames, not the whole animation (image/gif.EncodeAll wants every
// frame at once). It writes the container itself (header, loop extension,
// one graphic control extension, image descriptor and local colour table
// per frame) around compress/lzw, which is what image/gif uses inside.
//
// Each frame gets its own 256-entry palette: the theme's opaque colours
// first (legend swatches, base map, text, servers), so that they come out
// exact, then the frame's most frequent other colours; any other colour
// takes its nearest entry. After the first frame only the rectangle that
// changed is written, and within it the pixels that did not change are
// transparent (index 0) over the previous frame, which stays in place
// (disposal "do not dispose"): a playback frame usually changes a few dots,
// the date and the caption.
type GIFWriter struct {
	w      *bufio.Writer
	width  int
	height int
	fixed  []uint32 // the theme's colours, 0xRRGGBB
	prev   []uint8  // the last frame's RGBA pixels
	frames int
	err    error

	pal   []uint32         // this frame's palette, 0xRRGGBB; pal[0] is transparent after the first frame
	index map[uint32]uint8 // colour -> palette index, for pal
	count map[uint32]int32
	idx   []uint8 // the changed rectangle, as palette indices
}

// gifTransparent is the palette index of "unchanged" in frames after the
// first.
const gifTransparent = 0

// NewGIFWriter writes the header of a looping width x height GIF to w.
// th's colours are kept exact in every frame.
func NewGIFWriter(w io.Writer, width, height int, th *Theme) (*GIFWriter, error) {
	if width < 1 || height < 1 || width > 65535 || height > 65535 {
		return nil, errors.New("gif: frame size out of range (1 to 65535 pixels a side)")
	}
	g := &GIFWriter{w: bufio.NewWriterSize(w, 64<<10), width: width, height: height, fixed: themeColors(th),
		index: map[uint32]uint8{}, count: map[uint32]int32{}}
	b := g.w
	b.WriteString("GIF89a")
	binary.Write(b, binary.LittleEndian, [2]uint16{uint16(width), uint16(height)})
	b.Write([]byte{0, 0, 0}) // no global colour table, background 0, square pixels
	// NETSCAPE2.0: loop forever.
	b.Write([]byte{0x21, 0xFF, 0x0B})
	b.WriteString("NETSCAPE2.0")
	_, err := b.Write([]byte{3, 1, 0, 0, 0})
	return g, err
}

// themeColors are th's opaque colours as 0xRRGGBB, without repeats, in a
// fixed order: type swatches first.
func themeColors(th *Theme) []uint32 {
	var cs []color.NRGBA
	cs = append(cs, th.Types[:]...)
	cs = append(cs, th.Extra[:]...)
	cs = append(cs, th.Density[:]...)
	cs = append(cs, th.Choropleth[:]...)
	cs = append(cs, th.Space, th.Ocean, th.OceanLow, th.Land, th.Outline, th.Control, th.Command,
		th.ServerEdge, th.Selected, th.Hovered, th.Text, th.TextDim, th.PanelEdge)
	var out []uint32
	for _, c := range cs {
		if v := rgb(c.R, c.G, c.B); c.A == 255 && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func rgb(r, g, b uint8) uint32 { return uint32(r)<<16 | uint32(g)<<8 | uint32(b) }

// WriteFrame appends img (of the writer's size; opaque, as Renderer draws
// it) shown for delay hundredths of a second.
func (g *GIFWriter) WriteFrame(img *image.RGBA, delay int) error {
	if g.err != nil {
		return g.err
	}
	if img.Rect.Dx() != g.width || img.Rect.Dy() != g.height {
		return errors.New("gif: frame size differs from the first frame's")
	}
	r := g.changed(img)
	g.buildPalette(img, r)
	g.quantize(img, r)
	g.err = g.writeFrame(r, delay)
	if g.prev == nil {
		g.prev = make([]uint8, len(img.Pix))
	}
	copy(g.prev, img.Pix)
	g.frames++
	return g.err
}

// Close writes the trailer and flushes; it does not close the underlying
// writer.
func (g *GIFWriter) Close() error {
	if g.err != nil {
		return g.err
	}
	g.w.WriteByte(0x3B)
	g.err = g.w.Flush()
	if g.err == nil {
		g.err = errors.New("gif: writer closed")
		return nil
	}
	return g.err
}

// changed returns the rectangle where img differs from the previous frame
// (all of it for the first frame; one pixel when nothing changed, since a
// GIF frame cannot be empty).
func (g *GIFWriter) changed(img *image.RGBA) image.Rectangle {
	if g.prev == nil {
		return img.Rect
	}
	x0, y0, x1, y1 := g.width, g.height, -1, -1
	stride := img.Stride
	for y := 0; y < g.height; y++ {
		a, b := img.Pix[y*stride:y*stride+4*g.width], g.prev[y*stride:y*stride+4*g.width]
		if string(a) == string(b) {
			continue
		}
		first, last := 0, g.width-1
		for first < g.width && string(a[4*first:4*first+4]) == string(b[4*first:4*first+4]) {
			first++
		}
		for last > first && string(a[4*last:4*last+4]) == string(b[4*last:4*last+4]) {
			last--
		}
		x0, x1 = min(x0, first), max(x1, last)
		y0, y1 = min(y0, y), y
	}
	if x1 < 0 {
		return image.Rect(0, 0, 1, 1)
	}
	return image.Rect(x0, y0, x1+1, y1+1)
}

// unchanged reports whether pixel offset o holds what the previous frame
// had there.
func (g *GIFWriter) unchanged(img *image.RGBA, o int) bool {
	return g.prev != nil && img.Pix[o] == g.prev[o] && img.Pix[o+1] == g.prev[o+1] && img.Pix[o+2] == g.prev[o+2]
}

// buildPalette makes the frame's palette: transparency (after the first
// frame), the theme's colours, then the most frequent other colours of the
// changed pixels of r.
func (g *GIFWriter) buildPalette(img *image.RGBA, r image.Rectangle) {
	clear(g.count)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		o := img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, o = x+1, o+4 {
			if !g.unchanged(img, o) {
				g.count[rgb(img.Pix[o], img.Pix[o+1], img.Pix[o+2])]++
			}
		}
	}
	pal := g.pal[:0]
	if g.prev != nil {
		pal = append(pal, 0) // gifTransparent
	}
	pal = append(pal, g.fixed...)
	type cc struct {
		c uint32
		n int32
	}
	var extra []cc
	for c, n := range g.count {
		if !slices.Contains(g.fixed, c) {
			extra = append(extra, cc{c, n})
		}
	}
	slices.SortFunc(extra, func(a, b cc) int {
		if a.n != b.n {
			return int(b.n - a.n)
		}
		return int(int64(a.c) - int64(b.c))
	})
	for _, e := range extra {
		if len(pal) == 256 {
			break
		}
		pal = append(pal, e.c)
	}
	g.pal = pal
	clear(g.index)
	for i, c := range pal {
		if i == gifTransparent && g.prev != nil {
			continue
		}
		if _, ok := g.index[c]; !ok {
			g.index[c] = uint8(i)
		}
	}
}

// quantize fills g.idx with r's pixels as palette indices.
func (g *GIFWriter) quantize(img *image.RGBA, r image.Rectangle) {
	n := r.Dx() * r.Dy()
	if cap(g.idx) < n {
		g.idx = make([]uint8, n)
	}
	g.idx = g.idx[:n]
	i := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		o := img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, o, i = x+1, o+4, i+1 {
			if g.unchanged(img, o) {
				g.idx[i] = gifTransparent
				continue
			}
			g.idx[i] = g.lookup(rgb(img.Pix[o], img.Pix[o+1], img.Pix[o+2]))
		}
	}
}

// lookup returns c's palette index: its own, or the nearest entry's
// (remembered for the rest of the frame).
func (g *GIFWriter) lookup(c uint32) uint8 {
	if i, ok := g.index[c]; ok {
		return i
	}
	best, bestD := 0, int32(1<<31-1)
	r, gr, b := int32(c>>16), int32(c>>8&0xFF), int32(c&0xFF)
	for i, p := range g.pal {
		if i == gifTransparent && g.prev != nil {
			continue
		}
		dr, dg, db := r-int32(p>>16), gr-int32(p>>8&0xFF), b-int32(p&0xFF)
		// Weighted towards green, as the eye is.
		if d := 2*dr*dr + 4*dg*dg + 3*db*db; d < bestD {
			best, bestD = i, d
		}
	}
	g.index[c] = uint8(best)
	return uint8(best)
}

// writeFrame writes the graphic control extension, the image descriptor,
// the local colour table and the LZW-compressed indices of rectangle r.
func (g *GIFWriter) writeFrame(r image.Rectangle, delay int) error {
	b := g.w
	flags := byte(1 << 2) // disposal 1: leave the frame in place
	if g.prev != nil {
		flags |= 1 // transparent index present
	}
	b.Write([]byte{0x21, 0xF9, 4, flags})
	binary.Write(b, binary.LittleEndian, uint16(min(max(delay, 0), 65535)))
	b.Write([]byte{gifTransparent, 0})
	b.WriteByte(0x2C)
	binary.Write(b, binary.LittleEndian, [4]uint16{uint16(r.Min.X), uint16(r.Min.Y), uint16(r.Dx()), uint16(r.Dy())})
	b.WriteByte(0x80 | 7) // local colour table of 2^(7+1) entries
	var table [256 * 3]byte
	for i, c := range g.pal {
		table[3*i], table[3*i+1], table[3*i+2] = byte(c>>16), byte(c>>8), byte(c)
	}
	b.Write(table[:])
	b.WriteByte(8) // LZW minimum code size
	bw := &gifBlocks{w: b}
	lz := lzw.NewWriter(bw, lzw.LSB, 8)
	if _, err := lz.Write(g.idx); err != nil {
		return err
	}
	if err := lz.Close(); err != nil {
		return err
	}
	return bw.close()
}

// gifBlocks splits a stream into GIF data sub-blocks of at most 255 bytes.
type gifBlocks struct {
	w   *bufio.Writer
	buf [255]byte
	n   int
}

func (b *gifBlocks) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		k := copy(b.buf[b.n:], p)
		b.n += k
		p = p[k:]
		if b.n == len(b.buf) {
			if err := b.flush(); err != nil {
				return 0, err
			}
		}
	}
	return total, nil
}

func (b *gifBlocks) flush() error {
	if b.n == 0 {
		return nil
	}
	b.w.WriteByte(byte(b.n))
	_, err := b.w.Write(b.buf[:b.n])
	b.n = 0
	return err
}

// close flushes the last sub-block and writes the block terminator.
func (b *gifBlocks) close() error {
	if err := b.flush(); err != nil {
		return err
	}
	return b.w.WriteByte(0)
}
