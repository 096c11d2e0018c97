package render

import (
	"bytes"
	"image"
	"image/color"
	"slices"
	"testing"

	gtfont "github.com/go-text/typesetting/font"
	"golang.org/x/image/font"

	"threatmap/assets"
	"threatmap/data/threat"
)

// scriptTypes are target types in the scripts a feed of any country may
// hold (a word or a city name in each): each must be drawn, not as empty
// boxes.
var scriptTypes = []string{"外交部 ministry", "وزارة الخارجية", "משרד החוץ", "दूतावास", "สถานทูต", "대사관", "emoji 🙂🔥",
	"කොළඹ",          // Sinhala: Colombo
	"ရန်ကုန်",       // Myanmar: Yangon
	"ལྷ་ས",          // Tibetan: Lhasa
	"અમદાવાદ",       // Gujarati: Ahmedabad
	"ਅੰਮ੍ਰਿਤਸਰ",     // Gurmukhi: Amritsar
	"హైదరాబాద్",     // Telugu: Hyderabad
	"ಬೆಂಗಳೂರು",      // Kannada: Bengaluru
	"തിരുവനന്തപുരം", // Malayalam: Thiruvananthapuram
	"ວຽງຈັນ",        // Lao: Vientiane
	"ᠤᠯᠠᠭᠠᠨᠪᠠᠭᠠᠲᠤᠷ", // Mongolian: Ulaanbaatar (horizontal, left to right)
}

// scriptsTitle is the caption title (bold) of scriptsScene.
const scriptsTitle = "北京 · القاهرة · ירושלים · ရန်ကုန်"

func scriptsScene() *Scene {
	b := threat.NewBuilder(len(scriptTypes))
	for i, ty := range scriptTypes {
		b.AddHost(threat.Host{Lon: -160 + 20*float64(i), Lat: 20 + 5*float64(i%3), Type: ty, Server: -1, First: threat.NoTime, Last: threat.NoTime})
	}
	return &Scene{Data: b.Build(), Layers: DefaultLayers, Theme: Light,
		Title: scriptsTitle, Lines: []string{"Names in CJK, Arabic (joined, right to left), Hebrew and Myanmar"}}
}

// TestGoldenScripts: CJK, Arabic, Hebrew, Devanagari, Thai, Hangul, emoji,
// Sinhala, Myanmar, Tibetan, Gujarati, Gurmukhi, Telugu, Kannada,
// Malayalam, Lao and Mongolian in the legend and caption, drawn from the
// fallback fonts.
func TestGoldenScripts(t *testing.T) {
	img, st := drawStats(World(EqualEarth, goldenW, goldenH), scriptsScene())
	n := len(scriptTypes)
	assertGolden(t, "scripts", img, st, Stats{Hosts: n, OnScreen: n})
}

// TestNoTofu: in regular and in bold (whose fallback glyphs are the
// regular ones), every rune of those strings comes from a font that has
// it, no glyph shaped is .notdef (the box), and each string draws ink,
// within its measured width.
func TestNoTofu(t *testing.T) {
	var fc faceCache
	for _, s := range append(scriptTypes, scriptsTitle) {
		for _, bold := range []bool{false, true} {
			f := fc.face(bold, 20)
			assertCovered(t, &fc.sh, gtGo[b2i(bold)](), s)
			notdef, glyphs := 0, 0
			for _, run := range fc.sh.line(f.(*textFace), s) {
				for _, g := range run.Glyphs {
					glyphs++
					if g.GlyphID == 0 {
						notdef++
					}
				}
			}
			if notdef > 0 {
				t.Errorf("%q (bold %v): %d of %d glyphs are .notdef", s, bold, notdef, glyphs)
			}
			assertInked(t, f, s)
		}
	}
}

// assertCovered checks that each rune of s, but spaces and the middle
// dot, resolves to a font that has it.
func assertCovered(t *testing.T, sh *shaper, main *gtfont.Font, s string) {
	t.Helper()
	m := fontmap{sh: sh, main: main}
	for _, r := range s {
		if r == ' ' || r == '·' {
			continue
		}
		if _, ok := m.ResolveFace(r).NominalGlyph(r); !ok {
			t.Errorf("%q: no font has %q (U+%04X)", s, r, r)
		}
	}
}

// assertInked draws s at x 10 and checks it leaves 20 ink pixels a rune
// or more, none left of x 8 or right of its measured width (and 4).
func assertInked(t *testing.T, f font.Face, s string) {
	t.Helper()
	w := textWidth(f, s)
	img := image.NewRGBA(image.Rect(0, 0, int(w)+40, 40))
	drawText(img, f, 10, 28, s, color.NRGBA{0, 0, 0, 255})
	ink, x0, x1 := 0, img.Rect.Dx(), 0
	for y := 0; y < img.Rect.Dy(); y++ {
		for x := 0; x < img.Rect.Dx(); x++ {
			if img.RGBAAt(x, y).A > 128 {
				ink++
				x0, x1 = min(x0, x), max(x1, x)
			}
		}
	}
	if ink < 20*len([]rune(s)) || x0 < 8 || float64(x1) > 10+w+4 {
		t.Errorf("%q: %d ink pixels from x %d to %d, measured width %.0f from 10", s, ink, x0, x1, w)
	}
}

// TestLatinUnshaped: text the Go font draws alone keeps the x/image path
// (the existing goldens stay byte for byte).
func TestLatinUnshaped(t *testing.T) {
	for _, s := range []string{"1,295 compromised hosts", "Observed 22 May 2007 – 12 Mar 2009", "Ελλάδα Россия Ørsted"} {
		if needsShaping(s, false) || needsShaping(s, true) {
			t.Errorf("%q goes through the shaper", s)
		}
	}
	for _, s := range append([]string{"北京", "שלום", "مرحبا", "🙂"}, scriptTypes...) {
		if !needsShaping(s, false) || !needsShaping(s, true) {
			t.Errorf("%q does not go through the shaper", s)
		}
	}
}

// TestFallbackOrder: a rune two fallback fonts have comes from the one
// listed first, so the fonts added last take no rune from the others:
// CJK punctuation stays Droid Sans Fallback's (Noto Sans Mongolian has
// it too), ☸ Noto Emoji's (Noto Serif Tibetan has it too).
func TestFallbackOrder(t *testing.T) {
	var fc faceCache
	m := fontmap{sh: &fc.sh, main: gtGo[0]()}
	for _, tc := range []struct {
		runes, font string
	}{
		{"、。《》「」『』", "fonts/DroidSansFallbackFull.woff"},
		{"☸⁉", "fonts/NotoEmoji-Regular.woff"},
		{"।॥", "fonts/NotoSansDevanagari-Regular.woff"},
		{"ᠤᠯᠠ", "fonts/NotoSansMongolian-Regular.woff"},
	} {
		i := slices.Index(assets.FallbackFonts, tc.font)
		if i < 0 {
			t.Fatalf("%s is not a fallback font", tc.font)
		}
		want := fc.sh.face(gtFallbacks[i]())
		for _, r := range tc.runes {
			if m.ResolveFace(r) != want {
				t.Errorf("%q (U+%04X) does not come from %s", r, r, tc.font)
			}
		}
	}
}

// FuzzDrawText: any string (invalid UTF-8, bidi controls, lone combining
// marks, unassigned code points) is measured and drawn without a panic,
// and its ink stays near where its width says.
func FuzzDrawText(f *testing.F) {
	for _, s := range append(scriptTypes, "", "\xff\xfe", "\u202Eabc\u202C", "\u0301", "a\u200d\u200db", "\U0010FFFF", "ﷺ", "لا", "ـــ", "1 2 ٣ ۴", "e\u0301\u0302\u0303") {
		f.Add(s)
	}
	var fc faceCache
	img := image.NewRGBA(image.Rect(0, 0, 400, 40))
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 200 {
			return
		}
		for _, bold := range []bool{false, true} {
			face := fc.face(bold, 14)
			w := textWidth(face, s)
			if w < 0 || w != w {
				t.Fatalf("%q: width %v", s, w)
			}
			clear(img.Pix)
			drawText(img, face, 20, 28, s, color.NRGBA{0, 0, 0, 255})
		}
	})
}

// BenchmarkShapedText measures and draws each golden label once, as a
// legend re-layout does (the Latin path for comparison in /latin).
func BenchmarkShapedText(b *testing.B) {
	for _, tc := range []struct {
		name  string
		texts []string
	}{
		{"scripts", scriptTypes},
		{"latin", []string{"Foreign ministry", "Embassy", "Multilateral mission", "International org.", "News media", "Tibetan NGO", "Commercial"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var fc faceCache
			f := fc.face(false, 14)
			img := image.NewRGBA(image.Rect(0, 0, 300, 30))
			for _, s := range tc.texts { // warm: the fonts are parsed on first need
				textWidth(f, s)
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range tc.texts {
					w := textWidth(f, s)
					drawText(img, f, 300-w, 20, s, color.NRGBA{0, 0, 0, 255})
				}
			}
		})
	}
}

// TestScriptsConcurrent: two renderers (the window's and an export's)
// draw shaped text at once; the parsed fonts are shared, the faces and
// shapers are not (run with -race).
func TestScriptsConcurrent(t *testing.T) {
	want := draw(World(EqualEarth, goldenW, goldenH), scriptsScene())
	done := make(chan *image.RGBA)
	for range 2 {
		go func() { done <- draw(World(EqualEarth, goldenW, goldenH), scriptsScene()) }()
	}
	for range 2 {
		if got := <-done; !bytes.Equal(got.Pix, want.Pix) {
			t.Error("a concurrent draw differs")
		}
	}
}
