package ui

import (
	"image"
	"math/rand/v2"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// TestEngineGivesWayLosesNothing drives the engine on its own goroutine
// as the window does: a burst of wheel notches, the exact frame once the
// wheel rests, and a drag submitted while that frame is drawn (it gives
// way, see render.Renderer.Interrupt). Whatever was given up, the last
// frame delivered is the last input's, exact, and no input is left
// undrawn.
func TestEngineGivesWayLosesNothing(t *testing.T) {
	test.NewTempApp(t)
	ds := engineTestData(60_000)
	got := make(chan *result, 64)
	e := newEngine(func(r *result) {
		if r.img != nil {
			got <- r
		}
	}, func(render.Hit, bool) {}, false)
	var all filter.Set
	all.Reset(ds.Hosts.Len())
	for i := range ds.Hosts.Len() {
		all.Add(i)
	}
	in := input{ds: ds, server: -1, layers: render.DefaultLayers, view: render.World(render.EqualEarth, 800, 450), title: "t"}
	in.view.Width, in.view.Height = 800, 450
	wait := func(what string) *result {
		t.Helper()
		select {
		case r := <-got:
			return r
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: no frame delivered", what)
			return nil
		}
	}
	e.submit(in)
	e.release(wait("the first frame").img)
	for k := 0; k < 8; k++ {
		in.panning = true
		for range 3 { // a burst of notches
			in.view = in.view.ZoomAt(500, 200, 1.25)
			e.submit(in)
		}
		in.panning = false
		e.submit(in) // the wheel rests
		time.Sleep(time.Duration(k%4) * time.Millisecond)
		in.panning = true
		in.view = in.view.Pan(9, -4) // a drag starts at once
		e.submit(in)
		in.panning = false
		in.view = in.view.ZoomAt(400, 225, 1/1.25/1.25/1.25)
		e.submit(in) // and ends
		var last *result
		for last == nil || last.img.Rect.Dx() == 0 || !sameView(last, in.view) {
			if last != nil {
				e.release(last.img)
			}
			last = wait("the drag's end")
		}
		want := image.NewRGBA(image.Rect(0, 0, 800, 450))
		var fresh render.Renderer
		sc := in.scene(&all, nil)
		sc.Visible = nil
		fresh.Draw(want, in.view, &sc)
		for i := range want.Pix {
			if want.Pix[i] != last.img.Pix[i] {
				t.Fatalf("round %d: the last frame differs from a fresh render at byte %d", k, i)
			}
		}
		e.release(last.img)
	}
	t.Logf("%d exact frames gave way to a drag", e.gaveWay.Load())
}

// sameView reports whether r is the frame of view v (its stats carry no
// view: the engine's last input does).
func sameView(r *result, v render.View) bool { return r.view == v }

// engineTestData is n hosts around ten towns, each linked to one of four
// servers: enough links for a haze drawn by corridors.
func engineTestData(n int) *threat.Dataset {
	rng := rand.New(rand.NewPCG(3, 4))
	b := threat.NewBuilder(n)
	for s := range 4 {
		b.AddServer(threat.Server{ID: string(rune('a' + s)), Lon: 110 + 3*float64(s), Lat: 25, First: threat.NoTime, Last: threat.NoTime})
	}
	for i := range n {
		c := i % 10
		lon, lat := -120+25*float64(c)+rng.NormFloat64()*2, -30+8*float64(c)+rng.NormFloat64()*2
		s := int32(i % 4)
		h := b.AddHost(threat.Host{Lon: lon, Lat: lat, Country: "AA", Type: "unknown", Server: s, First: threat.NoTime, Last: threat.NoTime, Feature: int32(i)})
		b.AddLink(threat.Link{Server: s, Host: int32(h), Lon0: 110 + 3*float64(s), Lat0: 25, Lon1: lon, Lat1: lat, First: threat.NoTime, Feature: -1})
	}
	return b.Build()
}
