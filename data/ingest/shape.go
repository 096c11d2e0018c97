package ingest

import (
	"strings"

	"github.com/tidwall/gjson"
)

// A shape is the layout of a feature lexFeat read: its bytes outside the
// values that vary from feature to feature (keys, brackets, white space
// and the "type" strings), with slots for the values between them. A feed
// written by one program has a few shapes (a host, a server, a link), and
// comparing a run of bytes with a shape costs a fraction of reading the
// same keys one at a time: a parser tries the shapes it learnt first
// (shapes.read; BenchmarkLexFeat: a host in about 60% of the time).
//
// A feature that matches a shape has the same keys in the same order,
// around values that the same functions read (valueTo, coords), so it is
// collected exactly as lexFeat's own pass collects it; the fuzz targets
// check that (checkShape).
type shape struct {
	lits  []string       // lits[k] comes before slots[k]; the last ends the feature
	slots []slotKind     // what each slot holds
	keys  []gjson.Result // the properties' keys, in order
	kinds []prop         // propOf of each of keys
	typ   string         // the feature's "type"
	gt    string         // the geometry's "type"
	geom  bool           // there is a geometry object
	props bool           // there is a properties object
	// Where the geometry and the properties objects start and end.
	geomA, geomZ, propsA, propsZ mark
}

type slotKind uint8

const (
	slotCoords slotKind = iota // the geometry's coordinates (lexer.coordsTo)
	slotProp                   // a property's value; its key is next in shape.keys
	slotID                     // the feature's "id"
)

// mark is a position in a shape: offset off in lits[lit].
type mark struct{ lit, off int }

const (
	maxShapes = 4 // a host, a server, a link and one more
	// A parser that matches fewer than half of shapeWindow features in a
	// row stops trying shapes for shapeRest features: a feed whose
	// features each differ pays at most a few percent for trying.
	shapeWindow = 256
	shapeRest   = 64 * shapeWindow
	// At most this many shapes are learnt in one window, and at most
	// shapeFails features that have none (a "bbox" member, a null geometry)
	// tried: each try reads the feature a second time.
	shapeLearns = 8
	shapeFails  = 8
)

// shapes is what one parser knows of the shapes of its features.
type shapes struct {
	list                       []*shape // most recently matched first
	calls, hits, learns, fails int      // in this window
	rest                       int      // features left to read without shapes
}

// read collects f from the object s as lexFeat does, and reports whether
// it could: through the first of the shapes that fits s, else by lexFeat,
// whose result then teaches a shape.
func (sh *shapes) read(f *feat, s string) bool {
	f.reset()
	if sh.match(f, s) {
		return true
	}
	if !f.lexFeat(s) {
		return false
	}
	sh.learn(s)
	return true
}

// match reads s with the first shape that fits it into f, which is empty;
// false leaves f empty.
func (sh *shapes) match(f *feat, s string) bool {
	if sh.rest > 0 {
		sh.rest--
		return false
	}
	sh.calls++
	for i, p := range sh.list {
		if f.matchShape(s, p) {
			copy(sh.list[1:i+1], sh.list[:i])
			sh.list[0] = p
			sh.hits++
			return true
		}
		f.pk, f.pv, f.fid = f.pk[:0], f.pv[:0], gjson.Result{}
	}
	return false
}

// learn adds the shape of s, which lexFeat has just read (and no shape
// matched), in place of the one matched least recently.
func (sh *shapes) learn(s string) {
	if sh.rest > 0 {
		return
	}
	if sh.calls >= shapeWindow {
		if 2*sh.hits < sh.calls {
			clear(sh.list)
			sh.rest, sh.list = shapeRest, sh.list[:0]
		}
		sh.calls, sh.hits, sh.learns, sh.fails = 0, 0, 0, 0
		return
	}
	if sh.learns >= shapeLearns || sh.fails >= shapeFails {
		return
	}
	p, ok := learnShape(s)
	if !ok {
		sh.fails++
		return
	}
	sh.learns++
	if len(sh.list) < maxShapes {
		sh.list = append(sh.list, nil)
	}
	copy(sh.list[1:], sh.list[:len(sh.list)-1])
	sh.list[0] = p
}

// matchShape reads s into f (empty) when it has shape p.
func (f *feat) matchShape(s string, p *shape) bool {
	l := lexer{s: s}
	key := 0
	var gA, gZ, pA, pZ int
	var gc gjson.Result
	var pre geomPos
	for k, lit := range p.lits {
		if len(s)-l.i < len(lit) || s[l.i:l.i+len(lit)] != lit {
			return false
		}
		base := l.i
		l.i += len(lit)
		// One literal may hold several marks ("properties":{},"geometry":{...).
		if k == p.geomA.lit {
			gA = base + p.geomA.off
		}
		if k == p.geomZ.lit {
			gZ = base + p.geomZ.off
		}
		if k == p.propsA.lit {
			pA = base + p.propsA.off
		}
		if k == p.propsZ.lit {
			pZ = base + p.propsZ.off
		}
		if k == len(p.slots) {
			break
		}
		switch p.slots[k] {
		case slotCoords:
			if !l.coordsTo(&gc, &pre) {
				return false
			}
		case slotProp:
			*next(&f.pk) = p.keys[key]
			key++
			if !l.valueTo(next(&f.pv)) {
				return false
			}
		case slotID:
			if !l.valueTo(&f.fid) {
				return false
			}
		}
	}
	if !l.end() {
		return false
	}
	f.typ = p.typ
	if p.geom {
		f.geom, f.hasGeom = gjson.Result{Type: gjson.JSON, Raw: s[gA:gZ]}, true
		f.gt, f.gc, f.pre = p.gt, gc, pre
	}
	if p.props {
		f.props = gjson.Result{Type: gjson.JSON, Raw: s[pA:pZ]}
		f.kinds = p.kinds
	}
	return true
}

// learnShape returns the shape of s, a feature lexFeat read, when s has
// the form a shape holds: one object whose members are "type" (a string),
// "geometry" (an object of a string "type" and "coordinates"),
// "properties" (an object) and "id", each at most once, and not a bare
// geometry.
func learnShape(s string) (*shape, bool) {
	l := lexer{s: s}
	p := &shape{}
	last := 0 // where the literal being collected starts
	cut := func(k slotKind) {
		p.lits = append(p.lits, s[last:l.i])
		p.slots = append(p.slots, k)
	}
	here := func() mark { return mark{len(p.lits), l.i - last} }
	var seen [4]bool
	once := func(i int) bool {
		if seen[i] {
			return false
		}
		seen[i] = true
		return true
	}
	str := func(to *string) bool {
		v, ok := l.value()
		*to = v.Str
		return ok && v.Type == gjson.String
	}
	var r gjson.Result
	ok := l.members(func(k string) bool {
		switch k {
		case `"type"`:
			return once(0) && str(&p.typ)
		case `"geometry"`:
			if !once(1) || l.peek() != '{' {
				return false
			}
			p.geom, p.geomA = true, here()
			var typ, coords bool
			if !l.members(func(k string) bool {
				switch {
				case k == `"type"` && !typ:
					typ = true
					return str(&p.gt)
				case k == `"coordinates"` && !coords:
					coords = true
					cut(slotCoords)
					var pre geomPos
					ok := l.coordsTo(&r, &pre)
					last = l.i
					return ok
				}
				return false
			}) || !typ || !coords {
				return false
			}
			p.geomZ = here()
			return true
		case `"properties"`:
			if !once(2) || l.peek() != '{' {
				return false
			}
			p.props, p.propsA = true, here()
			if !l.members(func(k string) bool {
				cut(slotProp)
				p.keys = append(p.keys, gjson.Result{Type: gjson.String, Raw: k, Str: k[1 : len(k)-1]})
				p.kinds = append(p.kinds, propOf(k[1:len(k)-1]))
				ok := l.valueTo(&r)
				last = l.i
				return ok
			}) {
				return false
			}
			p.propsZ = here()
			return true
		case `"id"`:
			if !once(3) {
				return false
			}
			cut(slotID)
			ok := l.valueTo(&r)
			last = l.i
			return ok
		}
		return false
	})
	if !ok || isGeomType(p.typ) {
		return nil, false
	}
	p.lits = append(p.lits, s[last:l.i])
	if !l.end() {
		return nil, false
	}
	// The shape outlives the buffer s is in: keep copies of what it
	// holds of s, and no more (not the values: one can be megabytes).
	for i := range p.lits {
		p.lits[i] = strings.Clone(p.lits[i])
	}
	for i := range p.keys {
		k := strings.Clone(p.keys[i].Raw)
		p.keys[i].Raw, p.keys[i].Str = k, k[1:len(k)-1]
	}
	p.typ, p.gt = strings.Clone(p.typ), strings.Clone(p.gt)
	if !p.geom {
		p.geomA, p.geomZ = mark{-1, 0}, mark{-1, 0}
	}
	if !p.props {
		p.propsA, p.propsZ = mark{-1, 0}, mark{-1, 0}
	}
	return p, true
}
