// Package geoip places IP addresses on the map, offline: from the country
// database embedded in the binary, or from the user's own MMDB file
// (GeoIP2/GeoLite2 City or Country, or the ip-location-db layouts).
//
// geoip knows nothing of files formats other than MMDB, nor of the UI.
package geoip

import (
	"errors"
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
	ErrReserved = errors.New("reserved address") // wrapped with the range's name: "private", "loopback", ...
)

// DB answers lookups; safe for concurrent use.
type DB struct {
	name string                          // e.g. "ip-location-db geo-whois-asn-country"
	date string                          // the database's build date, YYYY-MM-DD
	fn   func(netip.Addr) (Place, error) // NewFunc's lookups; nil otherwise
}

// Describe names the database and its date for provenance, e.g.
// "ip-location-db geo-whois-asn-country, 2026-06-17".
func (db *DB) Describe() string { return db.name + ", " + db.date }

// Reason is the provenance text for an address placed at precision p:
// "from IP, country level (ip-location-db geo-whois-asn-country, 2026-06-17)".
func (db *DB) Reason(p Precision) string {
	return "from IP, " + p.String() + " (" + db.Describe() + ")"
}

// Lookup places a. Reserved addresses (private, loopback, link-local,
// multicast, documentation, ...) return an error wrapping ErrReserved;
// addresses the database lacks return ErrNotFound.
func (db *DB) Lookup(a netip.Addr) (Place, error) {
	if r := Reserved(a); r != "" {
		return Place{}, errors.Join(ErrReserved, errors.New(r))
	}
	if db.fn != nil {
		return db.fn(a)
	}
	return Place{}, ErrNotFound // TODO(geoip): read the MMDB
}

// Reserved names the special-purpose range a belongs to ("private",
// "loopback", "link-local", "multicast", "documentation", ...), or ""
// for a public address.
func Reserved(a netip.Addr) string {
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return "link-local"
	case a.IsMulticast():
		return "multicast"
	case a.IsUnspecified():
		return "unspecified"
	}
	return "" // TODO(geoip): documentation, CGNAT, reserved, ...
}

// Embedded returns the country database embedded in the binary.
func Embedded() *DB { return &DB{name: "embedded (not yet)", date: "-"} } // TODO(geoip)

// Open reads the user's MMDB file.
func Open(path string) (*DB, error) { return nil, errors.New("geoip: not yet") } // TODO(geoip)
