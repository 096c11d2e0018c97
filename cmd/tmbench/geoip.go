package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"

	"github.com/oschwald/maxminddb-golang/v2"

	"threatmap/assets"
	"threatmap/data/geoip"
)

// geoipAgree is 'tmbench geoip [-n 5000] [-seed 1] [-ipv4space] SECOND.mmdb': how often
// the embedded country database agrees with a second ip-location-db
// country MMDB (country_code records, e.g. iptoasn-country) on the country
// of public addresses. The sample is drawn deterministically: a network
// chosen uniformly among the public networks of both databases, then an
// address uniformly inside it; with -ipv4space, an IPv4 address drawn
// uniformly among the public ones that at least one database has.
func geoipAgree(args []string) error {
	fs := flag.NewFlagSet("geoip", flag.ContinueOnError)
	n := fs.Int("n", 5000, "addresses in the sample")
	seed := fs.Uint64("seed", 1, "seed of the sample")
	space := fs.Bool("ipv4space", false, "draw uniformly over the IPv4 address space instead (addresses neither database has are redrawn)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: tmbench geoip [-n 5000] [-seed 1] [-ipv4space] SECOND.mmdb")
	}
	zr, err := gzip.NewReader(bytes.NewReader(assets.GeoIPCountry))
	if err != nil {
		return err
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	a, err := maxminddb.OpenBytes(b)
	if err != nil {
		return err
	}
	o, err := maxminddb.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	nets := append(publicNets(a), publicNets(o)...)
	rng := rand.New(rand.NewPCG(*seed, 18))
	var both, agree, onlyA, onlyO, drawn int
	var v4 int
	for drawn < *n {
		var ip netip.Addr
		if *space {
			ip = netip.AddrFrom4([4]byte{byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
		} else {
			ip = randomIn(rng, nets[rng.IntN(len(nets))])
		}
		if geoip.Reserved(ip) != "" {
			continue
		}
		ca, cb := countryCode(a, ip), countryCode(o, ip)
		if ca == "" && cb == "" && *space {
			continue
		}
		drawn++
		if ip.Is4() {
			v4++
		}
		switch {
		case ca != "" && cb != "":
			both++
			if ca == cb {
				agree++
			}
		case ca != "":
			onlyA++
		case cb != "":
			onlyO++
		}
	}
	fmt.Printf("embedded %s (%s) vs %s (%s)\n", a.Metadata.DatabaseType, a.Metadata.BuildTime().UTC().Format("2006-01-02"),
		o.Metadata.DatabaseType, o.Metadata.BuildTime().UTC().Format("2006-01-02"))
	fmt.Printf("sample: %d public addresses (%d IPv4, %d IPv6), seed %d, from %d networks\n", drawn, v4, drawn-v4, *seed, len(nets))
	fmt.Printf("in both: %d; same country: %d (%.1f%%)\n", both, agree, 100*float64(agree)/float64(max(both, 1)))
	fmt.Printf("only in the embedded database: %d; only in the second: %d\n", onlyA, onlyO)
	return nil
}

func init() { helpers["geoip"] = geoipAgree }

// publicNets lists the networks of r with data, reserved ones left out.
func publicNets(r *maxminddb.Reader) []netip.Prefix {
	var out []netip.Prefix
	for res := range r.Networks() {
		if p := res.Prefix(); geoip.Reserved(p.Addr()) == "" {
			out = append(out, p)
		}
	}
	return out
}

// randomIn draws an address of p uniformly (the host bits random).
func randomIn(rng *rand.Rand, p netip.Prefix) netip.Addr {
	b := p.Addr().As16()
	off := 0
	if p.Addr().Is4() {
		off = 96
	}
	for i := p.Bits() + off; i < 128; i++ {
		if rng.IntN(2) == 1 {
			b[i/8] |= 1 << (7 - i%8)
		}
	}
	ip := netip.AddrFrom16(b)
	if p.Addr().Is4() {
		ip = ip.Unmap()
	}
	return ip
}

func countryCode(r *maxminddb.Reader, ip netip.Addr) string {
	var rec struct {
		CountryCode string `maxminddb:"country_code"`
	}
	if err := r.Lookup(ip).Decode(&rec); err != nil {
		return ""
	}
	return rec.CountryCode
}
