package geoip

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"sync"

	"threatmap/assets"
)

// The embedded database: its name and date (the npm version
// 2.3.2026061719 is the build of 2026-06-17; TestEmbeddedDate checks it
// against the file's metadata).
const (
	embeddedName = "ip-location-db geo-whois-asn-country"
	embeddedDate = "2026-06-17"
)

var embedded = &DB{name: embeddedName, date: embeddedDate, src: sync.OnceValues(openEmbedded)}

// Embedded returns the country database embedded in the binary. It costs
// nothing until the first Lookup, which decompresses it (7.8 MB) and
// flattens its IPv4 tree (BenchmarkEmbeddedFirstUse); every call returns
// the same DB.
func Embedded() *DB { return embedded }

func openEmbedded() (*source, error) {
	zr, err := gzip.NewReader(bytes.NewReader(assets.GeoIPCountry))
	if err != nil {
		return nil, fmt.Errorf("geoip: embedded database: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(8 << 20)
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, fmt.Errorf("geoip: embedded database: %w", err)
	}
	s, _, err := newSource(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("geoip: embedded database: %w", err)
	}
	s.v4 = newTable4(s.r)
	return s, nil
}

// EmbeddedNote credits the embedded database and says how far to trust
// it, for the About box.
func EmbeddedNote() string {
	return "IP geolocation (feeds without coordinates): " + embeddedName + ", " + embeddedDate +
		" (github.com/sapics/ip-location-db, CC0-1.0; registry data © NRO, nro.net, CC BY 4.0). " +
		"Country level only. " + agreement
}

// agreement is the measured agreement with a second source; see
// assets/geoip/README.md for the commands that reproduce it
// (go run ./cmd/tmbench geoip [-ipv4space] iptoasn-country.mmdb, seed 1).
const agreement = "Checked against ip-location-db iptoasn-country of the same date: " +
	"the same country for 92.5% of 4,229 public IPv4 addresses drawn over the address space, " +
	"and for 60.9% of 4,455 addresses drawn one per network (IPv4 and IPv6), " +
	"where small ranges placed where they are used differ from the country their network is registered in."
