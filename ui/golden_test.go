package ui

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"threatmap/ui/render"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// assertGolden compares img with testdata/name, pixel for pixel: the
// renderer and Fyne's software painter are deterministic on one platform
// (CI's: linux/amd64), so any difference is a change to look at. Even one
// missing host fails (TestGoldenCatchesOneMissingHost); the tests also
// check the count of drawn elements beside each golden. On a mismatch the
// actual image goes to testdata/failed/name; run
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
	if d := compareImages(img, want); d.n > 0 {
		writePNG(t, filepath.Join("testdata", "failed", name), img)
		t.Errorf("%s: %s; actual image in testdata/failed/%s; -update to accept after looking", name, d, name)
	}
}

// imageDiff is how two images differ: n pixels, inside box, by at most
// most levels (0-255) in a channel.
type imageDiff struct {
	n    int
	box  image.Rectangle
	most uint32
	size string // set when the sizes differ (n is then 1)
}

func (d imageDiff) String() string {
	if d.size != "" {
		return d.size
	}
	return fmt.Sprintf("%d pixels differ, within %v, by up to %d levels", d.n, d.box, d.most)
}

// compareImages compares got with want pixel for pixel.
func compareImages(got, want image.Image) imageDiff {
	gb, wb := got.Bounds(), want.Bounds()
	if gb.Size() != wb.Size() {
		return imageDiff{n: 1, size: fmt.Sprintf("size %v, golden %v", gb.Size(), wb.Size())}
	}
	var d imageDiff
	for y := 0; y < gb.Dy(); y++ {
		for x := 0; x < gb.Dx(); x++ {
			r1, g1, b1, a1 := got.At(gb.Min.X+x, gb.Min.Y+y).RGBA()
			r2, g2, b2, a2 := want.At(wb.Min.X+x, wb.Min.Y+y).RGBA()
			m := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2), absDiff(a1, a2)) >> 8
			if r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2 {
				continue
			}
			d.n++
			d.most = max(d.most, m)
			d.box = d.box.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	return d
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
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
// with a server selected. Beside each image, the count of what it shows.
func TestPanelsGolden(t *testing.T) {
	u, w := newTestApp(t)
	all := render.Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 10}
	assertGolden(t, "window_ghostnet.png", w.Canvas().Capture())
	checkStats(t, "window_ghostnet.png", u, all)
	u.tabs.SelectIndex(0)
	assertGolden(t, "timeline.png", subImage(w.Canvas().Capture(), objectRect(w, u.tl)))
	if bars, n := histCounts(u); bars == 0 || n != 1295 {
		t.Errorf("timeline.png: %d bars holding %d hosts, want 1295", bars, n)
	}
	assertGolden(t, "facet_types.png", subImage(w.Canvas().Capture(), objectRect(w, u.types)))
	if rows, n := len(u.types.items), sum(u.types.counts); rows != 13 || n != 1295 {
		t.Errorf("facet_types.png: %d rows counting %d hosts, want 13 rows, 1295 hosts", rows, n)
	}
	for i := range u.ds.Hosts.Lon {
		if u.ds.Str(u.ds.Hosts.Name[i]) == "Office of the Dalai Lama, India" {
			u.selectItem(render.Item{Kind: render.KindHost, Index: i}, false)
			break
		}
	}
	assertGolden(t, "details_host.png", subImage(w.Canvas().Capture(), objectRect(w, u.details)))
	if rows := u.details.Rows(); len(rows) < 8 || !strings.Contains(u.details.Title(), "Dalai Lama") {
		t.Errorf("details_host.png: %q with %d rows", u.details.Title(), len(rows))
	}
	u.selectItem(render.Item{Kind: render.KindServer, Index: 1}, false)
	assertGolden(t, "window_server_selected.png", w.Canvas().Capture())
	checkStats(t, "window_server_selected.png", u, all)
	if n := len(u.details.Victims()); n != 231 {
		t.Errorf("window_server_selected.png: %d victims listed, want 231", n)
	}
}

// TestGoldenCatchesOneMissingHost: a window whose map lacks one host's dot
// (a host alone in its country, so no other covers it) fails the
// comparison the goldens use, and the count check beside it.
func TestGoldenCatchesOneMissingHost(t *testing.T) {
	u, w := newTestApp(t)
	// Without the links layer only the host's own dot can go missing, not
	// also the arc to its server.
	u.layers &^= render.LayerLinks
	u.redraw()
	want := w.Canvas().Capture()
	u.redraw()
	if d := compareImages(w.Canvas().Capture(), want); d.n != 0 {
		t.Fatalf("the same window drawn again: %s", d)
	}
	// The engine's visible set loses the host and the map is redrawn;
	// the panels are not recounted (same generation), so only the map
	// can differ.
	host := loneHost(u)
	u.eng.visible.Words()[host>>6] &^= 1 << (uint(host) & 63)
	u.redraw()
	d := compareImages(w.Canvas().Capture(), want)
	if d.n == 0 {
		t.Errorf("a window without host %d (%s) passes the golden comparison", host, u.ds.Str(u.ds.Hosts.Name[host]))
	}
	if m := objectRect(w, u.mapv); !d.box.Add(want.Bounds().Min).In(m) {
		t.Errorf("the difference, %v, is not inside the map, %v", d.box, m)
	}
	t.Logf("without host %d (%s): %s", host, u.ds.Country(host), d)
	if u.last.stats.Hosts != 1294 {
		t.Errorf("the frame drew %d hosts: the count check would not see the missing one", u.last.stats.Hosts)
	}
}

// loneHost is the first host that is the only one of its country.
func loneHost(u *App) int {
	n := map[uint16]int{}
	for _, c := range u.ds.Hosts.Country {
		n[c]++
	}
	for i, c := range u.ds.Hosts.Country {
		if n[c] == 1 {
			return i
		}
	}
	panic("every country has several hosts")
}

func checkStats(t *testing.T, name string, u *App, want render.Stats) {
	t.Helper()
	if u.last == nil || u.last.stats != want {
		t.Errorf("%s: the frame drew %+v, want %+v", name, u.last.stats, want)
	}
}

func histCounts(u *App) (bars, hosts int) {
	return len(u.counted.hist.Totals), sum(u.counted.hist.Totals)
}

func sum(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}

func subImage(img image.Image, r image.Rectangle) image.Image {
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
}

// objectRect is where o sits in the window's capture, in pixels.
func objectRect(w fyne.Window, o fyne.CanvasObject) image.Rectangle {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := w.Canvas().Scale()
	size := o.Size()
	return image.Rect(int(pos.X*s), int(pos.Y*s), int((pos.X+size.Width)*s), int((pos.Y+size.Height)*s))
}

// TestGoldenSmallWindowDetails: the window at 1024x700 with the details
// panel open (the small case): the map keeps most of its room, and
// the legend and caption cover at most a quarter of it.
func TestGoldenSmallWindowDetails(t *testing.T) {
	u, w := newTestApp(t)
	w.Resize(fyne.NewSize(1024, 700))
	for i := range u.ds.Hosts.Lon {
		if u.ds.Str(u.ds.Hosts.Name[i]) == "Office of the Dalai Lama, India" {
			u.selectItem(render.Item{Kind: render.KindHost, Index: i}, false)
			break
		}
	}
	img := w.Canvas().Capture()
	img = w.Canvas().Capture() // the map re-fitted to the room the panel left
	assertGolden(t, "window_1024_details.png", img)
	if !u.right.Visible() || !strings.Contains(u.details.Title(), "Dalai Lama") {
		t.Fatalf("details panel not open: %q", u.details.Title())
	}
	v := u.mapv.View
	legend, caption := u.eng.r.Overlays()
	mapArea := v.Width * v.Height
	covered := legend.Dx()*legend.Dy() + caption.Dx()*caption.Dy() - legend.Intersect(caption).Dx()*legend.Intersect(caption).Dy()
	if mapArea == 0 || float64(covered) > 0.25*float64(mapArea) {
		t.Errorf("legend %v and caption %v cover %d of the map's %dx%d pixels: more than a quarter", legend, caption, covered, v.Width, v.Height)
	}
	t.Logf("map %dx%d; legend %v, caption %v: %.0f%% covered", v.Width, v.Height, legend, caption, 100*float64(covered)/float64(max(mapArea, 1)))
	if u.sidebar.Visible() {
		t.Error("the filter panels stay beside the details panel at 1024 wide")
	}
	u.ClearSelection()
	if !u.sidebar.Visible() {
		t.Error("the filter panels do not come back when the details close")
	}
}
