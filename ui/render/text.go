package render

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text uses the Go fonts, embedded: no system fonts, no network.
var (
	regularFont = sync.OnceValue(func() *opentype.Font { return mustFont(goregular.TTF) })
	boldFont    = sync.OnceValue(func() *opentype.Font { return mustFont(gobold.TTF) })
)

func mustFont(b []byte) *opentype.Font {
	f, err := opentype.Parse(b)
	if err != nil {
		panic("render: embedded Go font: " + err.Error())
	}
	return f
}

// faceCache keeps one face per font and pixel size, and the shaper of
// the text the Go fonts cannot draw alone (shape.go). While exact is set
// (a miniature: Scene.OutputSize) faces are not hinted: hinting rounds
// each advance to whole pixels, which makes 3-pixel text a tenth wider
// than its output's, scaled.
type faceCache struct {
	faces map[faceKey]font.Face
	sh    shaper
	exact bool
}

type faceKey struct {
	bold  bool
	size  float64
	exact bool // unhinted
}

func (c *faceCache) face(bold bool, size float64) font.Face {
	return c.faceOf(bold, size, c.exact)
}

// faceOf is face, unhinted when exact.
func (c *faceCache) faceOf(bold bool, size float64, exact bool) font.Face {
	size = max(0, math.Round(size*4)/4)
	k := faceKey{bold, size, exact}
	if f, ok := c.faces[k]; ok {
		return f
	}
	if c.faces == nil {
		c.faces = map[faceKey]font.Face{}
	}
	fnt := regularFont()
	if bold {
		fnt = boldFont()
	}
	hint := font.HintingFull
	if exact {
		hint = font.HintingNone
	}
	f, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: hint})
	if err != nil {
		panic("render: font face: " + err.Error())
	}
	tf := &textFace{Face: f, sh: &c.sh, bold: bold, size: size}
	c.faces[k] = tf
	return tf
}

// textWidth returns the advance of s in pixels.
func textWidth(f font.Face, s string) float64 {
	if tf, ok := f.(*textFace); ok && needsShaping(s, tf.bold) {
		return tf.sh.width(tf, s)
	}
	return float64(font.MeasureString(f, s)) / 64
}

// drawText draws s with its baseline starting at (x, y). Text with runes
// the Go font lacks, or of a right-to-left script, is shaped (shape.go).
func drawText(dst *image.RGBA, f font.Face, x, y float64, s string, c color.NRGBA) {
	if tf, ok := f.(*textFace); ok && needsShaping(s, tf.bold) {
		tf.sh.draw(dst, tf, x, y, s, c)
		return
	}
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: f, Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}}
	d.DrawString(s)
}

// wrap splits s into lines no wider than maxw, at spaces; words longer
// than maxw (URLs) are cut.
func wrap(f font.Face, s string, maxw float64) []string {
	var out []string
	for len(s) > 0 {
		if textWidth(f, s) <= maxw {
			out = append(out, s)
			break
		}
		cut := -1
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' {
				if textWidth(f, s[:i]) > maxw {
					break
				}
				cut = i
			}
		}
		if cut <= 0 { // no space fits: cut the word at the last rune that fits
			cut = 1
			for i := range s {
				if i > 0 && textWidth(f, s[:i]) > maxw {
					break
				}
				cut = i
			}
			cut = max(cut, 1)
			out = append(out, s[:cut])
			s = s[cut:]
			continue
		}
		out = append(out, s[:cut])
		s = s[cut+1:]
	}
	return out
}

// appendCount appends n with thousands separators (1,295).
func appendCount(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	s := strconv.Itoa(n)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return b
}

// Count formats n with thousands separators.
func Count(n int) string { return string(appendCount(nil, n)) }

// CountOf is n (Count) and the noun, plural but for one: "1 host",
// "1,295 hosts".
func CountOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "s") {
		return Count(n) + " " + noun + "es" // addresses
	}
	return Count(n) + " " + noun + "s"
}

// fitLine returns s, or its longest prefix that fits maxw with "…" added.
func fitLine(f font.Face, s string, maxw float64) string {
	if textWidth(f, s) <= maxw {
		return s
	}
	cut := 0
	for i := range s {
		if textWidth(f, s[:i]+"…") > maxw {
			break
		}
		cut = i
	}
	return strings.TrimRight(s[:cut], " ·") + "…"
}
