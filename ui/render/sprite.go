package render

import (
	"image"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// sprite is a piece of text rasterised once as two coverage masks: the
// glyphs and a halo around them (the glyphs dilated), so that a label or a
// stack's count reads over land, sea, links and markers alike, and costs a
// blend of a few hundred pixels per frame instead of a glyph rasterisation.
type sprite struct {
	spriteBox
	text []uint8
	halo []uint8
}

// spriteBox is the layout of a sprite: the size of its masks and where
// the text sits in them.
type spriteBox struct {
	w, h int
	asc  int // baseline, from the top of the masks
	adv  int // the text's advance (without the halo)
	pad  int // the halo's width on every side
}

type spriteKey struct {
	s     string
	bold  bool
	size  float64 // pixels, quantised to 1/4
	halo  int     // pixels
	exact bool    // unhinted (faceCache.exact)
}

// spriteCache keeps the sprites drawn so far, per text, weight, size and
// halo: a frame at the same zoom allocates nothing; the cache is dropped
// when it grows past maxSprites (a long session of zooming).
type spriteCache struct {
	m      map[spriteKey]*sprite
	counts map[countKey]*sprite // numbers, keyed without building a string
	// The layouts of texts measured, not drawn, at an output's size (a
	// miniature places its labels as its output does).
	boxes      map[spriteKey]spriteBox
	countBoxes map[countKey]spriteBox
}

type countKey struct {
	n     uint32
	size  float64
	exact bool
}

// maxSprites bounds the sprite cache: a few thousand place names and
// counts in two or three sizes.
const maxSprites = 8192

// get returns the sprite of s in the face of faces at size px with a halo
// of halo pixels, rasterising it on first use.
func (c *spriteCache) get(faces *faceCache, s string, bold bool, size float64, halo int) *sprite {
	k := spriteKey{s, bold, math.Round(size*4) / 4, halo, faces.exact}
	if sp, ok := c.m[k]; ok {
		return sp
	}
	if c.m == nil || len(c.m) >= maxSprites {
		c.m = map[spriteKey]*sprite{}
	}
	sp := newSprite(faces.face(bold, k.size), s, halo)
	c.m[k] = sp
	return sp
}

// count returns the sprite of the number n in bold at size px with a
// one-pixel halo (a stack's count).
func (c *spriteCache) count(faces *faceCache, n uint32, size float64) *sprite {
	k := countKey{n, math.Round(size*4) / 4, faces.exact}
	if sp, ok := c.counts[k]; ok {
		return sp
	}
	if c.counts == nil || len(c.counts) >= maxSprites {
		c.counts = map[countKey]*sprite{}
	}
	sp := newSprite(faces.face(true, k.size), strconv.FormatUint(uint64(n), 10), 1)
	c.counts[k] = sp
	return sp
}

// box returns the layout of the sprite of s in the hinted face of faces
// (as an output draws it) at size px with a halo of halo pixels, measured
// without rasterising it.
func (c *spriteCache) box(faces *faceCache, s string, bold bool, size float64, halo int) spriteBox {
	k := spriteKey{s, bold, math.Round(size*4) / 4, halo, false}
	if b, ok := c.boxes[k]; ok {
		return b
	}
	if c.boxes == nil || len(c.boxes) >= maxSprites {
		c.boxes = map[spriteKey]spriteBox{}
	}
	b := layoutSprite(faces.faceOf(bold, k.size, false), s, halo)
	c.boxes[k] = b
	return b
}

// countBox is box for the count n (count's sprite).
func (c *spriteCache) countBox(faces *faceCache, n uint32, size float64) spriteBox {
	k := countKey{n, math.Round(size*4) / 4, false}
	if b, ok := c.countBoxes[k]; ok {
		return b
	}
	if c.countBoxes == nil || len(c.countBoxes) >= maxSprites {
		c.countBoxes = map[countKey]spriteBox{}
	}
	b := layoutSprite(faces.faceOf(true, k.size, false), strconv.FormatUint(uint64(n), 10), 1)
	c.countBoxes[k] = b
	return b
}

// layoutSprite measures the sprite of s in face f with a halo of pad
// pixels.
func layoutSprite(f font.Face, s string, pad int) spriteBox {
	m := f.Metrics()
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	adv := int(math.Ceil(textWidth(f, s)))
	return spriteBox{w: adv + 2*pad + 2, h: asc + desc + 2*pad, asc: pad + asc, adv: adv, pad: pad}
}

// newSprite rasterises s in face f with a halo of pad pixels.
func newSprite(f font.Face, s string, pad int) *sprite {
	b := layoutSprite(f, s, pad)
	mask := image.NewAlpha(image.Rect(0, 0, b.w, b.h))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: f, Dot: fixed.P(pad+1, b.asc)}
	d.DrawString(s)
	sp := &sprite{spriteBox: b, text: mask.Pix}
	sp.halo = dilate(mask.Pix, b.w, b.h, pad)
	return sp
}

// dilate returns the mask grown by r pixels (a disc-shaped maximum filter,
// softened at its rim: offsets over r-0.5 from a pixel give half its
// value), so that the halo follows the glyphs' shapes. A disc is rows of
// spans: the running maxima of each row over every half-width up to r+1
// are taken once (each from the last, three reads a pixel), then a pixel
// is the maximum of its rows' spans, the rim's halved. A 16384-pixel
// export's labels have halos of 30 pixels: r², not r, per pixel took
// minutes.
func dilate(src []uint8, w, h, r int) []uint8 {
	out := make([]uint8, len(src))
	if r <= 0 {
		copy(out, src)
		return out
	}
	inner, outer := discSpans(r, float64(r)-0.5), discSpans(r, float64(r)+0.5)
	// rows[k] is every row's running maximum over x-k..x+k.
	rows := make([][]uint8, r+1)
	rows[0] = src
	for k := 1; k <= r; k++ {
		prev, cur := rows[k-1], make([]uint8, len(src))
		for y := range h {
			p, c := prev[y*w:(y+1)*w], cur[y*w:(y+1)*w]
			for x := range w {
				m := p[x]
				if x > 0 {
					m = max(m, p[x-1])
				}
				if x+1 < w {
					m = max(m, p[x+1])
				}
				c[x] = m
			}
		}
		rows[k] = cur
	}
	for y := range h {
		o := out[y*w : (y+1)*w]
		for dy := -r; dy <= r; dy++ {
			yy := y + dy
			if yy < 0 || yy >= h {
				continue
			}
			if k := outer[abs(dy)]; k >= 0 {
				for x, v := range rows[k][yy*w : (yy+1)*w] {
					o[x] = max(o[x], v/2)
				}
			}
			if k := inner[abs(dy)]; k >= 0 {
				for x, v := range rows[k][yy*w : (yy+1)*w] {
					o[x] = max(o[x], v)
				}
			}
		}
	}
	return out
}

// discSpans returns, for each row offset 0..r, the largest column offset
// within distance d of the centre (-1 when none is).
func discSpans(r int, d float64) []int {
	sp := make([]int, r+1)
	for dy := range sp {
		sp[dy] = -1
		for dx := 0; dx <= r; dx++ {
			if math.Hypot(float64(dx), float64(dy)) <= d {
				sp[dy] = dx
			}
		}
	}
	return sp
}

// bounds is where the sprite's masks land when its text starts at x with
// its baseline at y.
func (sp *spriteBox) bounds(x, y int) image.Rectangle {
	x0, y0 := x-sp.pad-1, y-sp.asc
	return image.Rect(x0, y0, x0+sp.w, y0+sp.h)
}

// draw blends the halo, then the text, with their baseline at (x, y).
func (sp *sprite) draw(dst *image.RGBA, x, y int, textc, haloc pm) {
	b := sp.bounds(x, y)
	r := b.Intersect(dst.Rect)
	for py := r.Min.Y; py < r.Max.Y; py++ {
		mo := (py-b.Min.Y)*sp.w - b.Min.X
		for px := r.Min.X; px < r.Max.X; px++ {
			hv, tv := uint32(sp.halo[mo+px]), uint32(sp.text[mo+px])
			if hv == 0 && tv == 0 {
				continue
			}
			p := dst.Pix[py*dst.Stride+4*px : py*dst.Stride+4*px+4 : py*dst.Stride+4*px+4]
			over(p, haloc, hv)
			over(p, textc, tv)
		}
	}
}
