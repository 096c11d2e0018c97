package render

import (
	"image"
	"math"
	"math/rand/v2"

	"testing"
	"threatmap/data/filter"
	"threatmap/data/threat"
)

// BenchmarkCorridors1M groups BenchmarkFrame1MLinks's million links into
// corridors at a new scale (what the first frame after a wheel burst pays
// before it draws).
func BenchmarkCorridors1M(b *testing.B) {
	ds := bench1MLinks()
	v := World(EqualEarth, 1920, 1080)
	var a arcCache
	a.update(ds, v.Projection, v.Scale())
	var c corridors
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.update(&a, v.Scale()/2*(1+float64(i%2)*1e-9))
	}
	b.ReportMetric(float64(len(c.rep)), "corridors")
}

// TestCorridorsMatchLinks: a haze drawn by corridors is the haze drawn
// link by link, within what the half-resolution grid resolves: the same
// light in all (the links' weights are kept), and no colour channel off
// by more than a quarter of its range, whole-world and zoomed in, plain
// and with a server's victims highlighted, and for links between nearly
// antipodal places (whose great circles fan out over the globe). Every link lies in its corridor's cells, and at world
// scale corridors are far fewer than links.
func TestCorridorsMatchLinks(t *testing.T) {
	ds := synthLinks(5, 30000, 20000, 2)
	var vict filter.Set
	filter.Victims(ds, 2, &vict)
	const w, h = 640, 360
	v0 := World(EqualEarth, w, h)
	only := LayerBasemap | LayerLinks
	cases := []struct {
		name string
		v    View
		s    Scene
	}{
		{"world", v0, Scene{Data: ds, Layers: only}},
		{"zoomed", v0.ZoomAt(300, 150, 3), Scene{Data: ds, Layers: only}},
		{"selected", v0, Scene{Data: ds, Layers: only, Highlight: &vict, Selected: Item{KindServer, 2}}},
	}
	// A server and a town nearly antipodal (their great circles fan out
	// over the globe), and far apart.
	for _, a := range []struct {
		name string
		ends [4]float64
	}{
		{"Madrid to Wellington", [4]float64{-3.7, 40.4, 176.3, -40.4}},
		{"Beijing to Buenos Aires", [4]float64{116.4, 39.9, -58.4, -34.6}},
		{"Moscow to Lima", [4]float64{37.6, 55.7, -77, -12}},
	} {
		cases = append(cases, struct {
			name string
			v    View
			s    Scene
		}{a.name, v0, Scene{Data: townLinks(a.ends, 8000), Layers: only}})
	}
	for _, c := range cases {
		ds := c.s.Data
		var byCor, byLink Renderer
		byLink.perLink = true
		a, b := image.NewRGBA(image.Rect(0, 0, w, h)), image.NewRGBA(image.Rect(0, 0, w, h))
		byCor.Draw(a, c.v, &c.s)
		byLink.Draw(b, c.v, &c.s)
		if !byCor.f.corridors || byLink.f.corridors {
			t.Fatalf("%s: corridors %v and %v, want drawn by corridors and by links", c.name, byCor.f.corridors, byLink.f.corridors)
		}
		var sa, sb, far, worst int
		for i := 0; i < len(a.Pix); i += 4 {
			for j := range 3 {
				pa, pb := int(a.Pix[i+j]), int(b.Pix[i+j])
				sa, sb = sa+pa, sb+pb
				if abs(pa-pb) > 64 {
					far++
				}
				worst = max(worst, abs(pa-pb))
			}
		}
		light := float64(sa-sb) / float64(sb)
		t.Logf("%s: %d corridors for %d links; light %+.2f%%, %d channels off by more than 64, worst %d", c.name, len(byCor.cor.rep), ds.Links.Len(), 100*light, far, worst)
		if math.Abs(light) > 0.005 || far > 0 {
			t.Errorf("%s: corridors draw %+.2f%% light, %d channels off by more than 64 levels", c.name, 100*light, far)
		}
		cr := &byCor.cor
		if c.v.Zoom == 1 && len(cr.rep) > ds.Links.Len()/2 {
			t.Errorf("%s: %d corridors for %d links", c.name, len(cr.rep), ds.Links.Len())
		}
		a2 := &byCor.arcs
		for l, g := range cr.of {
			k, _ := arcCells(a2.xy[2*a2.start[l]:2*a2.start[l+1]], math.Ldexp(1, cr.level))
			k.recon = cr.key[g].recon
			if k != cr.key[g] || cr.rep[g] > int32(l) {
				t.Fatalf("%s: link %d in corridor %d (%+v, first link %d), its cells %+v", c.name, l, g, cr.key[g], cr.rep[g], k)
			}
		}
	}
}

// townLinks is n hosts around a town (0.6° apart), each linked to one
// server: ends holds the server's and the town's longitude and latitude.
func townLinks(ends [4]float64, n int) *threat.Dataset {
	rng := rand.New(rand.NewPCG(1, 2))
	b := threat.NewBuilder(n)
	b.AddServer(threat.Server{ID: "s", Lon: ends[0], Lat: ends[1], First: threat.NoTime, Last: threat.NoTime})
	for i := range n {
		lon, lat := ends[2]+rng.NormFloat64()*0.6, ends[3]+rng.NormFloat64()*0.6
		h := b.AddHost(threat.Host{Lon: lon, Lat: lat, Country: "NZ", Type: "unknown", First: threat.NoTime, Last: threat.NoTime, Feature: int32(i)})
		b.AddLink(threat.Link{Host: int32(h), Lon0: ends[0], Lat0: ends[1], Lon1: lon, Lat1: lat, First: threat.NoTime, Feature: -1})
	}
	return b.Build()
}
