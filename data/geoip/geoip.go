// Package geoip places IP addresses on the map, offline: from the country
// database embedded in the binary, or from the user's own MMDB file
// (GeoIP2/GeoLite2 City or Country, or the ip-location-db layouts).
//
// geoip knows nothing of files formats other than MMDB, nor of the UI.
package geoip

import (
	"errors"
	"fmt"
	"net/netip"
)

// Precision says how precisely an address was placed.
type Precision uint8

const (
	None    Precision = iota // not placed
	Country                  // a point inside the country (not its capital, not in the sea)
	City                     // the database's coordinates for the address
)

// String names p as the load report and details panel say it.
func (p Precision) String() string {
	switch p {
	case Country:
		return "country level"
	case City:
		return "city level"
	}
	return "not placed"
}

// Place is where an address was placed.
type Place struct {
	Lon, Lat  float64
	Country   string // ISO 3166-1 alpha-2, "" when the database has none
	City      string // "" unless the database gives one
	Precision Precision
}

// Errors of Lookup. A reserved address is never looked up.
var (
	ErrNotFound = errors.New("not in the IP database")
	ErrReserved = errors.New("reserved address") // wrapped with the range's name: "reserved address: private"
)

// DB answers lookups; safe for concurrent use. The MMDB behind it is opened
// on the first Lookup (Embedded) or by Open.
type DB struct {
	name string // e.g. "ip-location-db geo-whois-asn-country"
	date string // the database's build date, YYYY-MM-DD
	file string // the MMDB's path; "" for the embedded database
	src  func() (*source, error)
	fn   func(netip.Addr) (Place, error) // NewFunc's lookups; nil otherwise
}

// Describe names the database and its date for provenance, e.g.
// "ip-location-db geo-whois-asn-country, 2026-06-17".
func (db *DB) Describe() string { return db.name + ", " + db.date }

// File is the path of the MMDB file db reads, "" for the embedded database.
func (db *DB) File() string { return db.file }

// Reason is the provenance text for an address placed at precision p:
// "from IP, country level (ip-location-db geo-whois-asn-country, 2026-06-17)".
func (db *DB) Reason(p Precision) string {
	return "from IP, " + p.String() + " (" + db.Describe() + ")"
}

// Lookup places a (an IPv4-mapped IPv6 address is read as IPv4). Reserved
// addresses (private, loopback, link-local, multicast, documentation, ...)
// return an error wrapping ErrReserved; addresses the database lacks return
// ErrNotFound; a country the base map lacks, or a damaged record, returns
// an error saying so. A country-level Place is the same interior point of
// the country for every address. Safe for concurrent use; it does not
// allocate once the address's record is cached.
func (db *DB) Lookup(a netip.Addr) (Place, error) {
	a = a.Unmap()
	if r := Reserved(a); r != "" {
		return Place{}, fmt.Errorf("%w: %s", ErrReserved, r)
	}
	if db.fn != nil {
		return db.fn(a)
	}
	s, err := db.src()
	if err != nil {
		return Place{}, err
	}
	return s.lookup(a)
}
