// Command gen writes the GhostNet reconstruction as GeoJSON. It is run by
// `go generate ./data/ghostnet`, which writes assets/ghostnet.geojson.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"threatmap/data/ghostnet"
)

func main() {
	out := flag.String("o", "", "output file (default: standard output)")
	seed := flag.Int64("seed", ghostnet.DefaultSeed, "random seed")
	flag.Parse()

	var buf bytes.Buffer
	if err := ghostnet.WriteGeoJSON(&buf, ghostnet.Generate(*seed)); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if *out == "" {
		os.Stdout.Write(buf.Bytes())
		return
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
