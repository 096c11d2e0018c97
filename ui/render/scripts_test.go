package render

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"threatmap/data/threat"
)

// scriptTypes are target types in the scripts a feed of any country may
// hold: each must be drawn, not as empty boxes.
var scriptTypes = []string{"外交部 ministry", "وزارة الخارجية", "משרד החוץ", "दूतावास", "สถานทูต", "대사관", "emoji 🙂🔥"}

func scriptsScene() *Scene {
	b := threat.NewBuilder(len(scriptTypes))
	for i, ty := range scriptTypes {
		b.AddHost(threat.Host{Lon: -120 + 35*float64(i), Lat: 10 + 5*float64(i%3), Type: ty, Server: -1, First: threat.NoTime, Last: threat.NoTime})
	}
	return &Scene{Data: b.Build(), Layers: DefaultLayers, Theme: Light,
		Title: "北京 · القاهرة · ירושלים", Lines: []string{"Names in CJK, Arabic (joined, right to left) and Hebrew"}}
}

// TestGoldenScripts: CJK, Arabic, Hebrew, Devanagari, Thai, Hangul and
// emoji in the legend and caption, drawn from the fallback fonts.
func TestGoldenScripts(t *testing.T) {
	img, st := drawStats(World(EqualEarth, goldenW, goldenH), scriptsScene())
	assertGolden(t, "scripts", img, st, Stats{Hosts: 7, OnScreen: 7})
}

// TestNoTofu: every rune of those strings comes from a font that has it,
// and each string draws ink, within its measured width.
func TestNoTofu(t *testing.T) {
	var fc faceCache
	f := fc.face(false, 20)
	for _, s := range append(scriptTypes, "北京 · القاهرة · ירושלים") {
		m := fontmap{sh: &fc.sh, main: gtGo[0]()}
		for _, r := range s {
			if r == ' ' || r == '·' {
				continue
			}
			face := m.ResolveFace(r)
			if _, ok := face.NominalGlyph(r); !ok {
				t.Errorf("%q: no font has %q (U+%04X)", s, r, r)
			}
		}
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
}

// TestLatinUnshaped: text the Go font draws alone keeps the x/image path
// (the existing goldens stay byte for byte).
func TestLatinUnshaped(t *testing.T) {
	for _, s := range []string{"1,295 compromised hosts", "Observed 22 May 2007 – 12 Mar 2009", "Ελλάδα Россия Ørsted"} {
		if needsShaping(s, false) || needsShaping(s, true) {
			t.Errorf("%q goes through the shaper", s)
		}
	}
	for _, s := range []string{"北京", "שלום", "مرحبا", "🙂"} {
		if !needsShaping(s, false) {
			t.Errorf("%q does not go through the shaper", s)
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
