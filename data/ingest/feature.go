package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"threatmap/data/basemap"
	"threatmap/data/country"
	"threatmap/data/geoip"
	"threatmap/data/threat"
)

// span is a string in a job's text or scratch arena.
type span struct{ off, n uint32 }

type recKind uint8

const (
	rHost recKind = iota
	rServer
	rLink
	rSkip
	rDup // an IP list's address already read: no record (claimPlacement)
)

// rec is one parsed feature, as a worker hands it to claim and place. Strings
// live in the job's arenas: text (kept in the Dataset) or scratch
// (references, dropped once resolved).
type rec struct {
	kind       recKind
	role       threat.Role
	conf       threat.Confidence
	recon      threat.Field
	index      int32
	lon, lat   float64 // the point; for a link the server end
	lon1, lat1 float64 // for a link the host end
	first      int64
	last       int64
	cc         [2]byte // ISO alpha-2, zero when unknown
	ccFrom     uint8   // ccGiven, ccDerived or ccNone
	ccode      uint16  // hosts: cc's index into Dataset.Countries (claim sets it)
	tcode      uint16  // hosts: the type's index into Dataset.Types (claim sets it)

	id, name, ip, source, props, network, region span   // text
	typ                                          string // target type (claim codes it; the job's buffer is alive until then)
	srv, host                                    span   // scratch: ids, NUL-separated
	msg                                          string // the warnings, or why it was skipped
	why                                          string // the kind of msg's first part (a constant format)
	badID                                        string // the id, for msg, when the text is dropped
	late                                         bool   // first_seen after last_seen

	geo      geoip.Precision // placed from its IP address at this precision (None: not)
	unplaced string          // skipped: why its IP address was not placed (a constant or a range's name)
	key      ipKey           // placed from an IP: the address (claim: one host per address in lists, repeats warned otherwise)
	keyed    bool
	disagree bool // its own country differs from the IP database's (placed in its own)
}

const (
	ccGiven   = iota
	ccDerived // located in the base map's countries
	ccNone    // not given, and not inside any country
)

// crsKind is the coordinate reference system of a file's coordinates.
type crsKind uint8

const (
	crsWGS84    crsKind = iota
	crsMercator         // EPSG:3857 metres, reprojected to degrees
)

// parser turns one feature's bytes into a rec. One per worker.
type parser struct {
	out   *jobOut
	crs   crsKind
	cur   *rec   // the current feature's, last of out.recs
	t0    int    // length of out.text before the current feature
	extra []byte // the Props object being built
	feat  feat   // the current feature's members
	line  int32  // the current feature's line, for skip (CSV rows, GeoJSONSeq lines; 0: not named)
	geo   *geolocator
	// shared is, by precision, the job's one copy of the Props of records
	// placed from IP with nothing else in Props (placementProps).
	shared [geoip.City + 1]span
	logs   *logAgg   // logs: this worker's hosts so far
	times  *logTimes // logs: what their times mean
}

// jobOut is what a worker produces for one job.
type jobOut struct {
	recs    []rec
	text    []byte
	scratch []byte
}

func (o *jobOut) reset() {
	o.recs = o.recs[:0]
	o.text = o.text[:0]
	o.scratch = o.scratch[:0]
}

func (o *jobOut) textStr(s span) string { return string(o.text[s.off : s.off+s.n]) }

// appendText copies s into the text arena, replacing invalid UTF-8.
func (p *parser) appendText(s string) span {
	if s == "" {
		return span{}
	}
	o := p.out
	off := len(o.text)
	o.text = append(o.text, validText(s)...)
	return span{uint32(off), uint32(len(o.text) - off)}
}

// validText is s with each invalid UTF-8 sequence replaced by U+FFFD, as
// every text of a load is stored; s itself when it is valid.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// str returns v's string value (a number's text) as a text span.
func (p *parser) str(v *gjson.Result) span {
	var s string
	switch v.Type {
	case gjson.String:
		s = v.Str
	case gjson.Number, gjson.True, gjson.False:
		s = v.Raw
	default:
		return span{}
	}
	return p.appendText(trim(s))
}

// scratchIDs appends v's id or ids (a string, a number or an array of them)
// to the scratch arena, NUL-separated.
func (p *parser) scratchIDs(v *gjson.Result) span {
	o := p.out
	off := len(o.scratch)
	if s := v.Str; v.Type == gjson.String && s != "" && asciiNonSpace(s[0]) && asciiNonSpace(s[len(s)-1]) && strings.IndexByte(s, 0) < 0 {
		// One plain id, the common case: no trimming to do.
		o.scratch = append(o.scratch, s...)
		return span{uint32(off), uint32(len(s))}
	}
	add := func(x *gjson.Result) {
		var s string
		switch x.Type {
		case gjson.String:
			s = strings.TrimSpace(x.Str)
		case gjson.Number:
			s = x.Raw
		}
		if s == "" || strings.IndexByte(s, 0) >= 0 {
			return
		}
		if len(o.scratch) > off {
			o.scratch = append(o.scratch, 0)
		}
		o.scratch = append(o.scratch, s...)
	}
	if v.IsArray() {
		v.ForEach(func(_, x gjson.Result) bool { add(&x); return true })
	} else {
		add(v)
	}
	return span{uint32(off), uint32(len(o.scratch) - off)}
}

// addWarn adds a warning to the current feature's; format is its kind.
func (p *parser) addWarn(format string, a ...any) {
	m := fmt.Sprintf(format, a...)
	if p.cur.msg != "" {
		p.cur.msg += "; " + m
	} else {
		p.cur.msg, p.cur.why = m, format
	}
}

// skip records the current feature as skipped; format is the reason's
// kind. Its text is dropped, its id kept for the report.
func (p *parser) skip(format string, a ...any) {
	p.cur.kind = rSkip
	p.cur.msg, p.cur.why = fmt.Sprintf(format, a...), format
	if format == "%s" {
		p.cur.why = kindOf(p.cur.msg)
	}
	if p.line > 0 {
		p.cur.msg = "line " + itoa(int(p.line)) + ": " + p.cur.msg
	}
	p.dropText(true)
}

// kindOf is the kind of a reason given whole: its text up to the first
// digit, quote or parenthesis, so that its details do not make a kind
// each (MaxIssues).
func kindOf(reason string) string {
	if i := strings.IndexAny(reason, "0123456789(\"'"); i >= 0 {
		return reason[:i]
	}
	return reason
}

// dropText removes the current feature's text from the arena (skipped
// features keep none, links their source only: linkText); with keepID its
// id is kept for messages, outside the arena, which goes into the Dataset
// whole.
func (p *parser) dropText(keepID bool) {
	c := p.cur
	if keepID && c.id.n > 0 {
		c.badID = p.out.textStr(c.id)
	}
	p.out.text = p.out.text[:p.t0]
	c.id, c.name, c.ip, c.source, c.props, c.network, c.region = span{}, span{}, span{}, span{}, span{}, span{}, span{}
}

// begin starts the rec of feature index: every feature has one, appended
// here and filled in place.
func (p *parser) begin(index int32) {
	o := p.out
	o.recs = append(o.recs, rec{index: index, first: threat.NoTime, last: threat.NoTime})
	p.cur = &o.recs[len(o.recs)-1]
	p.t0 = len(p.out.text)
}

// element parses one feature (or bare geometry) and appends its rec.
// lexed says whether lexFeat already ran on b (lexOK: p.feat holds it).
func (p *parser) element(b []byte, index int32, lexed int) {
	p.begin(index)
	f := p.readFeature(b, lexed)
	if f == nil {
		return
	}
	if f.ID.Exists() {
		p.cur.id = p.str(&f.ID)
	}
	ps := p.properties(f)
	p.cur.role = ps.role
	if p.geometry(f, ps.link) {
		p.cur.late = late(p.cur.first, p.cur.last)
		if p.cur.kind == rLink {
			p.cur.recon = linkRecon(p.cur.recon, ps.reconAll)
		}
	}
}

// linkRecon is the Recon of a link read from a file: FieldLink when its
// "reconstructed" is true, or names "link" or "server" (a filled-in
// server end is a filled-in link: which server the host talked to).
func linkRecon(f threat.Field, all bool) threat.Field {
	if all || f&threat.FieldServer != 0 {
		f |= threat.FieldLink
	}
	return f
}

// late reports whether first comes after last. A last at midnight may be
// a date ("2008-08-31"), which means the whole day: a first later that
// day is not after it.
func late(first, last int64) bool {
	if first == threat.NoTime || last == threat.NoTime {
		return false
	}
	if last%86400 == 0 {
		last += 86399
	}
	return first > last
}

// readFeature collects the members of the feature in b into p.feat and
// returns it, or skips the feature and returns nil when it is not one.
func (p *parser) readFeature(b []byte, lexed int) *feat {
	if len(b) == 0 || b[0] != '{' {
		p.skip("not a JSON object (found %s)", quoteStart(b))
		return nil
	}
	s := featureText(b)
	f := &p.feat
	if lexed != lexOK && (lexed == lexFailed || !lexFeat(s, f)) {
		if err := gjsonFeat(s, f); err != nil {
			p.skip("%v", err)
			return nil
		}
	}
	if !f.HasGeom && !f.Props.Exists() && p.flat(s, f) {
		return f // a plain record with an IP address: JSON lines
	}
	switch f.Type {
	case "Feature":
	case "Point", "LineString", "MultiLineString", "MultiPoint", "Polygon", "MultiPolygon", "GeometryCollection":
	case "":
		if !f.HasGeom {
			p.skip("not a GeoJSON Feature (no \"type\" and no \"geometry\")")
			return nil
		}
	case "FeatureCollection":
		p.skip("a FeatureCollection inside a feature list is not supported")
		return nil
	default:
		p.skip("not a GeoJSON Feature (type %q)", clip(f.Type))
		return nil
	}
	return f
}

// properties reads f's properties into the current rec; what no field
// holds goes to its Props object.
func (p *parser) properties(f *feat) propState {
	var ps propState
	props := f.Props
	if !props.IsObject() {
		if props.Exists() && props.Type != gjson.Null {
			p.addWarn("properties is not an object, ignored")
		}
		return ps
	}
	p.extra = p.extra[:0]
	for k := range f.Keys {
		if !p.prop(propOf(f.Keys[k].Str), &f.Keys[k], &f.Vals[k], &ps) {
			p.keep(&f.Keys[k], &f.Vals[k])
		}
	}
	p.typeProperty(&ps)
	if len(p.extra) > 0 {
		p.extra = append(p.extra, '}')
		p.cur.props = p.appendRaw(p.extra)
	}
	if ps.target != nil {
		if t := targetOf(ps.target.Str); t != "" {
			p.cur.typ = validText(t)
		}
	}
	return ps
}

// typeProperty decides what a "type" property is: a role when its value
// is one, "link", else the target type when none was given; otherwise it
// is kept in Props.
func (p *parser) typeProperty(ps *propState) {
	v := ps.typeVal
	if v == nil {
		return
	}
	if v.Type == gjson.String {
		if r, ok := roleOf(v.Str); ok && strings.TrimSpace(v.Str) != "" {
			if !ps.roleSet {
				ps.role = r
			}
			return
		}
		if isLinkRole(v.Str) {
			ps.link = true
			return
		}
		if ps.target == nil {
			ps.target = v
			return
		}
	}
	p.keep(ps.typeKey, v)
}

// geometry reads f's geometry into the current rec (link: the role said
// "link") and reports whether the feature was loaded.
func (p *parser) geometry(f *feat, link bool) bool {
	geom, gt := f.Geom, f.GeomType
	switch {
	case (!f.HasGeom || geom.Type == gjson.Null || !geom.Exists()) && p.cur.ip.n > 0:
		return p.placeIP(p.out.textStr(p.cur.ip), nil)
	case !f.HasGeom || geom.Type == gjson.Null || !geom.Exists():
		p.skip("missing geometry (no coordinates, and no ip to place it from)")
	case !geom.IsObject():
		p.skip("geometry is not an object")
	case gt == "Point" || gt == "MultiPoint":
		return p.point(f, link)
	case gt == "LineString" || gt == "MultiLineString":
		return p.lineString(f)
	case gt == "":
		p.skip("geometry has no type")
	default:
		p.skip("unsupported geometry type %q (hosts and servers are Points, links LineStrings)", clip(gt))
	}
	return false
}

// point reads a Point (or a MultiPoint of one point): a host, or a
// server when the role says so.
func (p *parser) point(f *feat, link bool) bool {
	gt, pos := f.GeomType, f.Coords
	if gt == "MultiPoint" {
		// One point reads as a Point; more are not one host.
		n := 0
		f.Coords.ForEach(func(_, v gjson.Result) bool { n++; pos = v; return n < 2 })
		if n != 1 {
			p.skip("unsupported geometry type MultiPoint with %s points (hosts and servers are Points)", countWord(n))
			return false
		}
	}
	var lon, lat float64
	var why string
	if pre := &f.Pos; gt == "Point" && pre.OK && pre.N == 0 {
		lon, lat, why = p.checkPosition(pre.A[0], pre.A[1])
	} else {
		lon, lat, why = p.position(pos)
	}
	if why == "missing coordinates" && p.cur.ip.n > 0 {
		return p.placeIP(p.out.textStr(p.cur.ip), nil) // "coordinates": null, as some exports write no position
	}
	if why != "" {
		p.skip("%s", why)
		return false
	}
	p.cur.lon, p.cur.lat = lon, lat
	if link {
		p.addWarn("role link on a %s, read as host", gt)
	}
	if p.cur.role == threat.RoleHost {
		p.cur.kind = rHost
	} else {
		p.cur.kind = rServer
	}
	p.locate()
	return true
}

// lineString reads a LineString or MultiLineString: a link from its first
// position (the server end) to its last (the host end).
func (p *parser) lineString(f *feat) bool {
	a, z, n, whole := p.ends(f)
	if !f.Coords.IsArray() {
		p.skip("coordinates are not an array")
		return false
	}
	if n < 2 {
		p.skip("a %s needs at least two positions", f.GeomType)
		return false
	}
	var why string
	if pre := &f.Pos; whole {
		if p.cur.lon, p.cur.lat, why = p.checkPosition(pre.A[0], pre.A[1]); why == "" {
			p.cur.lon1, p.cur.lat1, why = p.checkPosition(pre.Z[0], pre.Z[1])
		}
	} else if p.cur.lon, p.cur.lat, why = p.position(a); why == "" {
		p.cur.lon1, p.cur.lat1, why = p.position(z)
	}
	if why != "" {
		p.skip("%s", why)
		return false
	}
	p.cur.kind = rLink
	p.linkText()
	return true
}

// linkText drops the current link's text but its source, which moves to
// the start of the feature's text: the link columns hold no id, name or
// Props, only provenance.
func (p *parser) linkText() {
	c, o := p.cur, p.out
	src := c.source
	p.dropText(c.msg != "")
	if src.n == 0 {
		return
	}
	// The arena keeps the bytes past its length, and src starts at or
	// after t0: copy moves them down, overlap and all.
	n := copy(o.text[p.t0:p.t0+int(src.n)], o.text[src.off:src.off+src.n])
	o.text = o.text[:p.t0+n]
	c.source = span{uint32(p.t0), uint32(n)}
}

// ends finds a line's first and last positions and how many it has;
// whole says lexFeat read a LineString whole in its pass (f.Pos holds
// them, a and z are not set).
func (p *parser) ends(f *feat) (a, z gjson.Result, n int, whole bool) {
	gt, gc, pre := f.GeomType, f.Coords, &f.Pos
	if gt == "LineString" && pre.N > 0 {
		return a, z, pre.N, true
	}
	each := func(_, v gjson.Result) bool {
		if n == 0 {
			a = v
		}
		z = v
		n++
		return true
	}
	if gt == "LineString" {
		gc.ForEach(each)
	} else {
		gc.ForEach(func(_, line gjson.Result) bool { line.ForEach(each); return true })
	}
	return a, z, n, false
}

// propState is what the properties say beyond the rec's fields.
type propState struct {
	role             threat.Role
	roleSet, link    bool
	reconAll         bool          // "reconstructed": true
	target           *gjson.Result // the target type value (nil: none)
	typeKey, typeVal *gjson.Result // a "type" property, decided at the end (nil: none)
}

// prop reads one property, key k (kind: propOf(k.Str)), into the current
// rec and reports whether its value is fully held there (else it is kept
// in Props).
func (p *parser) prop(kind prop, k, v *gjson.Result, ps *propState) bool {
	c := p.cur
	scalar := v.Type == gjson.String || v.Type == gjson.Number
	if f := p.textField(kind); f != nil {
		if scalar && f.n == 0 {
			*f = p.str(v)
			return true
		}
		return false
	}
	switch kind {
	case pID:
		if scalar && c.id.n == 0 {
			c.id = p.str(v)
			return true
		}
		return scalar && v.String() == p.out.textStr(c.id)
	case pRole:
		return p.role(v, ps)
	case pType:
		if ps.typeVal == nil {
			ps.typeKey, ps.typeVal = k, v
			return true
		}
	case pCountry:
		if v.Type == gjson.String && c.cc == [2]byte{} {
			return p.country(v.Str)
		}
	case pTarget:
		if v.Type == gjson.String && ps.target == nil {
			ps.target = v
			return true
		}
	case pFirst:
		return p.timeField(&c.first, v, "first_seen")
	case pLast:
		return p.timeField(&c.last, v, "last_seen")
	case pServer:
		return p.idsField(&c.srv, v)
	case pHost:
		return p.idsField(&c.host, v)
	case pConfidence:
		if v.Type == gjson.Null {
			return true
		}
		if cf, ok := confidenceOf(v.String()); ok {
			c.conf = cf
			return true
		}
		p.addWarn("unknown confidence %q", clip(v.String()))
	case pRecon:
		return p.recon(v, ps)
	}
	return false
}

// textField returns the current rec's text field a property of kind
// sets, or nil when it sets none.
func (p *parser) textField(kind prop) *span {
	c := p.cur
	switch kind {
	case pIP:
		return &c.ip
	case pName:
		return &c.name
	case pSource:
		return &c.source
	case pNetwork:
		return &c.network
	case pRegion:
		return &c.region
	}
	return nil
}

// role reads a role property.
func (p *parser) role(v *gjson.Result, ps *propState) bool {
	if v.Type != gjson.String {
		return false
	}
	if r, ok := roleOf(v.Str); ok {
		ps.role, ps.roleSet = r, true
		return true
	}
	if isLinkRole(v.Str) {
		ps.link = true
		return true
	}
	p.addWarn("unknown role %q, read as host", clip(v.Str))
	return false
}

// timeField reads the first time property of its kind into *t.
func (p *parser) timeField(t *int64, v *gjson.Result, name string) bool {
	if *t != threat.NoTime {
		return false
	}
	*t = p.time(v, name)
	if *t != threat.NoTime && name == "last_seen" && bareYear(v) {
		*t = yearEnd(*t) // last seen in 2009: through its last day
	}
	return *t != threat.NoTime || v.Type == gjson.Null
}

// idsField reads the first server or host reference property of its kind
// into *s.
func (p *parser) idsField(s *span, v *gjson.Result) bool {
	if s.n != 0 || !(v.Type == gjson.String || v.Type == gjson.Number || v.IsArray()) {
		return false
	}
	*s = p.scratchIDs(v)
	return true
}

// keep adds a property to the Props object being built.
func (p *parser) keep(k, v *gjson.Result) {
	if len(p.extra) == 0 {
		p.extra = append(p.extra, '{')
	} else {
		p.extra = append(p.extra, ',')
	}
	p.extra = append(p.extra, k.Raw...)
	p.extra = append(p.extra, ':')
	p.extra = append(p.extra, v.Raw...)
}

// appendRaw copies b into the text arena as it is.
func (p *parser) appendRaw(b []byte) span {
	o := p.out
	off := len(o.text)
	o.text = append(o.text, b...)
	return span{uint32(off), uint32(len(b))}
}

// position reads a [lon, lat] position (metres under EPSG:3857).
func (p *parser) position(v gjson.Result) (lon, lat float64, why string) {
	if !v.Exists() || v.Type == gjson.Null {
		return 0, 0, "missing coordinates"
	}
	if !v.IsArray() {
		return 0, 0, "coordinates are not an array"
	}
	n := 0
	bad := false
	v.ForEach(func(_, x gjson.Result) bool {
		if x.Type != gjson.Number {
			bad = true
			return false
		}
		switch n {
		case 0:
			lon = x.Num
		case 1:
			lat = x.Num
		}
		n++
		return n < 2
	})
	if bad {
		return 0, 0, "coordinates are not numbers"
	}
	if n < 2 {
		return 0, 0, "a position needs two coordinates"
	}
	return p.checkPosition(lon, lat)
}

// checkPosition checks a position read and converts it from EPSG:3857
// metres when the file's crs says so.
func (p *parser) checkPosition(lon, lat float64) (float64, float64, string) {
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return 0, 0, "coordinates are not finite numbers"
	}
	if p.crs == crsMercator {
		if math.Abs(lon) > mercMax*1.000001 || math.Abs(lat) > 3*mercMax {
			return 0, 0, fmt.Sprintf("coordinates out of range for EPSG:3857 (%g, %g)", lon, lat)
		}
		lon, lat = unmercator(lon, lat)
	}
	if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return 0, 0, fmt.Sprintf("coordinates out of range (lon %g, lat %g)", lon, lat)
	}
	return lon, lat, ""
}

// mercMax is half the width of the Web Mercator plane in metres.
const mercMax = 20037508.342789244

// unmercator converts EPSG:3857 metres to WGS84 degrees (spherical inverse
// Web Mercator, radius 6378137 m).
func unmercator(x, y float64) (lon, lat float64) {
	const r = 6378137.0
	lon = x / r * 180 / math.Pi
	lat = (2*math.Atan(math.Exp(y/r)) - math.Pi/2) * 180 / math.Pi
	return lon, lat
}

// nearCoast is how far off a coast (in degrees, about 11 km) a point still
// takes the country of the nearest outline: geolocation often puts coastal
// hosts just off the shore.
const nearCoast = 0.1

// locate derives a missing country from the point's location.
func (p *parser) locate() {
	if p.cur.cc != [2]byte{} {
		return
	}
	if cc, ok := basemap.DefaultLocator().LocateNear(p.cur.lon, p.cur.lat, nearCoast); ok && len(cc) == 2 {
		p.cur.cc = [2]byte{cc[0], cc[1]}
		p.cur.recon |= threat.FieldCountry
		p.cur.ccFrom = ccDerived
		return
	}
	p.cur.ccFrom = ccNone
}

// country sets the current rec's country from an alpha-2, alpha-3, numeric
// code or an English name.
func (p *parser) country(v string) bool {
	if len(v) == 2 {
		if c, ok := country.ByAlpha2(v); ok {
			p.cur.cc = [2]byte{c.Alpha2[0], c.Alpha2[1]}
			return c.Alpha2 == v
		}
	}
	if strings.TrimSpace(v) == "" {
		return true
	}
	if c, ok := country.Lookup(v); ok && len(c.Alpha2) == 2 {
		p.cur.cc = [2]byte{c.Alpha2[0], c.Alpha2[1]}
		return false // keep the spelling of the source in Props
	}
	p.addWarn("unknown country %q, derived from the location", clip(v))
	return false
}

// time reads an RFC 3339, date-only or epoch time.
func (p *parser) time(v *gjson.Result, name string) int64 {
	switch v.Type {
	case gjson.Number:
		if t, ok := timeNum(v.Num); ok {
			return t
		}
	case gjson.String:
		if t, ok := fastTime(v.Str); ok {
			return t
		}
		if strings.TrimSpace(v.Str) == "" {
			return threat.NoTime
		}
		if t, ok := timeOf(v.Str); ok {
			return t
		}
	case gjson.Null:
		return threat.NoTime
	}
	p.addWarn("%s %s is not a time, ignored", name, clip(v.Raw))
	return threat.NoTime
}

// recon reads the reconstructed member: an array of field names, or one
// string of them separated by commas, semicolons, bars or spaces (as a
// CSV cell holds them; "position" is "coordinates"), or true, which says
// of a link that it was reconstructed (linkRecon). A value it does not
// know is warned of, and the member kept in Props; it reports whether all
// of it was read.
func (p *parser) recon(v *gjson.Result, ps *propState) bool {
	switch v.Type {
	case gjson.True:
		ps.reconAll = true
		return true
	case gjson.False, gjson.Null:
		return true
	}
	bad := ""
	v.ForEach(func(_, x gjson.Result) bool {
		if x.Type != gjson.String {
			if bad == "" {
				bad = x.Raw
			}
			return true
		}
		for s := x.Str; s != ""; {
			name := s
			if k := strings.IndexAny(s, ",;| \t"); k >= 0 {
				name, s = s[:k], s[k+1:]
			} else {
				s = ""
			}
			f := threat.FieldByName(name)
			if name == "position" {
				f = threat.FieldLocation
			}
			if f == 0 && name != "" && bad == "" {
				bad = strconv.Quote(name)
			}
			p.cur.recon |= f
		}
		return true
	})
	if bad != "" {
		p.addWarn("unknown reconstructed field %s, ignored", clip(bad))
	}
	return bad == ""
}

// clip shortens s for a message, so a huge string cannot flood a report.
func clip(s string) string { return clip2(s, 60) }

// quoteStart quotes the first bytes of b for a message.
func quoteStart(b []byte) string {
	if len(b) > 16 {
		b = b[:16]
	}
	return strconv.Quote(string(b))
}

func countWord(n int) string {
	if n == 0 {
		return "no"
	}
	return "several"
}

// asciiNonSpace reports whether c is an ASCII byte strings.TrimSpace keeps.
func asciiNonSpace(c byte) bool { return c > ' ' && c < 0x80 }
