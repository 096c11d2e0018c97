package jsonlex

import (
	"strconv"

	"github.com/tidwall/gjson"
)

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

// skipDepth bounds the nesting skip takes: with the levels of a feature
// around it, what Read accepts stays within MaxDepth.
const skipDepth = MaxDepth - 4

// skip passes over the object or array at l.i, checking that it is valid
// JSON (RFC 8259) with no escape in its strings. It declines anything else
// and nesting deeper than skipDepth, so that whatever Read accepts is one
// whole valid value, as a structural scanner bounded at MaxDepth takes it, and no malformed number or member is ever read as a value.
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
			l.i++ // an empty array or object
			depth--
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
