package basemap

import (
	"sync"

	"threatmap/assets"
)

// World110 returns the 1:110m world map (177 countries; for world views),
// decoded from assets.Countries110m on first use. Safe for concurrent use;
// every call returns the same *Map, which must not be modified.
func World110() *Map { return world110() }

// World50 returns the 1:50m world map (241 geometries, small islands
// included; for zoomed-in views and Locate), decoded from
// assets.Countries50m on first use. Safe for concurrent use; every call
// returns the same *Map, which must not be modified.
func World50() *Map { return world50() }

var (
	world110 = sync.OnceValue(func() *Map { return mustDecode(assets.Countries110m) })
	world50  = sync.OnceValue(func() *Map { return mustDecode(assets.Countries50m) })
)

// mustDecode decodes embedded data; failure is a build error, hence the panic.
func mustDecode(b []byte) *Map {
	m, err := Decode(b)
	if err != nil {
		panic("embedded base map: " + err.Error())
	}
	return m
}
