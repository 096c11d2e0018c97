// Package jsonlex reads one GeoJSON feature object in one pass over plain
// JSON, into the members a feature parser needs. It is strict: what it
// accepts is valid JSON (RFC 8259) and is read exactly as gjson reads it;
// it declines the rest, including valid JSON it does not read itself (an
// escape in any string, a number strconv does not take as it is), for a
// slower, validating path to take.
package jsonlex

import (
	"fmt"

	"github.com/tidwall/gjson"
)

// MaxDepth is the deepest nesting of arrays and objects Read accepts in
// a feature, the bound of the scanner that splits features.
const MaxDepth = 64

// Feature is what Read collects of one feature. Values are gjson.Results
// whose Raw points into the string read, as gjson would hand them out.
type Feature struct {
	Type    string       // the "type" member's string value
	ID      gjson.Result // the "id" member
	Geom    gjson.Result // the "geometry" member, or the object itself for a bare geometry
	HasGeom bool
	Props   gjson.Result   // the "properties" member
	Keys    []gjson.Result // Props' member names, when Props is an object
	Vals    []gjson.Result // Props' member values, in the same order
	// GeomType and Coords are Geom's "type" and "coordinates", when Geom
	// is an object.
	GeomType string
	Coords   gjson.Result
	// Pos is Coords read in the same pass, when they are plain positions.
	Pos Positions

	topCoords gjson.Result // the object's own coordinates, for a bare geometry
}

// Positions is what Read takes of plain coordinates: one position
// (N == 0), or an array of N positions, A the first and Z the last; OK
// when read at all. Only the first two numbers of a position are kept.
type Positions struct {
	A, Z [2]float64
	N    int
	OK   bool
}

// Error is Read declining a feature: at byte Offset of it, the JSON is
// malformed or not plain enough to read in one pass.
type Error struct{ Offset int }

func (e *Error) Error() string {
	return fmt.Sprintf("jsonlex: malformed or unusual JSON at byte %d of the feature", e.Offset)
}

// Read collects f from the object s (white space around it allowed) in
// one pass, keeping the storage of f.Keys and f.Vals. On an error f is
// garbage.
func Read(s string, f *Feature) error {
	if at, ok := f.read(s); !ok {
		return &Error{Offset: at}
	}
	return nil
}

// reset empties f, keeping its slices' storage.
func (f *Feature) reset() {
	k, v := f.Keys[:0], f.Vals[:0]
	*f = Feature{Keys: k, Vals: v}
}

// IsGeomType reports whether t is a geometry type, which makes an object
// a bare geometry rather than a Feature.
func IsGeomType(t string) bool {
	switch t {
	case "Point", "LineString", "MultiLineString", "MultiPoint", "Polygon", "MultiPolygon", "GeometryCollection":
		return true
	}
	return false
}

// lexer reads plain JSON from s at i.
type lexer struct {
	s string
	i int
}

// read collects f from the object s in one pass.
func (f *Feature) read(s string) (int, bool) {
	f.reset()
	l := lexer{s: s}
	var geomTyp string
	var geomCoords gjson.Result
	var geomPre, topPre Positions
	geomObj := false
	ok := l.members(func(k string) bool {
		switch k {
		case `"geometry"`:
			a := l.i
			if l.peek() == '{' {
				geomTyp, geomCoords, geomPre, geomObj = "", gjson.Result{}, Positions{}, true
				if !l.geometry(&geomTyp, &geomCoords, &geomPre) {
					return false
				}
				f.Geom, f.HasGeom = gjson.Result{Type: gjson.JSON, Raw: s[a:l.i]}, true
				return true
			}
			v, ok := l.value()
			f.Geom, f.HasGeom, geomObj = v, true, false
			return ok
		case `"properties"`:
			a := l.i
			if l.peek() == '{' {
				// Only the last properties member counts: drop an earlier one's.
				f.Keys, f.Vals = f.Keys[:0], f.Vals[:0]
				if !l.members(func(k string) bool {
					// Filled in place: a gjson.Result is 80 bytes, and
					// copies of it were a tenth of a load's CPU.
					kr, vr := next(&f.Keys), next(&f.Vals)
					*kr = gjson.Result{Type: gjson.String, Raw: k, Str: k[1 : len(k)-1]}
					return l.valueTo(vr)
				}) {
					return false
				}
				f.Props = gjson.Result{Type: gjson.JSON, Raw: s[a:l.i]}
				return true
			}
			v, ok := l.value()
			f.Props = v
			f.Keys, f.Vals = f.Keys[:0], f.Vals[:0]
			return ok
		}
		if k == `"coordinates"` {
			return l.coordsTo(&f.topCoords, &topPre)
		}
		v, ok := l.value()
		switch k {
		case `"type"`:
			f.Type = v.Str
		case `"id"`:
			f.ID = v
		}
		return ok
	})
	if !ok || !l.end() {
		return l.i, false
	}
	if IsGeomType(f.Type) {
		f.Geom, f.HasGeom = gjson.Result{Type: gjson.JSON, Raw: s}, true
		f.GeomType, f.Coords, f.Pos = f.Type, f.topCoords, topPre
	} else if geomObj {
		f.GeomType, f.Coords, f.Pos = geomTyp, geomCoords, geomPre
	}
	if !f.Props.IsObject() {
		f.Keys, f.Vals = f.Keys[:0], f.Vals[:0]
	}
	return l.i, true
}

// geometry reads a geometry object's type and coordinates, these also
// into pre when they are plain.
func (l *lexer) geometry(typ *string, coords *gjson.Result, pre *Positions) bool {
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
func (l *lexer) coordsTo(coords *gjson.Result, pre *Positions) bool {
	if l.peek() == '[' {
		a := l.i
		if c, ok := l.coords(); ok {
			*coords, *pre = gjson.Result{Type: gjson.JSON, Raw: l.s[a:l.i]}, c
			return true
		}
	}
	v, ok := l.value()
	*coords, *pre = v, Positions{}
	return ok
}

// coords reads the array at l.i in one pass when it is one position or an
// array of positions, each of two or more plain numbers (num) and nothing
// else; l.i is then past it. Otherwise it returns false with l.i where it
// was, for the value to be read as any other.
func (l *lexer) coords() (Positions, bool) {
	var c Positions
	i0 := l.i
	l.i++ // '['
	if l.peek() != '[' {
		l.i = i0
		if !l.position(&c.A) {
			l.i = i0
			return Positions{}, false
		}
		c.Z, c.OK = c.A, true
		return c, true
	}
	for {
		var p [2]float64
		if !l.position(&p) {
			l.i = i0
			return Positions{}, false
		}
		if c.N == 0 {
			c.A = p
		}
		c.Z = p
		c.N++
		switch l.peek() {
		case ',':
			l.i++
			if l.peek() == '[' {
				continue
			}
		case ']':
			l.i++
			c.OK = true
			return c, true
		}
		l.i = i0
		return Positions{}, false
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

// Collect fills f from the object s with gjson alone: the fallback for what
// Read declines, and the reference its fuzz target checks Read against.
// s must be valid JSON (gjson.Valid): gjson reads "[50abc,7]" as 50.
func Collect(s string, f *Feature) {
	*f = Feature{Keys: f.Keys[:0], Vals: f.Vals[:0]}
	var top gjson.Result // a bare geometry's own coordinates
	gjson.Result{Type: gjson.JSON, Raw: s}.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "type":
			f.Type = v.Str
		case "geometry":
			f.Geom, f.HasGeom = v, true
		case "properties":
			f.Props = v
		case "id":
			f.ID = v
		case "coordinates":
			top = v
		}
		return true
	})
	if f.Props.IsObject() {
		f.Props.ForEach(func(k, v gjson.Result) bool {
			f.Keys, f.Vals = append(f.Keys, k), append(f.Vals, v)
			return true
		})
	}
	switch {
	case IsGeomType(f.Type):
		// The object itself, leading white space and all, as Read has it.
		f.Geom, f.HasGeom = gjson.Result{Type: gjson.JSON, Raw: s}, true
		f.GeomType, f.Coords = f.Type, top
	case f.Geom.IsObject():
		f.Geom.ForEach(func(k, v gjson.Result) bool {
			switch k.Str {
			case "type":
				f.GeomType = v.Str
			case "coordinates":
				f.Coords = v
			}
			return true
		})
	}
}

// Diff names the first field in which a and b differ, "" when they are
// the same: how the tests compare Read with Collect.
func Diff(a, b *Feature) string {
	if a.Type != b.Type || a.HasGeom != b.HasGeom || a.GeomType != b.GeomType || len(a.Keys) != len(b.Keys) || len(a.Vals) != len(b.Vals) {
		return fmt.Sprintf("type %q geom %v %q %d props, against %q %v %q %d",
			a.Type, a.HasGeom, a.GeomType, len(a.Keys), b.Type, b.HasGeom, b.GeomType, len(b.Keys))
	}
	same := func(x, y gjson.Result) bool {
		return x.Type == y.Type && x.Raw == y.Raw && x.Str == y.Str && x.Num == y.Num
	}
	for _, f := range []struct {
		what string
		x, y gjson.Result
	}{{"id", a.ID, b.ID}, {"geometry", a.Geom, b.Geom}, {"properties", a.Props, b.Props}, {"coordinates", a.Coords, b.Coords}} {
		if !same(f.x, f.y) {
			return fmt.Sprintf("%s: %#v, against %#v", f.what, f.x, f.y)
		}
	}
	for i := range a.Keys {
		if !same(a.Keys[i], b.Keys[i]) || !same(a.Vals[i], b.Vals[i]) {
			return fmt.Sprintf("property %d: %s: %s, against %s: %s", i, a.Keys[i].Raw, a.Vals[i].Raw, b.Keys[i].Raw, b.Vals[i].Raw)
		}
	}
	return ""
}
