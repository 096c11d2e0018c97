package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"threatmap/data/geojson"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// exportDataUsage is the part of export's usage about data outputs.
const exportDataUsage = `With -o FILE.geojson (any case) it writes the data instead of an image: the
hosts the filters keep (--country, --type, --server, --from, --to), every
server and the links of those hosts, as RFC 7946 GeoJSON with their
provenance; 'threatmap validate' and the window read it back as it was.
The flags that only shape an image (--width, --height, --projection, --bbox,
--fit, --layers, --theme, --title) are ignored then, with a warning.
`

// dataOutput reports whether out names a data file rather than an image.
func dataOutput(out string) bool {
	return strings.EqualFold(filepath.Ext(out), ".geojson")
}

// imageOnly lists the flags that shape only an image.
var imageOnly = []string{"width", "height", "projection", "bbox", "fit", "layers", "theme", "title"}

// warnDataFlags warns, for a data output, of the image-only flags set on
// the command line: a --bbox or --width does nothing to the data written,
// which the user should know. (A warning, not a refusal: a command line
// made for a PNG still writes its data.)
func warnDataFlags(fs *flag.FlagSet, out string, stderr io.Writer) {
	if !dataOutput(out) {
		return
	}
	var set []string
	fs.Visit(func(f *flag.Flag) {
		if slices.Contains(imageOnly, f.Name) {
			set = append(set, "--"+f.Name)
		}
	})
	if len(set) > 0 {
		fmt.Fprintf(stderr, "threatmap export: warning: %s ignored: %s only for an image; a .geojson output holds the data the filters keep (--country, --type, --server, --from, --to)\n",
			strings.Join(set, ", "), map[bool]string{true: "they are", false: "it is"}[len(set) > 1])
	}
}

// writeData writes the data opt's view keeps (its filters and time
// window; --view, --from, --country...) into out as GeoJSON, and returns
// what it wrote, for the summary line. export makes and commits out, as
// for an image.
func writeData(out *render.Output, ds *threat.Dataset, opt *exportOptions, _ io.Writer) (string, error) {
	q, err := opt.view.spec.Query()
	if err != nil {
		return "", err
	}
	n, err := geojson.Write(context.Background(), out, ds, geojson.Options{Visible: geojson.Keep(ds, &q)})
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %v", opt.out, err)
	}
	return fmt.Sprintf("%s, %s, %s", render.CountOf(n.Hosts, "host"), render.CountOf(n.Servers, "server"), render.CountOf(n.Links, "link")), nil
}
