package render

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// hitData: a control server in Chengdu with a co-located host, hosts in
// Geneva, Canberra and Lagos, each linked to the server.
func hitData() *threat.Dataset {
	b := threat.NewBuilder(4)
	b.AddServer(threat.Server{ID: "ctl", Role: threat.RoleControl, Lon: 104.07, Lat: 30.67})
	add := func(lon, lat float64) {
		h := b.AddHost(threat.Host{Lon: lon, Lat: lat, Type: "embassy", Server: 0, First: threat.NoTime, Last: threat.NoTime})
		b.AddLink(threat.Link{Server: 0, Host: int32(h), Lon0: 104.07, Lat0: 30.67, Lon1: lon, Lat1: lat, First: threat.NoTime})
	}
	add(104.07, 30.67)  // 0: under the server
	add(6.14, 46.20)    // 1: Geneva
	add(149.13, -35.28) // 2: Canberra
	add(3.38, 6.52)     // 3: Lagos
	return b.Build()
}

// arcMid returns the lon/lat halfway along the great circle between two
// points (exact, with math).
func arcMid(lon0, lat0, lon1, lat1 float64) (float64, float64) {
	ax, ay, az := unit(lon0, lat0)
	bx, by, bz := unit(lon1, lat1)
	x, y, z := ax+bx, ay+by, az+bz
	return math.Atan2(y, x) / deg, math.Asin(z/math.Sqrt(x*x+y*y+z*z)) / deg
}

func TestHitTest(t *testing.T) {
	ds := hitData()
	onlyLagos := filter.NewSet(ds.Hosts.Len())
	onlyLagos.Add(3)
	for _, p := range Projections {
		v := World(p, 1920, 1080)
		at := func(lon, lat, dx, dy float64) (int, int) {
			x, y := v.ToScreen(lon, lat)
			return int(math.Floor(x + dx)), int(math.Floor(y + dy))
		}
		mlon, mlat := arcMid(104.07, 30.67, 6.14, 46.20)
		for _, tc := range []struct {
			name     string
			layers   Layers
			visible  *filter.Set
			lon, lat float64
			dx, dy   float64 // pixel offset from the point
			kind     Kind
			index    int
		}{
			{"host at its pixel", DefaultLayers, nil, 149.13, -35.28, 0, 0, KindHost, 2},
			{"host 20 px away", LayerHosts, nil, 149.13, -35.28, 20, 0, KindNone, 0},
			{"host 20 px below", LayerHosts, nil, 149.13, -35.28, 0, 20, KindNone, 0},
			{"server wins over host", DefaultLayers, nil, 104.07, 30.67, 0, 0, KindServer, 0},
			{"host under server without servers layer", LayerHosts, nil, 104.07, 30.67, 0, 0, KindHost, 0},
			{"link at arc midpoint", DefaultLayers, nil, mlon, mlat, 0, 0, KindLink, 1},
			{"link hidden with its host", DefaultLayers, onlyLagos, mlon, mlat, 0, 0, KindNone, 0},
			{"hidden host", LayerHosts, onlyLagos, 149.13, -35.28, 0, 0, KindNone, 0},
			{"visible host", LayerHosts, onlyLagos, 3.38, 6.52, 0, 0, KindHost, 3},
			{"empty ocean", DefaultLayers, nil, -140, -40, 0, 0, KindNone, 0},
		} {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				var r Renderer
				s := &Scene{Data: ds, Layers: tc.layers, Visible: tc.visible}
				x, y := at(tc.lon, tc.lat, tc.dx, tc.dy)
				h := r.HitTest(v, s, x, y, 6)
				if h.Kind != tc.kind || (h.Kind != KindNone && h.Index != tc.index) {
					t.Fatalf("HitTest at (%d, %d) = %v %d (%.1f px), want %v %d", x, y, h.Kind, h.Index, h.Dist, tc.kind, tc.index)
				}
				// The same after a Draw (the caches the frame builds).
				img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
				r.Draw(img, v, s)
				if h2 := r.HitTest(v, s, x, y, 6); h2.Kind != h.Kind || h2.Index != h.Index {
					t.Fatalf("after Draw: %v %d, before %v %d", h2.Kind, h2.Index, h.Kind, h.Index)
				}
			})
		}
	}
}

// BenchmarkHitTest1M: a warm hit test among 1M hosts and 10k links
// (microseconds, no allocation). TestHitTest pins the answers.
func BenchmarkHitTest1M(b *testing.B) {
	ds := bench1M()
	var r Renderer
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Data: ds, Layers: DefaultLayers}
	r.HitTest(v, s, 0, 0, 6)         // build the index
	x, y := v.ToScreen(76.32, 32.22) // Dharamsala: a crowded cell
	if h := r.HitTest(v, s, int(x), int(y), 6); h.Kind != KindHost {
		b.Fatalf("no host at Dharamsala: %v", h)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		r.HitTest(v, s, int(x)+i%7, int(y)+i%5, 6)
		i++
	}
}

// TestGridWalk checks the cell walk against dense sampling: every cell a
// segment passes through is visited, once, and nothing far from it.
func TestGridWalk(t *testing.T) {
	var g grid
	g.init(Equirectangular, 1<<16, 0)
	rng := rand.New(rand.NewPCG(3, 9))
	xm, ym := Equirectangular.Extent()
	for range 2000 {
		x0, y0 := (rng.Float64()*2-1)*xm, (rng.Float64()*2-1)*ym
		x1, y1 := x0+rng.NormFloat64()*g.cs*4, y0+rng.NormFloat64()*g.cs*4
		x1, y1 = max(-xm, min(xm-1e-9, x1)), max(-ym, min(ym-1e-9, y1))
		seen := map[int]int{}
		g.walk(x0, y0, x1, y1, func(k int) { seen[k]++ })
		for k, n := range seen {
			if n != 1 {
				t.Fatalf("cell %d visited %d times", k, n)
			}
		}
		const steps = 4000
		for i := 0; i <= steps; i++ {
			f := float64(i) / steps
			cx, cy := g.cell(x0+f*(x1-x0), y0+f*(y1-y0))
			if seen[cy*g.nx+cx] == 0 {
				t.Fatalf("segment (%g,%g)-(%g,%g): cell (%d,%d) on it not visited", x0, y0, x1, y1, cx, cy)
			}
		}
		if len(seen) > abs(int((x1-x0)/g.cs))+abs(int((y1-y0)/g.cs))+3 {
			t.Fatalf("segment visits %d cells, more than it crosses", len(seen))
		}
	}
}

// TestHitTestManyLinks: hundreds of thousands of long links keep the link
// index a small multiple of the arc segments (the bounding-box index it
// replaced overflowed at 1M links), and hover still finds a link.
func TestHitTestManyLinks(t *testing.T) {
	ds := synthLinks(5, 300_000, 300_000, 2)
	var r Renderer
	v := World(EqualEarth, 1920, 1080)
	s := &Scene{Data: ds, Layers: LayerLinks}
	lon, lat := arcMid(float64(ds.Links.Lon0[7]), float64(ds.Links.Lat0[7]), float64(ds.Links.Lon1[7]), float64(ds.Links.Lat1[7]))
	x, y := v.ToScreen(lon, lat)
	if h := r.HitTest(v, s, int(x), int(y), 6); h.Kind != KindLink {
		t.Fatalf("no link at the midpoint of link 7: %+v", h)
	}
	segs := len(r.arcs.xy)/2 - ds.Links.Len()
	if n := len(r.index.links.items); n > 4*segs {
		t.Fatalf("link index holds %d entries for %d segments", n, segs)
	}
}

// TestHitStackRim: pointing anywhere on a big stack's disc, its rim
// included, finds the stack (a fixed 6 px radius missed the rim of the
// 96-host marker); a few pixels beyond the rim, as around a lone host,
// still does; well outside it nothing is hit. A lone host keeps the 6 px
// slack around its small disc.
func TestHitStackRim(t *testing.T) {
	ds := stackData()
	v := View{Projection: EqualEarth, Center: orb.Point{78, 22}, Zoom: 6, Width: goldenW, Height: goldenH}
	s := &Scene{Data: ds, Layers: DefaultLayers}
	var r Renderer
	r.Draw(newFrame(v), v, s)
	cx, cy, rad, n := r.stackAt(0)
	if n != 96 || rad <= 8 {
		t.Fatalf("stack of 96: %d hosts, radius %.1f px; want a disc wider than the old 6 px reach", n, rad)
	}
	lone := singleRadius(markerScale(uiScale(v.Width, v.Height), v.Zoom))
	slack := 6 - lone
	for _, tc := range []struct {
		name  string
		dist  float64 // from the marker's centre
		count int     // hosts of the stack hit, 0 for none
	}{
		{"centre", 0, 96},
		{"half way", rad / 2, 96},
		{"rim", rad - 1, 96},
		{"just beyond the rim", rad + slack - 1, 96},
		{"well outside", rad + slack + 4, 0},
	} {
		for a := range 8 {
			ang := float64(a) * math.Pi / 4
			x := int(math.Floor(float64(cx) + 0.5 + tc.dist*math.Cos(ang)))
			y := int(math.Floor(float64(cy) + 0.5 + tc.dist*math.Sin(ang)))
			h := r.HitTest(v, s, x, y, 6)
			got := 0
			if h.Kind == KindHost {
				_, got = r.Stack(v, s, h.Index, nil, 0)
			}
			if got != tc.count {
				t.Errorf("%s, %.0f°: hit %v %d (stack of %d), want a stack of %d", tc.name, ang*180/math.Pi, h.Kind, h.Index, got, tc.count)
			}
		}
	}
	// The lone host in Bangalore: hit 5 px away, not 8.
	bx, by := v.ToScreen(77.59, 12.97)
	if h := r.HitTest(v, s, int(bx)+5, int(by), 6); h.Kind != KindHost || h.Index != 101 {
		t.Errorf("5 px from the lone host: %v %d, want host 101", h.Kind, h.Index)
	}
	if h := r.HitTest(v, s, int(bx)+9, int(by), 6); h.Kind != KindNone {
		t.Errorf("9 px from the lone host: %v %d, want nothing", h.Kind, h.Index)
	}
}
