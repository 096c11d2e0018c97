package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"

	"threatmap/data/filter"
	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

func TestVictimWording(t *testing.T) {
	for _, c := range []struct {
		name     string
		n, recon int
		want     string
	}{
		{"reported", 179, 0, "179 hosts report to it"},
		{"one reported", 1, 0, "1 host reports to it"},
		{"reconstructed", 179, 179, "179 hosts assigned to it (reconstructed links)"},
		{"one reconstructed", 1, 1, "1 host assigned to it (reconstructed link)"},
		{"mixed", 1295, 1000, "1,295 hosts tied to it (1,000 by reconstructed links)"},
	} {
		if got := victimWording(c.n, c.recon); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// reconLinkData: a server at (0, 0); a reported link to an embassy at
// (40, 0) and a reconstructed one to a ministry at (0, 40), both along
// great circles well away from each other.
func reconLinkData() *threat.Dataset {
	b := threat.NewBuilder(2)
	b.Meta().Reconstructed = true
	b.Meta().ReportedCountries = []string{"KE"}
	b.AddServer(threat.Server{ID: "c1", Name: "Control server 1", Role: threat.RoleControl, First: threat.NoTime, Last: threat.NoTime})
	h0 := b.AddHost(threat.Host{ID: "h0", Lon: 40, Lat: 0, Country: "KE", Type: "embassy", Server: 0, First: threat.NoTime, Last: threat.NoTime})
	h1 := b.AddHost(threat.Host{ID: "h1", Lon: 0, Lat: 40, Country: "ES", Type: "mfa", Server: 0, First: threat.NoTime, Last: threat.NoTime,
		Recon: threat.FieldLocation | threat.FieldServer, Props: `{"note":"Listed as ROC in the source"}`})
	b.AddLink(threat.Link{Server: 0, Host: int32(h0), Lon1: 40, First: threat.NoTime, Feature: 0})
	b.AddLink(threat.Link{Server: 0, Host: int32(h1), Lat1: 40, First: threat.NoTime, Feature: -1, Derived: true})
	return b.Build()
}

// tipText returns the tooltip's lines as shown.
func tipText(u *App) string {
	if !u.mapv.tip.shown() {
		return ""
	}
	var lines []string
	for _, o := range u.mapv.tip.body.Objects {
		lines = append(lines, o.(*canvas.Text).Text)
	}
	return strings.Join(lines, "\n")
}

// TestReconstructedLinkHover: hovering the reconstructed link, with a
// filter on, shows a tooltip that says it is reconstructed; the reported
// one does not; the server's count says "assigned" for the mixed server.
func TestReconstructedLinkHover(t *testing.T) {
	u, w := newTestApp(t)
	ds := reconLinkData()
	u.setDataset(ds, []*ingest.Report{{}}, nil)
	u.ResetView()
	u.redraw()
	w.Canvas().Capture()
	hoverAt := func(lon, lat float64) string {
		// The current view: the filter below refits the unmoved map.
		x, y := u.mapv.View.ToScreen(lon, lat)
		u.mapv.HideTip()
		u.hover(int(x), int(y))
		return tipText(u)
	}
	if tip := hoverAt(0, 20); !strings.Contains(tip, "C2 link (reconstructed") {
		t.Errorf("reconstructed link's tooltip:\n%s", tip)
	}
	if u.hovered.Kind != render.KindLink || ds.LinkRecon(u.hovered.Index)&threat.FieldLink == 0 {
		t.Errorf("hovered %+v, want the reconstructed link", u.hovered)
	}
	if tip := hoverAt(20, 0); !strings.HasPrefix(tip, "C2 link\n") {
		t.Errorf("reported link's tooltip:\n%s", tip)
	}
	if tip := hoverAt(0, 0); !strings.Contains(tip, "2 hosts tied to it (1 by reconstructed links)") {
		t.Errorf("server tooltip:\n%s", tip)
	}
	if tip := hoverAt(0, 40); !strings.Contains(tip, "Note: Listed as ROC in the source") {
		t.Errorf("host tooltip has no note:\n%s", tip)
	}
	// Filtered to Spain's host: its link keeps its flag; Kenya's is gone.
	if !u.countries.Set("KE", false) {
		t.Fatal("no KE in the Countries panel")
	}
	u.filtersChanged()
	u.redraw()
	if tip := hoverAt(0, 20); !strings.Contains(tip, "C2 link (reconstructed") {
		t.Errorf("filtered: reconstructed link's tooltip:\n%s", tip)
	}
	if tip := hoverAt(20, 0); strings.Contains(tip, "C2 link") {
		t.Errorf("filtered: the hidden link still answers:\n%s", tip)
	}
}

func TestServerWordingReconstructed(t *testing.T) {
	b := threat.NewBuilder(3)
	b.AddServer(threat.Server{ID: "c1", Role: threat.RoleControl, First: threat.NoTime, Last: threat.NoTime})
	for i := range 3 {
		h := b.AddHost(threat.Host{Lon: float64(i), Server: 0, First: threat.NoTime, Last: threat.NoTime, Recon: threat.FieldServer})
		b.AddLink(threat.Link{Server: 0, Host: int32(h), Lon1: float64(i), First: threat.NoTime, Derived: true, Feature: -1})
	}
	ds := b.Build()
	var vict filter.Set
	n := filter.Victims(ds, 0, &vict)
	if got := victimWording(n, reconVictims(ds, 0, &vict)); got != "3 hosts assigned to it (reconstructed links)" {
		t.Errorf("wording %q", got)
	}
	if got := serverCountsNote(ds); !strings.Contains(got, "assigned") {
		t.Errorf("C2 panel note %q", got)
	}
	if got := victimTies(ds, 0); got != " · assigned to it (reconstructed links)" {
		t.Errorf("details victims %q", got)
	}
}

func TestHostDetailsReconstructed(t *testing.T) {
	ds := reconLinkData()
	d := NewDetails()
	d.ShowHost(ds, 1)
	rows := map[string]string{}
	for _, r := range d.Rows() {
		rows[r[0]] = r[1]
	}
	if rows["location"] != "40.00, 0.00 (approximate)" {
		t.Errorf("reconstructed location %q", rows["location"])
	}
	if rows["note"] != "Listed as ROC in the source" || !strings.HasPrefix(d.note.Text, "Note: Listed as ROC") {
		t.Errorf("note row %q, heading note %q", rows["note"], d.note.Text)
	}
	d.ShowHost(ds, 0)
	for _, r := range d.Rows() {
		if r[0] == "location" && r[1] != "0.0000, 40.0000" {
			t.Errorf("reported location %q", r[1])
		}
	}
}

func TestCountriesFilledIn(t *testing.T) {
	u, _ := newTestApp(t)
	u.setDataset(reconLinkData(), []*ingest.Report{{}}, nil)
	if !strings.Contains(u.countries.Note(), "KE only") {
		t.Errorf("countries note %q", u.countries.Note())
	}
	for _, it := range u.countries.items {
		if it.Filled != (it.Key == "ES") {
			t.Errorf("%s: filled %v", it.Key, it.Filled)
		}
	}
	if !strings.HasPrefix(u.confidence.Note(), "Confidence: how sure the source is") {
		t.Errorf("confidence note %q", u.confidence.Note())
	}
}
