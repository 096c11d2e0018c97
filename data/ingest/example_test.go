package ingest_test

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"threatmap/data/geoip"
	"threatmap/data/ingest"
)

func ExampleRead() {
	csv := `id,name,latitude,longitude,country,target_type,first_seen,server
h-1,Embassy of India,38.9,-77.05,US,embassy,2008-08-01,c2-1
h-2,,91,0,,,,
h-3,TAITRA,25.03,121.56,Taiwan,gov_other,2007-12-10,c2-1
`
	d, r := ingest.Read(context.Background(), strings.NewReader(csv), int64(len(csv)), ingest.Options{Name: "hosts.csv"})
	fmt.Println(r.Format, r.Hosts, "hosts,", r.SkippedCount, "skipped")
	for i := range d.Hosts.Len() {
		fmt.Println(d.Str(d.Hosts.ID[i]), d.Country(i), d.Type(i))
	}
	for _, is := range r.Skipped {
		fmt.Println(is)
	}
	for _, is := range r.Warnings {
		fmt.Println(is)
	}
	// Output:
	// csv 2 hosts, 1 skipped
	// h-1 US embassy
	// h-3 TW gov_other
	// feature 1 (id "h-2"): line 3: coordinates out of range (lon 0, lat 91)
	// 2 references to server "c2-1", which is not in the data
}

// A link says what of it was reconstructed; a derived link always was.
func ExampleRead_linkProvenance() {
	in := `{"type":"FeatureCollection","metadata":{"reported_countries":["TW","IN"]},"features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[110.35,20.02]},"properties":{"id":"c2-1","role":"control","country":"CN"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.04]},"properties":{"id":"h-1","country":"TW"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[77.2,28.6]},"properties":{"id":"h-2","country":"IN","server":"c2-1","source":"IWM p.40","confidence":"medium"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[121.5,25.04]]},"properties":{"server":"c2-1","host":"h-1","reconstructed":["link"],"source":"IWM p.12","confidence":"high"}}
]}`
	d, r := ingest.Read(context.Background(), strings.NewReader(in), int64(len(in)), ingest.Options{Name: "links.geojson"})
	for i := range d.Links.Len() {
		fmt.Printf("%s derived=%v reconstructed=%v source=%q confidence=%s\n",
			d.Str(d.Hosts.ID[d.Links.Host[i]]), d.Links.Derived[i], d.LinkRecon(i).Names(), d.LinkSource(i), d.LinkConfidence(i))
	}
	fmt.Println("reported:", d.Meta.ReportedCountries, "reconstructed links:", r.Reconstructed["link"])
	// Output:
	// h-1 derived=false reconstructed=[link] source="IWM p.12" confidence=high
	// h-2 derived=true reconstructed=[link] source="IWM p.40" confidence=medium
	// reported: [TW IN] reconstructed links: 2
}

// An IP list has no coordinates: each address is placed by the IP
// database (here one that knows a single network), and what cannot be
// placed is reported by line.
func ExampleRead_ipList() {
	db := geoip.NewFunc("example-db", "2026-01-01", func(a netip.Addr) (geoip.Place, error) {
		if a.As4()[0] == 1 {
			return geoip.Place{Lon: 134, Lat: -25, Country: "AU", Precision: geoip.Country}, nil
		}
		return geoip.Place{}, geoip.ErrNotFound
	})
	list := "# blocklist\n1.2.3.4\n1.2.3.0/24 ; a network\n10.1.2.3\n8.8.8.8\n1.2.3.4\n"
	d, r := ingest.Read(context.Background(), strings.NewReader(list), int64(len(list)), ingest.Options{Name: "block.txt", GeoIP: db})
	fmt.Println(r.Format, r.Hosts, "hosts")
	for i := range d.Hosts.Len() {
		fmt.Println(d.Str(d.Hosts.IP[i]), d.Country(i), d.Hosts.Recon[i].Names(), d.Str(d.Hosts.Props[i]))
	}
	for _, is := range append(r.Skipped, r.Warnings...) {
		fmt.Println(is)
	}
	// Output:
	// iplist 2 hosts
	// 1.2.3.4 AU [coordinates country] {"placement":"from IP, country level (example-db, 2026-01-01)"}
	// 1.2.3.0/24 AU [coordinates country] {"prefix":24,"placement":"from IP, country level (example-db, 2026-01-01)"}
	// feature 3: line 4: 10.1.2.3: private address, not geolocated
	// feature 4: line 5: 8.8.8.8: not in the IP database (example-db, 2026-01-01)
	// duplicate address (one host per address: the first line's): 1 feature (feature 5)
}
