package ingest

import (
	"fmt"

	"threatmap/data/ingest/internal/jsonlex"
)

// maxDepth is the deepest nesting of arrays and objects a feature may have.
// A GeoJSON feature needs 5 (feature, geometry, MultiLineString, line,
// position); 64 leaves room for nested properties while keeping any later
// recursive use of the bytes far from the stack limit. The lexer keeps to
// the same bound.
const maxDepth = jsonlex.MaxDepth

// scanner finds where one JSON value ends, structurally: it tracks string
// state and bracket depth, and checks that brackets match over the first 64
// levels. It does not validate numbers or literals (gjson reads those). Its
// state survives between calls, so a value may arrive in pieces.
type scanner struct {
	depth  int
	stack  uint64 // bit d set: level d (0-based, d < 64) is an array
	inStr  bool
	esc    bool
	scalar bool // the value is a number or a literal
	begun  bool
	deep   bool // nesting went past maxDepth
}

// class marks the bytes the structural loop must look at.
var class = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// delim marks the bytes that end a bare scalar.
var delim = [256]bool{',': true, ']': true, '}': true, ' ': true, '\t': true, '\n': true, '\r': true, 0x1e: true}

// errSyntax is a structural error found by the scanner, with its position
// relative to the start of the slice given to scan.
type errSyntax struct {
	at   int
	what string
}

func (e *errSyntax) Error() string { return e.what }

// scan consumes b, continuing the value, and returns how many bytes it used
// and whether the value ended there. A bare scalar ends before its
// delimiter, which is not consumed; at the end of input the caller decides.
func (s *scanner) scan(b []byte) (n int, done bool, err error) {
	i := 0
	if !s.begun {
		if len(b) == 0 {
			return 0, false, nil
		}
		s.begun = true
		switch b[0] {
		case '{', '[', '"':
		default:
			if delim[b[0]] || b[0] == ':' {
				return 0, false, &errSyntax{0, fmt.Sprintf("expected a value, found %q", b[0])}
			}
			s.scalar = true
		}
	}
	if s.scalar {
		for i < len(b) {
			if delim[b[i]] || b[i] == ':' || b[i] == '{' || b[i] == '[' || b[i] == '"' {
				return i, true, nil
			}
			i++
		}
		return i, false, nil
	}
	if s.esc {
		if len(b) == 0 {
			return 0, false, nil
		}
		s.esc = false
		i = 1
	}
	for i < len(b) {
		if s.inStr {
			for i < len(b) {
				c := b[i]
				if c == '"' {
					s.inStr = false
					i++
					break
				}
				if c == '\\' {
					if i+1 >= len(b) {
						s.esc = true
						return len(b), false, nil
					}
					i += 2
					continue
				}
				i++
			}
			if s.inStr {
				return i, false, nil
			}
			if s.depth == 0 {
				return i, true, nil
			}
			continue
		}
		// Outside strings: skip what is neither a quote nor a bracket.
		for i < len(b) && !class[b[i]] {
			i++
		}
		if i == len(b) {
			break
		}
		c := b[i]
		i++
		switch c {
		case '"':
			s.inStr = true
		case '{', '[':
			if s.depth < 64 {
				if c == '[' {
					s.stack |= 1 << uint(s.depth)
				} else {
					s.stack &^= 1 << uint(s.depth)
				}
			}
			s.depth++
			if s.depth > maxDepth {
				s.deep = true
			}
		default: // '}' or ']'
			s.depth--
			if s.depth < 0 {
				return i - 1, false, &errSyntax{i - 1, fmt.Sprintf("unexpected %q", c)}
			}
			if s.depth < 64 && (s.stack&(1<<uint(s.depth)) != 0) != (c == ']') {
				return i - 1, false, &errSyntax{i - 1, fmt.Sprintf("mismatched %q", c)}
			}
			if s.depth == 0 {
				return i, true, nil
			}
		}
	}
	return i, false, nil
}

// isSpace reports JSON white space.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }
