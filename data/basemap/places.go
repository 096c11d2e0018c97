package basemap

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"sync"
	"unicode/utf8"

	"threatmap/assets"
)

// Cities returns the embedded cities of 200,000 people or more (GeoNames,
// CC BY 3.0; see assets/places), most populous first, parsed on first use.
// Safe for concurrent use; every call returns the same slice, which must
// not be modified.
func Cities() []Label { return cities() }

var cities = sync.OnceValue(func() []Label {
	c, err := ParseCities(assets.Cities)
	if err != nil {
		panic("embedded cities: " + err.Error())
	}
	return c
})

// maxCityName bounds a city's name in bytes: longer lines are rejected,
// not cut.
const maxCityName = 200

// ParseCities parses lines of tab-separated name, latitude, longitude,
// ISO country code and population (the format of assets/places/cities.tsv)
// into labels ranked by population, in file order. Empty lines are
// skipped. An error names the line and the field: a name that is empty,
// too long or not UTF-8, a coordinate out of range, a negative or
// unparsable population.
func ParseCities(b []byte) ([]Label, error) {
	var out []Label
	for n := 1; len(b) > 0; n++ {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			continue
		}
		l, err := parseCity(line)
		if err != nil {
			return nil, fmt.Errorf("basemap: cities line %d: %w", n, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// parseCity parses one line of ParseCities.
func parseCity(line []byte) (Label, error) {
	f := bytes.Split(line, []byte{'\t'})
	if len(f) != 5 {
		return Label{}, fmt.Errorf("%d fields, want 5", len(f))
	}
	name := string(f[0])
	if name == "" || len(name) > maxCityName || !utf8.ValidString(name) {
		return Label{}, fmt.Errorf("name: empty, too long or not UTF-8")
	}
	lat, err := strconv.ParseFloat(string(f[1]), 64)
	if err != nil || math.IsNaN(lat) || lat < -90 || lat > 90 {
		return Label{}, fmt.Errorf("latitude %q out of range", f[1])
	}
	lon, err := strconv.ParseFloat(string(f[2]), 64)
	if err != nil || math.IsNaN(lon) || lon < -180 || lon > 180 {
		return Label{}, fmt.Errorf("longitude %q out of range", f[2])
	}
	pop, err := strconv.ParseUint(string(f[4]), 10, 64)
	if err != nil {
		return Label{}, fmt.Errorf("population %q: not a count", f[4])
	}
	return Label{Name: name, Lon: lon, Lat: lat, Rank: float64(pop)}, nil
}
