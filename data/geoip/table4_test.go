package geoip

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/oschwald/maxminddb-golang/v2"
)

// TestTable4MatchesTree: the flat IPv4 table gives the tree's answer for
// random addresses and for both ends of every network, and around them.
func TestTable4MatchesTree(t *testing.T) {
	small, _, err := newSource(mmdbFile("GeoLite2-Country", testEpoch, append(geoLite2Country, ipLocationCity[:2]...)))
	if err != nil {
		t.Fatal(err)
	}
	emb, err := Embedded().src()
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*maxminddb.Reader{"small": small.r, "embedded": emb.r} {
		tab := newTable4(r)
		if tab == nil {
			t.Fatalf("%s: no table", name)
		}
		check := func(a [4]byte) {
			res := r.Lookup(netip.AddrFrom4(a))
			off, ok := tab.find(a)
			if ok != res.Found() || (ok && off != res.Offset()) {
				t.Fatalf("%s: %v: table %d %v, tree %d %v", name, netip.AddrFrom4(a), off, ok, res.Offset(), res.Found())
			}
		}
		check([4]byte{})
		check([4]byte{255, 255, 255, 255})
		rng := rand.New(rand.NewPCG(5, 6))
		for range 100_000 {
			check([4]byte{byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32())})
		}
		n := 0
		for res := range r.NetworksWithin(netip.MustParsePrefix("0.0.0.0/0")) {
			if n++; n%7 != 0 && name == "embedded" {
				continue
			}
			p := res.Prefix()
			first := p.Addr()
			a4 := first.As4()
			end := (uint64(a4[0])<<24 | uint64(a4[1])<<16 | uint64(a4[2])<<8 | uint64(a4[3])) + 1<<(32-p.Bits()) - 1
			last := netip.AddrFrom4([4]byte{byte(end >> 24), byte(end >> 16), byte(end >> 8), byte(end)})
			for _, a := range []netip.Addr{first.Prev(), first, first.Next(), last.Prev(), last, last.Next()} {
				if a.Is4() {
					check(a.As4())
				}
			}
		}
	}
}
