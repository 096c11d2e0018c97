package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"threatmap/data/filter"
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

// visibleHosts returns the hosts q keeps, nil when it keeps them all.
func visibleHosts(ds *threat.Dataset, q filter.Query) *filter.Set {
	if !q.Constrains() {
		return nil
	}
	vis := filter.NewSet(ds.Hosts.Len())
	q.Apply(ds, vis)
	return vis
}

// exportData loads, filters and writes the data as GeoJSON, atomically
// and with the same refusals as an image (see export).
func exportData(opt *exportOptions, stderr io.Writer) error {
	start := time.Now()
	out, err := render.CreateOutput(opt.out, opt.files, opt.force)
	if err != nil {
		return forceHint(err)
	}
	defer out.Abort()
	ds, err := load(opt.files, stderr)
	if err != nil {
		return err
	}
	n, err := geojson.Write(context.Background(), out, ds, geojson.Options{Visible: visibleHosts(ds, opt.query)})
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", opt.out, err)
	}
	if err := out.Commit(); err != nil {
		return forceHint(err)
	}
	fmt.Fprintf(stderr, "threatmap: wrote %s: %s, %s, %s in %.2fs\n", opt.out,
		render.CountOf(n.Hosts, "host"), render.CountOf(n.Servers, "server"), render.CountOf(n.Links, "link"), time.Since(start).Seconds())
	return nil
}
