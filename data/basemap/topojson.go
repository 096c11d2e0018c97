// Package basemap decodes the TopoJSON world map embedded in package assets
// (Natural Earth Admin 0 countries, from world-atlas 2.0.2) into orb
// polygons, and locates the country under a longitude/latitude with a
// point-in-polygon test.
//
// Coordinates are plain longitude/latitude degrees, treated as planar. Rings
// that cross the antimeridian or wrap around a pole (world-atlas is drawn
// for a sphere) are cut and closed along the antimeridian and the pole
// line, so every decoded polygon is a valid planar polygon within
// [-180, 180] x [-90, 90].
package basemap

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/tidwall/gjson"

	"threatmap/data/country"
)

// Country is one country geometry of the map.
type Country struct {
	// Alpha2 is the ISO 3166-1 alpha-2 code, found from the numeric id or,
	// for geometries without one, the name (Kosovo gets XK; Somaliland and
	// N. Cyprus get SO and CY, where ISO places them). It is "" when there
	// is no country to give (Siachen Glacier, disputed).
	Alpha2 string
	// Name is the geometry's name as the source spells it
	// ("Bosnia and Herz."); country.Name(Alpha2) gives the ISO short name.
	// The one exception: Natural Earth's "Indian Ocean Ter." is split into
	// its two ISO entries, Cocos (Keeling) Islands and Christmas Island,
	// which take their names and codes from package country.
	Name string
	// Numeric is the source's id, an ISO 3166-1 numeric code ("356"), or ""
	// when the source has none.
	Numeric  string
	Geometry orb.MultiPolygon
	Bound    orb.Bound
}

// Map is a decoded base map. Several entries may share a code: Natural
// Earth keeps some territories apart (Ashmore and Cartier Is. is AU).
// A Map is not changed after Decode and is safe for concurrent reads.
type Map struct {
	Countries []Country        // from the object "countries", in file order
	Land      orb.MultiPolygon // union of all land, from the object "land"; nil when absent
}

// maxPointsPerArcPoint bounds the output: real topologies use an arc at most
// three times (two countries and the land), so a file whose geometries would
// expand to more than this many points per arc point is rejected rather than
// allowed to exhaust memory.
const maxPointsPerArcPoint = 16

// Decode decodes a TopoJSON topology holding the objects "countries" and/or
// "land" (each a GeometryCollection of Polygon and MultiPolygon geometries,
// or a single such geometry). Other geometry types are skipped. Quantized
// (transform) and plain topologies are both accepted. Open rings are closed.
//
// Errors read "basemap: ..."; Decode does not panic on malformed input.
func Decode(topojson []byte) (*Map, error) {
	if !gjson.ValidBytes(topojson) {
		return nil, errors.New("basemap: invalid JSON")
	}
	// One pass over the top-level members: asking gjson for each by name
	// would skip over the (large) arcs array each time.
	var typ, trans, arcs, objects gjson.Result
	gjson.ParseBytes(topojson).ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "type":
			typ = v
		case "transform":
			trans = v
		case "arcs":
			arcs = v
		case "objects":
			objects = v
		}
		return true
	})
	if t := typ.String(); t != "Topology" {
		return nil, fmt.Errorf("basemap: type %q, want Topology", t)
	}
	var tf transform
	if trans.Exists() {
		if err := tf.parse(trans); err != nil {
			return nil, err
		}
	}
	if !arcs.IsArray() {
		return nil, errors.New("basemap: arcs missing or not an array")
	}
	d := decoder{}
	if err := d.parseArcs(arcs.Raw, &tf); err != nil {
		return nil, err
	}
	d.budget = maxPointsPerArcPoint*len(d.points) + 1<<12

	m := &Map{}
	if c := objects.Get("countries"); c.Exists() {
		var err error
		if m.Countries, err = d.countries(c); err != nil {
			return nil, err
		}
	}
	if l := objects.Get("land"); l.Exists() {
		var err error
		if m.Land, err = d.land(l); err != nil {
			return nil, err
		}
	}
	if m.Countries == nil && m.Land == nil {
		return nil, errors.New(`basemap: no object "countries" or "land"`)
	}
	return m, nil
}

// transform is TopoJSON's quantization transform; quantized is false when
// the topology has none and arc positions are absolute.
type transform struct {
	quantized bool
	sx, sy    float64
	tx, ty    float64
}

func (t *transform) parse(r gjson.Result) error {
	s, tr := r.Get("scale").Array(), r.Get("translate").Array()
	if len(s) != 2 || len(tr) != 2 {
		return errors.New("basemap: transform needs scale and translate of two numbers")
	}
	for _, v := range [...]gjson.Result{s[0], s[1], tr[0], tr[1]} {
		if v.Type != gjson.Number || math.IsInf(v.Num, 0) || math.IsNaN(v.Num) {
			return errors.New("basemap: transform holds a value that is not a finite number")
		}
	}
	*t = transform{quantized: true, sx: s[0].Num, sy: s[1].Num, tx: tr[0].Num, ty: tr[1].Num}
	return nil
}

// decoder holds the decoded arcs: arc i is points[arcStart[i]:arcStart[i+1]].
type decoder struct {
	points   []orb.Point
	arcStart []int
	budget   int   // points the geometries may still produce
	idx      []int // scratch: the arc indices of one ring
}

// countries decodes the countries object.
func (d *decoder) countries(obj gjson.Result) ([]Country, error) {
	geoms := geometries(obj)
	out := make([]Country, 0, len(geoms))
	for gi, g := range geoms {
		mp, err := d.geometry(g)
		if err != nil {
			return nil, fmt.Errorf("basemap: countries: geometry %d: %w", gi, err)
		}
		if mp == nil {
			continue
		}
		c := Country{
			Name:     g.Get("properties.name").String(),
			Numeric:  idString(g.Get("id")),
			Geometry: mp,
		}
		c.Alpha2 = alpha2(c.Numeric, c.Name)
		if c.Name == indianOceanTer {
			out = append(out, splitIndianOcean(c)...)
			continue
		}
		c.Bound = bound(mp)
		out = append(out, c)
	}
	return out, nil
}

// land decodes the land object into one MultiPolygon.
func (d *decoder) land(obj gjson.Result) (orb.MultiPolygon, error) {
	var out orb.MultiPolygon
	for gi, g := range geometries(obj) {
		mp, err := d.geometry(g)
		if err != nil {
			return nil, fmt.Errorf("basemap: land: geometry %d: %w", gi, err)
		}
		out = append(out, mp...)
	}
	if out == nil {
		out = orb.MultiPolygon{}
	}
	return out, nil
}

// geometries returns the members of a GeometryCollection, or the object
// itself when it is a single geometry.
func geometries(obj gjson.Result) []gjson.Result {
	if obj.Get("type").String() == "GeometryCollection" {
		return obj.Get("geometries").Array()
	}
	return []gjson.Result{obj}
}

// geometry decodes a Polygon or MultiPolygon; other types give nil. The
// errors it returns lack the "basemap: " prefix; the caller adds context.
func (d *decoder) geometry(g gjson.Result) (orb.MultiPolygon, error) {
	arcs := g.Get("arcs")
	switch g.Get("type").String() {
	case "Polygon":
		p, err := d.polygon(arcs)
		if err != nil || p == nil {
			return nil, err
		}
		return cutPolygon(p), nil
	case "MultiPolygon":
		if !arcs.IsArray() {
			return nil, errors.New("arcs not an array")
		}
		var mp orb.MultiPolygon
		var err error
		arcs.ForEach(func(_, pr gjson.Result) bool {
			var p orb.Polygon
			if p, err = d.polygon(pr); err != nil {
				return false
			}
			if p != nil {
				mp = append(mp, cutPolygon(p)...)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		return mp, nil
	}
	return nil, nil
}

// polygon decodes [[arc index, ...] per ring]; nil when it has no rings.
func (d *decoder) polygon(rings gjson.Result) (orb.Polygon, error) {
	if !rings.IsArray() {
		return nil, errors.New("polygon arcs not an array")
	}
	var p orb.Polygon
	var err error
	rings.ForEach(func(_, rr gjson.Result) bool {
		var r orb.Ring
		if r, err = d.ring(rr); err != nil {
			return false
		}
		if r != nil {
			p = append(p, r)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ring joins arcs into a ring: each arc after the first starts where the
// previous one ended, so its first point is dropped. Index ^i (that is,
// -i-1) is arc i reversed. Rings with fewer than 4 points after closing
// (no area) are dropped.
func (d *decoder) ring(idx gjson.Result) (orb.Ring, error) {
	if !idx.IsArray() {
		return nil, errors.New("ring arcs not an array")
	}
	// First pass: check the indices and size the ring.
	d.idx = d.idx[:0]
	var err error
	narcs := len(d.arcStart) - 1
	n := 1 // room for closing the ring
	idx.ForEach(func(_, v gjson.Result) bool {
		if v.Type != gjson.Number || v.Num != math.Trunc(v.Num) || math.Abs(v.Num) > 1<<40 {
			err = fmt.Errorf("arc index %s is not an integer", v.Raw)
			return false
		}
		i := int(v.Num)
		if a := max(i, ^i); a >= narcs {
			err = fmt.Errorf("arc index %d out of range", i)
			return false
		}
		d.idx = append(d.idx, i)
		k := max(i, ^i)
		n += d.arcStart[k+1] - d.arcStart[k]
		return true
	})
	if err != nil {
		return nil, err
	}
	if d.budget -= n; d.budget < 0 {
		return nil, errors.New("geometries too large for the arcs (arc reuse limit)")
	}
	r := make(orb.Ring, 0, n)
	for _, i := range d.idx {
		rev := i < 0
		if rev {
			i = ^i
		}
		pts := d.points[d.arcStart[i]:d.arcStart[i+1]]
		if len(pts) == 0 {
			continue
		}
		skip := len(r) > 0 // the point shared with the previous arc
		if rev {
			j := len(pts) - 1
			if skip {
				j--
			}
			for ; j >= 0; j-- {
				r = append(r, pts[j])
			}
		} else {
			if skip {
				pts = pts[1:]
			}
			r = append(r, pts...)
		}
	}
	if len(r) > 0 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	if len(r) < 4 {
		return nil, nil
	}
	return r, nil
}

// bound is mp.Bound(), three times faster: orb's checks for an empty bound
// at every point.
func bound(mp orb.MultiPolygon) orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	n := 0
	for _, p := range mp {
		for _, r := range p {
			for _, q := range r {
				b.Min[0], b.Min[1] = min(b.Min[0], q[0]), min(b.Min[1], q[1])
				b.Max[0], b.Max[1] = max(b.Max[0], q[0]), max(b.Max[1], q[1])
			}
			n += len(r)
		}
	}
	if n == 0 {
		return orb.Bound{}
	}
	return b
}

// idString returns a geometry id as a string: TopoJSON ids may be strings
// or numbers. Numbers are written without leading zeros in the file, so
// they are padded to the three digits of ISO numeric codes.
func idString(id gjson.Result) string {
	switch id.Type {
	case gjson.String:
		return id.Str
	case gjson.Number:
		if id.Num == math.Trunc(id.Num) && id.Num >= 0 && id.Num < 1000 {
			return fmt.Sprintf("%03d", int(id.Num))
		}
		return id.Raw
	}
	return ""
}

// alpha2 finds the ISO alpha-2 code of a geometry from its numeric id, or
// its name when the id is missing or unknown.
func alpha2(numeric, name string) string {
	if numeric != "" {
		if c, ok := country.Lookup(numeric); ok {
			return c.Alpha2
		}
	}
	if c, ok := country.Lookup(name); ok {
		return c.Alpha2
	}
	return ""
}

// indianOceanTer is Natural Earth's name for Australia's Indian Ocean
// Territories, which ISO 3166-1 lists as two entries.
const indianOceanTer = "Indian Ocean Ter."

// splitIndianOcean splits the Indian Ocean Territories into Cocos (Keeling)
// Islands (west of 100°E) and Christmas Island (east of it).
func splitIndianOcean(c Country) []Country {
	var cc, cx orb.MultiPolygon
	for _, p := range c.Geometry {
		if p.Bound().Center().X() < 100 {
			cc = append(cc, p)
		} else {
			cx = append(cx, p)
		}
	}
	var out []Country
	for _, part := range [...]struct {
		code string
		mp   orb.MultiPolygon
	}{{"CC", cc}, {"CX", cx}} {
		if part.mp == nil {
			continue
		}
		k, _ := country.ByAlpha2(part.code)
		out = append(out, Country{
			Alpha2: k.Alpha2, Name: k.Name, Numeric: k.Numeric,
			Geometry: part.mp, Bound: bound(part.mp),
		})
	}
	return out
}
