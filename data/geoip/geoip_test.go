package geoip

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/oschwald/maxminddb-golang/v2"

	"threatmap/assets"
	"threatmap/data/basemap"
	"threatmap/data/geoip/geoiptest"
)

func TestReserved(t *testing.T) {
	for _, c := range []struct{ addr, want string }{
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "this network"},
		{"10.0.0.1", "private"},
		{"10.255.255.255", "private"},
		{"11.0.0.1", ""},
		{"100.63.255.255", ""},
		{"100.64.0.1", "shared (CGNAT)"},
		{"100.127.255.255", "shared (CGNAT)"},
		{"100.128.0.0", ""},
		{"127.0.0.1", "loopback"},
		{"169.254.1.1", "link-local"},
		{"169.253.1.1", ""},
		{"172.15.255.255", ""},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"172.32.0.0", ""},
		{"192.0.0.8", "IETF protocol assignments"},
		{"192.0.2.55", "documentation"},
		{"192.0.3.1", ""},
		{"192.168.1.1", "private"},
		{"198.17.255.255", ""},
		{"198.18.0.1", "benchmarking"},
		{"198.19.255.255", "benchmarking"},
		{"198.20.0.0", ""},
		{"198.51.100.7", "documentation"},
		{"203.0.113.9", "documentation"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.255", "multicast"},
		{"240.0.0.1", "reserved"},
		{"255.255.255.254", "reserved"},
		{"255.255.255.255", "broadcast"},
		{"8.8.8.8", ""},
		{"::", "unspecified"},
		{"::1", "loopback"},
		{"::ffff:10.1.2.3", "private"},
		{"::ffff:8.8.8.8", ""},
		{"100::1", "discard-only"},
		{"2001:db8::1", "documentation"},
		{"3fff::1", "documentation"},
		{"2001:2::1", "benchmarking"},
		{"fc00::1", "private"},
		{"fd12:3456::1", "private"},
		{"fe80::1", "link-local"},
		{"fec0::1", "site-local"},
		{"ff02::1", "multicast"},
		{"2606:4700::1111", ""},
		{"fe80::1%eth0", "link-local"},
		{"::1%lo", "loopback"},
		{"fd12:3456::1%2", "private"},
		{"ff02::1%eth0", "multicast"},
		{"2606:4700::1111%eth0", ""},
	} {
		if got := Reserved(netip.MustParseAddr(c.addr)); got != c.want {
			t.Errorf("Reserved(%s) = %q, want %q", c.addr, got, c.want)
		}
	}
	if got := Reserved(netip.Addr{}); got != "invalid" {
		t.Errorf("Reserved(zero) = %q", got)
	}
}

func TestLookupReserved(t *testing.T) {
	_, err := Embedded().Lookup(netip.MustParseAddr("192.168.0.1"))
	if !errors.Is(err, ErrReserved) || err.Error() != "reserved address: private" {
		t.Fatalf("err = %v", err)
	}
}

// lookupCase is one address of a test database and where it must land.
type lookupCase struct {
	addr string
	want Place
	err  error
}

func TestOpenLayouts(t *testing.T) {
	ch := mustPoint(t, "CH")
	se, bt, jp, fr := mustPoint(t, "SE"), mustPoint(t, "BT"), mustPoint(t, "JP"), mustPoint(t, "FR")
	for _, c := range []struct {
		name, dbType string
		nets         []mmdbNet
		describe     string
		cases        []lookupCase
	}{
		{"GeoLite2-City.mmdb", "GeoLite2-City", geoLite2City, "GeoLite2-City, 2026-01-01", []lookupCase{
			{"81.2.69.160", Place{Lon: -0.0931, Lat: 51.5142, Country: "GB", City: "London", Precision: City}, nil},
			{"::ffff:81.2.69.1", Place{Lon: -0.0931, Lat: 51.5142, Country: "GB", City: "London", Precision: City}, nil},
			{"175.16.199.1", Place{Lon: 125.3228, Lat: 43.88, Country: "CN", City: "Changchun", Precision: City}, nil},
			{"2a02:d000::1", Place{Lon: ch[0], Lat: ch[1], Country: "CH", Precision: Country}, nil},
			// Found by review: a country-only record (no city, accuracy
			// 1000 km) was labelled city level.
			{"89.160.20.112", Place{Lon: se[0], Lat: se[1], Country: "SE", Precision: Country}, nil},
			{"81.2.71.1", Place{Lon: -1.25, Lat: 51.75, Country: "GB", Precision: City}, nil},
			{"81.2.70.1", Place{}, ErrNotFound},
		}},
		{"GeoLite2-Country.mmdb", "GeoLite2-Country", geoLite2Country, "GeoLite2-Country, 2026-01-01", []lookupCase{
			{"89.160.20.112", Place{Lon: se[0], Lat: se[1], Country: "SE", Precision: Country}, nil},
			{"67.43.156.1", Place{Lon: bt[0], Lat: bt[1], Country: "BT", Precision: Country}, nil},
			{"2001:218:1::1", Place{Lon: jp[0], Lat: jp[1], Country: "JP", Precision: Country}, nil},
			{"5.61.1.1", Place{}, ErrUnmapped},
		}},
		{"ip-location.mmdb", "", ipLocationCity, "ip-location.mmdb, 2026-01-01", []lookupCase{
			{"1.0.16.1", Place{Lon: float64(float32(139.69171)), Lat: float64(float32(35.6895)), Country: "JP", City: "Tokyo", Precision: City}, nil},
			{"1.1.1.1", Place{Lon: 151.2093, Lat: -33.8688, Country: "AU", City: "Sydney", Precision: City}, nil},
			{"2.0.3.4", Place{Lon: fr[0], Lat: fr[1], Country: "FR", Precision: Country}, nil},
			{"10.0.0.1", Place{}, ErrReserved},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeMMDB(t, c.name, c.dbType, c.nets)
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if db.Describe() != c.describe || db.File() != path {
				t.Errorf("Describe() = %q, File() = %q", db.Describe(), db.File())
			}
			for _, lc := range c.cases {
				for range 2 { // the second time from the cache
					got, err := db.Lookup(netip.MustParseAddr(lc.addr))
					if got != lc.want || !errors.Is(err, lc.err) || (err == nil) != (lc.err == nil) {
						t.Errorf("Lookup(%s) = %+v, %v; want %+v, %v", lc.addr, got, err, lc.want, lc.err)
					}
				}
			}
		})
	}
}

// TestIPv4OnlyDatabase: an IPv6 address looked up in an IPv4-only
// database (ip-location-db ships its -ipv4.mmdb apart) is not in it, not
// a sign of a damaged file.
func TestIPv4OnlyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "country-ipv4.mmdb")
	if err := os.WriteFile(path, geoiptest.MMDB4("country-ipv4", testEpoch, ipLocationCity[1:]), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := db.Lookup(netip.MustParseAddr("1.1.1.1")); err != nil || p.City != "Sydney" {
		t.Errorf("Lookup(1.1.1.1) = %+v, %v", p, err)
	}
	_, err = db.Lookup(netip.MustParseAddr("2a00:1450::1"))
	if !errors.Is(err, ErrNotFound) || err.Error() != "not in the IP database (an IPv4-only database)" {
		t.Errorf("Lookup(2a00:1450::1) err = %v, want ErrNotFound", err)
	}
}

func TestReason(t *testing.T) {
	db, err := Open(writeMMDB(t, "c.mmdb", "GeoLite2-City", geoLite2City))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := db.Reason(City), "from IP, city level (GeoLite2-City, 2026-01-01)"; got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}
	if got, want := Embedded().Reason(Country), "from IP, country level (ip-location-db geo-whois-asn-country, 2026-06-17)"; got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}
}

func TestUnmappedNamesCountry(t *testing.T) {
	db, err := Open(writeMMDB(t, "c.mmdb", "GeoLite2-Country", geoLite2Country))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Lookup(netip.MustParseAddr("5.61.1.1"))
	if err == nil || err.Error() != "country not on the base map: BV (Bouvet Island)" {
		t.Fatalf("err = %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := mmdbFile("GeoLite2-City", testEpoch, geoLite2City)
	for _, c := range []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.mmdb"), "no such file or directory"},
		{"directory", dir, "is a directory"},
		{"empty", write("empty.mmdb", nil), "not an MMDB file"},
		{"text", write("list.txt", []byte("1.2.3.4\n5.6.7.8\n")), "not an MMDB file"},
		{"csv", write("geo.csv", []byte("ip,country\n1.2.3.4,US\n")), "not an MMDB file"},
		{"cut short", write("cut.mmdb", full[:len(full)/2]), "not an MMDB file, or one cut short (no MaxMind DB metadata at its end)"},
		{"truncated", write("trunc.mmdb", full[bytes.Index(full, []byte("\xab\xcd\xefMaxMind"))-8:]), "damaged MMDB file"},
		{"asn", write("asn.mmdb", mmdbFile("GeoLite2-ASN", testEpoch, asnDB)),
			"an ASN database (GeoLite2-ASN) without country or location data (its records hold: autonomous_system_number, autonomous_system_organization)"},
		{"no networks", write("none.mmdb", mmdbFile("GeoLite2-City", testEpoch, nil)), "holds no networks"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, err := Open(c.path)
			if err == nil || db != nil {
				t.Fatalf("Open = %v, %v", db, err)
			}
			if !strings.HasPrefix(err.Error(), "geoip: ") || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
				t.Errorf("err = %q, want it to name %s and say %q", err, c.path, c.want)
			}
		})
	}
}

// TestCountryPointsOnLand: every country of the base map gets a point
// that the base map's own Locator puts in that country, the same each time.
func TestCountryPointsOnLand(t *testing.T) {
	loc := basemap.DefaultLocator()
	for code := range countryShapes() {
		p, err := countryPoint(code)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		if got, ok := loc.Locate(p[0], p[1]); !ok || got != code {
			t.Errorf("%s: point %v is in %q (ok %v)", code, p, got, ok)
		}
		if p2, _ := countryPoint(code); p2 != p {
			t.Errorf("%s: %v then %v", code, p, p2)
		}
	}
}

// TestTerritoryPoints: a territory the base map draws inside its
// parent's outline (Réunion in France's) gets a point on its own land:
// in the parent's outline, near the territory, not at the parent's point.
func TestTerritoryPoints(t *testing.T) {
	loc := basemap.DefaultLocator()
	for code, tr := range territories {
		p, err := countryPoint(code)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		if got, ok := loc.Locate(p[0], p[1]); !ok || got != tr.parent {
			t.Errorf("%s: point %v is in %q, want %s's outline", code, p, got, tr.parent)
		}
		if d := math.Hypot(p[0]-tr.at[0], p[1]-tr.at[1]); d > 3 {
			t.Errorf("%s: point %v is %.1f degrees from %v", code, p, d, tr.at)
		}
	}
	for _, code := range []string{"BV", "UM", "CS"} { // GI, TK, TV: territoryTowns
		if _, err := countryPoint(code); !errors.Is(err, ErrUnmapped) {
			t.Errorf("%s: err = %v, want ErrUnmapped", code, err)
		}
	}
}

func TestCountryPointAliases(t *testing.T) {
	gb, uk := mustPoint(t, "GB"), mustPoint(t, "UK")
	if gb != uk {
		t.Errorf("GB %v, UK %v", gb, uk)
	}
	for _, code := range []string{"EU", "AP", "ZZ", "", "G"} {
		if _, err := countryPoint(code); !errors.Is(err, ErrUnmapped) {
			t.Errorf("%q: err = %v", code, err)
		}
	}
}

func mustPoint(t testing.TB, code string) [2]float64 {
	t.Helper()
	p, err := countryPoint(code)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEmbedded(t *testing.T) {
	db := Embedded()
	if db != Embedded() || db.File() != "" {
		t.Fatal("Embedded is not one DB without a file")
	}
	us := mustPoint(t, "US")
	for _, c := range []lookupCase{
		{"8.8.8.8", Place{Lon: us[0], Lat: us[1], Country: "US", Precision: Country}, nil},
		{"::ffff:8.8.8.8", Place{Lon: us[0], Lat: us[1], Country: "US", Precision: Country}, nil},
		{"2001:4860:4860::8888", Place{Lon: us[0], Lat: us[1], Country: "US", Precision: Country}, nil},
		{"127.0.0.1", Place{}, ErrReserved},
	} {
		got, err := db.Lookup(netip.MustParseAddr(c.addr))
		if got != c.want || !errors.Is(err, c.err) || (err == nil) != (c.err == nil) {
			t.Errorf("Lookup(%s) = %+v, %v; want %+v, %v", c.addr, got, err, c.want, c.err)
		}
	}
}

// TestEmbeddedDate: the date the provenance gives is the file's build date.
func TestEmbeddedDate(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(assets.GeoIPCountry))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	r, err := maxminddb.OpenBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := buildDate(r.Metadata); got != embeddedDate {
		t.Errorf("embedded database built %s, provenance says %s", got, embeddedDate)
	}
	if !strings.Contains(EmbeddedNote(), embeddedDate) || strings.Contains(EmbeddedNote(), "TODO") {
		t.Errorf("EmbeddedNote = %q", EmbeddedNote())
	}
}

func TestLookupConcurrent(t *testing.T) {
	db, err := Open(writeMMDB(t, "c.mmdb", "GeoLite2-City", geoLite2City))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := db.Lookup(netip.MustParseAddr("81.2.69.160"))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				a := netip.AddrFrom4([4]byte{81, 2, 69, byte(i + g)})
				if got, err := db.Lookup(a); err != nil || got != want {
					t.Errorf("Lookup(%s) = %+v, %v", a, got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestCoords(t *testing.T) {
	for _, c := range []struct {
		lat, lon any
		ok       bool
	}{
		{48.8, 2.3, true},
		{float32(48.8), float32(2.3), true},
		{"48.8", " 2.3", true},
		{nil, 2.3, false},
		{0.0, 0.0, false},
		{91.0, 0.0, false},
		{10.0, 181.0, false},
		{math.NaN(), 1.0, false},
		{"north", 1.0, false},
	} {
		if _, _, ok := coords(c.lat, c.lon); ok != c.ok {
			t.Errorf("coords(%v, %v) ok = %v", c.lat, c.lon, ok)
		}
	}
}

// FuzzOpen: opening and querying arbitrary bytes never panics nor hangs.
func FuzzOpen(f *testing.F) {
	for _, nets := range [][]mmdbNet{geoLite2City, geoLite2Country, ipLocationCity, asnDB, nil} {
		f.Add(mmdbFile("GeoLite2-City", testEpoch, nets))
	}
	f.Add([]byte("1.2.3.4\n"))
	f.Add([]byte("\xab\xcd\xefMaxMind.com"))
	addrs := []netip.Addr{
		netip.MustParseAddr("81.2.69.160"), netip.MustParseAddr("1.1.1.1"),
		netip.MustParseAddr("2a02:d000::1"), netip.MustParseAddr("8.8.8.8"),
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, _, err := newSource(b)
		if err != nil {
			if s != nil {
				t.Fatal("source with an error")
			}
			return
		}
		for _, a := range addrs {
			p, err := s.lookup(a)
			if err == nil && (p.Precision == None || math.IsNaN(p.Lat) || (p.Lat == 0 && p.Lon == 0)) {
				t.Fatalf("Lookup(%s) = %+v", a, p)
			}
		}
	})
}

// TestOpenCyclicTree: a damaged tree whose records point back to the root
// neither hangs Open nor Lookup.
func TestOpenCyclicTree(t *testing.T) {
	b := mmdbFile("GeoLite2-City", testEpoch, geoLite2City)
	copy(b[4:8], []byte{0, 0, 0, 0}) // the root's right record: back to the root
	s, _, err := newSource(b)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := s.lookup(netip.MustParseAddr("81.2.69.160")); err != nil || p.City != "London" {
		t.Errorf("Lookup = %+v, %v", p, err)
	}
	if _, err := s.lookup(netip.MustParseAddr("8000::1")); err == nil {
		t.Error("an address in the cycle was placed")
	}
}

// TestTerritoryTowns: a territory the base map draws as part of another
// country (Réunion, Guadeloupe) or not at all (Gibraltar, Tuvalu) is placed
// at its largest town, not refused, and the point is in range.
func TestTerritoryTowns(t *testing.T) {
	for code, want := range territoryTowns {
		p, err := countryPoint(code)
		if err != nil || p != want {
			t.Errorf("%s: %v, %v; want %v", code, p, err, want)
		}
		if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			t.Errorf("%s: %v out of range", code, p)
		}
	}
	if _, err := countryPoint("BV"); !errors.Is(err, ErrUnmapped) {
		t.Errorf("BV: %v, want ErrUnmapped", err)
	}
}

// TestOpenRefusesDevices: the app's File › IP geolocation database… opens
// what the user picks; a device or a folder is refused by name instead of
// being read until memory runs out.
func TestOpenRefusesDevices(t *testing.T) {
	for path, want := range map[string]string{"/dev/zero": "is a device", t.TempDir(): "is a directory"} {
		_, err := Open(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%s) = %v, want a refusal naming it", path, err)
		}
	}
}
