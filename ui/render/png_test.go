package render

import (
	"bytes"
	"errors"
	"hash/adler32"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWritePNGNoPartial(t *testing.T) {
	dir := t.TempDir()
	if err := WritePNG(filepath.Join(dir, "nodir", "x.png"), image.NewRGBA(image.Rect(0, 0, 2, 2)), false); err == nil {
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
			if err := EncodePNG(&buf, tc.img); err != nil {
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

// TestWritePNGNeverClobbers: without overwrite an existing file is left
// alone, and no temporary file is left behind either way.
func TestWritePNGNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	os.WriteFile(p, []byte("keep me"), 0o644)
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	if err := WritePNG(p, img, false); err == nil {
		t.Fatal("overwrote without asking")
	}
	if b, _ := os.ReadFile(p); string(b) != "keep me" {
		t.Fatal("file changed")
	}
	if err := WritePNG(p, img, true); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if err := WritePNG(filepath.Join(dir, "no", "such", "dir.png"), img, false); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

// TestWritePNGWithoutHardLinks: on a file system that refuses hard links
// (a FAT memory stick), a new file is written and an existing one is still
// left alone.
func TestWritePNGWithoutHardLinks(t *testing.T) {
	defer func(l func(string, string) error) { link = l }(link)
	link = func(old, new string) error { return &os.LinkError{Op: "link", Old: old, New: new, Err: syscall.EPERM} }
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	if err := WritePNG(p, img, false); err != nil {
		t.Fatalf("new file: %v", err)
	}
	if err := WritePNG(p, img, false); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("existing file: %v, want fs.ErrExist", err)
	}
	if err := WritePNG(p, img, true); err != nil {
		t.Fatalf("overwrite: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestRemoveTemps: what closing the window calls removes the temporary
// file of a write in progress, and a finished write leaves none registered.
func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	out, err := CreateOutput(filepath.Join(dir, "x.png"), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("want the temporary file, have %v", entries)
	}
	RemoveTemps()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if err := out.Commit(); err == nil {
		t.Error("a write whose temporary file was removed committed")
	}
	out.Abort()
	if err := WritePNG(filepath.Join(dir, "a.png"), image.NewRGBA(image.Rect(0, 0, 4, 4)), false); err != nil {
		t.Fatal(err)
	}
	if len(temps.names) != 0 {
		t.Errorf("finished write left %v registered", temps.names)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("want a.png alone, have %v", entries)
	}
}
