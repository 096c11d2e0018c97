package ingesttest

import (
	"fmt"
	"io"
	"net/netip"
	"path/filepath"

	"threatmap/data/geoip"
	"threatmap/data/geoip/geoiptest"
)

// EnsureCityDB returns the path of a synthetic GeoLite2-City-shaped
// database in dir, writing it when missing: every public IPv4 /18 (about
// 220,000 networks, each its own city record with coordinates: no record
// shared, the worst case for a reader's record cache), for timing
// addresses placed at city level. GeoLite2 City itself is not
// redistributable.
func EnsureCityDB(dir string) (string, error) {
	p := filepath.Join(dir, "city-18.mmdb")
	return p, ensure(p, func(w io.Writer) error {
		var nets []geoiptest.Net
		for i := range 1 << 18 {
			v := uint32(i) << 14
			ip := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), 0})
			if geoip.Reserved(ip) != "" || geoip.Reserved(ip.Next()) != "" {
				continue
			}
			nets = append(nets, geoiptest.Net{Prefix: ip.String() + "/18", Record: map[string]any{
				"city":     map[string]any{"geoname_id": geoiptest.U32(i), "names": map[string]any{"en": fmt.Sprint("City ", i)}},
				"country":  map[string]any{"iso_code": "DE"},
				"location": map[string]any{"latitude": -50 + float64(i%1200)/10, "longitude": -170 + float64(i%3400)/10, "accuracy_radius": geoiptest.U16(20)},
			}})
		}
		_, err := w.Write(geoiptest.MMDB("GeoLite2-City", 1767225600, nets))
		return err
	})
}
