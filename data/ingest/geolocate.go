package ingest

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"threatmap/data/country"
	"threatmap/data/geoip"
	"threatmap/data/threat"
)

// geolocator places the records that have an IP address and no
// coordinates (IP lists, logs, records with an ip property and a null
// geometry or no lat/lon columns). One per read, shared by the workers.
type geolocator struct {
	given *geoip.DB // Options.GeoIP; nil: the embedded database
	once  sync.Once
	db    *geoip.DB
	// member is `"placement":"from IP, ... (DATABASE, DATE)"` by
	// precision, the Props member that says how a record was placed.
	member [geoip.City + 1][]byte
}

// get returns the database, opening the embedded one on first use only:
// a file with coordinates never pays for it.
func (g *geolocator) get() *geoip.DB {
	g.once.Do(func() {
		g.db = g.given
		if g.db == nil {
			g.db = geoip.Embedded()
		}
		for _, p := range []geoip.Precision{geoip.Country, geoip.City} {
			g.member[p] = appendJSONString([]byte(`"placement":`), []byte(g.db.Reason(p)))
		}
	})
	return g.db
}

// ipKey is an address (IPv4 as IPv4-mapped IPv6) and its prefix length
// (0xFF: a single address written without one), without pointers so that
// a map of a million of them costs the collector nothing.
type ipKey struct {
	a    [16]byte
	bits uint8
}

// keyOf returns a's key; bits < 0 for an address without a prefix.
func keyOf(a netip.Addr, bits int) ipKey {
	k := ipKey{a: a.As16(), bits: 0xFF}
	if bits >= 0 {
		k.bits = uint8(bits)
	}
	return k
}

// parseIP reads an IPv4 or IPv6 address, or a network in CIDR notation
// (then the network address and its prefix length; host bits are
// cleared). bits is -1 for a plain address. IPv4-mapped IPv6 addresses
// are read as IPv4.
func parseIP(s string) (a netip.Addr, bits int, ok bool) {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return a, 0, false
		}
		p = p.Masked()
		a, bits = p.Addr(), p.Bits()
		if a.Is4In6() {
			a, bits = a.Unmap(), max(bits-96, 0)
		}
		return a, bits, true
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		s = s[1 : len(s)-1] // an IPv6 address as URLs and some logs write it
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return a, 0, false
	}
	return a.Unmap(), -1, true
}

// Why an address was not placed: Report.Placement.NotPlaced's keys
// besides the names of reserved ranges (geoip.Reserved).
const (
	notIP       = "not an IP address"
	notInDB     = "not in the IP database"
	notOnMap    = "country not on the base map"
	spans       = "network spans several countries"
	tooWide     = "network too wide to check"
	badDBAnswer = "database error"
)

// placeIP places the current record from its IP address s, which it has
// instead of coordinates, and reports whether it was placed. A placed
// record is a host (or a server, by its role) at the database's point
// (at its own country's interior point, country level, when it names a
// country the database disagrees with: rec.disagree),
// its position (and its country, when the database gave it and the
// record did not) marked reconstructed, and its Props get the members
// pre (JSON members, or nil), "prefix" for a network, and "placement"
// (geoip.DB.Reason). A reserved address, one the database lacks, or text
// that is not an address is skipped, saying which.
func (p *parser) placeIP(s string, pre []byte) bool {
	a, bits, ok := parseIP(s)
	if !ok {
		p.skipNotIP(strings.TrimSpace(s))
		return false
	}
	return p.placeAddr(a, bits, pre)
}

// skipNotIP skips the current record, whose address s does not read,
// saying why when a common cause is recognisable.
func (p *parser) skipNotIP(s string) {
	p.skipIP(notIP, "%q: %s or network%s", clip(s), notIP, notIPHint(s))
}

// notIPHint guesses why s is not an address, for an analyst to fix it:
// a zero-padded IPv4 part (010.1.1.1 is 8.1.1.1 to inet_aton, 10.1.1.1
// to a human; netip refuses it), a port, a host name (not resolved:
// threatmap is offline). "" when no guess fits.
func notIPHint(s string) string {
	h, _, cut := strings.Cut(s, "/")
	switch {
	case zeroPadded(h):
		return " (a part with a leading zero: octal or decimal?)"
	case strings.Count(h, ":") == 1 || strings.HasPrefix(h, "[") && strings.Contains(h, "]:"):
		return " (an address with a port?)"
	case !cut && strings.Contains(h, ".") && strings.ContainsAny(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"):
		return " (a host name? names are not resolved)"
	}
	return ""
}

// zeroPadded reports whether s is a dotted quad of decimal parts of
// which one has a leading zero.
func zeroPadded(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	pad := false
	for _, q := range parts {
		if q == "" || len(q) > 3 || strings.Trim(q, "0123456789") != "" {
			return false
		}
		pad = pad || len(q) > 1 && q[0] == '0'
	}
	return pad
}

// shownAddr is how a skip reason names an address: a network with its
// prefix (10.0.0.0/8, as lists write it), not by its address alone.
type shownAddr struct {
	a    netip.Addr
	bits int // < 0: no prefix
}

func (s shownAddr) String() string {
	if s.bits < 0 {
		return s.a.String()
	}
	return netip.PrefixFrom(s.a, s.bits).String()
}

// placeAddr is placeIP of an address already parsed (bits < 0: no prefix).
func (p *parser) placeAddr(a netip.Addr, bits int, pre []byte) bool {
	p.cur.key = keyOf(a, bits)
	shown := shownAddr{a, bits}
	if r := geoip.Reserved(a); r != "" {
		p.skipIP(r, "%s: %s address, not geolocated", shown, r)
		return false
	}
	db := p.geo.get()
	pl, err := lookup(db, a, bits)
	switch {
	case errors.Is(err, geoip.ErrReserved):
		p.skipIP("reserved", "%s: reserved address, not geolocated", shown)
		return false
	case errors.Is(err, geoip.ErrNotFound):
		p.skipIP(notInDB, "%s: %s (%s)", shown, notInDB, db.Describe())
		return false
	case errors.Is(err, geoip.ErrUnmapped):
		p.skipIP(notOnMap, "%s: %v", shown, err)
		return false
	case errors.Is(err, geoip.ErrSpans):
		p.skipIP(spans, "%s: %v, not placed", shown, err)
		return false
	case errors.Is(err, geoip.ErrTooWide):
		p.skipIP(tooWide, "%s: %v, not placed", shown, err)
		return false
	case err != nil:
		p.skipIP(badDBAnswer, "%s: %v", shown, err)
		return false
	case pl.Precision != geoip.Country && pl.Precision != geoip.City,
		!(pl.Lon >= -180 && pl.Lon <= 180 && pl.Lat >= -90 && pl.Lat <= 90):
		p.skipIP(badDBAnswer, "%s: the IP database gave no valid position", shown)
		return false
	}
	c := p.cur
	if c.cc != [2]byte{} && disagree(c.cc, pl.Country) {
		own, err := geoip.CountryPlace(string(c.cc[:]))
		if err != nil {
			p.skipIP(notOnMap, "%s: the record's country: %v (the IP database says %s)", shown, err, pl.Country)
			return false
		}
		pl, c.disagree = own, true
	}
	c.lon, c.lat = pl.Lon, pl.Lat
	c.recon |= threat.FieldLocation
	c.geo = pl.Precision
	if c.cc == [2]byte{} {
		if k, ok := country.ByAlpha2(pl.Country); ok && len(k.Alpha2) == 2 {
			c.cc = [2]byte{k.Alpha2[0], k.Alpha2[1]}
			c.recon |= threat.FieldCountry
		} else {
			p.locate()
		}
	}
	if c.role == threat.RoleHost {
		c.kind = rHost
	} else {
		c.kind = rServer
	}
	p.placementProps(pl.Precision, bits, pre)
	return true
}

// disagree reports whether the database's country db (alpha-2 or an
// alias such as UK; "" when it gave none) is not the record's cc.
func disagree(cc [2]byte, db string) bool {
	if db == "" {
		return false
	}
	if k, ok := country.ByAlpha2(db); ok {
		db = k.Alpha2
	}
	return db != string(cc[:])
}

// lookup places a, or the network a/bits (bits >= 0): by the records
// inside it, never by its first address alone (geoip.DB.LookupPrefix).
func lookup(db *geoip.DB, a netip.Addr, bits int) (geoip.Place, error) {
	if bits < 0 {
		return db.Lookup(a)
	}
	return db.LookupPrefix(netip.PrefixFrom(a, bits))
}

// flat reads a JSON object that is not a GeoJSON Feature (no geometry,
// no properties: a line of a JSON-lines export) as the properties of a
// record placed from its IP address, when one of its members names one
// (or it has an ECS source.ip, read as "ip"); false (f unchanged)
// otherwise. Its "type" is read as a property.
func (p *parser) flat(s string, f *feat) bool {
	if f.Type == "Feature" || f.Type == "FeatureCollection" {
		return false
	}
	obj := gjson.Result{Type: gjson.JSON, Raw: s}
	ip := false
	obj.ForEach(func(k, _ gjson.Result) bool {
		ip = propOf(k.Str) == pIP
		return !ip
	})
	var nested gjson.Result
	if !ip {
		if nested = ecsIP(obj); !nested.Exists() {
			return false
		}
	}
	f.Props, f.Keys, f.Vals = obj, f.Keys[:0], f.Vals[:0]
	obj.ForEach(func(k, v gjson.Result) bool {
		f.Keys, f.Vals = append(f.Keys, k), append(f.Vals, v)
		return true
	})
	if nested.Exists() {
		f.Keys, f.Vals = append(f.Keys, gjson.Result{Type: gjson.String, Str: "ip", Raw: `"ip"`}), append(f.Vals, nested)
	}
	f.Type, f.GeomType = "", ""
	return true
}

// ecsIP returns the address of a record in the Elastic Common Schema
// (Elasticsearch, Kibana and Filebeat exports): "source": {"ip": A}, else
// "client": {"ip": A}; a non-existent Result when it has neither.
func ecsIP(obj gjson.Result) gjson.Result {
	for _, path := range [...]string{"source.ip", "client.ip"} {
		if v := obj.Get(path); v.Type == gjson.String {
			return v
		}
	}
	return gjson.Result{}
}

// skipIP skips the current record, an address not placed for why (a
// constant: the report counts by it).
func (p *parser) skipIP(why, format string, a ...any) {
	p.skip(format, a...)
	p.cur.unplaced = why
}

// placementProps adds to the current record's Props the members pre, its
// prefix length when bits >= 0, and its placement. A record with no other
// Props shares one copy of `{"placement":...}` per job.
func (p *parser) placementProps(prec geoip.Precision, bits int, pre []byte) {
	c, o := p.cur, p.out
	m := p.geo.member[prec]
	if c.props.n == 0 && bits < 0 && len(pre) == 0 {
		if sp := p.shared[prec]; sp.n > 0 {
			c.props = sp
			return
		}
	}
	x := append(p.extra[:0], '{')
	if c.props.n > 0 {
		// Reopen the record's Props object; it ends the arena (properties
		// wrote it last), which then drops it.
		x = append(append(x[:0], o.text[c.props.off:c.props.off+c.props.n-1]...), ',')
		if int(c.props.off+c.props.n) == len(o.text) {
			o.text = o.text[:c.props.off]
		}
	}
	if len(pre) > 0 {
		x = append(append(x, pre...), ',')
	}
	if bits >= 0 {
		x = strconv.AppendInt(append(x, `"prefix":`...), int64(bits), 10)
		x = append(x, ',')
	}
	x = append(append(x, m...), '}')
	c.props = p.appendRaw(x)
	p.extra = x
	if x[1] == '"' && len(x) == len(m)+2 {
		p.shared[prec] = c.props
	}
}

// claimPlacement counts how r was placed from its IP address, or why it
// was not, and turns an IP list's second record of an address (with the
// same prefix length) into rDup: one host per address, the first line's,
// the others counted in one warning (tDupAddr). Other records of an
// address already placed stay hosts of their own, counted in one
// warning (tRepeatAddr): each may carry its own time and properties.
func (l *loader) claimPlacement(r *rec) {
	f := l.cur
	switch {
	case r.kind == rSkip:
		if r.unplaced != "" {
			if f.notPlaced == nil {
				f.notPlaced = map[string]int{}
			}
			f.notPlaced[r.unplaced]++
		}
		return
	case r.geo == geoip.None:
		return
	}
	if r.keyed && f.seen.dup(r.key, f.stored) {
		r.kind = rDup
		f.tallies[tDupAddr].add(int(r.index), func() string { return "" })
		return
	}
	if !r.keyed && f.rep.Format != FormatLog && f.seen.dup(r.key, f.stored/4) {
		// A CSV, JSON, Zeek or ECS record (a record takes 4 times a list
		// line at least; a log's hosts are one per address already): its
		// own host, but said.
		f.tallies[tRepeatAddr].add(int(r.index), func() string { return "" })
	}
	f.placed[r.geo]++
	if r.disagree {
		f.tallies[tDisagree].add(int(r.index), func() string { return "" })
	}
}

// addrSet is the set of an IP list's addresses read so far. IPv4 keys
// (nearly all) go in a map of uint64, which Go's maps look up on a fast
// path: claim runs it for every line, under the pipeline's lock.
type addrSet struct {
	v4 map[uint64]struct{}
	v6 map[ipKey]struct{}
}

// dup adds k and reports whether it was there already. stored (the
// file's size, 0 when unknown) sizes the map at its first use: a list
// line takes 8 to 20 bytes.
func (s *addrSet) dup(k ipKey, stored int64) bool {
	if s.v4 == nil {
		s.v4 = make(map[uint64]struct{}, min(stored/16, 1<<22))
		s.v6 = map[ipKey]struct{}{}
	}
	if [12]byte(k.a[:12]) == [12]byte{10: 0xff, 11: 0xff} {
		v := uint64(k.a[12])<<32 | uint64(k.a[13])<<24 | uint64(k.a[14])<<16 | uint64(k.a[15])<<8 | uint64(k.bits)
		n := len(s.v4)
		s.v4[v] = struct{}{}
		return len(s.v4) == n
	}
	n := len(s.v6)
	s.v6[k] = struct{}{}
	return len(s.v6) == n
}

// placement fills the report's Placement, and says in its error that no
// address could be placed when that is why nothing loaded.
func (f *fileState) placement() {
	n := f.placed[geoip.Country] + f.placed[geoip.City]
	if n == 0 && len(f.notPlaced) == 0 {
		return
	}
	p := &Placement{Country: f.placed[geoip.Country], City: f.placed[geoip.City], NotPlaced: f.notPlaced, Reasons: map[string]string{}}
	if p.NotPlaced == nil {
		p.NotPlaced = map[string]int{}
	}
	if db := f.geo.used(); db != nil {
		p.Database = db.Describe()
		for _, pr := range []geoip.Precision{geoip.Country, geoip.City} {
			if f.placed[pr] > 0 {
				p.Reasons[pr.String()] = db.Reason(pr)
			}
		}
	}
	f.rep.Placement = p
	if n == 0 && f.rep.Loaded() == 0 {
		err := fmt.Errorf("ingest: %s: no address could be placed (%s)", f.rep.File, p.NotPlacedText())
		if p.Database != "" {
			err = fmt.Errorf("%w; IP database: %s", err, p.Database)
		}
		f.rep.Err = err
	}
}

// used returns the database when a lookup opened it, else nil. Only
// once the workers are done (pipeline.close).
func (g *geolocator) used() *geoip.DB {
	if g == nil {
		return nil
	}
	return g.db
}

// placementMeta marks the Dataset reconstructed when a host was placed
// from its IP address, and names each database that placed some in
// Meta.Sources.
func (l *loader) placementMeta() {
	seen := map[string]bool{}
	for _, f := range l.files {
		if f.rep.Err != nil || f.placed[geoip.Country]+f.placed[geoip.City] == 0 {
			continue
		}
		l.d.Meta.Reconstructed = true
		if d := f.geo.used(); d != nil && !seen[d.Describe()] {
			seen[d.Describe()] = true
			l.d.Meta.Sources = append(l.d.Meta.Sources, "Positions from IP addresses: "+d.Describe())
		}
	}
}
