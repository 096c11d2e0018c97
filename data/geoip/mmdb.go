package geoip

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"
)

// Open reads the user's MMDB file whole (so a file replaced while the app
// runs cannot hurt it) and checks that its records hold a country or
// coordinates: the GeoIP2/GeoLite2 City and Country layouts (country.iso_code,
// registered_country.iso_code, location.latitude/longitude, city.names.en)
// and the ip-location-db layouts (country_code, latitude, longitude, city).
// Errors name the file and say what is wrong: unreadable, not an MMDB file,
// or an MMDB without country or location data (an ASN database, say).
func Open(path string) (*DB, error) {
	b, err := readMMDB(path)
	if err != nil {
		return nil, fmt.Errorf("geoip: %w", err)
	}
	s, md, err := newSource(b)
	if err != nil {
		return nil, fmt.Errorf("geoip: %s: %w", path, err)
	}
	name := md.DatabaseType
	if name == "" {
		name = filepath.Base(path)
	}
	return &DB{name: name, date: buildDate(md), file: path, src: func() (*source, error) { return s, nil }}, nil
}

// maxMMDB bounds what Open reads: the largest city databases are a few
// hundred MB.
const maxMMDB = 2 << 30

// readMMDB reads the file at path whole: a regular file or a pipe, never a
// folder or a device (/dev/zero would fill memory), at most maxMMDB bytes.
func readMMDB(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	switch m := st.Mode(); {
	case m.IsDir():
		return nil, fmt.Errorf("%s is a directory: give an MMDB file", path)
	case !m.IsRegular() && m&os.ModeNamedPipe == 0:
		return nil, fmt.Errorf("%s is a device or socket, not a file: give an MMDB file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxMMDB+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > maxMMDB {
		return nil, fmt.Errorf("%s is larger than %d GiB: not an IP database", path, maxMMDB>>30)
	}
	return b, nil
}

// buildDate is the metadata's build date, YYYY-MM-DD, or "undated".
func buildDate(md maxminddb.Metadata) string {
	if md.BuildEpoch == 0 || md.BuildEpoch > math.MaxInt64 {
		return "undated"
	}
	return time.Unix(int64(md.BuildEpoch), 0).UTC().Format(time.DateOnly)
}

// layout is how a database's records spell the country and the location.
type layout uint8

const (
	layoutMaxMind layout = iota + 1 // GeoIP2/GeoLite2: country.iso_code, location.latitude, ...
	layoutFlat                      // ip-location-db: country_code, latitude, longitude, city
)

// cacheSlots is the size of the direct-mapped cache of decoded records,
// keyed by record offset. A country database has a few hundred distinct
// records, all of which stay cached; a city database shares each record
// among many networks, so 64k slots (512 KiB of pointers) catch most
// repeats in a big feed while bounding memory whatever the feed.
const cacheSlots = 1 << 16

// source is an open MMDB with its layout and its record cache.
type source struct {
	r      *maxminddb.Reader
	layout layout
	cache  []atomic.Pointer[cached]
	v4     *table4 // nil: IPv4 through the tree too
}

type cached struct {
	off   uintptr
	place Place
	err   error
}

// newSource opens an MMDB held in b (which it keeps) and detects its layout.
func newSource(b []byte) (*source, maxminddb.Metadata, error) {
	r, err := maxminddb.OpenBytes(b)
	if err != nil {
		if !bytes.Contains(b, []byte("\xab\xcd\xefMaxMind.com")) {
			if bytes.IndexByte(b[:min(len(b), 4096)], 0) >= 0 {
				// Binary, as a search tree is: likely a download cut
				// short, which loses the metadata at the end first.
				return nil, maxminddb.Metadata{}, errors.New("not an MMDB file, or one cut short (no MaxMind DB metadata at its end)")
			}
			return nil, maxminddb.Metadata{}, errors.New("not an MMDB file (no MaxMind DB metadata)")
		}
		return nil, maxminddb.Metadata{}, fmt.Errorf("damaged MMDB file: %w", err)
	}
	l, err := detect(r)
	if err != nil {
		return nil, r.Metadata, err
	}
	return &source{r: r, layout: l, cache: make([]atomic.Pointer[cached], cacheSlots)}, r.Metadata, nil
}

// maxProbeLeaves bounds detect's walk of the tree: real databases have
// their first records within a few dozen leaves.
const maxProbeLeaves = 1 << 16

// detect reads the layout from the first records (the metadata's
// DatabaseType is free text, so the records decide; it only names an ASN
// database in the error).
func detect(r *maxminddb.Reader) (layout, error) {
	keys := map[string]bool{}
	n, leaves := 0, 0
	// Counting the empty leaves too bounds the walk: a damaged tree whose
	// records point back up would otherwise be walked without end.
	for res := range r.Networks(maxminddb.IncludeNetworksWithoutData()) {
		if leaves++; leaves > maxProbeLeaves {
			break
		}
		if !res.Found() {
			if err := res.Err(); err != nil {
				return 0, fmt.Errorf("damaged MMDB file: %w", err)
			}
			continue
		}
		var m map[string]any
		if err := res.Decode(&m); err != nil {
			return 0, fmt.Errorf("damaged MMDB file: %w", err)
		}
		for k := range m {
			keys[k] = true
		}
		if n++; n == 16 {
			break
		}
	}
	switch {
	case n == 0:
		return 0, errors.New("the MMDB file holds no networks")
	case keys["country_code"] || keys["latitude"]:
		return layoutFlat, nil
	case keys["country"] || keys["registered_country"] || keys["location"]:
		return layoutMaxMind, nil
	}
	list := make([]string, 0, len(keys))
	for k := range keys {
		list = append(list, k)
	}
	sort.Strings(list)
	what := "an MMDB file"
	if t := r.Metadata.DatabaseType; strings.Contains(strings.ToUpper(t), "ASN") || keys["autonomous_system_number"] {
		what = "an ASN database"
		if t != "" {
			what += " (" + t + ")"
		}
	}
	return 0, fmt.Errorf("%s without country or location data (its records hold: %s)", what, strings.Join(list, ", "))
}

// lookup finds a's record and decodes it, through the cache.
func (s *source) lookup(a netip.Addr) (Place, error) {
	if s.v4 != nil && a.Is4() {
		off, ok := s.v4.find(a.As4())
		if !ok {
			return Place{}, ErrNotFound
		}
		return s.place(off, s.r.LookupOffset(off))
	}
	if a.Is6() && s.r.Metadata.IPVersion == 4 {
		// The reader calls this an error; for an analyst it is an address
		// the database does not cover.
		return Place{}, fmt.Errorf("%w (an IPv4-only database)", ErrNotFound)
	}
	res := s.r.Lookup(a)
	if err := res.Err(); err != nil {
		return Place{}, fmt.Errorf("geoip: damaged database: %w", err)
	}
	if !res.Found() {
		return Place{}, ErrNotFound
	}
	return s.place(res.Offset(), res)
}

// place is the Place of the record at off (res), from the cache or
// decoded and cached.
func (s *source) place(off uintptr, res maxminddb.Result) (Place, error) {
	slot := &s.cache[(uint64(off)*0x9E3779B97F4A7C15)>>(64-16)]
	if c := slot.Load(); c != nil && c.off == off {
		return c.place, c.err
	}
	p, err := s.decode(res)
	slot.Store(&cached{off: off, place: p, err: err})
	return p, err
}

// flatRecord is the ip-location-db layout. The coordinates are read as
// any because their type (double, float or string) varies between builds.
type flatRecord struct {
	CountryCode string `maxminddb:"country_code"`
	City        string `maxminddb:"city"`
	Latitude    any    `maxminddb:"latitude"`
	Longitude   any    `maxminddb:"longitude"`
}

type isoCode struct {
	ISOCode string `maxminddb:"iso_code"`
}

// maxmindRecord is the part of the GeoIP2/GeoLite2 layout geoip reads.
type maxmindRecord struct {
	Country           isoCode `maxminddb:"country"`
	RegisteredCountry isoCode `maxminddb:"registered_country"`
	Location          struct {
		Latitude       any `maxminddb:"latitude"`
		Longitude      any `maxminddb:"longitude"`
		AccuracyRadius any `maxminddb:"accuracy_radius"`
	} `maxminddb:"location"`
	City struct {
		Names struct {
			En string `maxminddb:"en"`
		} `maxminddb:"names"`
	} `maxminddb:"city"`
}

// maxCityRadius is the widest accuracy_radius (km) of a GeoIP2/GeoLite2
// record without a city that is still read as city level: MaxMind gives
// a country-only record the country's default point and 1000 km or
// more; 100 km is a region at most.
const maxCityRadius = 100

// decode turns a record into a Place: at its coordinates when it has them
// (City), else at the interior point of its country (Country). A
// GeoIP2/GeoLite2 record's coordinates count only with a city name or an
// accuracy_radius of at most maxCityRadius km.
func (s *source) decode(res maxminddb.Result) (Place, error) {
	var code, city string
	var lat, lon any
	switch s.layout {
	case layoutFlat:
		var rec flatRecord
		if err := res.Decode(&rec); err != nil {
			return Place{}, fmt.Errorf("geoip: damaged record: %w", err)
		}
		code, city, lat, lon = rec.CountryCode, rec.City, rec.Latitude, rec.Longitude
	default:
		var rec maxmindRecord
		if err := res.Decode(&rec); err != nil {
			return Place{}, fmt.Errorf("geoip: damaged record: %w", err)
		}
		code, city = rec.Country.ISOCode, rec.City.Names.En
		if code == "" {
			code = rec.RegisteredCountry.ISOCode
		}
		lat, lon = rec.Location.Latitude, rec.Location.Longitude
		if r, ok := number(rec.Location.AccuracyRadius); city == "" && (!ok || r > maxCityRadius) {
			lat, lon = nil, nil // the country's default point, not a place
		}
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	if y, x, ok := coords(lat, lon); ok {
		return Place{Lon: x, Lat: y, Country: code, City: city, Precision: City}, nil
	}
	if code == "" {
		return Place{}, fmt.Errorf("%w (its record has neither country nor coordinates)", ErrNotFound)
	}
	pt, err := countryPoint(code)
	if err != nil {
		return Place{}, err
	}
	return Place{Lon: pt[0], Lat: pt[1], Country: code, City: city, Precision: Country}, nil
}

// coords reads a record's latitude and longitude; ok is false when either
// is missing, not a number, out of range, or both are exactly zero (the
// "no location" of some builds, never a real place for an address).
func coords(lat, lon any) (y, x float64, ok bool) {
	y, ok1 := number(lat)
	x, ok2 := number(lon)
	if !ok1 || !ok2 || !(y >= -90 && y <= 90 && x >= -180 && x <= 180) || (x == 0 && y == 0) {
		return 0, 0, false
	}
	return y, x, true
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return f, true
		}
	case int:
		return float64(v), true
	case int32:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	}
	return 0, false
}
