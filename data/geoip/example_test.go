package geoip_test

import (
	"fmt"
	"net/netip"

	"threatmap/data/geoip"
)

func ExampleReserved() {
	for _, s := range []string{"10.1.2.3", "100.64.0.1", "198.51.100.7", "::ffff:127.0.0.1", "fe80::1", "8.8.8.8"} {
		fmt.Printf("%s %q\n", s, geoip.Reserved(netip.MustParseAddr(s)))
	}
	// Output:
	// 10.1.2.3 "private"
	// 100.64.0.1 "shared (CGNAT)"
	// 198.51.100.7 "documentation"
	// ::ffff:127.0.0.1 "loopback"
	// fe80::1 "link-local"
	// 8.8.8.8 ""
}

func ExampleDB_Lookup() {
	db := geoip.Embedded()
	p, err := db.Lookup(netip.MustParseAddr("8.8.8.8"))
	fmt.Println(p.Country, p.Precision, err)
	fmt.Println(db.Reason(p.Precision))
	_, err = db.Lookup(netip.MustParseAddr("192.168.1.1"))
	fmt.Println(err)
	// Output:
	// US country level <nil>
	// from IP, country level (ip-location-db geo-whois-asn-country, 2026-06-17)
	// reserved address: private
}
