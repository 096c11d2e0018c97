package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/tidwall/gjson"
)

// feat is what element reads of one feature: its members, collected
// first, without side effects, then applied. lexFeat collects them in one
// pass over plain JSON; gjsonFeat collects the same with gjson and is the
// reference: whatever lexFeat accepts, it must collect exactly as
// gjsonFeat does (FuzzLexFeat checks it). lexFeat declines anything
// unusual (an escape in any string, white space other than JSON's, a
// number strconv does not take as it is), so what is odd goes through the
// one lenient path.
type feat struct {
	typ     string       // the "type" member's string value
	fid     gjson.Result // the "id" member
	geom    gjson.Result // the "geometry" member, or the feature itself for a bare geometry
	hasGeom bool
	props   gjson.Result   // the "properties" member
	pk, pv  []gjson.Result // props' members, when props is an object
	gt      string         // geom's "type", when geom is an object
	gc      gjson.Result   // geom's "coordinates", when geom is an object

	// lexFeat only: the members of the object, as a bare geometry reads them.
	topCoords gjson.Result
	// lexFeat only: the geometry's coordinates read in the same pass, when
	// they are plain (coords); gc holds them all the same.
	pre geomPos
}

// geomPos is what coords reads of a geometry's coordinates: one
// position (n == 0), or an array of n positions with a the first and z the
// last; ok when read at all. Only the first two numbers of a position are
// kept, as gjson's readers here take them.
type geomPos struct {
	a, z [2]float64
	n    int
	ok   bool
}

// reset empties f, keeping its slices' storage.
func (f *feat) reset() {
	pk, pv := f.pk[:0], f.pv[:0]
	*f = feat{pk: pk, pv: pv}
}

// isGeomType reports whether t is a geometry type, which makes the object
// a bare geometry rather than a Feature.
func isGeomType(t string) bool {
	switch t {
	case "Point", "LineString", "MultiLineString", "MultiPoint", "Polygon", "MultiPolygon", "GeometryCollection":
		return true
	}
	return false
}

// gjsonFeat collects f from the object s with gjson, once gjson.Valid says
// s is valid JSON: gjson alone reads "[50abc,7]" as 50 and "US" unquoted
// as a member's end. Invalid JSON leaves f empty and is an error naming
// the byte of s where it fails.
func (f *feat) gjsonFeat(s string) error {
	f.reset()
	if !gjson.Valid(s) {
		return invalidJSON(s)
	}
	gjson.Result{Type: gjson.JSON, Raw: s}.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "type":
			f.typ = v.Str
		case "geometry":
			f.geom, f.hasGeom = v, true
		case "properties":
			f.props = v
		case "id":
			f.fid = v
		}
		return true
	})
	if isGeomType(f.typ) {
		f.geom, f.hasGeom = gjson.Result{Type: gjson.JSON, Raw: s}, true
	}
	if f.props.IsObject() {
		f.props.ForEach(func(k, v gjson.Result) bool {
			f.pk = append(f.pk, k)
			f.pv = append(f.pv, v)
			return true
		})
	}
	if f.geom.IsObject() {
		f.geom.ForEach(func(k, v gjson.Result) bool {
			switch k.Str {
			case "type":
				f.gt = v.Str
			case "coordinates":
				f.gc = v
			}
			return true
		})
	}
	return nil
}

// invalidJSON says where and why s is not valid JSON, as encoding/json
// finds it (only ever asked once gjson.Valid has said no).
func invalidJSON(s string) error {
	var raw json.RawMessage
	err := json.Unmarshal([]byte(s), &raw)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d of the feature: %s", max(se.Offset-1, 0), se.Error())
	}
	return errors.New("invalid JSON")
}

// lexer reads plain JSON from s at i.
type lexer struct {
	s string
	i int
}

// lexFeat collects f from the object s in one pass and reports whether it
// could; when it could not, f is garbage and gjsonFeat must be used.
func (f *feat) lexFeat(s string) bool {
	f.reset()
	l := lexer{s: s}
	var geomTyp string
	var geomCoords gjson.Result
	var geomPre, topPre geomPos
	geomObj := false
	ok := l.members(func(k string) bool {
		switch k {
		case `"geometry"`:
			a := l.i
			if l.peek() == '{' {
				geomTyp, geomCoords, geomPre, geomObj = "", gjson.Result{}, geomPos{}, true
				if !l.geometry(&geomTyp, &geomCoords, &geomPre) {
					return false
				}
				f.geom, f.hasGeom = gjson.Result{Type: gjson.JSON, Raw: s[a:l.i]}, true
				return true
			}
			v, ok := l.value()
			f.geom, f.hasGeom, geomObj = v, true, false
			return ok
		case `"properties"`:
			a := l.i
			if l.peek() == '{' {
				// Only the last properties member counts: drop an earlier one's.
				f.pk, f.pv = f.pk[:0], f.pv[:0]
				if !l.members(func(k string) bool {
					// Filled in place: a gjson.Result is 80 bytes, and
					// copies of it were a tenth of a load's CPU.
					kr, vr := next(&f.pk), next(&f.pv)
					*kr = gjson.Result{Type: gjson.String, Raw: k, Str: k[1 : len(k)-1]}
					return l.valueTo(vr)
				}) {
					return false
				}
				f.props = gjson.Result{Type: gjson.JSON, Raw: s[a:l.i]}
				return true
			}
			v, ok := l.value()
			f.props = v
			f.pk, f.pv = f.pk[:0], f.pv[:0]
			return ok
		}
		if k == `"coordinates"` {
			return l.coordsTo(&f.topCoords, &topPre)
		}
		v, ok := l.value()
		switch k {
		case `"type"`:
			f.typ = v.Str
		case `"id"`:
			f.fid = v
		}
		return ok
	})
	if !ok || !l.end() {
		return false
	}
	if isGeomType(f.typ) {
		f.geom, f.hasGeom = gjson.Result{Type: gjson.JSON, Raw: s}, true
		f.gt, f.gc, f.pre = f.typ, f.topCoords, topPre
	} else if geomObj {
		f.gt, f.gc, f.pre = geomTyp, geomCoords, geomPre
	}
	if !f.props.IsObject() {
		f.pk, f.pv = f.pk[:0], f.pv[:0]
	}
	return true
}

// geometry reads a geometry object's type and coordinates, these also
// into pre when they are plain.
func (l *lexer) geometry(typ *string, coords *gjson.Result, pre *geomPos) bool {
	return l.members(func(k string) bool {
		if k == `"coordinates"` {
			return l.coordsTo(coords, pre)
		}
		v, ok := l.value()
		if k == `"type"` {
			*typ = v.Str
		}
		return ok
	})
}

// coordsTo reads a coordinates member's value into coords, and into pre
// when it is plain (coords); else pre is emptied (the last member of a
// name is the one that counts).
func (l *lexer) coordsTo(coords *gjson.Result, pre *geomPos) bool {
	if l.peek() == '[' {
		a := l.i
		if c, ok := l.coords(); ok {
			*coords, *pre = gjson.Result{Type: gjson.JSON, Raw: l.s[a:l.i]}, c
			return true
		}
	}
	v, ok := l.value()
	*coords, *pre = v, geomPos{}
	return ok
}

// coords reads the array at l.i in one pass when it is one position or an
// array of positions, each of two or more plain numbers (num) and nothing
// else; l.i is then past it. Otherwise it returns false with l.i where it
// was, for the value to be read as any other.
func (l *lexer) coords() (geomPos, bool) {
	var c geomPos
	i0 := l.i
	l.i++ // '['
	if l.peek() != '[' {
		l.i = i0
		if !l.position(&c.a) {
			l.i = i0
			return geomPos{}, false
		}
		c.z, c.ok = c.a, true
		return c, true
	}
	for {
		var p [2]float64
		if !l.position(&p) {
			l.i = i0
			return geomPos{}, false
		}
		if c.n == 0 {
			c.a = p
		}
		c.z = p
		c.n++
		switch l.peek() {
		case ',':
			l.i++
			if l.peek() == '[' {
				continue
			}
		case ']':
			l.i++
			c.ok = true
			return c, true
		}
		l.i = i0
		return geomPos{}, false
	}
}

// position reads a position of two or more plain numbers at l.i ('[')
// into p (its first two); false on anything else.
func (l *lexer) position(p *[2]float64) bool {
	l.i++ // '['
	for k := 0; ; k++ {
		l.ws()
		x, ok := l.num()
		if !ok {
			return false
		}
		if k < 2 {
			p[k] = x
		}
		switch l.peek() {
		case ',':
			l.i++
		case ']':
			l.i++
			return k >= 1
		default:
			return false
		}
	}
}

// end reports whether only white space is left.
func (l *lexer) end() bool {
	l.ws()
	return l.i == len(l.s)
}

func (l *lexer) ws() {
	for l.i < len(l.s) {
		switch l.s[l.i] {
		case ' ', '\t', '\n', '\r':
			l.i++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte, or 0 at the end.
func (l *lexer) peek() byte {
	// Compact JSON has none: one comparison says so (JSON's white space
	// is all below '!').
	if l.i < len(l.s) && l.s[l.i] > ' ' {
		return l.s[l.i]
	}
	l.ws()
	if l.i < len(l.s) {
		return l.s[l.i]
	}
	return 0
}

// str reads the string at l.i ('"') and returns it with its quotes; false
// on an escape, a control character (RFC 8259 has none raw in a string)
// or at the end of input.
func (l *lexer) str() (string, bool) {
	s := l.s
	for j := l.i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			r := s[l.i : j+1]
			l.i = j + 1
			return r, true
		case c == '\\' || c < ' ':
			return "", false
		}
	}
	return "", false
}

// skipDepth bounds the nesting skip takes: with the three levels of a
// feature around it, what lexFeat accepts stays within maxDepth.
const skipDepth = maxDepth - 4

// skip passes over the object or array at l.i, checking that it is valid
// JSON (RFC 8259) with no escape in its strings. It declines anything else
// and nesting deeper than skipDepth, so that whatever lexFeat accepts is
// one whole valid value the scanner accepts too (a line split unscanned
// relies on it), and no malformed number or member is ever read as a value.
func (l *lexer) skip() bool {
	var arr uint64 // bit d set: level d is an array
	depth := 0
value:
	for {
		// l.i is where a value must start.
		switch c := l.peek(); c {
		case '{', '[':
			if depth >= skipDepth {
				return false
			}
			l.i++
			if c == '[' {
				arr |= 1 << uint(depth)
			} else {
				arr &^= 1 << uint(depth)
			}
			depth++
			if e := l.peek(); e != c+2 { // ']' is '['+2, '}' is '{'+2
				if c == '{' && !l.key() {
					return false
				}
				continue value
			}
			l.i++
		default:
			if !l.scalar() {
				return false
			}
		}
		// After a value: the next element or member, or the end of levels.
		for depth > 0 {
			inArr := arr&(1<<uint(depth-1)) != 0
			switch l.peek() {
			case ',':
				l.i++
				if !inArr && !l.key() {
					return false
				}
				continue value
			case ']':
				if !inArr {
					return false
				}
			case '}':
				if inArr {
					return false
				}
			default:
				return false
			}
			l.i++
			depth--
		}
		return true
	}
}

// key reads a member's name and its ':' at l.i, leaving l.i at the value.
func (l *lexer) key() bool {
	if l.peek() != '"' {
		return false
	}
	if _, ok := l.str(); !ok || l.peek() != ':' {
		return false
	}
	l.i++
	return true
}

// scalar passes over the string, number or literal at l.i.
func (l *lexer) scalar() bool {
	var r gjson.Result
	switch l.peek() {
	case '{', '[', 0:
		return false
	}
	return l.valueTo(&r)
}

// next lengthens *s by one and returns the new last element (not zeroed).
func next(s *[]gjson.Result) *gjson.Result {
	n := len(*s)
	if n == cap(*s) {
		*s = append(*s, gjson.Result{})
	} else {
		*s = (*s)[:n+1]
	}
	return &(*s)[n]
}

// valueTo reads any value at l.i into *r, as gjson would hand it out; on
// false, *r is garbage.
func (l *lexer) valueTo(r *gjson.Result) bool {
	switch c := l.peek(); c {
	case '"':
		s, ok := l.str()
		*r = gjson.Result{Type: gjson.String, Raw: s}
		if ok {
			r.Str = s[1 : len(s)-1]
		}
		return ok
	case '{', '[':
		a := l.i
		ok := l.skip()
		*r = gjson.Result{Type: gjson.JSON, Raw: l.s[a:l.i]}
		return ok
	case 't', 'f', 'n':
		for _, lit := range [...]struct {
			s string
			t gjson.Type
		}{{"true", gjson.True}, {"false", gjson.False}, {"null", gjson.Null}} {
			if len(l.s)-l.i >= len(lit.s) && l.s[l.i:l.i+len(lit.s)] == lit.s {
				a := l.i
				l.i += len(lit.s)
				*r = gjson.Result{Type: lit.t, Raw: l.s[a:l.i]}
				return l.delim()
			}
		}
		return false
	default:
		a := l.i
		f, ok := l.num()
		if !ok || !l.delim() {
			return false
		}
		*r = gjson.Result{Type: gjson.Number, Raw: l.s[a:l.i], Num: f}
		return true
	}
}

// value reads any value at l.i, as gjson would hand it out.
func (l *lexer) value() (gjson.Result, bool) {
	var r gjson.Result
	ok := l.valueTo(&r)
	return r, ok
}

// delim reports whether a scalar may end at l.i: at the end of input or
// before white space, ',', ']' or '}'.
func (l *lexer) delim() bool {
	if l.i == len(l.s) {
		return true
	}
	switch l.s[l.i] {
	case ' ', '\t', '\n', '\r', ',', ']', '}':
		return true
	}
	return false
}

// num passes over a JSON number at l.i (RFC 8259 grammar) and converts it
// in the same pass, as strconv.ParseFloat does, reporting false where that
// returns an error. Up to 15 digits and no exponent, the digits make an
// integer a float64 holds exactly and one correctly rounded division by
// an exact power of ten gives the correctly rounded result (Clinger's
// fast path, which strconv takes too); anything else goes to strconv.
func (l *lexer) num() (float64, bool) {
	s, i := l.s, l.i
	a := i
	neg := false
	if i < len(s) && s[i] == '-' {
		i, neg = i+1, true
	}
	var m uint64 // wraps past 19 digits, and is then not used
	nd, frac := 0, 0
	switch {
	case i < len(s) && s[i] == '0':
		i, nd = i+1, 1
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			m = m*10 + uint64(s[i]-'0')
			nd++
		}
	default:
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			m = m*10 + uint64(s[i]-'0')
		}
		if i == d {
			return 0, false
		}
		frac = i - d
		nd += frac
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == d {
			return 0, false
		}
		nd = 99 // an exponent: strconv
	}
	l.i = i
	if nd > 15 {
		f, err := strconv.ParseFloat(s[a:i], 64)
		return f, err == nil
	}
	f := float64(m) / pow10[frac]
	if neg {
		f = -f
	}
	return f, true
}

// members reads the object at l.i, calling f with each member's raw key
// (quoted, no escapes) with l.i at its value; f must read the value.
func (l *lexer) members(f func(key string) bool) bool {
	if l.peek() != '{' {
		return false
	}
	l.i++
	if l.peek() == '}' {
		l.i++
		return true
	}
	for {
		if l.peek() != '"' {
			return false
		}
		k, ok := l.str()
		if !ok || l.peek() != ':' {
			return false
		}
		l.i++
		l.ws()
		if !f(k) {
			return false
		}
		switch l.peek() {
		case ',':
			l.i++
		case '}':
			l.i++
			return true
		default:
			return false
		}
	}
}

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// lexPosition reads the first two numbers of the position array raw
// (what follows them is not looked at, as with gjson), and reports false
// when raw is not that plainly, leaving it to the gjson path.
func lexPosition(raw string) (lon, lat float64, ok bool) {
	l := lexer{s: raw}
	if l.peek() != '[' {
		return 0, 0, false
	}
	l.i++
	var xy [2]float64
	for k := range xy {
		if k == 1 {
			if l.peek() != ',' {
				return 0, 0, false
			}
			l.i++
		}
		l.ws()
		if xy[k], ok = l.num(); !ok || !l.delim() {
			return 0, 0, false
		}
	}
	return xy[0], xy[1], true
}

// lexLine returns the first and last elements of a LineString's
// coordinates array and how many there are, when every element is an
// array; false leaves raw to the gjson path.
func lexLine(raw string) (a, z gjson.Result, n int, ok bool) {
	l := lexer{s: raw}
	if l.peek() != '[' {
		return a, z, 0, false
	}
	l.i++
	if l.peek() == ']' {
		l.i++
		return a, z, 0, l.end()
	}
	for {
		if l.peek() != '[' {
			return a, z, 0, false
		}
		b := l.i
		if !l.skip() {
			return a, z, 0, false
		}
		z = gjson.Result{Type: gjson.JSON, Raw: raw[b:l.i]}
		if n == 0 {
			a = z
		}
		n++
		switch l.peek() {
		case ',':
			l.i++
		case ']':
			l.i++
			return a, z, n, l.end()
		default:
			return a, z, 0, false
		}
	}
}
