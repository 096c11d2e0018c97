package ui

import (
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"threatmap/ui/render"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// assertGolden compares img with testdata/name. A channel may differ by 2
// levels (rounding); beyond that, up to 0.05% of pixels may differ. On a
// mismatch the actual image goes to testdata/failed/name to look at; run
// `go test ./ui -run Golden -update` to accept it after looking.
func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		writePNG(t, path, img)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		writePNG(t, filepath.Join("testdata", "failed", name), img)
		t.Fatalf("no golden %s (actual image in testdata/failed/; -update to accept)", path)
	}
	want, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if want.Bounds().Size() != b.Size() {
		writePNG(t, filepath.Join("testdata", "failed", name), img)
		t.Fatalf("%s: size %v, golden %v", name, b.Size(), want.Bounds().Size())
	}
	bad := 0
	wb := want.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r1, g1, b1, a1 := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			r2, g2, b2, a2 := want.At(wb.Min.X+x, wb.Min.Y+y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) || far(a1, a2) {
				bad++
			}
		}
	}
	if limit := b.Dx() * b.Dy() / 2000; bad > limit {
		writePNG(t, filepath.Join("testdata", "failed", name), img)
		t.Errorf("%s: %d pixels differ (limit %d); actual image in testdata/failed/%s; -update to accept after looking", name, bad, limit, name)
	}
}

func far(a, b uint32) bool {
	a, b = a>>8, b>>8
	return a > b+2 || b > a+2
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// TestPanelsGolden pins how each panel looks: the whole window, the type
// facet list, the timeline and the details panel of a host, and the window
// with a server selected.
func TestPanelsGolden(t *testing.T) {
	u, w := newTestApp(t)
	assertGolden(t, "window_ghostnet.png", w.Canvas().Capture())
	u.tabs.SelectIndex(0)
	assertGolden(t, "timeline.png", w.Canvas().Capture().(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(objectRect(w, u.tl)))
	assertGolden(t, "facet_types.png", w.Canvas().Capture().(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(objectRect(w, u.types)))
	for i := range u.ds.Hosts.Lon {
		if u.ds.Str(u.ds.Hosts.Name[i]) == "Office of the Dalai Lama, India" {
			u.selectItem(render.Item{Kind: render.KindHost, Index: i}, false)
			break
		}
	}
	assertGolden(t, "details_host.png", w.Canvas().Capture().(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(objectRect(w, u.details)))
	u.selectItem(render.Item{Kind: render.KindServer, Index: 1}, false)
	assertGolden(t, "window_server_selected.png", w.Canvas().Capture())
}

// objectRect is where o sits in the window's capture, in pixels.
func objectRect(w fyne.Window, o fyne.CanvasObject) image.Rectangle {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := w.Canvas().Scale()
	size := o.Size()
	return image.Rect(int(pos.X*s), int(pos.Y*s), int((pos.X+size.Width)*s), int((pos.Y+size.Height)*s))
}
