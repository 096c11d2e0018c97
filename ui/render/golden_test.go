package render

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// goldenW, goldenH: small enough to keep goldens light, big enough to judge.
const goldenW, goldenH = 960, 540

// assertGolden compares img with testdata/name.png exactly, and the
// renderer's count of what it drew with want: every golden is drawn from
// integer-seeded data at a fixed size, and the frame does not depend on
// the core count, so any changed pixel is a change to look at. On a
// mismatch the actual image lands in testdata/failed/name.png
// (git-ignored).
func assertGolden(t *testing.T, name string, img *image.RGBA, got, want Stats) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		writePNG(t, path, img)
		return
	}
	if got != want {
		t.Errorf("%s: drew %+v, want %+v", name, got, want)
	}
	diff, err := goldenDiff(path, img)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test ./ui/render -update to create it)", path, err)
	}
	if diff != "" {
		out := filepath.Join("testdata", "failed", name+".png")
		writePNG(t, out, img)
		t.Errorf("%s: %s; actual image in %s; if the change is intended, look at it and run go test ./ui/render -update", name, diff, out)
	}
}

// goldenDiff compares img with the PNG at path pixel by pixel and returns
// "" when they are identical, else how many pixels differ, by how much at
// most, and where.
func goldenDiff(path string, img *image.RGBA) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		return "", err
	}
	b := img.Bounds()
	if want.Bounds() != b {
		return fmt.Sprintf("size %v, golden %v", b.Size(), want.Bounds().Size()), nil
	}
	bad, worst := 0, 0
	var box image.Rectangle
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			a := img.RGBAAt(x, y)
			w := color.RGBAModel.Convert(want.At(x, y)).(color.RGBA)
			if a == w {
				continue
			}
			bad++
			worst = max(worst, absd(a.R, w.R), absd(a.G, w.G), absd(a.B, w.B), absd(a.A, w.A))
			box = box.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	if bad == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d pixels differ, by up to %d levels, within %v", bad, worst, box), nil
}

func absd(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// draw renders s through v into a fresh golden-size image.
func draw(v View, s *Scene) *image.RGBA {
	img, _ := drawStats(v, s)
	return img
}

// drawStats is draw, also returning what the renderer says it drew.
func drawStats(v View, s *Scene) (*image.RGBA, Stats) {
	img := image.NewRGBA(image.Rect(0, 0, goldenW, goldenH))
	var r Renderer
	r.Draw(img, v, s)
	return img, r.LastStats()
}

var ghostLines = []string{"Observed 22 May 2007 – 12 Mar 2009", "Source: synthetic test data shaped like GhostNet", "Reconstructed data: positions are synthetic."}

// near reports whether some pixel within d of (x, y) satisfies ok.
func near(img *image.RGBA, x, y, d int, ok func(color.RGBA) bool) bool {
	for yy := y - d; yy <= y+d; yy++ {
		for xx := x - d; xx <= x+d; xx++ {
			if image.Pt(xx, yy).In(img.Rect) && ok(img.RGBAAt(xx, yy)) {
				return true
			}
		}
	}
	return false
}

func sameAt(a, b *image.RGBA, x, y, d int) bool {
	for yy := y - d; yy <= y+d; yy++ {
		for xx := x - d; xx <= x+d; xx++ {
			if image.Pt(xx, yy).In(a.Rect) && a.RGBAAt(xx, yy) != b.RGBAAt(xx, yy) {
				return false
			}
		}
	}
	return true
}

func closeTo(c color.NRGBA, tol int) func(color.RGBA) bool {
	return func(p color.RGBA) bool {
		return absd(p.R, c.R) <= tol && absd(p.G, c.G) <= tol && absd(p.B, c.B) <= tol
	}
}

// worldScene is the scene of the ghostnet_world golden.
func worldScene(ds *threat.Dataset) *Scene {
	return &Scene{Data: ds, Layers: DefaultLayers, Title: "GhostNet-like world view", Lines: ghostLines}
}

// hazeScene is the scene of the haze golden.
func hazeScene(ds *threat.Dataset) *Scene {
	return &Scene{Data: ds, Layers: DefaultLayers, Title: "6,000 links", DensityThreshold: 20000}
}

func TestGoldenGhostNetWorld(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	v := World(EqualEarth, goldenW, goldenH)
	img, st := drawStats(v, worldScene(ds))
	// Probe: Canberra's embassy hosts are drawn at their coordinates.
	x, y := v.ToScreen(149.13, -35.28)
	if !near(img, int(x), int(y), 2, closeTo(Dark.TypeColor("embassy"), 40)) {
		t.Errorf("no embassy-coloured host at Canberra (%.0f, %.0f)", x, y)
	}
	assertGolden(t, "ghostnet_world", img, st, Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 8})
}

func TestGoldenFiltered(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	vis := filter.NewSet(ds.Hosts.Len())
	filter.Query{Types: []string{"mfa", "embassy"}}.Apply(ds, vis)
	v := FitBounds(EqualEarth, bound(60, -15, 130, 45), goldenW, goldenH)
	s := &Scene{Data: ds, Visible: vis, Layers: DefaultLayers | LayerChoropleth, Theme: Light,
		Title: "Foreign ministries and embassies", Lines: []string{"Filter: types Foreign ministry, Embassy"}}
	img, st := drawStats(v, s)
	// Hanoi has only private broadband and unidentified hosts: the filter
	// excludes all of them, so nothing is drawn there (same pixels as with
	// no host at all).
	bare := draw(v, &Scene{Data: ds, Layers: LayerBasemap, Theme: Light})
	hosts := draw(v, &Scene{Data: ds, Visible: vis, Layers: LayerBasemap | LayerHosts, Theme: Light})
	hx, hy := v.ToScreen(105.85, 21.03)
	if !sameAt(hosts, bare, int(hx), int(hy), 3) {
		t.Errorf("something drawn at Hanoi (%.0f, %.0f) although the filter excludes its hosts", hx, hy)
	}
	// Jakarta has foreign ministry hosts: drawn.
	jx, jy := v.ToScreen(106.85, -6.21)
	if sameAt(hosts, bare, int(jx), int(jy), 2) {
		t.Errorf("nothing drawn at Jakarta (%.0f, %.0f)", jx, jy)
	}
	assertGolden(t, "filtered", img, st, Stats{Hosts: 360, OnScreen: 241, Links: 360, Servers: 7})
}

// antimeridianData: one command server in San Francisco, one host in Tokyo.
func antimeridianData() *threat.Dataset {
	b := threat.NewBuilder(1)
	b.AddServer(threat.Server{ID: "sf", Role: threat.RoleCommand, Lon: -122.42, Lat: 37.77})
	h := b.AddHost(threat.Host{Lon: 139.69, Lat: 35.69, Type: "mfa", Server: 0, First: threat.NoTime, Last: threat.NoTime})
	b.AddLink(threat.Link{Server: 0, Host: int32(h), Lon0: -122.42, Lat0: 37.77, Lon1: 139.69, Lat1: 35.69, First: threat.NoTime})
	return b.Build()
}

func TestGoldenAntimeridian(t *testing.T) {
	ds := antimeridianData()
	v := World(Equirectangular, goldenW, goldenH)
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "San Francisco → Tokyo"}
	img, st := drawStats(v, s)
	noLinks := draw(v, &Scene{Data: ds, Layers: s.Layers &^ LayerLinks, Title: s.Title})
	// The arc crosses the Pacific: near the antimeridian (lon ±175) around
	// 45-50°N it is drawn...
	for _, lon := range []float64{-175, 175} {
		found := false
		for lat := 40.0; lat <= 56; lat += 0.25 {
			x, y := v.ToScreen(lon, lat)
			if !sameAt(img, noLinks, int(x), int(y), 0) {
				found = true
			}
		}
		if !found {
			t.Errorf("link not drawn over the Pacific at lon %v", lon)
		}
	}
	// ...and never over Europe, Africa or the Atlantic.
	for lon := -60.0; lon <= 60; lon += 5 {
		for lat := -60.0; lat <= 70; lat += 5 {
			x, y := v.ToScreen(lon, lat)
			if !sameAt(img, noLinks, int(x), int(y), 0) {
				t.Fatalf("link drawn at lon %v lat %v", lon, lat)
			}
		}
	}
	assertGolden(t, "antimeridian", img, st, Stats{Hosts: 1, OnScreen: 1, Links: 1, Servers: 1})
}

func TestGoldenEmpty(t *testing.T) {
	ds := threat.NewBuilder(0).Build()
	img, st := drawStats(World(EqualEarth, goldenW, goldenH), &Scene{Data: ds, Layers: DefaultLayers | LayerGraticule, Title: "Empty dataset"})
	assertGolden(t, "empty", img, st, Stats{})
}

func TestGoldenOneHost(t *testing.T) {
	b := threat.NewBuilder(1)
	b.AddHost(threat.Host{Lon: 2.35, Lat: 48.86, Country: "FR", Type: "embassy", Server: -1, First: threat.NoTime, Last: threat.NoTime})
	ds := b.Build()
	v := World(Mercator, goldenW, goldenH)
	img, st := drawStats(v, &Scene{Data: ds, Layers: DefaultLayers, Theme: Light, Title: "One host"})
	x, y := v.ToScreen(2.35, 48.86)
	if c := img.RGBAAt(int(x), int(y)); !closeTo(Light.TypeColor("embassy"), 30)(c) {
		t.Errorf("pixel at Paris (%.0f, %.0f) = %v, want the embassy colour", x, y, c)
	}
	assertGolden(t, "one_host", img, st, Stats{Hosts: 1, OnScreen: 1})
}

func bound(minLon, minLat, maxLon, maxLat float64) (b orb.Bound) {
	b.Min[0], b.Min[1], b.Max[0], b.Max[1] = minLon, minLat, maxLon, maxLat
	return b
}

// TestGoldenHaze pins the many-links path: links drawn at half resolution
// and upsampled, hosts as a density raster.
func TestGoldenHaze(t *testing.T) {
	ds := synthLinks(5, 60000, 6000, 1.5)
	v := World(EqualEarth, goldenW, goldenH)
	s := hazeScene(ds)
	img, st := drawStats(v, s)
	noLinks := draw(v, &Scene{Data: ds, Layers: s.Layers &^ LayerLinks, Title: s.Title, DensityThreshold: 20000})
	// Halfway between Chengdu's server and London the haze is drawn, in
	// the link colour (warm: red above blue).
	mlon, mlat := arcMid(104.07, 30.67, -0.13, 51.51)
	x, y := v.ToScreen(mlon, mlat)
	if !near(img, int(x), int(y), 3, func(c color.RGBA) bool {
		b := noLinks.RGBAAt(int(x), int(y))
		return int(c.R) > int(b.R)+20 && c.R > c.B
	}) {
		t.Errorf("no link haze halfway from Chengdu to London (%.0f, %.0f)", x, y)
	}
	// Nothing over the south Atlantic.
	px, py := v.ToScreen(-20, -45)
	if !sameAt(img, noLinks, int(px), int(py), 4) {
		t.Errorf("links drawn over the south Atlantic")
	}
	assertGolden(t, "haze", img, st, Stats{Hosts: 60000, OnScreen: 60000, Links: 6000, Density: true, Servers: 8})
}

// TestGoldenServerSelected: the victims of one server stand out; the rest
// of the map is dimmed, not hidden.
func TestGoldenServerSelected(t *testing.T) {
	ds := synthDataset(1, 1295, 0.3)
	const srv = 3 // the San Francisco control server: few victims
	vict := filter.NewSet(ds.Hosts.Len())
	filter.Victims(ds, srv, vict)
	if vict.Count() == 0 || vict.Count() == ds.Hosts.Len() {
		t.Fatalf("server %d has %d victims", srv, vict.Count())
	}
	v := World(EqualEarth, goldenW, goldenH)
	s := &Scene{Data: ds, Layers: DefaultLayers, Highlight: vict, Selected: Item{Kind: KindServer, Index: srv},
		Title: "Victims of " + ds.Servers[srv].ID, Lines: ghostLines}
	img, st := drawStats(v, s)
	plain := draw(v, &Scene{Data: ds, Layers: DefaultLayers, Title: s.Title, Lines: ghostLines})
	// A victim is ringed in the selection colour.
	for i := range ds.Hosts.Len() {
		if !vict.Has(i) {
			continue
		}
		x, y := v.ToScreen(float64(ds.Hosts.Lon[i]), float64(ds.Hosts.Lat[i]))
		if !near(img, int(x), int(y), 6, closeTo(Dark.Selected, 30)) {
			t.Errorf("victim %d at (%.0f, %.0f) not ringed", i, x, y)
		}
		break
	}
	// Open ocean (South Pacific) is darker than without a selection.
	ox, oy := v.ToScreen(-130, -30)
	a, b := img.RGBAAt(int(ox), int(oy)), plain.RGBAAt(int(ox), int(oy))
	if int(a.R)+int(a.G)+int(a.B) >= int(b.R)+int(b.G)+int(b.B) {
		t.Errorf("ocean not dimmed under a selection: %v vs %v", a, b)
	}
	assertGolden(t, "server_selected", img, st, Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 8})
}

// TestHighlightSelectedServersLinks: with a server selected, its victims'
// links to it are stroked in the hover colour, not a victim's link to
// another server.
func TestHighlightSelectedServersLinks(t *testing.T) {
	build := func(both bool) *threat.Dataset {
		b := threat.NewBuilder(1)
		b.AddServer(threat.Server{ID: "sf", Role: threat.RoleCommand, Lon: -122.42, Lat: 37.77})
		b.AddServer(threat.Server{ID: "cpt", Role: threat.RoleControl, Lon: 18.42, Lat: -33.92})
		h := b.AddHost(threat.Host{Lon: 139.69, Lat: 35.69, Type: "mfa", Server: 0, First: threat.NoTime, Last: threat.NoTime})
		b.AddLink(threat.Link{Server: 0, Host: int32(h), Lon0: -122.42, Lat0: 37.77, Lon1: 139.69, Lat1: 35.69, First: threat.NoTime})
		if both {
			b.AddLink(threat.Link{Server: 1, Host: int32(h), Lon0: 18.42, Lat0: -33.92, Lon1: 139.69, Lat1: 35.69, First: threat.NoTime})
		}
		return b.Build()
	}
	hover := func(ds *threat.Dataset) int {
		var high filter.Set
		high.Reset(1)
		high.Add(0)
		v := World(Equirectangular, goldenW, goldenH)
		img := draw(v, &Scene{Data: ds, Layers: DefaultLayers, Highlight: &high, Selected: Item{Kind: KindServer, Index: 0}})
		n := 0
		for i := 0; i < len(img.Pix); i += 4 {
			if r, g, b := img.Pix[i], img.Pix[i+1], img.Pix[i+2]; b > 180 && g > 160 && r < 150 {
				n++
			}
		}
		return n
	}
	one, both := hover(build(false)), hover(build(true))
	if one == 0 {
		t.Fatal("the selected server's link is not stroked")
	}
	if both > one+one/10 {
		t.Errorf("%d hover-coloured pixels with a second link to another server, %d without it", both, one)
	}
}

// TestCountOf: one in the singular, any other count in the plural, with
// thousands separators.
func TestCountOf(t *testing.T) {
	if got := CountOf(1, "host") + "|" + CountOf(1295, "host") + "|" + CountOf(0, "host"); got != "1 host|1,295 hosts|0 hosts" {
		t.Errorf("CountOf: %q", got)
	}
	if got := CountOf(2, "source address"); got != "2 source addresses" {
		t.Errorf("CountOf: %q", got)
	}
}

// TestLegendHostNoun: the legend counts hosts by what the data says they
// are: the addresses of a log are sources, maybe attackers, not
// "compromised hosts".
func TestLegendHostNoun(t *testing.T) {
	ds := reconData()
	for noun, want := range map[string]string{"": "compromised hosts", "source address": "source addresses"} {
		ds.Meta.HostNoun = noun
		s := &Scene{Data: ds, Layers: DefaultLayers}
		var r Renderer
		r.Draw(image.NewRGBA(image.Rect(0, 0, 320, 200)), FitBounds(EqualEarth, bound(-20, -20, 140, 65), 320, 200), s)
		if rows := r.legendRows(s, &Dark, r.LastStats(), -1); !strings.HasSuffix(rows[0].label, want) {
			t.Errorf("HostNoun %q: legend header %q, want … %s", noun, rows[0].label, want)
		}
	}
}

// TestHighlightLinksOnScreen: zoomed in on a few of a big server's
// victims, all their links are stroked; the thinning that keeps a frame of
// 100k links fast counts only the links on screen (it counted them all,
// and drew about half of these).
func TestHighlightLinksOnScreen(t *testing.T) {
	const near, far = 100, maxHighlightLinks + 900
	b := threat.NewBuilder(1)
	b.AddServer(threat.Server{ID: "s", Role: threat.RoleControl, Lon: 0, Lat: 0})
	for i := range near + far {
		lon, lat := -60.0, 32+float64(i)*0.16 // a column of victims, their links apart
		if i >= near {
			lon, lat = 120, float64(i%60)-30
		}
		h := b.AddHost(threat.Host{Lon: lon, Lat: lat, Type: "mfa", Server: 0, First: threat.NoTime, Last: threat.NoTime})
		b.AddLink(threat.Link{Server: 0, Host: int32(h), Lon0: 0, Lat0: 0, Lon1: lon, Lat1: lat, First: threat.NoTime})
	}
	ds := b.Build()
	v := World(Equirectangular, goldenW, goldenH)
	v.Center, v.Zoom = orb.Point{-55, 40}, 12
	hover := func(n int) int {
		var high filter.Set
		high.Reset(ds.Hosts.Len())
		for i := range n {
			high.Add(i)
		}
		img := draw(v, &Scene{Data: ds, Layers: DefaultLayers &^ LayerHosts, Highlight: &high, Selected: Item{Kind: KindServer, Index: 0}})
		c := 0
		for i := 0; i < len(img.Pix); i += 4 {
			if r, g, b := img.Pix[i], img.Pix[i+1], img.Pix[i+2]; b > 180 && g > 160 && r < 150 {
				c++
			}
		}
		return c
	}
	nearOnly, all := hover(near), hover(near+far)
	if nearOnly == 0 {
		t.Fatal("no link stroked")
	}
	if all < nearOnly-nearOnly/20 {
		t.Errorf("%d hover-coloured pixels with the far victims highlighted too, %d with the near ones only", all, nearOnly)
	}
}

// TestGoldenCatchesOneMissingHost: drawn without one of its hosts (a
// loader that lost a feature), a golden scene fails the golden check,
// both its pixels and its counts, whether the host is drawn as a point or
// is one count among thousands in the density raster.
func TestGoldenCatchesOneMissingHost(t *testing.T) {
	for _, tc := range []struct {
		name, golden string
		data         func(drop int) *threat.Dataset
		scene        func(*threat.Dataset) *Scene
		drops        []int
		want         Stats
	}{
		{"points", "ghostnet_world", func(drop int) *threat.Dataset { return synthWithout(1, 1295, 1295, 0.3, drop) },
			worldScene, []int{0, 647, 1294}, Stats{Hosts: 1295, OnScreen: 1295, Links: 1295, Servers: 8}},
		{"density", "haze", func(drop int) *threat.Dataset { return synthWithout(5, 60000, 6000, 1.5, drop) },
			hazeScene, []int{0, 30000, 59999}, Stats{Hosts: 60000, OnScreen: 60000, Links: 6000, Density: true, Servers: 8}},
	} {
		for _, drop := range tc.drops {
			t.Run(fmt.Sprintf("%s/without %d", tc.name, drop), func(t *testing.T) {
				img, st := drawStats(World(EqualEarth, goldenW, goldenH), tc.scene(tc.data(drop)))
				if st == tc.want {
					t.Errorf("counts %+v match the golden's without host %d", st, drop)
				}
				diff, err := goldenDiff(filepath.Join("testdata", tc.golden+".png"), img)
				if err != nil {
					t.Fatal(err)
				}
				if diff == "" {
					t.Errorf("pixels match %s without host %d", tc.golden, drop)
				}
				t.Logf("without host %d: %s", drop, diff)
			})
		}
	}
}
