package render

import (
	"context"
	"fmt"
	"image"
	"os"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"

	"threatmap/data/ingest"
)

func TestZZColdDraw(t *testing.T) {
	f := os.Getenv("TM_FILE")
	if f == "" {
		t.Skip()
	}
	t0 := time.Now()
	ds, reps := ingest.LoadFiles(context.Background(), []string{f}, ingest.Options{})
	if reps[0].Err != nil {
		t.Fatal(reps[0].Err)
	}
	t.Logf("load %v", time.Since(t0))
	for i := 0; i < 1; i++ {
		t1 := time.Now()
		var r Renderer
		img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
		r.Draw(img, World(EqualEarth, 1920, 1080), &Scene{Data: ds, Layers: DefaultLayers, Title: "x", Lines: []string{"y"}})
		t.Logf("cold draw %v", time.Since(t1))
		t1 = time.Now()
		r.Draw(img, World(EqualEarth, 1920, 1080), &Scene{Data: ds, Layers: DefaultLayers, Title: "x", Lines: []string{"y"}})
		t.Logf("warm draw %v", time.Since(t1))
		if i == 0 {
			writePNG(t, "/tmp/export_before.png", img)
		}
	}
}

func TestZZFrame1MImage(t *testing.T) {
	out := os.Getenv("TM_OUT")
	if out == "" {
		t.Skip()
	}
	ds := bench1M()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 10k links"}}
	r.Draw(img, World(EqualEarth, 1920, 1080), s)
	r.Draw(img, World(EqualEarth, 1920, 1080), s)
	writePNG(t, out, img)
	v := FitBounds(EqualEarth, bound(60, 0, 130, 50), 1920, 1080)
	r.Draw(img, v, s)
	writePNG(t, out+".zoom.png", img)
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZCPU(t *testing.T) {
	if os.Getenv("TM_CPU") == "" {
		t.Skip()
	}
	ds := bench1M()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"1M hosts, 10k links"}}
	r.Draw(img, v, s)
	var hc hostCache
	hc.update(ds, EqualEarth)
	sc, ox, oy := v.affine()
	for rep := 0; rep < 3; rep++ {
		c0, w0 := cpuNow(), time.Now()
		for i := 0; i < 30; i++ {
			r.Draw(img, v, s)
		}
		c1, w1 := cpuNow(), time.Now()
		for i := 0; i < 30; i++ {
			referenceLoop(img, &hc, sc, ox, oy)
		}
		c2, w2 := cpuNow(), time.Now()
		t.Logf("frame cpu %v wall %v | ref cpu %v wall %v | cpu ratio %.2f wall ratio %.2f", (c1-c0)/30, w1.Sub(w0)/30, (c2-c1)/30, w2.Sub(w1)/30,
			float64(c1-c0)/float64(c2-c1), float64(w1.Sub(w0))/float64(w2.Sub(w1)))
	}
}

func TestZZCountSteps(t *testing.T) {
	if os.Getenv("TM_CPU") == "" {
		t.Skip()
	}
	ds := bench1M()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	r.Draw(img, v, &Scene{Data: ds, Layers: DefaultLayers})
	s, _, _ := v.affine()
	segs, steps, pts := 0, 0.0, len(r.arcs.xy)/2
	for l := 0; l+1 < len(r.arcs.start); l++ {
		for j := r.arcs.start[l] + 1; j < r.arcs.start[l+1]; j++ {
			ax, ay, bx, by := r.arcs.xy[2*j-2], r.arcs.xy[2*j-1], r.arcs.xy[2*j], r.arcs.xy[2*j+1]
			if ax != ax || bx != bx {
				continue
			}
			segs++
			steps += float64(max(abs32(ax-bx), abs32(ay-by))) * s / 2
		}
	}
	t.Logf("links %d points %d segs %d halfsteps %.0f level %d", len(r.arcs.start)-1, pts, segs, steps, r.arcs.level)
}

func BenchmarkZZDDA(b *testing.B) {
	ds := bench1M()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	r.Draw(img, v, &Scene{Data: ds, Layers: DefaultLayers})
	s, ox, oy := v.affine()
	var segs [][4]float32
	for l := 0; l+1 < len(r.arcs.start); l++ {
		for j := r.arcs.start[l] + 1; j < r.arcs.start[l+1]; j++ {
			ax, ay, bx, by := r.arcs.xy[2*j-2], r.arcs.xy[2*j-1], r.arcs.xy[2*j], r.arcs.xy[2*j+1]
			if ax != ax || bx != bx {
				continue
			}
			segs = append(segs, [4]float32{float32((float64(ax)*s + ox) / 2), float32((oy - float64(ay)*s) / 2), float32((float64(bx)*s + ox) / 2), float32((oy - float64(by)*s) / 2)})
		}
	}
	acc := make([]uint16, 964*542)
	b.ResetTimer()
	for b.Loop() {
		for _, g := range segs {
			ddaAcc(acc[965:], 964, 960, 540, g[0], g[1], g[2], g[3], 50, 100)
		}
	}
}

func ddaVar(acc []uint16, stride, w, h int, ax, ay, bx, by float32, wa, wb float32, mode int) {
	dx, dy := bx-ax, by-ay
	n := int(max(abs32(dx), abs32(dy)))
	if n == 0 {
		return
	}
	inv := 1 / float32(n)
	x, y := int32(ax*65536), int32(ay*65536)
	sx, sy := int32(dx*inv*65536), int32(dy*inv*65536)
	wt, sw := int32(wa*256), int32((wb-wa)*inv*256)
	if mode == 2 {
		for range n {
			p := int(y>>16)*stride + int(x>>16)
			acc[p] = uint16(wt >> 8)
			x += sx
			y += sy
			wt += sw
		}
		return
	}
	if mode == 3 {
		s := uint16(0)
		for range n {
			p := int(y>>16)*stride + int(x>>16)
			s += acc[p]
			x += sx
			y += sy
			wt += sw
		}
		acc[0] += s
		return
	}
	if mode == 1 {
		for range n {
			p := int(y>>16)*stride + int(x>>16)
			acc[p&1023] += uint16(wt >> 8)
			x += sx
			y += sy
			wt += sw
		}
		return
	}
	for range n {
		p := int(y>>16)*stride + int(x>>16)
		acc[p] += uint16(wt >> 8)
		x += sx
		y += sy
		wt += sw
	}
}

func BenchmarkZZDDAVar(b *testing.B) {
	ds := bench1M()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	r.Draw(img, v, &Scene{Data: ds, Layers: DefaultLayers})
	s, ox, oy := v.affine()
	var segs [][4]float32
	for l := 0; l+1 < len(r.arcs.start); l++ {
		for j := r.arcs.start[l] + 1; j < r.arcs.start[l+1]; j++ {
			ax, ay, bx, by := r.arcs.xy[2*j-2], r.arcs.xy[2*j-1], r.arcs.xy[2*j], r.arcs.xy[2*j+1]
			if ax != ax || bx != bx {
				continue
			}
			segs = append(segs, [4]float32{float32((float64(ax)*s + ox) / 2), float32((oy - float64(ay)*s) / 2), float32((float64(bx)*s + ox) / 2), float32((oy - float64(by)*s) / 2)})
		}
	}
	acc := make([]uint16, 964*542)
	for _, mode := range []int{0, 1, 2, 3} {
		b.Run(fmt.Sprint(mode), func(b *testing.B) {
			for b.Loop() {
				for _, g := range segs {
					ddaVar(acc[965:], 964, 960, 540, g[0], g[1], g[2], g[3], 50, 100, mode)
				}
			}
		})
	}
}

func TestZZCountN(t *testing.T) {
	if os.Getenv("TM_CPU") == "" {
		t.Skip()
	}
	ds := bench1M()
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	v := World(EqualEarth, 1920, 1080)
	r.Draw(img, v, &Scene{Data: ds, Layers: DefaultLayers})
	s, ox, oy := v.affine()
	tot := 0
	for l := 0; l+1 < len(r.arcs.start); l++ {
		for j := r.arcs.start[l] + 1; j < r.arcs.start[l+1]; j++ {
			ax, ay, bx, by := r.arcs.xy[2*j-2], r.arcs.xy[2*j-1], r.arcs.xy[2*j], r.arcs.xy[2*j+1]
			if ax != ax || bx != bx {
				continue
			}
			g := [4]float32{float32((float64(ax)*s + ox) / 2), float32((oy - float64(ay)*s) / 2), float32((float64(bx)*s + ox) / 2), float32((oy - float64(by)*s) / 2)}
			tot += int(max(abs32(g[2]-g[0]), abs32(g[3]-g[1])))
		}
	}
	t.Logf("n total %d", tot)
	t0 := time.Now()
	x := 0
	for i := 0; i < tot; i++ {
		x += i * 7 >> 3
	}
	t.Logf("plain loop %v %d", time.Since(t0), x)
}

func TestZZColdDrawOnly(t *testing.T) {
	f := os.Getenv("TM_FILE")
	if f == "" {
		t.Skip()
	}
	ds, _ := ingest.LoadFiles(context.Background(), []string{f}, ingest.Options{})
	pf, _ := os.Create("/tmp/colddraw.prof")
	pprof.StartCPUProfile(pf)
	t1 := time.Now()
	r := Renderer{Once: true}
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	r.Draw(img, World(EqualEarth, 1920, 1080), &Scene{Data: ds, Layers: DefaultLayers, Title: "x", Lines: []string{"y"}})
	t.Logf("cold draw %v", time.Since(t1))
	pprof.StopCPUProfile()
}
