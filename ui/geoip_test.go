package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/geoip"
	"threatmap/data/geoip/geoiptest"
	"threatmap/data/ingest"
	"threatmap/data/threat"
)

// writeCityMMDB writes a one-network GeoLite2-City file.
func writeCityMMDB(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "GeoLite2-City.mmdb")
	b := geoiptest.MMDB("GeoLite2-City", 1767225600, []geoiptest.Net{{Prefix: "81.2.69.0/24", Record: map[string]any{
		"country":  map[string]any{"iso_code": "GB"},
		"location": map[string]any{"latitude": 51.5142, "longitude": -0.0931},
	}}})
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// overlayTexts lists the texts of the labels and buttons of the top dialog.
func overlayTexts(t *testing.T, w fyne.Window) (labels []string, buttons map[string]*widget.Button) {
	t.Helper()
	buttons = map[string]*widget.Button{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			labels = append(labels, v.Text)
		case *widget.Button:
			buttons[v.Text] = v
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(t, v).Objects() {
				walk(c)
			}
		}
	}
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	walk(top)
	return labels, buttons
}

// captureGeoIP replaces loadFunc with one that records the database the
// load was given and loads an empty dataset.
func captureGeoIP(t *testing.T) *[]*geoip.DB {
	var got []*geoip.DB
	old := loadFunc
	t.Cleanup(func() { loadFunc = old })
	loadFunc = func(ctx context.Context, files []string, _ func(int64, int64)) (*threat.Dataset, []*ingest.Report) {
		db, rep := geoipOf(ctx)
		got = append(got, db)
		ds, reps := old(ctx, files, func(int64, int64) {})
		if rep != nil {
			reps = append(reps, rep)
		}
		return ds, reps
	}
	return &got
}

// TestGeoIPPreference: choosing a file shows it as in use, remembers it,
// offers to reload the open files and the reload uses it; going back to
// the embedded database forgets it.
func TestGeoIPPreference(t *testing.T) {
	u, w := newTestApp(t)
	loads := captureGeoIP(t)
	feed := filepath.Join(t.TempDir(), "a.geojson")
	if err := os.WriteFile(feed, []byte(`{"type":"Feature","geometry":{"type":"Point","coordinates":[2,48]},"properties":{"id":"h1"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	u.open([]string{feed})
	if len(*loads) != 1 || (*loads)[0] != nil {
		t.Fatalf("first load: database %v, want the embedded one (nil)", *loads)
	}

	path := writeCityMMDB(t)
	db, err := geoip.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	u.setGeoIP(path, db)
	if got := u.app.Preferences().String(prefGeoIP); got != path {
		t.Errorf("preference = %q, want %q", got, path)
	}
	_, buttons := overlayTexts(t, w)
	if buttons["Yes"] == nil {
		t.Fatalf("no reload offered: buttons %v", buttons)
	}
	test.Tap(buttons["Yes"])
	if len(*loads) != 2 || (*loads)[1] != db {
		t.Fatalf("reload used %v, want %v", *loads, db)
	}

	u.ShowGeoIP()
	labels, buttons := overlayTexts(t, w)
	want := "In use: Your file " + path + ": GeoLite2-City, 2026-01-01."
	if !hasLabel(t, w, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	test.Tap(buttons["Use the embedded database"])
	if got := u.app.Preferences().String(prefGeoIP); got != "" {
		t.Errorf("preference = %q after going back to the embedded database", got)
	}
	_, buttons = overlayTexts(t, w)
	test.Tap(buttons["Yes"])
	if len(*loads) != 3 || (*loads)[2] != nil {
		t.Fatalf("third load used %v, want the embedded database (nil)", (*loads)[2:])
	}
	u.ShowGeoIP()
	if !hasLabel(t, w, "In use: The embedded country database: "+geoip.Embedded().Describe()+".") {
		labels, _ := overlayTexts(t, w)
		t.Errorf("the dialog does not name the embedded database: %q", labels)
	}
	if _, buttons = overlayTexts(t, w); !buttons["Use the embedded database"].Disabled() {
		t.Error("'Use the embedded database' enabled while it is in use")
	}
}

// hasLabel reports whether the dialog's label reads want (the App is
// Synchronous, so it is set before ShowGeoIP returns).
func hasLabel(t *testing.T, w fyne.Window, want string) bool {
	labels, _ := overlayTexts(t, w)
	for _, l := range labels {
		if l == want {
			return true
		}
	}
	return false
}

// TestGeoIPBadFile: a file that is not an MMDB is refused with its reason
// and the preference stays as it was.
func TestGeoIPBadFile(t *testing.T) {
	u, w := newTestApp(t)
	bad := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(bad, []byte("1.2.3.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := geoip.Open(bad)
	u.setGeoIP(bad, nil)
	u.geoipOpened(bad, err)
	if got := u.app.Preferences().String(prefGeoIP); got != "" {
		t.Errorf("preference = %q after a bad file", got)
	}
	labels, _ := overlayTexts(t, w)
	if !strings.Contains(strings.Join(labels, " "), "Cannot use list.txt as the IP geolocation database: geoip: "+bad+": not an MMDB file") {
		t.Errorf("error dialog says %q", labels)
	}
}

// TestGeoIPPreferenceGone: a remembered file that has since gone still
// lets the files load, and the load report says what happened.
func TestGeoIPPreferenceGone(t *testing.T) {
	u, _ := newTestApp(t)
	gone := filepath.Join(t.TempDir(), "gone.mmdb")
	u.app.Preferences().SetString(prefGeoIP, gone)
	u.geo = nil // as at start-up: read from the preferences on first use
	feed := filepath.Join(t.TempDir(), "a.geojson")
	if err := os.WriteFile(feed, []byte(`{"type":"Feature","geometry":{"type":"Point","coordinates":[2,48]},"properties":{"id":"h1"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	u.open([]string{feed})
	if u.ds == nil || u.ds.Hosts.Len() != 1 {
		t.Fatalf("the feed did not load: %v", u.ds)
	}
	var msg string
	for _, r := range u.reports {
		if r.Err != nil {
			msg = r.Err.Error()
		}
	}
	if !strings.Contains(msg, "IP geolocation database not used") || !strings.Contains(msg, gone) {
		t.Errorf("report error %q", msg)
	}
}

func TestAboutCreditsGeoIP(t *testing.T) {
	u, w := newTestApp(t)
	u.ShowAbout()
	labels, _ := overlayTexts(t, w)
	all := strings.Join(labels, "\n")
	for _, want := range []string{"ip-location-db geo-whois-asn-country, 2026-06-17", "NRO", "92.5%"} {
		if !strings.Contains(all, want) {
			t.Errorf("About lacks %q", want)
		}
	}
}

// TestAboutIPList: the About box of an IP list says what was filled in
// there (positions, countries, from the IP database, at country level),
// not GhostNet's account of a public report (dates, host-server links,
// confidence in an organisation's identity); GhostNet's keeps it. The
// summary line of an IP list counts no C2 servers ("0 of 0").
func TestAboutIPList(t *testing.T) {
	u, w := newTestApp(t)
	about := func() string {
		u.ShowAbout()
		labels, _ := overlayTexts(t, w)
		w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
		return strings.Join(labels, "\n")
	}
	ghost := about()
	for _, want := range []string{"host positions", "most dates", "host-server links", "(TW, VN)", "Confidence", "C2 server's location"} {
		if !strings.Contains(ghost, want) {
			t.Errorf("GhostNet's About lacks %q", want)
		}
	}
	u.open([]string{writeFile(t, "ips.txt", "8.8.8.8\n1.1.1.1\n81.2.69.10\n")})
	if u.ds.Hosts.Len() != 3 {
		t.Fatalf("IP list loaded %d hosts, want 3", u.ds.Hosts.Len())
	}
	if strings.Contains(u.summary.Text, "C2 server") {
		t.Errorf("summary of an IP list %q counts C2 servers", u.summary.Text)
	}
	ips := about()
	for _, want := range []string{"host positions", "country-level guesses", "from IP, country level"} {
		if !strings.Contains(ips, want) {
			t.Errorf("IP list's About lacks %q:\n%s", want, ips)
		}
	}
	for _, not := range []string{"dates", "host-server links", "public report", "Confidence", "C2 server"} {
		if strings.Contains(ips, not) {
			t.Errorf("IP list's About says %q:\n%s", not, ips)
		}
	}
}
