package render

import (
	"context"
	"image"
	"image/color"
	idraw "image/draw"
	"image/gif"
	"os"
	"path/filepath"
	"testing"

	"threatmap/data/filter"
	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/data/timeline"
)

// ghostNet is the embedded default dataset.
func ghostNet(t testing.TB) *threat.Dataset {
	ds, rep := ingest.Default()
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	return ds
}

// ghostAnim is an animation of GhostNet's whole range, w x h, n frames.
func ghostAnim(t testing.TB, w, h, n int, th Theme) *Animation {
	ds := ghostNet(t)
	first, last, _ := ds.TimeRange()
	return &Animation{Data: ds, View: World(EqualEarth, w, h), Frames: n,
		Play:  Playback{Mode: timeline.Cumulative, First: first, Last: last},
		Scene: Scene{Layers: DefaultLayers, Theme: th, Title: "GhostNet", Lines: []string{"animation test"}}}
}

// writeAnim writes a to dir/name and returns the path.
func writeAnim(t testing.TB, a *Animation, fps int, name string) string {
	path := filepath.Join(t.TempDir(), name)
	out, err := CreateOutput(path, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Abort()
	if err := WriteAnimation(context.Background(), out, a, fps, nil); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}

// still draws the map at playback instant now as a still export would:
// the window player's time window (timeline.Player), a fresh one-frame
// renderer, and the date.
func still(a *Animation, now int64) *image.RGBA {
	q := a.Query
	pl := timeline.Player{Mode: a.Play.Mode, First: a.Play.First, Last: a.Play.Last, Now: now}
	pl.Constrain(&q)
	var vis filter.Set
	q.Apply(a.Data, &vis)
	sc := a.Scene
	sc.Data, sc.Visible = a.Data, &vis
	img := image.NewRGBA(image.Rect(0, 0, a.View.Width, a.View.Height))
	r := Renderer{Once: true}
	r.Draw(img, a.View, &sc)
	var an Animator
	an.drawDate(img, a.Play.Label(now, a.Frames), &sc.Theme, uiScale(img.Rect.Dx(), img.Rect.Dy()))
	return img
}

// TestGIFAnimation: the GIF has the frames asked for, of the size asked
// for, looping, each frame after the first a changed rectangle over the
// last; its first and last frames are the stills at those moments, the
// legend's colours exact and in every frame's palette.
func TestGIFAnimation(t *testing.T) {
	for _, th := range []Theme{Dark, Light} {
		t.Run(th.Name, func(t *testing.T) {
			const w, h, n = 480, 270, 6
			a := ghostAnim(t, w, h, n, th)
			path := writeAnim(t, a, 10, "spread.gif")
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			g, err := gif.DecodeAll(f)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(g.Image) != n || g.Config.Width != w || g.Config.Height != h || g.LoopCount != 0 {
				t.Fatalf("%d frames of %dx%d, loop %d; want %d of %dx%d looping", len(g.Image), g.Config.Width, g.Config.Height, g.LoopCount, n, w, h)
			}
			if g.Delay[0] != 10 || g.Delay[n-1] != 10+int(HoldLast.Milliseconds()/10) {
				t.Errorf("delays %v: want 10 and the last held %v longer", g.Delay, HoldLast)
			}
			frames := composite(g)
			for i, p := range g.Image[1:] {
				if g.Disposal[i+1] != gif.DisposalNone || p.Bounds() == image.Rect(0, 0, w, h) && !hasTransparent(p) {
					t.Errorf("frame %d: disposal %d, bounds %v: want a delta over the last frame", i+1, g.Disposal[i+1], p.Bounds())
				}
			}
			for _, p := range g.Image {
				for _, c := range th.Types {
					if !inPalette(p.Palette, c) {
						t.Fatalf("legend colour %v is not in a frame's palette", c)
					}
				}
			}
			compareStill(t, "first", frames[0], still(a, a.Play.First), &th)
			compareStill(t, "last", frames[n-1], still(a, a.Play.Last), &th)
		})
	}
}

// composite plays g's frames (disposal none, transparency) into full
// frames.
func composite(g *gif.GIF) []*image.RGBA {
	canvas := image.NewRGBA(image.Rect(0, 0, g.Config.Width, g.Config.Height))
	var out []*image.RGBA
	for _, p := range g.Image {
		idraw.Draw(canvas, p.Bounds(), p, p.Bounds().Min, idraw.Over)
		out = append(out, image.NewRGBA(canvas.Rect))
		copy(out[len(out)-1].Pix, canvas.Pix)
	}
	return out
}

func hasTransparent(p *image.Paletted) bool {
	for _, c := range p.Palette {
		if _, _, _, a := c.RGBA(); a == 0 {
			return true
		}
	}
	return false
}

func inPalette(p color.Palette, c color.NRGBA) bool {
	for _, q := range p {
		if r, g, b, a := q.RGBA(); a == 0xFFFF && uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(b>>8) == c.B {
			return true
		}
	}
	return false
}

// compareStill checks a decoded frame against the still: every pixel of a
// theme colour (legend swatches, hosts, servers, text, land) exact, and
// the quantised rest close. A missing or moved host breaks the first.
func compareStill(t *testing.T, name string, got, want *image.RGBA, th *Theme) {
	t.Helper()
	fixed := map[uint32]bool{}
	for _, c := range themeColors(th) {
		fixed[c] = true
	}
	swatches := map[uint32]bool{}
	for _, c := range th.Types {
		swatches[rgb(c.R, c.G, c.B)] = true
	}
	exact, wrongFixed, sum, seen := 0, 0, 0, 0
	for i := 0; i < len(want.Pix); i += 4 {
		wc := rgb(want.Pix[i], want.Pix[i+1], want.Pix[i+2])
		gc := rgb(got.Pix[i], got.Pix[i+1], got.Pix[i+2])
		if wc == gc {
			exact++
		}
		if fixed[wc] && wc != gc {
			wrongFixed++
		}
		if swatches[wc] {
			seen++
		}
		for k := range 3 {
			sum += absd(want.Pix[i+k], got.Pix[i+k])
		}
	}
	n := len(want.Pix) / 4
	mean := float64(sum) / float64(3*n)
	if wrongFixed > 0 || seen == 0 || float64(exact)/float64(n) < 0.6 || mean > 3 {
		os.MkdirAll("testdata/failed", 0o755)
		writePNGFile(filepath.Join("testdata/failed", "anim_"+th.Name+"_"+name+".png"), got)
		writePNGFile(filepath.Join("testdata/failed", "anim_"+th.Name+"_"+name+"_want.png"), want)
		t.Errorf("%s frame: %d theme-colour pixels changed, %d swatch pixels in the still, %.1f%% exact, mean error %.2f (want 0, > 0, >= 60%%, <= 3)",
			name, wrongFixed, seen, 100*float64(exact)/float64(n), mean)
	}
}

func writePNGFile(path string, img *image.RGBA) {
	if f, err := os.Create(path); err == nil {
		EncodePNG(f, img)
		f.Close()
	}
}

// TestGIFIdenticalFrames: frames that do not change still count, as one
// transparent pixel each.
func TestGIFIdenticalFrames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "same.gif")
	f, _ := os.Create(path)
	g, err := NewGIFWriter(f, 8, 4, &Dark)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 8, 4))
	idraw.Draw(img, img.Rect, image.NewUniform(Dark.Land), image.Point{}, idraw.Src)
	for range 3 {
		if err := g.WriteFrame(img, 5); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, _ := os.Open(path)
	defer r.Close()
	d, err := gif.DecodeAll(r)
	if err != nil || len(d.Image) != 3 || d.Image[1].Bounds() != image.Rect(0, 0, 1, 1) {
		t.Fatalf("decode: %v; frames %d", err, len(d.Image))
	}
	if c := composite(d)[2].RGBAAt(3, 2); c.R != Dark.Land.R || c.G != Dark.Land.G || c.B != Dark.Land.B {
		t.Errorf("pixel %v, want the land colour", c)
	}
}

// BenchmarkAnimationGhostNet: 60 frames of GhostNet at 1280x720 written as
// a GIF (target: under 30 s and 20 MB on the 2-core machine).
func BenchmarkAnimationGhostNet(b *testing.B) {
	a := ghostAnim(b, 1280, 720, 60, Dark)
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		path := writeAnim(b, a, 10, "bench.gif")
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = st.Size()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}
