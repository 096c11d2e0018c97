package ingest_test

import (
	"context"
	"fmt"
	"strings"

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
