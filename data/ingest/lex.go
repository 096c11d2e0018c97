package ingest

import (
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// lex reads JSON values from a string in one pass, handing them out as
// gjson.Results that point into the string (strings without escapes are
// not copied). It is what lets a worker parse a feature's members, its
// geometry and its properties without scanning any of them twice. On
// malformed input it stops with ok=false; it always advances, and never
// recurses, so any input is safe.
type lex struct {
	s string
	i int
}

func (l *lex) ws() {
	for l.i < len(l.s) {
		switch l.s[l.i] {
		case ' ', '\t', '\n', '\r':
			l.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (l *lex) peek() byte {
	l.ws()
	if l.i < len(l.s) {
		return l.s[l.i]
	}
	return 0
}

// str reads a string literal at l.i (which is '"').
func (l *lex) str() (gjson.Result, bool) {
	a := l.i
	j := a + 1
	esc := false
	for j < len(l.s) {
		c := l.s[j]
		if c == '"' {
			break
		}
		if c == '\\' {
			esc = true
			j++
		}
		j++
	}
	if j >= len(l.s) {
		l.i = len(l.s)
		return gjson.Result{}, false
	}
	l.i = j + 1
	raw := l.s[a:l.i]
	r := gjson.Result{Type: gjson.String, Raw: raw, Str: raw[1 : len(raw)-1]}
	if esc {
		r.Str = gjson.Parse(raw).Str
	}
	return r, true
}

// skip passes over an object or array at l.i, strings included.
func (l *lex) skip() bool {
	depth := 0
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch c {
		case '"':
			if _, ok := l.str(); !ok {
				return false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				l.i++
				return true
			}
		}
		l.i++
	}
	return false
}

// value reads any value.
func (l *lex) value() (gjson.Result, bool) {
	switch c := l.peek(); c {
	case '"':
		return l.str()
	case '{', '[':
		a := l.i
		if !l.skip() {
			return gjson.Result{}, false
		}
		return gjson.Result{Type: gjson.JSON, Raw: l.s[a:l.i]}, true
	case 0:
		return gjson.Result{}, false
	default:
		a := l.i
		for l.i < len(l.s) {
			c := l.s[l.i]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' {
				break
			}
			l.i++
		}
		raw := l.s[a:l.i]
		switch raw {
		case "true":
			return gjson.Result{Type: gjson.True, Raw: raw}, true
		case "false":
			return gjson.Result{Type: gjson.False, Raw: raw}, true
		case "null":
			return gjson.Result{Type: gjson.Null, Raw: raw}, true
		}
		if c == '-' || ('0' <= c && c <= '9') {
			if f, err := strconv.ParseFloat(raw, 64); err == nil || isRange(err) {
				return gjson.Result{Type: gjson.Number, Raw: raw, Num: f}, true
			}
		}
		return gjson.Result{}, false
	}
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// members calls f for each member of the object at l.i. f must consume
// the value (with value, skip, or its own reads) and report success.
func (l *lex) members(f func(key gjson.Result) bool) bool {
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

// elements calls f for each element of the array at l.i.
func (l *lex) elements(f func() bool) bool {
	if l.peek() != '[' {
		return false
	}
	l.i++
	if l.peek() == ']' {
		l.i++
		return true
	}
	for {
		l.ws()
		if !f() {
			return false
		}
		switch l.peek() {
		case ',':
			l.i++
		case ']':
			l.i++
			return true
		default:
			return false
		}
	}
}

// positionRaw parses a position's raw JSON ("[lon, lat, ...]") into two
// numbers; why says what is wrong.
func positionRaw(raw string) (lon, lat float64, why string) {
	l := lex{s: raw}
	n := 0
	bad := false
	ok := l.elements(func() bool {
		v, ok := l.value()
		if !ok {
			bad = true
			return false
		}
		if v.Type != gjson.Number {
			bad = true
			return true
		}
		switch n {
		case 0:
			lon = v.Num
		case 1:
			lat = v.Num
		}
		n++
		return true
	})
	switch {
	case bad:
		return 0, 0, "coordinates are not numbers"
	case !ok:
		if strings.HasPrefix(strings.TrimSpace(raw), "[") {
			return 0, 0, "malformed coordinates"
		}
		return 0, 0, "coordinates are not an array"
	case n < 2:
		return 0, 0, "a position needs two coordinates"
	}
	return lon, lat, ""
}
