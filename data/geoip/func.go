package geoip

import "net/netip"

// NewFunc returns a DB named name, built on date, whose lookups f answers:
// for tests, and for benchmarks standing in for a real database. Reserved
// addresses are refused before f is called, as for any DB; f must be safe
// for concurrent use.
func NewFunc(name, date string, f func(netip.Addr) (Place, error)) *DB {
	return &DB{name: name, date: date, fn: f}
}
