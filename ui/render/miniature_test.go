package render

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"threatmap/data/ingest"
	"threatmap/data/threat"
)

// boxDown shrinks src by the whole factor n, each pixel the mean of an
// n x n block (a box filter).
func boxDown(src *image.RGBA, n int) *image.RGBA {
	w, h := src.Rect.Dx()/n, src.Rect.Dy()/n
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var sum [4]int
			for dy := range n {
				p := src.Pix[(y*n+dy)*src.Stride+4*x*n:]
				for dx := range n {
					for c := range 4 {
						sum[c] += int(p[4*dx+c])
					}
				}
			}
			for c := range 4 {
				dst.Pix[y*dst.Stride+4*x+c] = uint8((sum[c] + n*n/2) / (n * n))
			}
		}
	}
	return dst
}

// meanAbsDiff is the mean absolute difference of a and b per colour
// channel (R, G, B), 0 to 255.
func meanAbsDiff(a, b *image.RGBA) float64 {
	sum, n := 0, 0
	for y := range a.Rect.Dy() {
		pa, pb := a.Pix[y*a.Stride:], b.Pix[y*b.Stride:]
		for x := range a.Rect.Dx() {
			for c := range 3 {
				sum += absd(pa[4*x+c], pb[4*x+c])
				n++
			}
		}
	}
	return float64(sum) / float64(n)
}

// ghostExportScene is the embedded GhostNet dataset as an export draws
// it by default.
func ghostExportScene() *Scene {
	ds, _ := ingest.Default()
	return &Scene{Data: ds, Layers: DefaultLayers, Title: ds.Meta.Title, Lines: SourceLines(&ds.Meta)}
}

// drawOut draws s over the whole world at w x h as a miniature of out
// (zero: as itself).
func drawOut(s *Scene, w, h int, out image.Point) (*image.RGBA, *Renderer) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := &Renderer{}
	sc := *s
	sc.OutputSize = out
	r.Draw(img, World(EqualEarth, w, h), &sc)
	return img, r
}

// panelShares is the share of the frame the legend, the caption and the
// footnote cover.
func panelShares(r *Renderer) [3]float64 {
	l, c := r.Overlays()
	a := float64(r.f.w * r.f.h)
	return [3]float64{float64(area(l)) / a, float64(area(c)) / a, float64(r.footH) / float64(r.f.h)}
}

// TestMiniatureMatchesExport: a 480x270 preview of a 1920x1080 GhostNet
// export drawn with OutputSize is the export in small: close to the
// export shrunk by a box filter, with the same names and counts placed and
// the panels covering the same share of the frame. Drawn as a 480x270
// frame of its own, text, markers and panels come out about twice as big
// relative to the map and the legend collapses to one line.
//
// The bound on the mean difference, 3 of 255 per channel: what remains is
// rasterising at a quarter of the resolution rather than averaging
// (anti-aliased edges of 0.2-px strokes and 3-px glyphs, marker centres
// on whole pixels, half a preview pixel off at most); the miniature
// measured 1.8, the plain thumbnail 16.5.
func TestMiniatureMatchesExport(t *testing.T) {
	s := ghostExportScene()
	const W, H, n = 1920, 1080, 4
	full, rf := drawOut(s, W, H, image.Point{})
	down := boxDown(full, n)
	mini, rm := drawOut(s, W/n, H/n, image.Pt(W, H))
	plain, rp := drawOut(s, W/n, H/n, image.Point{})
	dm, dp := meanAbsDiff(mini, down), meanAbsDiff(plain, down)
	t.Logf("mean absolute difference from the export shrunk: miniature %.2f, plain 480x270 %.2f", dm, dp)
	if dm > 3 {
		t.Errorf("miniature differs from the export shrunk by %.2f per channel, want at most 3", dm)
	}
	if dp < 4*dm {
		t.Errorf("plain thumbnail differs by %.2f, miniature by %.2f: want the miniature 4x closer", dp, dm)
	}
	if dir := os.Getenv("THREATMAP_MINIATURE_DIR"); dir != "" { // to look at them
		for name, img := range map[string]*image.RGBA{"export_shrunk": down, "miniature": mini, "plain": plain} {
			f, err := os.Create(filepath.Join(dir, name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			png.Encode(f, img)
			f.Close()
		}
	}
	// The names and counts written: the same boxes, in the export's pixels.
	if len(rf.placed.texts) == 0 || !slices.Equal(rf.placed.texts, rm.placed.texts) {
		t.Errorf("export placed %d names and counts, miniature %d, not the same ones", len(rf.placed.texts), len(rm.placed.texts))
	}
	if rf.stacks.cell != rm.stacks.cell || len(rf.stacks.used) != len(rm.stacks.used) {
		t.Errorf("stacks: export %d in %d-px cells, miniature %d in %d-px cells", len(rf.stacks.used), rf.stacks.cell, len(rm.stacks.used), rm.stacks.cell)
	}
	ef, mf, pf := panelShares(rf), panelShares(rm), panelShares(rp)
	t.Logf("legend, caption, footnote shares: export %.4f, miniature %.4f, plain %.4f", ef, mf, pf)
	for i, what := range []string{"legend", "caption", "footnote"} {
		if d := mf[i]/ef[i] - 1; d < -0.05 || d > 0.05 {
			t.Errorf("%s covers %.4f of the miniature, %.4f of the export", what, mf[i], ef[i])
		}
	}
	if pf[2] < 2*ef[2] {
		t.Errorf("plain thumbnail's footnote covers %.4f, export's %.4f: expected about 3x (uiScale's floor)", pf[2], ef[2])
	}
}

// TestMiniatureSameStacks: a preview of a 4K export bins its hosts in the
// export's cells (12 export pixels, 1.5 preview pixels), so that it draws
// the export's markers: 96 hosts at Delhi as one stack, 40 hosts 1.7°
// apart as 40 markers. A plain 480x270 frame bins in its own 5-px cells
// and merges some of those.
func TestMiniatureSameStacks(t *testing.T) {
	b := threat.NewBuilder(1)
	for i := range 96 {
		b.AddHost(threat.Host{Lon: 77.2 + 0.01*float64(i%4), Lat: 28.6, Type: "embassy", Server: -1, First: threat.NoTime, Last: threat.NoTime})
	}
	for i := range 40 {
		b.AddHost(threat.Host{Lon: -60 + 1.7*float64(i), Lat: -10 + 0.9*float64(i%7), Type: "ministry", Server: -1, First: threat.NoTime, Last: threat.NoTime})
	}
	s := &Scene{Data: b.Build(), Layers: DefaultLayers}
	_, rf := drawOut(s, 3840, 2160, image.Point{})
	_, rm := drawOut(s, 480, 270, image.Pt(3840, 2160))
	count := func(r *Renderer) (cells int, sizes []uint32) {
		for _, c := range r.stacks.used {
			sizes = append(sizes, r.stacks.n[c])
		}
		slices.Sort(sizes)
		return len(sizes), sizes
	}
	nf, sf := count(rf)
	nm, sm := count(rm)
	if !slices.Equal(sf, sm) {
		t.Errorf("export draws %d markers %v, miniature %d %v", nf, sf, nm, sm)
	}
	_, rp := drawOut(s, 480, 270, image.Point{})
	np, sp := count(rp)
	t.Logf("markers: export %d, miniature %d, plain 480x270 %d %v", nf, nm, np, sp)
	if slices.Equal(sf, sp) {
		t.Errorf("a plain 480x270 frame draws the export's markers too: the test shows nothing")
	}
	if _, _, rad, n := rm.stackAt(0); n != 96 || rad <= 0 {
		t.Errorf("miniature's stack at Delhi: %d hosts, radius %.2f", n, rad)
	}
}

// TestMiniatureTinyText: a 32x18 miniature of a 16384x9216 export draws
// its text under half a pixel high, CJK and Arabic included: no panic,
// and the panels are still laid out.
func TestMiniatureTinyText(t *testing.T) {
	for _, s := range []*Scene{scriptsScene(), ghostExportScene()} {
		img, r := drawOut(s, 32, 18, image.Pt(16384, 9216))
		if r.f.k > 0.02 {
			t.Errorf("size factor %.3f: the text is not tiny", r.f.k)
		}
		if leg, _ := r.Overlays(); leg.Empty() {
			t.Errorf("no legend laid out in the tiny miniature")
		}
		if img.Pix[len(img.Pix)-1] == 0 {
			t.Errorf("frame not drawn")
		}
	}
}

// TestMiniatureSameSizeIsPlain: an OutputSize equal to the frame's draws
// the frame as without one, pixel for pixel.
func TestMiniatureSameSizeIsPlain(t *testing.T) {
	s := worldScene(synthDataset(1, 1295, 0.3))
	a, _ := drawOut(s, 640, 360, image.Point{})
	b, _ := drawOut(s, 640, 360, image.Pt(640, 360))
	if !slices.Equal(a.Pix, b.Pix) {
		t.Errorf("OutputSize of the frame's own size changed the picture")
	}
}

// BenchmarkPreview4K: the export dialog's preview of a 4K export of
// GhostNet, drawn at the 480x270 the dialog shows (as a miniature), and at
// 1440x810 as it was drawn before, then shrunk. One renderer per
// preview, as the dialog draws each.
func BenchmarkPreview4K(b *testing.B) {
	s := ghostExportScene()
	for _, c := range []struct {
		name string
		w, h int
		out  image.Point
	}{
		{"thumbnail480", 480, 270, image.Pt(3840, 2160)},
		{"at810", 1440, 810, image.Point{}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			sc := *s
			sc.OutputSize = c.out
			v := World(EqualEarth, c.w, c.h)
			for b.Loop() {
				img := image.NewRGBA(image.Rect(0, 0, c.w, c.h))
				r := Renderer{Once: true}
				r.Draw(img, v, &sc)
			}
		})
	}
}

// TestMiniatureCachesKeyed: one renderer drawing a frame as a miniature,
// then as itself, then as a miniature again draws each as a fresh
// renderer does: the caches (base map, panels, sprites, faces, link
// layer, stamps) are keyed on the size factor.
func TestMiniatureCachesKeyed(t *testing.T) {
	// GhostNet's size (links as lines), and 20,000 links (a kept haze).
	for _, s := range []*Scene{worldScene(synthDataset(1, 1295, 0.3)), {Data: synthLinks(5, 30000, 20000, 2), Layers: DefaultLayers}} {
		const w, h = 480, 270
		var r Renderer
		for i, out := range []image.Point{{1920, 1080}, {}, {1920, 1080}, {3840, 2160}, {3840, 2160}} {
			img := image.NewRGBA(image.Rect(0, 0, w, h))
			sc := *s
			sc.OutputSize = out
			r.Draw(img, World(EqualEarth, w, h), &sc)
			want, _ := drawOut(s, w, h, out)
			if !slices.Equal(img.Pix, want.Pix) {
				t.Errorf("%d links, frame %d (output %v) differs from a fresh renderer's", s.Data.Links.Len(), i, out)
			}
		}
	}
}

// TestMiniatureFitLevel: at export sizes where the legend and caption
// are trimmed to fit (fit.go), the miniature trims and wraps them as its
// export does: each panel covers the export's share of the frame, within
// 5% (panel images are whole pixels: a 40x70-px legend loses up to a
// pixel each way); another fit level or one caption line more or less
// would move it 10% or more.
func TestMiniatureFitLevel(t *testing.T) {
	s := longCaptionScene(synthDataset(1, 1295, 0.3))
	for _, sz := range []image.Point{{560, 550}, {640, 360}, {1024, 700}, {1280, 720}, {1440, 900}, {2480, 3508}} {
		_, rf := drawOut(s, sz.X, sz.Y, image.Point{})
		k := min(480/float64(sz.X), 270/float64(sz.Y))
		_, rm := drawOut(s, int(float64(sz.X)*k+0.5), int(float64(sz.Y)*k+0.5), sz)
		ef, mf := panelShares(rf), panelShares(rm)
		t.Logf("%v: legend, caption shares: export %.4f, miniature %.4f", sz, ef[:2], mf[:2])
		for i, what := range []string{"legend", "caption"} {
			if d := mf[i]/ef[i] - 1; d < -0.05 || d > 0.05 {
				t.Errorf("%v: %s covers %.4f of the miniature, %.4f of the export", sz, what, mf[i], ef[i])
			}
		}
	}
}

// TestMiniatureOfAnotherShape: a frame far from its output's shape (a
// 100000x1 strip of a 1920x1080 export) is drawn as itself, without
// panicking or sizing grids for an output millions of pixels wide.
func TestMiniatureOfAnotherShape(t *testing.T) {
	s := worldScene(synthDataset(1, 1295, 0.3))
	for _, sz := range []image.Point{{100000, 1}, {1, 100000}, {20000, 3}} {
		sc := *s
		sc.OutputSize = image.Pt(1920, 1080)
		var r Renderer
		r.Draw(image.NewRGBA(image.Rect(0, 0, sz.X, sz.Y)), World(EqualEarth, sz.X, sz.Y), &sc)
		if r.f.mini != 1 {
			t.Errorf("%v: drawn as a miniature (%.3g frame pixels an output pixel)", sz, r.f.mini)
		}
	}
}
