package geojson_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"threatmap/data/geojson"
	"threatmap/data/ingest"
)

func ExampleWrite() {
	csv := "id,name,latitude,longitude,country,first_seen,server\nh-1,Embassy,38.9,-77.05,US,2008-08-01,c2-1\n"
	ds, _ := ingest.Read(context.Background(), strings.NewReader(csv), int64(len(csv)), ingest.Options{Name: "hosts.csv"})
	n, err := geojson.Write(context.Background(), os.Stdout, ds, geojson.Options{})
	fmt.Println(n, err)
	// Output:
	// {"type":"FeatureCollection","metadata":{"title":"","sources":[],"caveat":"","reconstructed":false,"reported_countries":[],"confidence_note":""},"features":[
	// {"type":"Feature","geometry":{"type":"Point","coordinates":[-77.05,38.9]},"properties":{"role":"host","id":"h-1","name":"Embassy","country":"US","first_seen":"2008-08-01T00:00:00Z"}}
	// ]}
	// {1 0 0} <nil>
}
