package render

import (
	"bytes"
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"
	"slices"
	"sync"

	gtrender "github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"

	"threatmap/assets"
)

// Text in scripts the Go fonts lack (Chinese, Arabic, Hebrew, Devanagari,
// emoji, ...) goes through go-text/typesetting: split into runs by bidi
// level, script and font (the Go font, else the first fallback of
// assets.FallbackFonts that has the rune), shaped by its HarfBuzz port
// (Arabic joining, conjuncts), runs put in visual order, drawn by
// go-text/render. Text the Go fonts draw alone keeps the x/image path, so
// Latin text is drawn exactly as before.

// gtGo holds the Go fonts parsed by go-text (bold: index 1), for shaping
// and coverage look-ups. A *gtfont.Font is safe for concurrent use.
var gtGo = [2]func() *gtfont.Font{
	sync.OnceValue(func() *gtfont.Font { return parseGT(goregular.TTF) }),
	sync.OnceValue(func() *gtfont.Font { return parseGT(gobold.TTF) }),
}

// gtFallbacks are the fallback fonts, each parsed on first need (nil when
// it cannot be read: the rune is then looked up in the next).
var gtFallbacks = func() []func() *gtfont.Font {
	out := make([]func() *gtfont.Font, len(assets.FallbackFonts))
	for i, name := range assets.FallbackFonts {
		out[i] = sync.OnceValue(func() *gtfont.Font {
			b, err := assets.Fonts.ReadFile(name)
			if err != nil {
				return nil
			}
			return parseGT(b)
		})
	}
	return out
}()

func parseGT(b []byte) *gtfont.Font {
	f, err := gtfont.ParseTTF(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	return f.Font
}

// textFace is a face of faceCache: the x/image face for text the Go font
// draws alone, and what the shaper needs for the rest.
type textFace struct {
	font.Face
	sh   *shaper
	bold bool
	size float64
}

// needsShaping reports whether s has a rune the Go font lacks or one of a
// right-to-left script: ASCII never does, and costs one pass.
func needsShaping(s string, bold bool) bool {
	i := 0
	for i < len(s) && s[i] < 0x80 {
		i++
	}
	if i == len(s) {
		return false
	}
	goFont := gtGo[b2i(bold)]()
	for _, r := range s[i:] {
		if r < 0x80 {
			continue
		}
		if rtl(r) {
			return true
		}
		if goFont == nil {
			return false
		}
		if _, ok := goFont.NominalGlyph(r); !ok {
			return true
		}
	}
	return false
}

// rtl reports whether r is in a block of a right-to-left script (Hebrew,
// Arabic, Syriac, Thaana, NKo, ... and their presentation forms).
func rtl(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF ||
		r >= 0x10800 && r <= 0x10FFF || r >= 0x1E800 && r <= 0x1EFFF
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// shaper shapes and draws text for one faceCache (one Renderer): go-text's
// faces and shaper keep caches and are not safe for concurrent use.
type shaper struct {
	faces map[*gtfont.Font]*gtfont.Face
	seg   shaping.Segmenter
	// hb keeps the HarfBuzz font of every font a line may use (go-text's
	// default keeps none: each run rebuilt its font's lookup accelerators).
	hb   shaping.HarfbuzzShaper
	wrap shaping.LineWrapper
	pen  gtrender.Renderer
	tmp  *image.RGBA
	// The last line shaped, kept: text is measured, then drawn.
	lastText string
	lastKey  faceKey
	last     []shaping.Output
}

func (sh *shaper) face(f *gtfont.Font) *gtfont.Face {
	if sh.faces == nil {
		sh.faces = map[*gtfont.Font]*gtfont.Face{}
		sh.hb.SetFontCacheSize(len(gtGo) + len(gtFallbacks))
	}
	fc, ok := sh.faces[f]
	if !ok {
		fc = gtfont.NewFace(f)
		sh.faces[f] = fc
	}
	return fc
}

// fontmap resolves a rune to the Go font when it has it, else to the
// first fallback that does, else the Go font (its .notdef box).
type fontmap struct {
	sh   *shaper
	main *gtfont.Font
}

func (m fontmap) ResolveFace(r rune) *gtfont.Face {
	if _, ok := m.main.NominalGlyph(r); ok || r < 0x80 {
		return m.sh.face(m.main)
	}
	for _, fb := range gtFallbacks {
		if f := fb(); f != nil {
			if _, ok := f.NominalGlyph(r); ok {
				return m.sh.face(f)
			}
		}
	}
	return m.sh.face(m.main)
}

// line shapes s with tf and returns its runs in visual order (left to
// right), for a left-to-right paragraph.
func (sh *shaper) line(tf *textFace, s string) []shaping.Output {
	key := faceKey{bold: tf.bold, size: tf.size}
	if s == sh.lastText && key == sh.lastKey {
		return sh.last
	}
	main := gtGo[b2i(tf.bold)]()
	if main == nil {
		return nil
	}
	text := []rune(s)
	in := shaping.Input{Text: text, RunEnd: len(text), Direction: di.DirectionLTR,
		Face: sh.face(main), Size: fixed.Int26_6(math.Round(tf.size * 64))}
	runs := sh.seg.Split(in, fontmap{sh, main})
	outs := make([]shaping.Output, len(runs))
	for i, run := range runs {
		outs[i] = sh.hb.Shape(run)
	}
	sh.wrap.Prepare(shaping.WrapConfig{Direction: di.DirectionLTR}, text, shaping.NewSliceIterator(outs))
	wl, _ := sh.wrap.WrapNextLine(math.MaxInt32)
	line := slices.Clone(wl.Line)
	slices.SortStableFunc(line, func(a, b shaping.Output) int { return int(a.VisualIndex - b.VisualIndex) })
	sh.lastText, sh.lastKey, sh.last = s, key, line
	return line
}

// width returns the advance of s shaped with tf, in pixels.
func (sh *shaper) width(tf *textFace, s string) float64 {
	var w fixed.Int26_6
	for _, run := range sh.line(tf, s) {
		w += run.Advance
	}
	return float64(w) / 64
}

// draw draws s shaped with tf, its baseline starting at (x, y): into a
// small transparent image (go-text's rasterizer works on the whole of its
// target), then over dst.
func (sh *shaper) draw(dst *image.RGBA, tf *textFace, x, y float64, s string, c color.NRGBA) {
	line := sh.line(tf, s)
	if len(line) == 0 {
		return
	}
	asc, desc := 0, 0
	for _, run := range line {
		asc = max(asc, run.LineBounds.Ascent.Ceil())
		desc = max(desc, (-run.LineBounds.Descent).Ceil())
	}
	pad := int(math.Ceil(tf.size / 4)) // glyphs that overhang their advance
	w := int(math.Ceil(sh.width(tf, s))) + 2*pad
	h := asc + desc + 2*pad
	if w <= 0 || h <= 0 || w > 1<<14 || h > 1<<14 {
		return
	}
	r := image.Rect(0, 0, w, h)
	if sh.tmp == nil || sh.tmp.Rect.Dx() < w || sh.tmp.Rect.Dy() < h {
		sh.tmp = image.NewRGBA(r)
	}
	tmp := sh.tmp.SubImage(r).(*image.RGBA)
	clear(tmp.Pix[:tmp.PixOffset(0, h-1)+4*w])
	sh.pen.FontSize, sh.pen.PixScale, sh.pen.Color = float32(tf.size), 1, c
	fx := math.Floor(x)
	pen := pad + int(math.Round(x-fx))
	for _, run := range line {
		pen = sh.pen.DrawShapedRunAt(run, tmp, pen, pad+asc)
	}
	at := image.Pt(int(fx)-pad, int(math.Round(y))-asc-pad)
	imgdraw.Draw(dst, r.Add(at), tmp, image.Point{}, imgdraw.Over)
}
