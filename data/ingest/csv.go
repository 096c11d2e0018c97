package ingest

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxRecord bounds one CSV record; a longer one is skipped.
const maxRecord = 1 << 20

// csvRec is a parsed CSV record: field k is fb[ends[k-1]:ends[k]].
type csvRec struct {
	fb   []byte
	ends []int
}

func (c *csvRec) field(k int) []byte {
	a := 0
	if k > 0 {
		a = c.ends[k-1]
	}
	return c.fb[a:c.ends[k]]
}

// parse reads one record from b. It reports false when b ends before the
// record does and more input may come (eof false).
func (c *csvRec) parse(b []byte, delim byte, eof bool) (n int, ok bool) {
	c.fb, c.ends = c.fb[:0], c.ends[:0]
	i := 0
	for {
		if i < len(b) && b[i] == '"' {
			i++
			for {
				k := bytes.IndexByte(b[i:], '"')
				if k < 0 {
					if !eof {
						return 0, false
					}
					c.fb = append(c.fb, b[i:]...)
					i = len(b)
					break
				}
				c.fb = append(c.fb, b[i:i+k]...)
				i += k + 1
				if i < len(b) && b[i] == '"' {
					c.fb = append(c.fb, '"')
					i++
					continue
				}
				if i == len(b) && !eof {
					return 0, false
				}
				break
			}
			for i < len(b) && b[i] != delim && b[i] != '\n' && b[i] != '\r' {
				c.fb = append(c.fb, b[i])
				i++
			}
		} else {
			a := i
			for i < len(b) && b[i] != delim && b[i] != '\n' {
				i++
			}
			f := b[a:i]
			if len(f) > 0 && f[len(f)-1] == '\r' {
				f = f[:len(f)-1]
			}
			c.fb = append(c.fb, f...)
		}
		c.ends = append(c.ends, len(c.fb))
		if i >= len(b) {
			if !eof {
				return 0, false
			}
			return len(b), true
		}
		switch b[i] {
		case delim:
			i++
			continue
		case '\r':
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			} else if i == len(b) && !eof {
				return 0, false
			}
			return i, true
		}
		return i + 1, true // '\n'
	}
}

// sniffDelim picks the delimiter of a CSV header line: the most frequent
// of comma, semicolon, tab and '|' outside quotes.
func sniffDelim(line []byte) byte {
	var cnt [4]int
	in := false
	for _, c := range line {
		switch c {
		case '"':
			in = !in
		case ',':
			if !in {
				cnt[0]++
			}
		case ';':
			if !in {
				cnt[1]++
			}
		case '\t':
			if !in {
				cnt[2]++
			}
		case '|':
			if !in {
				cnt[3]++
			}
		}
	}
	best := 0
	for k := 1; k < 4; k++ {
		if cnt[k] > cnt[best] {
			best = k
		}
	}
	return ",;\t|"[best]
}

// csvHeader finds the latitude and longitude columns of a header.
func csvHeader(h *csvRec) (lat, lon int) {
	lat, lon = -1, -1
	for k := range h.ends {
		switch propOf(string(bytes.TrimPrefix(h.field(k), []byte("\uFEFF")))) {
		case pLat:
			if lat < 0 {
				lat = k
			}
		case pLon:
			if lon < 0 {
				lon = k
			}
		}
	}
	return lat, lon
}

// looksCSV reports whether the first line of b is a CSV header with
// latitude and longitude columns.
func looksCSV(b []byte) bool {
	if k := bytes.IndexByte(b, '\n'); k >= 0 {
		b = b[:k+1]
	}
	var h csvRec
	if _, ok := h.parse(b, sniffDelim(b), true); !ok {
		return false
	}
	lat, lon := csvHeader(&h)
	return lat >= 0 && lon >= 0
}

// csv reads a CSV file whose header starts at buf[i]. Each data row becomes
// a GeoJSON Point feature (written into a job buffer) so that CSV and
// GeoJSON share one parser: same aliases, same checks, same report.
func (rd *reader) csv(i int) {
	s := rd.s
	var rec csvRec
	line := s.line(i)
	// The header.
	k := indexByte(s.buf[i:s.n], '\n')
	hdrLine := s.buf[i:s.n]
	if k >= 0 {
		hdrLine = s.buf[i : i+k]
	}
	delim := sniffDelim(hdrLine)
	n, ok := rec.parse(s.buf[i:s.n], delim, true)
	if !ok {
		rd.fail(i, "expected a CSV header line")
		return
	}
	latCol, lonCol := csvHeader(&rec)
	if latCol < 0 || lonCol < 0 {
		var names []string
		for k := range rec.ends {
			names = append(names, strconv.Quote(clip(string(rec.field(k)))))
		}
		rd.fail(i, fmt.Sprintf("expected a CSV header with latitude and longitude columns (lat/latitude and lon/lng/long/longitude), found %s", clip(strings.Join(names, ", "))))
		return
	}
	ncol := len(rec.ends)
	names := make([][]byte, ncol)
	for k := range names {
		names[k] = appendJSONString(nil, bytes.TrimPrefix(rec.field(k), []byte("\uFEFF")))
	}
	line += countNL(s.buf[i : i+n])
	i += n

	out := s.p.get(bufSize)
	used := 0
	var js []byte
	row := int32(0)
	widthWarned := 0
	for {
		if i >= s.n {
			sh, ok := s.refill(i)
			i -= sh
			if !ok {
				break
			}
		}
		if k := blankLines(s.buf[i:s.n]); k > 0 {
			line += countNL(s.buf[i : i+k])
			i += k
			continue
		}
		n, ok := rec.parse(s.buf[i:s.n], delim, s.eof)
		if !ok {
			if s.n-i > maxRecord {
				// Too long: skip to the next line break.
				idx := row
				row++
				out.elems = append(out.elems, elem{index: idx, line: int32(line), skip: "CSV record larger than 1 MiB"})
				for {
					i = s.n
					sh, ok := s.refill(i)
					i -= sh
					if !ok {
						break
					}
					if k := indexByte(s.buf[i:s.n], '\n'); k >= 0 {
						i += k + 1
						break
					}
				}
				line++
				continue
			}
			sh, ok := s.refill(i)
			i -= sh
			if !ok && i >= s.n {
				break
			}
			continue
		}
		recLine := line
		line += countNL(s.buf[i : i+n])
		i += n
		if len(rec.ends) == 1 && len(rec.fb) == 0 {
			continue // blank line
		}
		idx := row
		row++
		if len(rec.ends) != ncol && widthWarned < 10 {
			widthWarned++
			rd.issues = append(rd.issues, issue{false, Issue{int(idx), "", fmt.Sprintf("line %d has %d fields, the header %d", recLine, len(rec.ends), ncol)}})
		}
		js = csvFeature(js[:0], &rec, names, latCol, lonCol, delim)
		if used+len(js) > len(out.buf) {
			if len(out.elems) > 0 {
				out.crs = crsWGS84
				s.p.submit(out)
				out = s.p.get(max(bufSize, len(js)))
				used = 0
			} else {
				nb := make([]byte, len(js))
				out.buf = nb
			}
		}
		copy(out.buf[used:], js)
		out.elems = append(out.elems, elem{off: used, end: used + len(js), index: idx, line: int32(recLine)})
		used += len(js)
	}
	if len(out.elems) > 0 {
		s.p.submit(out)
	}
	rd.index = row
}

// blankLines returns the length of the run of empty lines ("\n" or
// "\r\n") that b starts with: skipped in one pass, not as empty records.
func blankLines(b []byte) int {
	i := 0
	for i < len(b) {
		switch {
		case b[i] == '\n':
			i++
		case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
			i += 2
		default:
			return i
		}
	}
	return i
}

// csvFeature writes a CSV row as a GeoJSON Point feature.
func csvFeature(js []byte, rec *csvRec, names [][]byte, latCol, lonCol int, delim byte) []byte {
	get := func(k int) []byte {
		if k < len(rec.ends) {
			return bytes.TrimSpace(rec.field(k))
		}
		return nil
	}
	lat, lon := get(latCol), get(lonCol)
	js = append(js, `{"type":"Feature","geometry":`...)
	if len(lat) == 0 && len(lon) == 0 {
		js = append(js, "null"...)
	} else {
		js = append(js, `{"type":"Point","coordinates":[`...)
		js = csvNumber(js, lon, delim)
		js = append(js, ',')
		js = csvNumber(js, lat, delim)
		js = append(js, "]}"...)
	}
	js = append(js, `,"properties":{`...)
	first := true
	for k, name := range names {
		if k == latCol || k == lonCol {
			continue
		}
		v := get(k)
		if len(v) == 0 {
			continue
		}
		if !first {
			js = append(js, ',')
		}
		first = false
		js = append(js, name...)
		js = append(js, ':')
		js = appendJSONString(js, v)
	}
	return append(js, "}}"...)
}

// csvNumber writes a coordinate: a JSON number when it parses as a finite
// one (a decimal comma is accepted in semicolon-separated files), else a
// JSON string, which the feature parser reports as not a number.
func csvNumber(js, v []byte, delim byte) []byte {
	s := string(v)
	if delim != ',' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return strconv.AppendFloat(js, f, 'g', -1, 64)
	}
	return appendJSONString(js, v)
}

// appendJSONString appends s as a JSON string, replacing invalid UTF-8.
func appendJSONString(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return append(dst, '"')
}
