package geoip

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/oschwald/maxminddb-golang/v2"
)

// ErrSpans is returned, wrapped with the count of countries, by
// LookupPrefix for a network whose addresses the database places in
// several countries: "network spans several countries (3)".
var ErrSpans = errors.New("network spans several countries")

// ErrTooWide is returned by LookupPrefix for a network of more than
// maxSpanRecords records, all of one country as far as it counted.
var ErrTooWide = errors.New("network too wide to check")

// maxSpanRecords bounds LookupPrefix's walk of a wide network: a /8 of
// the embedded database holds up to a few thousand ranges, and a user's
// city database may hold a million in one; past this many records the
// answer is "several countries" if two were seen, else "too wide".
const maxSpanRecords = 4096

// LookupPrefix places the network p (host bits ignored; an IPv4-mapped
// network is read as IPv4). A network inside one database record is
// placed as Lookup places its address. A wider one is placed at country
// level when every record inside it that has a country names the same
// one; records of several countries return an error wrapping ErrSpans; a
// network of more than maxSpanRecords records of one country so far
// returns an error wrapping ErrTooWide. A network never takes the
// place of its first address alone. A DB from NewFunc knows no networks:
// it answers by p's first address. Safe for concurrent use.
func (db *DB) LookupPrefix(p netip.Prefix) (Place, error) {
	if !p.IsValid() {
		return Place{}, fmt.Errorf("geoip: invalid network %s", p)
	}
	p = p.Masked()
	if p.Addr().Is4In6() {
		p = netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0))
	}
	if p.IsSingleIP() || db.fn != nil {
		return db.Lookup(p.Addr())
	}
	if r := Reserved(p.Addr()); r != "" {
		return Place{}, fmt.Errorf("%w: %s", ErrReserved, r)
	}
	s, err := db.src()
	if err != nil {
		return Place{}, err
	}
	if p.Addr().Is6() && s.r.Metadata.IPVersion == 4 {
		return Place{}, fmt.Errorf("%w (an IPv4-only database)", ErrNotFound)
	}
	var sp span
	if s.v4 != nil && p.Addr().Is4() {
		if off, one := s.v4.within(p, func(off uintptr) bool { return sp.add(s, off, s.r.LookupOffset(off)) }); one {
			if off == noRecord {
				return Place{}, ErrNotFound
			}
			return s.place(off, s.r.LookupOffset(off))
		}
	} else {
		for res := range s.r.NetworksWithin(p) {
			if err := res.Err(); err != nil {
				return Place{}, fmt.Errorf("geoip: damaged database: %w", err)
			}
			if holds(res.Prefix(), p) {
				// One record holds the whole network: it is one place.
				return s.place(res.Offset(), res)
			}
			if !sp.add(s, res.Offset(), res) {
				break
			}
		}
	}
	return sp.result()
}

// span gathers the countries of the records inside a network.
type span struct {
	first     Place
	countries []string
	records   int
	err       error // the first record's error other than ErrNotFound
	stopped   bool
}

// add counts the record at off (res) and reports whether to go on.
func (sp *span) add(s *source, off uintptr, res maxminddb.Result) bool {
	if sp.records++; sp.records > maxSpanRecords {
		sp.stopped = true
		return false
	}
	pl, err := s.place(off, res)
	switch {
	case errors.Is(err, ErrNotFound) || err == nil && pl.Country == "":
		return true
	case err != nil:
		if sp.err == nil {
			sp.err = err
		}
		return true
	}
	if len(sp.countries) == 0 {
		sp.first = pl
	}
	if !slices.Contains(sp.countries, pl.Country) {
		sp.countries = append(sp.countries, pl.Country)
	}
	return true
}

// result is the network's Place: its one country's interior point.
func (sp *span) result() (Place, error) {
	switch n := len(sp.countries); {
	case n > 1 && sp.stopped:
		return Place{}, fmt.Errorf("%w (%d or more; stopped counting after %d database records)", ErrSpans, n, maxSpanRecords)
	case n > 1:
		return Place{}, fmt.Errorf("%w (%d)", ErrSpans, n)
	case sp.stopped:
		return Place{}, fmt.Errorf("%w (more than %d database records)", ErrTooWide, maxSpanRecords)
	case sp.err != nil:
		return Place{}, sp.err
	case n == 0:
		return Place{}, ErrNotFound
	}
	c := sp.first.Country
	pt, err := countryPoint(c)
	if err != nil {
		return Place{}, err
	}
	return Place{Lon: pt[0], Lat: pt[1], Country: c, Precision: Country}, nil
}

// holds reports whether the database network n holds all of p. The
// reader gives a network of IPv4 addresses in an IPv6 tree as IPv6 (::
// with fewer than 96 bits) when it is wider than the IPv4 space.
func holds(n, p netip.Prefix) bool {
	b := n.Bits()
	if n.Addr().Is6() && p.Addr().Is4() {
		b -= 96
	}
	return b <= p.Bits()
}

// within calls f with the record offset of each range that meets the
// IPv4 network p, in order, until f returns false; gaps are not called.
// When one range (or gap) holds all of p it calls nothing and returns
// that range's offset (noRecord for a gap) and one true.
func (t *table4) within(p netip.Prefix, f func(off uintptr) bool) (off uintptr, one bool) {
	a := p.Addr().As4()
	lo := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	hi := lo | uint32(uint64(1)<<(32-p.Bits())-1)
	// The range holding lo: the last start <= lo (starts[0] is 0).
	i, found := slices.BinarySearch(t.starts, lo)
	if !found {
		i--
	}
	if i+1 == len(t.starts) || t.starts[i+1] > hi {
		return uintptr(t.offs[i]), true
	}
	for ; i < len(t.starts) && t.starts[i] <= hi; i++ {
		if t.offs[i] != noRecord && !f(uintptr(t.offs[i])) {
			break
		}
	}
	return 0, false
}
