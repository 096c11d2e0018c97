package render

import (
	"image"
	"strings"
	"testing"

	"threatmap/data/threat"
)

// reconData: two servers; in Europe, hosts at reported positions with
// reported links; in South-East Asia, hosts at reconstructed positions
// with reconstructed (derived) links.
func reconData() *threat.Dataset {
	b := threat.NewBuilder(8)
	m := b.Meta()
	m.Title = "Reported and reconstructed"
	m.Sources = []string{"Test report (2009) https://example.org/report"}
	m.Reconstructed = true
	m.ReportedCountries = []string{"FR", "DE"}
	b.AddServer(threat.Server{ID: "c1", Role: threat.RoleControl, Lon: 113.26, Lat: 23.13, First: threat.NoTime, Last: threat.NoTime})
	b.AddServer(threat.Server{ID: "m1", Role: threat.RoleCommand, Lon: 121.47, Lat: 31.23, First: threat.NoTime, Last: threat.NoTime})
	add := func(lon, lat float64, cc, typ string, srv int32, recon bool) {
		var hr, lr threat.Field
		if recon {
			hr, lr = threat.FieldLocation|threat.FieldServer, threat.FieldLink
		}
		h := b.AddHost(threat.Host{Lon: lon, Lat: lat, Country: cc, Type: typ, Server: srv, First: threat.NoTime, Last: threat.NoTime, Recon: hr})
		s := []threat.Server{{Lon: 113.26, Lat: 23.13}, {Lon: 121.47, Lat: 31.23}}[srv]
		b.AddLink(threat.Link{Server: srv, Host: int32(h), Lon0: s.Lon, Lat0: s.Lat, Lon1: lon, Lat1: lat,
			First: threat.NoTime, Feature: -1, Recon: lr, Derived: recon})
	}
	add(2.35, 48.86, "FR", "mfa", 0, false)
	add(13.40, 52.52, "DE", "embassy", 0, false)
	add(-0.13, 51.51, "GB", "embassy", 1, false)
	add(105.85, 21.03, "VN", "mfa", 1, true)
	add(100.50, 13.76, "TH", "embassy", 0, true)
	add(106.85, -6.21, "ID", "news_media", 1, true)
	add(90.41, 23.81, "BD", "mfa", 0, true)
	return b.Build()
}

// TestGoldenReconstructed: reconstructed links are fainter than reported
// ones, reconstructed positions hollow, each with its legend row, and the
// footnote says so under the caption.
func TestGoldenReconstructed(t *testing.T) {
	ds := reconData()
	v := FitBounds(EqualEarth, bound(-20, -20, 140, 65), goldenW, goldenH)
	s := &Scene{Data: ds, Layers: DefaultLayers | LayerChoropleth, Title: ds.Meta.Title, Lines: SourceLines(&ds.Meta)}
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, goldenW, goldenH))
	r.Draw(img, v, s)
	if r.reconLinks != 4 || r.reconHosts != 4 {
		t.Errorf("reconstructed links %d, hosts %d; want 4 and 4", r.reconLinks, r.reconHosts)
	}
	rows := r.legendRows(s, &Dark, r.LastStats(), -1)
	want := map[int]string{rowReconLink: "reconstructed link", rowHollow: "position reconstructed", rowLink: "C2 link, server → host"}
	for _, row := range rows {
		if w, ok := want[row.kind]; ok && row.label == w {
			delete(want, row.kind)
		}
	}
	if len(want) > 0 {
		t.Errorf("legend rows missing: %v", want)
	}
	// Paris (reported) is a filled disc: its centre has the type colour;
	// Hanoi (reconstructed) is a ring: its centre does not.
	px, py := v.ToScreen(2.35, 48.86)
	if !closeTo(Dark.TypeColor("mfa"), 40)(img.RGBAAt(int(px), int(py))) {
		t.Errorf("Paris centre %v, want the mfa colour", img.RGBAAt(int(px), int(py)))
	}
	hx, hy := v.ToScreen(105.85, 21.03)
	if closeTo(Dark.TypeColor("mfa"), 40)(img.RGBAAt(int(hx), int(hy))) {
		t.Errorf("Hanoi centre has the mfa colour: not hollow")
	}
	assertGolden(t, "reconstructed", img, r.LastStats(), Stats{Hosts: 7, OnScreen: 7, Links: 7, Servers: 2})
}

// TestGoldenNoCaption: with the caption layer off, the footnote stays.
func TestGoldenNoCaption(t *testing.T) {
	ds := reconData()
	v := FitBounds(EqualEarth, bound(-20, -20, 140, 65), goldenW, goldenH)
	s := &Scene{Data: ds, Layers: DefaultLayers &^ LayerCaption, Theme: Light, Title: ds.Meta.Title, Lines: SourceLines(&ds.Meta)}
	var r Renderer
	img := image.NewRGBA(image.Rect(0, 0, goldenW, goldenH))
	r.Draw(img, v, s)
	if r.footH == 0 {
		t.Errorf("no footnote without the caption")
	}
	assertGolden(t, "no_caption", img, r.LastStats(), Stats{Hosts: 7, OnScreen: 7, Links: 7, Servers: 2})
}

func TestFootnote(t *testing.T) {
	m := &threat.Meta{Sources: []string{"Test report (2009) https://example.org"}}
	for _, c := range []struct {
		name         string
		recon        bool
		links, hosts bool
		want         string
	}{
		{"nothing", false, false, false, ""},
		{"both", true, true, true, "Source: Test report (2009) · reconstructed values marked (faint links, hollow hosts)"},
		{"links", false, true, false, "Source: Test report (2009) · reconstructed values marked (faint links)"},
		{"meta only", true, false, false, "Source: Test report (2009) · some values reconstructed, not reported"},
	} {
		m.Reconstructed = c.recon
		if got := Footnote(m, c.links, c.hosts); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := FilledCountriesNote([]string{"CN", "TW"}); !strings.Contains(got, "other than CN, TW filled in") {
		t.Errorf("FilledCountriesNote = %q", got)
	}
}
