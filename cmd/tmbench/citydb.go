package main

import (
	"fmt"
	"net/netip"
	"os"

	"threatmap/data/geoip"
	"threatmap/data/geoip/geoiptest"
)

// `tmbench citydb FILE` writes a synthetic GeoLite2-City-shaped database
// covering every public IPv4 /18 (about 220,000 networks, each its own
// city record with coordinates), for timing 1M addresses placed at city
// level: `threatmap validate --geoip FILE iplist-1000000.netset` (the list
// from `tmbench ipload list DIR 1000000`). GeoLite2 City itself is not
// redistributable.
func init() { helpers["citydb"] = cityDB }

func cityDB(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: tmbench citydb FILE")
	}
	var nets []geoiptest.Net
	for i := range 1 << 14 {
		ip := netip.AddrFrom4([4]byte{byte(i >> 6), byte(i << 2), 0, 0})
		if geoip.Reserved(ip) != "" || geoip.Reserved(ip.Next()) != "" {
			continue
		}
		nets = append(nets, geoiptest.Net{Prefix: ip.String() + "/18", Record: map[string]any{
			"city":     map[string]any{"geoname_id": geoiptest.U32(i), "names": map[string]any{"en": fmt.Sprint("City ", i)}},
			"country":  map[string]any{"iso_code": "DE"},
			"location": map[string]any{"latitude": 47 + float64(i%600)/100, "longitude": 6 + float64(i/600)/4, "accuracy_radius": geoiptest.U16(20)},
		}})
	}
	return os.WriteFile(args[0], geoiptest.MMDB("GeoLite2-City", 1767225600, nets), 0o644)
}
