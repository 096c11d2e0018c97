package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"

	"threatmap/data/ingest"
)

// A gzip stream is read whatever the file is called, Windows-1252 (an
// Excel export) is transcoded, and the report says both.
func ExampleRead_decoded() {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte("name,lat,lon,country\nSoci\xe9t\xe9 G\xe9n\xe9rale,48.87,2.33,FR\n"))
	w.Close()
	d, r := ingest.Read(context.Background(), &b, int64(b.Len()), ingest.Options{Name: "hosts.csv"})
	fmt.Println(r.Format, r.Hosts, "host:", d.Str(d.Hosts.Name[0]))
	for _, is := range r.Warnings {
		fmt.Println(is)
	}
	// Output:
	// csv 1 host: Société Générale
	// decompressed (gzip)
	// read as Windows-1252: not valid UTF-8 (byte 25 is 0xE9)
}
