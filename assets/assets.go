// Package assets embeds everything threatmap needs at run time, so the
// binary never touches the network: the Natural Earth base map (TopoJSON,
// from world-atlas 2.0.2, see basemap/LICENSE and basemap/README.md), the
// place names of the larger cities (GeoNames, CC BY 3.0, see
// places/README.md), the reconstructed GhostNet default dataset (made by data/ghostnet with
// go generate) and the application icon.
package assets

import _ "embed"

// Countries110m and Countries50m are Natural Earth Admin 0 country outlines
// as TopoJSON at 1:110m (world views) and 1:50m (zoomed in).
var (
	//go:embed basemap/countries-110m.json
	Countries110m []byte
	//go:embed basemap/countries-50m.json
	Countries50m []byte
	//go:embed basemap/land-110m.json
	Land110m []byte
	//go:embed basemap/land-50m.json
	Land50m []byte
)

// Cities lists the cities of 200,000 people or more, one a line: name,
// latitude, longitude, ISO country code, population, tab-separated, most
// populous first (GeoNames, CC BY 3.0: see places/README.md).
//
//go:embed places/cities.tsv
var Cities []byte

// GhostNet is the default dataset: GhostNet (2009) reconstructed, as GeoJSON.
//
//go:embed ghostnet.geojson
var GhostNet []byte

// Icon is the application icon (512x512 PNG), drawn by icon_gen.go.
//
//go:generate go run icon_gen.go icon.png
//go:embed icon.png
var Icon []byte
