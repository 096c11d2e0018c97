package basemap

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// coordSlack is how far outside [-180,180] x [-90,90] a decoded coordinate
// may fall (rounding in the quantization) before it is an error; such
// coordinates are clamped.
const coordSlack = 1e-6

// parseArcs reads the arcs array: [[[x, y, ...], ...], ...]. It is a small
// hand-written scanner because the arcs are most of the file and decoding
// them through a generic JSON tree would cost a value per number.
func (d *decoder) parseArcs(raw string, tf *transform) error {
	s := scanner{s: raw}
	if !s.expect('[') {
		return errors.New("basemap: arcs: want [")
	}
	// Every position and arc opens a bracket: an upper bound that spares
	// the copies of growing the slices.
	brackets := strings.Count(raw, "[")
	d.points = make([]orb.Point, 0, brackets)
	d.arcStart = make([]int, 1, min(brackets, len(raw)/2+1))
	if s.expect(']') {
		return nil
	}
	for {
		if !s.expect('[') {
			return s.err("arc", len(d.arcStart)-1)
		}
		var x, y float64
		if !s.expect(']') {
			for {
				if !s.expect('[') {
					return s.err("arc", len(d.arcStart)-1)
				}
				px, ok1 := s.number()
				okc := s.expect(',')
				py, ok2 := s.number()
				if !ok1 || !okc || !ok2 {
					return s.err("arc", len(d.arcStart)-1)
				}
				for s.expect(',') { // extra dimensions are allowed and ignored
					if _, ok := s.number(); !ok {
						return s.err("arc", len(d.arcStart)-1)
					}
				}
				if !s.expect(']') {
					return s.err("arc", len(d.arcStart)-1)
				}
				if tf.quantized {
					x += px
					y += py
					px, py = x*tf.sx+tf.tx, y*tf.sy+tf.ty
				}
				p, ok := clampCoord(px, py)
				if !ok {
					return fmt.Errorf("basemap: arc %d: coordinates out of range", len(d.arcStart)-1)
				}
				d.points = append(d.points, p)
				if s.expect(',') {
					continue
				}
				if !s.expect(']') {
					return s.err("arc", len(d.arcStart)-1)
				}
				break
			}
		}
		d.arcStart = append(d.arcStart, len(d.points))
		if s.expect(',') {
			continue
		}
		if !s.expect(']') {
			return s.err("arc", len(d.arcStart)-1)
		}
		return nil
	}
}

func clampCoord(x, y float64) (orb.Point, bool) {
	if !(x >= -180-coordSlack && x <= 180+coordSlack && y >= -90-coordSlack && y <= 90+coordSlack) {
		return orb.Point{}, false // NaN fails too
	}
	return orb.Point{min(max(x, -180), 180), min(max(y, -90), 90)}, true
}

// scanner reads the JSON number arrays of the arcs.
type scanner struct {
	s string
	i int
}

func (s *scanner) skipSpace() {
	for s.i < len(s.s) {
		switch s.s[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// expect consumes c (after space) and reports whether it was there.
func (s *scanner) expect(c byte) bool {
	s.skipSpace()
	if s.i < len(s.s) && s.s[s.i] == c {
		s.i++
		return true
	}
	return false
}

// number reads a JSON number. Integers of up to 15 digits, which is all a
// quantized topology holds, are parsed inline.
func (s *scanner) number() (float64, bool) {
	s.skipSpace()
	start := s.i
	neg := false
	if s.i < len(s.s) && s.s[s.i] == '-' {
		neg = true
		s.i++
	}
	var n int64
	digits := 0
	for s.i < len(s.s) && s.s[s.i] >= '0' && s.s[s.i] <= '9' {
		n = n*10 + int64(s.s[s.i]-'0')
		s.i++
		digits++
	}
	if digits == 0 {
		return 0, false
	}
	if s.i < len(s.s) && (s.s[s.i] == '.' || s.s[s.i] == 'e' || s.s[s.i] == 'E') || digits > 15 {
		for s.i < len(s.s) && isNumberByte(s.s[s.i]) {
			s.i++
		}
		f, err := strconv.ParseFloat(s.s[start:s.i], 64)
		return f, err == nil
	}
	if neg {
		n = -n
	}
	return float64(n), true
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

func (s *scanner) err(what string, n int) error {
	return fmt.Errorf("basemap: %s %d: malformed position at byte %d of arcs", what, n, s.i)
}
