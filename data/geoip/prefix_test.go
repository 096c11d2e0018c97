package geoip

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

// prefixNets: London at city level beside a GB record with no city, a
// French /16, and 4,100 GB networks in 20.0.0.0/8, more than
// LookupPrefix counts.
func prefixNets() []mmdbNet {
	gb := map[string]any{"country": map[string]any{"iso_code": "GB"}}
	nets := []mmdbNet{
		geoLite2City[0], // 81.2.69.0/24, London
		{Prefix: "81.2.70.0/24", Record: gb},
		{Prefix: "81.3.0.0/16", Record: map[string]any{"country": map[string]any{"iso_code": "FR"}}},
	}
	for i := range maxSpanRecords + 4 {
		nets = append(nets, mmdbNet{Prefix: fmt.Sprintf("20.%d.%d.0/24", i/256, i%256), Record: gb})
	}
	return nets
}

func TestLookupPrefix(t *testing.T) {
	user, err := Open(writeMMDB(t, "prefix.mmdb", "GeoLite2-City", prefixNets()))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		db     *DB
		prefix string
		want   Place  // when err is ""
		err    string // substring of the error
	}{
		{name: "inside one record keeps its city", db: user, prefix: "81.2.69.0/25",
			want: Place{Lon: -0.0931, Lat: 51.5142, Country: "GB", City: "London", Precision: City}},
		{name: "mapped IPv4", db: user, prefix: "::ffff:81.2.69.0/120",
			want: Place{Lon: -0.0931, Lat: 51.5142, Country: "GB", City: "London", Precision: City}},
		{name: "records of one country: country level", db: user, prefix: "81.2.68.0/22", want: gbPlace(t)},
		{name: "two countries", db: user, prefix: "81.2.0.0/15", err: "network spans several countries (2)"},
		{name: "not in the database", db: user, prefix: "82.0.0.0/8", err: ErrNotFound.Error()},
		{name: "reserved", db: user, prefix: "10.0.0.0/8", err: "reserved address: private"},
		{name: "too many records", db: user, prefix: "20.0.0.0/8", err: "network too wide to check (more than 4096 database records)"},
		// Found by review: the embedded database placed 5.0.0.0/8 in
		// Syria and 2.0.0.0/8 in the US, by their first address.
		{name: "embedded RIPE /8", db: Embedded(), prefix: "5.0.0.0/8", err: "network spans several countries"},
		{name: "embedded 2/8", db: Embedded(), prefix: "2.0.0.0/8", err: "network spans several countries"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.db.LookupPrefix(netip.MustParsePrefix(c.prefix))
			switch {
			case c.err != "":
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("LookupPrefix(%s) = %+v, %v; want error %q", c.prefix, got, err, c.err)
				}
				if strings.Contains(c.err, "spans") && !errors.Is(err, ErrSpans) {
					t.Errorf("error %v does not wrap ErrSpans", err)
				}
			case err != nil:
				t.Fatalf("LookupPrefix(%s): %v", c.prefix, err)
			case got != c.want:
				t.Errorf("LookupPrefix(%s) = %+v, want %+v", c.prefix, got, c.want)
			}
		})
	}
}

// TestLookupPrefixEmbeddedOneRange checks the flat table's path for a
// network inside one range: the same answer as its address.
func TestLookupPrefixEmbeddedOneRange(t *testing.T) {
	db := Embedded()
	want, err := db.Lookup(netip.MustParseAddr("81.2.69.160"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.LookupPrefix(netip.MustParsePrefix("81.2.69.0/24"))
	if err != nil || got != want {
		t.Errorf("LookupPrefix(81.2.69.0/24) = %+v, %v; want %+v", got, err, want)
	}
}

func gbPlace(t *testing.T) Place {
	pt, err := countryPoint("GB")
	if err != nil {
		t.Fatal(err)
	}
	return Place{Lon: pt[0], Lat: pt[1], Country: "GB", Precision: Country}
}
