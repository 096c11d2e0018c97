package ui

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"threatmap/data/geoip"
	"threatmap/data/ingest"
)

// TestLoadReportPlacement: File › Load report (WriteReport, which
// 'threatmap validate' prints too) says how an IP list's addresses were
// placed and why the others were not, as well as what was reconstructed.
func TestLoadReportPlacement(t *testing.T) {
	db := geoip.NewFunc("test-db", "2026-01-02", func(a netip.Addr) (geoip.Place, error) {
		if a.As4()[0] == 1 {
			return geoip.Place{Lon: 134, Lat: -25, Country: "AU", Precision: geoip.Country}, nil
		}
		return geoip.Place{}, geoip.ErrNotFound
	})
	_, r := ingest.Read(context.Background(), strings.NewReader("1.1.1.1\n1.2.3.4\n10.0.0.1\n9.9.9.9\n"), 0,
		ingest.Options{Name: "list.txt", GeoIP: db})
	var b strings.Builder
	WriteReport(&b, r)
	for _, want := range []string{
		"list.txt: iplist",
		"line 3: 10.0.0.1: private address, not geolocated",
		"reconstructed: position 2, country 2",
		"placed from IP: 2 at country level, 0 at city level (test-db, 2026-01-02); not placed: 1 not in the IP database, 1 private",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
