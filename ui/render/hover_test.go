package render

import (
	"image"
	"testing"
)

// TestDrawHoverMatchesFrame: a frame drawn without a hovered item with
// DrawHover's overlay composited on it shows what a frame drawn with that
// item hovered shows (within rounding), and the overlay's rectangle holds
// all of the highlight.
func TestDrawHoverMatchesFrame(t *testing.T) {
	ds := synthDataset(3, 2000, 1)
	v := World(EqualEarth, 640, 360)
	for _, it := range []Item{{KindHost, 5}, {KindServer, 1}, {KindLink, 3}} {
		t.Run(it.Kind.String(), func(t *testing.T) {
			var r Renderer
			plain := &Scene{Data: ds, Layers: DefaultLayers &^ (LayerLegend | LayerCaption)}
			hov := *plain
			hov.Hovered = it
			want := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
			r.Draw(want, v, &hov)
			got := image.NewRGBA(want.Rect)
			r.Draw(got, v, plain)
			before := image.NewRGBA(got.Rect)
			copy(before.Pix, got.Pix)
			over := image.NewRGBA(got.Rect)
			box := r.DrawHover(over, v, plain, it)
			if box.Empty() {
				t.Fatal("no highlight drawn")
			}
			compositeOver(got, over)
			changed, outside, worst := 0, 0, 0
			for y := range v.Height {
				for x := range v.Width {
					i := got.PixOffset(x, y)
					if over.Pix[i+3] != 0 && !image.Pt(x, y).In(box) {
						outside++
					}
					for c := range 4 {
						worst = max(worst, absDiff(got.Pix[i+c], want.Pix[i+c]))
						if before.Pix[i+c] != want.Pix[i+c] {
							changed++
						}
					}
				}
			}
			if worst > 2 || changed == 0 || outside != 0 {
				t.Errorf("%v: overlay differs from the hovered frame by up to %d (want ≤2); highlight bytes %d (want >0); %d pixels outside %v",
					it, worst, changed, outside, box)
			}
			if got := r.DrawHover(over, v, plain, Item{}); !got.Empty() || opaqueBounds(over) != (image.Rectangle{}) {
				t.Errorf("no item: overlay holds %v, want nothing", got)
			}
		})
	}
}

// compositeOver blends the premultiplied overlay o over dst.
func compositeOver(dst, o *image.RGBA) {
	for i := 0; i < len(o.Pix); i += 4 {
		ia := 255 - uint32(o.Pix[i+3])
		for c := range 4 {
			dst.Pix[i+c] = uint8((uint32(dst.Pix[i+c])*ia+127)/255 + uint32(o.Pix[i+c]))
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// BenchmarkHover1M is a change of the hovered item at 1M hosts (10k links),
// 1920x1080: the overlay alone (against BenchmarkSelection1M/hover-link,
// the whole frame the window drew for it before).
func BenchmarkHover1M(b *testing.B) {
	ds := bench1M()
	v := World(EqualEarth, 1920, 1080)
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	over := image.NewRGBA(img.Rect)
	s := &Scene{Data: ds, Layers: DefaultLayers}
	var r Renderer
	r.Draw(img, v, s)
	items := []Item{{KindLink, 5}, {KindHost, 7}, {KindServer, 0}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if r.DrawHover(over, v, s, items[i%len(items)]).Empty() {
			b.Fatal("nothing drawn")
		}
		i++
	}
}
