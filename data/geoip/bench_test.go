package geoip

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync/atomic"
	"testing"

	"github.com/oschwald/maxminddb-golang/v2"
)

// benchCity is a synthetic GeoLite2-City-shaped database: 100,000 /24
// networks sharing 10,000 city records (GeoLite2 City has about ten
// networks per distinct record), and addresses drawn from it.
func benchCity(tb testing.TB, n int) (path string, addrs []netip.Addr) {
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[[3]byte]bool{}
	var nets []mmdbNet
	for len(nets) < n {
		k := [3]byte{byte(1 + rng.IntN(222)), byte(rng.IntN(256)), byte(rng.IntN(256))}
		ip := netip.AddrFrom4([4]byte{k[0], k[1], k[2], 0})
		if seen[k] || Reserved(ip) != "" {
			continue
		}
		seen[k] = true
		c := rng.IntN(10_000)
		nets = append(nets, mmdbNet{Prefix: ip.String() + "/24", Record: map[string]any{
			"city":     map[string]any{"geoname_id": u32(c), "names": map[string]any{"en": fmt.Sprint("City ", c), "de": fmt.Sprint("Stadt ", c), "fr": fmt.Sprint("Ville ", c)}},
			"country":  map[string]any{"iso_code": "DE", "geoname_id": u32(2921044), "names": map[string]any{"en": "Germany", "de": "Deutschland"}},
			"location": map[string]any{"latitude": 47 + float64(c%600)/100, "longitude": 6 + float64(c/600)/2, "accuracy_radius": u16(20), "time_zone": "Europe/Berlin"},
			"postal":   map[string]any{"code": fmt.Sprint(10000 + c)},
		}})
		a4 := ip.As4()
		a4[3] = byte(rng.IntN(256))
		addrs = append(addrs, netip.AddrFrom4(a4))
	}
	return writeMMDB(tb, "bench-city.mmdb", "GeoLite2-City", nets), addrs
}

// embeddedAddrs draws public addresses from the embedded database's own
// networks (so nearly all are found), as an IP feed would hold.
func embeddedAddrs(b *testing.B, n int) []netip.Addr {
	s, err := Embedded().src()
	if err != nil {
		b.Fatal(err)
	}
	var nets []netip.Prefix
	for res := range s.r.Networks() {
		if p := res.Prefix(); p.Addr().Is4() && Reserved(p.Addr()) == "" {
			nets = append(nets, p)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	out := make([]netip.Addr, n)
	for i := range out {
		p := nets[rng.IntN(len(nets))]
		a := p.Addr().As4()
		for bit := p.Bits(); bit < 32; bit++ {
			a[bit/8] |= byte(rng.IntN(2)) << (7 - bit%8)
		}
		out[i] = netip.AddrFrom4(a)
	}
	return out
}

// BenchmarkLookup: geoip's Lookup against the embedded country database
// (peer: the same without the flat IPv4 table, walking the tree) and a
// city database (peer: maxminddb's Lookup and Decode of the record each
// time, what Lookup would cost without its cache).
func BenchmarkLookup(b *testing.B) {
	cityPath, cityAddrs := benchCity(b, 100_000)
	city, err := Open(cityPath)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := maxminddb.Open(cityPath)
	if err != nil {
		b.Fatal(err)
	}
	embAddrs := embeddedAddrs(b, 100_000)
	run := func(name string, addrs []netip.Addr, f func(netip.Addr) error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := f(addrs[i]); err != nil && err != ErrNotFound && !errors.Is(err, ErrUnmapped) {
					b.Fatal(err)
				}
				if i++; i == len(addrs) {
					i = 0
				}
			}
		})
	}
	lookup := func(db *DB) func(netip.Addr) error {
		return func(a netip.Addr) error { _, err := db.Lookup(a); return err }
	}
	run("embedded", embAddrs, lookup(Embedded()))
	emb, _ := Embedded().src()
	walk := &source{r: emb.r, layout: emb.layout, cache: make([]atomic.Pointer[cached], cacheSlots)}
	tree := &DB{src: func() (*source, error) { return walk, nil }}
	run("peer=embedded-tree-walk", embAddrs, lookup(tree))
	run("city", cityAddrs, lookup(city))
	run("peer=maxminddb-decode-city", cityAddrs, func(a netip.Addr) error {
		var rec maxmindRecord
		return raw.Lookup(a).Decode(&rec)
	})
	b.Run("embedded-parallel", func(b *testing.B) {
		b.ReportAllocs()
		db := Embedded()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				db.Lookup(embAddrs[i])
				if i++; i == len(embAddrs) {
					i = 0
				}
			}
		})
	})
}

// BenchmarkEmbeddedFirstUse: what the first lookup of an IP feed pays to
// decompress and open the embedded database.
func BenchmarkEmbeddedFirstUse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := openEmbedded(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchCityPinned: the benchmark's databases place its addresses as
// expected, so a fast wrong answer cannot pass the benchmark.
func TestBenchCityPinned(t *testing.T) {
	path, addrs := benchCity(t, 1000)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		p, err := db.Lookup(a)
		if err != nil || p.Precision != City || p.Country != "DE" || len(p.City) < 6 || p.City[:5] != "City " {
			t.Fatalf("Lookup(%s) = %+v, %v", a, p, err)
		}
	}
}
