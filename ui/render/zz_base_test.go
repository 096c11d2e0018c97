package render

import (
	"image"
	"testing"
)

func BenchmarkZZBase(b *testing.B) {
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Layers: LayerBasemap}
	r.Draw(img, v, s)
	b.ResetTimer()
	for b.Loop() {
		r.baseValid = false
		r.drawBase(v, &Dark, LayerBasemap, nil)
	}
}
