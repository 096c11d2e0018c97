package main

import (
	"bytes"
	"hash/adler32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseExport(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		err  string // substring; "" = ok
	}{
		{"minimal", []string{"-o", "x.png"}, ""},
		{"files around flags", []string{"a.geojson", "-o", "x.png", "b.csv", "--theme", "light"}, ""},
		{"all flags", []string{"-o", "x.png", "--width", "800", "--height", "600", "--projection", "mercator", "--bbox", "-10,30,40,60", "--fit", "--country", "TW,India", "--type", "mfa", "--server", "s1", "--from", "2008-01-01", "--to", "2009", "--layers", "basemap,hosts", "--force"}, ""},
		{"no output", []string{"a.geojson"}, "missing -o"},
		{"zero width", []string{"-o", "x.png", "--width", "0"}, "out of range"},
		{"too big", []string{"-o", "x.png", "--width", "20000"}, "out of range"},
		{"bad projection", []string{"-o", "x.png", "--projection", "robinson"}, "unknown projection"},
		{"bad bbox", []string{"-o", "x.png", "--bbox", "1,2,3"}, "minLon"},
		{"inverted bbox", []string{"-o", "x.png", "--bbox", "10,0,0,10"}, "want -180"},
		{"bad layer", []string{"-o", "x.png", "--layers", "hosts,roads"}, "unknown layer"},
		{"bad theme", []string{"-o", "x.png", "--theme", "neon"}, "unknown theme"},
		{"bad country", []string{"-o", "x.png", "--country", "Atlantis"}, "unknown country"},
		{"bad time", []string{"-o", "x.png", "--from", "yesterday"}, "cannot read time"},
		{"from after to", []string{"-o", "x.png", "--from", "2009-01-01", "--to", "2008-01-01"}, "after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseExport(tc.args, &bytes.Buffer{})
			if tc.err == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		end  bool
		want int64
	}{
		{"2009-03-29", false, 1238284800},
		{"2009-03-29", true, 1238371199},
		{"2009", true, 1262303999},
		{"2009-03-29T12:00:00Z", false, 1238328000},
		{"1238284800", false, 1238284800},
	} {
		got, err := parseTime(tc.in, tc.end)
		if err != nil || got != tc.want {
			t.Errorf("parseTime(%q, %v) = %d, %v; want %d", tc.in, tc.end, got, err, tc.want)
		}
	}
}

func TestExportWritesAtomically(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "map.png")
	var stderr bytes.Buffer
	if rc := runExport([]string{"--width", "320", "--height", "180", "-o", out}, &stderr, &stderr); rc != 0 {
		t.Fatalf("rc %d: %s", rc, stderr.String())
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() == 0 {
		t.Fatalf("no output: %v", err)
	}
	// Exists: refused without --force, file untouched.
	before, _ := os.ReadFile(out)
	stderr.Reset()
	if rc := runExport([]string{"--width", "100", "--height", "100", "-o", out}, &stderr, &stderr); rc != 1 || !strings.Contains(stderr.String(), "use --force") {
		t.Fatalf("rc %d, %q; want 1 and a --force hint", rc, stderr.String())
	}
	after, _ := os.ReadFile(out)
	if !bytes.Equal(before, after) {
		t.Fatal("existing file changed without --force")
	}
	// Unreadable input: exit 1, no file, no temporary left behind.
	out2 := filepath.Join(dir, "bad.png")
	if rc := runExport([]string{"-o", out2, filepath.Join(dir, "missing.geojson")}, &stderr, &stderr); rc != 1 {
		t.Fatalf("rc %d for a missing input, want 1", rc)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("directory holds %d entries, want only map.png", len(ents))
	}
	// Usage error: exit 2.
	if rc := runExport([]string{"--width", "x", "-o", out2}, &stderr, &stderr); rc != 2 {
		t.Fatalf("rc %d for a bad flag, want 2", rc)
	}
}

func TestWritePNGNoPartial(t *testing.T) {
	dir := t.TempDir()
	if err := writePNG(filepath.Join(dir, "nodir", "x.png"), image.NewRGBA(image.Rect(0, 0, 2, 2)), false); err == nil {
		t.Fatal("want an error for a missing directory")
	}
}

func TestEncodePNG(t *testing.T) {
	gradient := func(w, h int, alpha uint8) *image.RGBA {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				i := m.PixOffset(x, y)
				pm := func(v int) uint8 { return uint8(int(uint8(v)) * int(alpha) / 255) } // premultiplied
				m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = pm(x*7+y), pm(y*3), pm((x*x+y*13)>>3), alpha
			}
		}
		return m
	}
	sub := gradient(300, 200, 255).SubImage(image.Rect(17, 9, 250, 190)).(*image.RGBA)
	for _, tc := range []struct {
		name string
		img  *image.RGBA
	}{
		{"opaque", gradient(333, 217, 255)},
		{"one row", gradient(97, 1, 255)},
		{"one pixel", gradient(1, 1, 255)},
		{"tall", gradient(3, 1001, 255)},
		{"sub-image", sub},
		{"translucent (image/png)", gradient(64, 48, 200)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := encodePNG(&buf, tc.img); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(&buf)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			b := tc.img.Bounds()
			if got.Bounds().Dx() != b.Dx() || got.Bounds().Dy() != b.Dy() {
				t.Fatalf("size %v, want %v", got.Bounds(), b)
			}
			for y := 0; y < b.Dy(); y++ {
				for x := 0; x < b.Dx(); x++ {
					r0, g0, b0, a0 := tc.img.At(b.Min.X+x, b.Min.Y+y).RGBA()
					r1, g1, b1, a1 := got.At(got.Bounds().Min.X+x, got.Bounds().Min.Y+y).RGBA()
					d := func(a, b uint32) bool { return max(a, b)-min(a, b) > 0x101 } // NRGBA round trip of a translucent pixel
					if d(r0, r1) || d(g0, g1) || d(b0, b1) || a0 != a1 || (tc.img.Opaque() && (r0 != r1 || g0 != g1 || b0 != b1)) {
						t.Fatalf("pixel (%d, %d) = %v %v %v %v, want %v %v %v %v", x, y, r1>>8, g1>>8, b1>>8, a1>>8, r0>>8, g0>>8, b0>>8, a0>>8)
					}
				}
			}
		})
	}
}

func TestAdler32Combine(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"", ""}, {"a", ""}, {"", "b"}, {"threat", "map"}, {strings.Repeat("\xff", 70000), strings.Repeat("\xfe", 90001)},
	} {
		want := adler32.Checksum([]byte(tc.a + tc.b))
		if got := adler32Combine(adler32.Checksum([]byte(tc.a)), adler32.Checksum([]byte(tc.b)), int64(len(tc.b))); got != want {
			t.Errorf("combine(%d, %d bytes) = %08x, want %08x", len(tc.a), len(tc.b), got, want)
		}
	}
}
