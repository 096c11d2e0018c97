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

// Not encoding/csv: it holds a record whole however long (one unterminated quote buffers the rest of the file) and cannot skip an oversized record and go on.

// maxQuoteLines bounds the line ends inside one quoted field. A quote
// that does not close within them is taken for a stray one: a real
// multi-line address or note is a few lines, and the bound keeps one stray
// quote from holding back more than this many rows.
const maxQuoteLines = 64

// csvRec is a parsed CSV record: field k is fb[ends[k-1]:ends[k]].
//
// A record ends at LF, CRLF or a bare CR outside quotes. A quoted field
// may span lines (RFC 4180); lines counts the line ends inside quotes.
// open reports a quote that does not close by the end of input or within
// maxQuoteLines line ends: the caller skips the row that opens it alone.
type csvRec struct {
	fb    []byte
	ends  []int
	lines int  // line ends inside quoted fields
	open  bool // a quote not closed by the end of input or maxQuoteLines
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
	c.fb, c.ends, c.lines, c.open = c.fb[:0], c.ends[:0], 0, false
	i := 0
	for {
		if i < len(b) && b[i] == '"' {
			var more bool
			if i, more = c.quoted(b, i+1, eof); more {
				return 0, false
			}
			if c.open {
				return len(b), true
			}
			for i < len(b) && b[i] != delim && b[i] != '\n' && b[i] != '\r' {
				c.fb = append(c.fb, b[i])
				i++
			}
		} else {
			a := i
			for i < len(b) && b[i] != delim && b[i] != '\n' && b[i] != '\r' {
				i++
			}
			c.fb = append(c.fb, b[a:i]...)
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

// quoted reads the quoted field whose text starts at b[i] into c.fb and
// returns the index after its closing quote; more when b ends before the
// quote closes and more input may come. A quote open at the end of input,
// or over maxQuoteLines line ends, sets c.open.
func (c *csvRec) quoted(b []byte, i int, eof bool) (int, bool) {
	for {
		k := bytes.IndexByte(b[i:], '"')
		if k < 0 {
			c.lines += csvLines(b[i:])
			if c.lines > maxQuoteLines || eof {
				c.open = true
				return len(b), false
			}
			return 0, true
		}
		if c.lines += csvLines(b[i : i+k]); c.lines > maxQuoteLines {
			c.open = true
			return len(b), false
		}
		c.fb = append(c.fb, b[i:i+k]...)
		i += k + 1
		if i < len(b) && b[i] == '"' {
			c.fb = append(c.fb, '"')
			i++
			continue
		}
		if i == len(b) && !eof {
			return 0, true
		}
		return i, false
	}
}

// csvLines counts the line ends in b: LF, CRLF and a bare CR.
func csvLines(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	r := bytes.IndexByte(b, '\r')
	if r < 0 {
		return n
	}
	for k, c := range b[r:] {
		k += r
		if c == '\r' && (k+1 == len(b) || b[k+1] != '\n') {
			n++
		}
	}
	return n
}

// lineEnd returns the index after the first line end (LF, CRLF or a bare
// CR) in b, or len(b).
func lineEnd(b []byte) int {
	for k, c := range b {
		switch c {
		case '\n':
			return k + 1
		case '\r':
			if k+1 < len(b) && b[k+1] == '\n' {
				return k + 2
			}
			return k + 1
		}
	}
	return len(b)
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

// csvColumns finds the latitude and longitude columns of a header: the
// first of each kind.
func csvColumns(h *csvRec) (lat, lon int) {
	lats, lons := csvCols(h, pLat), csvCols(h, pLon)
	lat, lon = -1, -1
	if len(lats) > 0 {
		lat = lats[0]
	}
	if len(lons) > 0 {
		lon = lons[0]
	}
	return lat, lon
}

// csvCols returns the columns of header h that name property p.
func csvCols(h *csvRec, p prop) []int {
	var cols []int
	for k := range h.ends {
		if propOf(string(bytes.TrimPrefix(h.field(k), []byte("\uFEFF")))) == p {
			cols = append(cols, k)
		}
	}
	return cols
}

// warnColumns warns once for each of latitude and longitude that more
// than one header column names, naming them and the one used (the first).
func (rd *reader) warnColumns(h *csvRec) {
	for _, c := range [...]struct {
		p    prop
		what string
	}{{pLat, "latitude"}, {pLon, "longitude"}} {
		cols := csvCols(h, c.p)
		if len(cols) < 2 {
			continue
		}
		var names []string
		for _, k := range cols {
			names = append(names, fmt.Sprintf("%q (column %d)", clip(string(h.field(k))), k+1))
		}
		rd.warn("%d %s columns (%s): column %d is used", len(cols), c.what, clip2(strings.Join(names, ", "), 200), cols[0]+1)
	}
}

// looksCSV reports whether the first line of b is a CSV header with
// latitude and longitude columns, or an ip column (its rows are placed
// from their addresses).
func looksCSV(b []byte) bool {
	var rest []byte
	if k := bytes.IndexByte(b, '\n'); k >= 0 {
		b, rest = b[:k+1], b[k+1:]
	}
	var h csvRec
	delim := sniffDelim(b)
	if _, ok := h.parse(b, delim, true); !ok {
		return false
	}
	lat, lon := csvColumns(&h)
	return lat >= 0 && lon >= 0 || len(csvCols(&h, pIP)) > 0 || srcIPCol(&h, rest, delim) >= 0
}

// srcIPCol returns the column of header h named src or source (words that
// otherwise name a record's provenance) when row, the first data row,
// holds an IP address in it: a firewall export's source address. -1 when
// there is none.
func srcIPCol(h *csvRec, row []byte, delim byte) int {
	var r csvRec
	if _, ok := r.parse(row, delim, true); !ok {
		return -1
	}
	for _, k := range csvCols(h, pSource) {
		if f := folded(string(h.field(k))); (f == "src" || f == "source") && k < len(r.ends) {
			if _, _, ok := parseIP(string(bytes.TrimSpace(r.field(k)))); ok {
				return k
			}
		}
	}
	return -1
}

// csv reads a CSV file whose header starts at buf[i]. Each data row becomes
// a GeoJSON Point feature (written into a job buffer) so that CSV and
// GeoJSON share one parser: same aliases, same checks, same report.
func (rd *reader) csv(i int) {
	h, i, ok := rd.csvHeader(i)
	if !ok {
		return
	}
	s := rd.s
	w := &csvWriter{s: s, out: s.p.get(bufSize)}
	var rec csvRec
	var width tally // rows whose number of fields is not the header's
	blank := 0      // rows of only spaces and delimiters
	for {
		if i >= s.n {
			sh, ok := s.refill(i)
			if i -= sh; !ok {
				break
			}
		}
		if k, lines, rows := blankLines(s.buf[i:s.n], h.delim); k > 0 {
			h.line += lines
			blank += rows
			i += k
			continue
		}
		n, ok := rec.parse(s.buf[i:s.n], h.delim, s.eof)
		if !ok {
			var more bool
			if i, more = rd.csvShort(i, h, w); !more {
				break
			}
			continue
		}
		line := h.line
		if why := stray(&rec, h); why != "" {
			// The opening row alone is skipped; reading resumes after it.
			w.skip(rd.next(), line, why)
			n = lineEnd(s.buf[i : i+n])
			h.line++
			i += n
			continue
		}
		row := s.buf[i : i+n]
		h.line += csvLines(row)
		i += n
		if blankRec(&rec) {
			// One the fast path did not take (quoted "", or at the end).
			if len(bytes.Trim(row, "\r\n")) > 0 {
				blank++
			}
			continue
		}
		idx := rd.next()
		if why := short(&rec, h); why != "" {
			w.skip(idx, line, why)
			continue
		}
		if len(rec.ends) != len(h.names) {
			width.add(int(idx), func() string { return "" })
		}
		w.add(csvFeature(w.js[:0], &rec, h), idx, line)
	}
	w.flush()
	if blank > 0 {
		rd.warn("%d blank rows (only spaces or delimiters) ignored", blank)
	}
	if width.n > 0 {
		rd.issues = append(rd.issues, issue{false, Issue{-1, "", width.say(fmt.Sprintf("rows whose number of fields is not the header's %d", len(h.names)))}})
	}
}

// stray says why a record with a multi-line quoted field is not one: a
// quote still open at the end of input or after maxQuoteLines line ends,
// or a record of another width than the header's (the quote was a stray
// one that swallowed line ends). "" when the record stands.
func stray(rec *csvRec, h *csvHead) string {
	switch {
	case rec.open && rec.lines > maxQuoteLines:
		return fmt.Sprintf("unterminated quote: not closed within %d lines; row skipped", maxQuoteLines)
	case rec.open:
		return "unterminated quote: not closed by the end of input; row skipped"
	case rec.lines > 0 && len(rec.ends) != len(h.names):
		return fmt.Sprintf("unterminated quote: the quoted field spanning %d lines makes a record of %d fields, the header has %d; row skipped", rec.lines+1, len(rec.ends), len(h.names))
	}
	return ""
}

// short says why a row too short to hold the latitude or longitude column
// is skipped, naming its id when it has one; "" when it holds both.
func short(rec *csvRec, h *csvHead) string {
	n := len(rec.ends)
	var miss string
	switch {
	case h.latCol >= n && h.lonCol >= n:
		miss = "no latitude or longitude"
	case h.latCol >= n:
		miss = "no latitude"
	case h.lonCol >= n:
		miss = "no longitude"
	default:
		return ""
	}
	fields := "fields"
	if n == 1 {
		fields = "field"
	}
	why := fmt.Sprintf("row has %d %s, the header %d: %s", n, fields, len(h.names), miss)
	if h.idCol >= 0 && h.idCol < n {
		if id := bytes.TrimSpace(rec.field(h.idCol)); len(id) > 0 {
			why += fmt.Sprintf(" (id %q)", clip(string(id)))
		}
	}
	return why
}

// next returns the index of the next feature.
func (rd *reader) next() int32 {
	rd.index++
	return rd.index - 1
}

// csvShort handles a record that does not end in the buffer: it reads
// more, or when it is longer than maxRecord skips the row that opens a
// quoted field running past maxRecord (reading resumes at the next line),
// or else the record to its next line break. It returns where to go on and false at the end of input.
func (rd *reader) csvShort(i int, h *csvHead, w *csvWriter) (int, bool) {
	s := rd.s
	if s.n-i <= maxRecord {
		sh, ok := s.refill(i)
		i -= sh
		return i, ok || i < s.n
	}
	if k := lineEnd(s.buf[i:s.n]); k < s.n-i {
		// Its first line ended: a quoted field runs on past maxRecord.
		w.skip(rd.next(), h.line, "unterminated quote: not closed within 1 MiB; row skipped")
		h.line++
		return i + k, true
	}
	w.skip(rd.next(), h.line, "CSV record larger than 1 MiB")
	h.line++
	for {
		i = s.n
		sh, ok := s.refill(i)
		i -= sh
		if !ok {
			return i, false
		}
		if k := indexByte(s.buf[i:s.n], '\n'); k >= 0 {
			return i + k + 1, true
		}
	}
}

// csvHead is what a CSV header says.
type csvHead struct {
	delim          byte
	names          [][]byte // JSON strings
	latCol, lonCol int
	idCol          int // -1 without an id column
	line           int // the line of the next record
}

// csvHeader reads the header that starts at buf[i], reading more when it
// is longer than the buffer (up to maxRecord), and returns it and the
// index after it; false (with rd.fatal set) when it is not a header with
// latitude and longitude columns.
func (rd *reader) csvHeader(i int) (*csvHead, int, bool) {
	s := rd.s
	i = rd.wholeLine(i)
	hdrLine := s.buf[i:s.n]
	if k := indexByte(hdrLine, '\n'); k >= 0 {
		hdrLine = hdrLine[:k]
	}
	h := &csvHead{delim: sniffDelim(hdrLine), line: s.line(i)}
	var rec csvRec
	n, ok := rec.parse(s.buf[i:s.n], h.delim, true)
	if !ok || n > maxRecord {
		rd.fail(i, "expected a CSV header line (of at most 1 MiB)")
		return nil, i, false
	}
	h.latCol, h.lonCol = csvColumns(&rec)
	srcIP := -1
	if (h.latCol < 0 || h.lonCol < 0) && len(csvCols(&rec, pIP)) == 0 {
		srcIP = srcIPCol(&rec, s.buf[i+n:s.n], h.delim)
	}
	if (h.latCol < 0 || h.lonCol < 0) && (len(csvCols(&rec, pIP)) > 0 || srcIP >= 0) {
		h.latCol, h.lonCol = -1, -1 // no coordinates: rows are placed from their ip
	} else if h.latCol < 0 || h.lonCol < 0 {
		var names []string
		for k := range rec.ends {
			names = append(names, strconv.Quote(clip(string(rec.field(k)))))
		}
		rd.fail(i, fmt.Sprintf("expected a CSV header with latitude and longitude columns (lat/latitude and lon/lng/long/longitude), found %s", clip(strings.Join(names, ", "))))
		return nil, i, false
	}
	rd.warnColumns(&rec)
	h.idCol = -1
	if ids := csvCols(&rec, pID); len(ids) > 0 {
		h.idCol = ids[0]
	}
	h.names = make([][]byte, len(rec.ends))
	for k := range h.names {
		h.names[k] = appendJSONString(nil, bytes.TrimPrefix(rec.field(k), []byte("\uFEFF")))
	}
	if srcIP >= 0 {
		rd.warn("column %d (%s) holds IP addresses: read as ip, not as the records' source", srcIP+1, h.names[srcIP])
		h.names[srcIP] = []byte(`"ip"`)
	}
	h.line += countNL(s.buf[i : i+n])
	return h, i + n, true
}

// csvWriter puts the features made of CSV rows into job buffers and
// submits each full one.
type csvWriter struct {
	s    *src
	out  *job
	used int
	js   []byte // the feature being made
}

// add adds feature js (of data row idx, at line) to the current job.
func (w *csvWriter) add(js []byte, idx int32, line int) {
	w.js = js
	if w.used+len(js) > len(w.out.buf) {
		if len(w.out.elems) > 0 {
			w.out.crs = crsWGS84
			w.s.p.submit(w.out)
			w.out = w.s.p.get(max(bufSize, len(js)))
			w.used = 0
		} else {
			w.out.buf = make([]byte, len(js))
		}
	}
	copy(w.out.buf[w.used:], js)
	w.out.elems = append(w.out.elems, elem{off: w.used, end: w.used + len(js), index: idx, line: int32(line)})
	w.used += len(js)
}

// skip records that data row idx, at line, is skipped and why.
func (w *csvWriter) skip(idx int32, line int, why string) {
	w.out.elems = append(w.out.elems, elem{index: idx, line: int32(line), skip: why})
}

// flush submits the last job.
func (w *csvWriter) flush() {
	if len(w.out.elems) > 0 {
		w.s.p.submit(w.out)
	}
}

// blankLines returns the length of the run of blank lines that b starts
// with, skipped in one pass rather than as records: empty lines, and rows
// of only spaces, tabs and delimiters, each ended by LF, CRLF or a bare
// CR. lines counts them all, rows those that are not empty (reported in
// one warning). A line that b does not end is left to the parser.
func blankLines(b []byte, delim byte) (n, lines, rows int) {
	i := 0
	for i < len(b) {
		k := i
		for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == delim) {
			k++
		}
		switch {
		case k < len(b) && b[k] == '\n':
			k++
		case k+1 < len(b) && b[k] == '\r':
			if k++; b[k] == '\n' {
				k++
			}
		default:
			return i, lines, rows
		}
		if b[i] != '\n' && b[i] != '\r' {
			rows++
		}
		lines++
		i = k
	}
	return i, lines, rows
}

// blankRec reports whether every field of rec is empty or spaces.
func blankRec(rec *csvRec) bool {
	for k := range rec.ends {
		if len(bytes.TrimSpace(rec.field(k))) > 0 {
			return false
		}
	}
	return true
}

// csvFeature writes a CSV row as a GeoJSON Point feature.
func csvFeature(js []byte, rec *csvRec, h *csvHead) []byte {
	names, latCol, lonCol, delim := h.names, h.latCol, h.lonCol, h.delim
	get := func(k int) []byte {
		if 0 <= k && k < len(rec.ends) {
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

// csvNumber writes a coordinate: a JSON number when it is a finite decimal
// number (see decimal; a decimal comma is accepted in files not separated
// by commas), else a JSON string, which the feature parser reports as not
// a number.
func csvNumber(js, v []byte, delim byte) []byte {
	s := string(v)
	if delim != ',' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if !decimal(s) {
		return appendJSONString(js, v)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
		return strconv.AppendFloat(js, f, 'g', -1, 64)
	}
	return appendJSONString(js, v)
}

// decimal reports whether s is a decimal number: an optional sign (+ or -),
// digits with an optional point (".5", "10." and leading zeros are read,
// as spreadsheets write them), an optional exponent (e or E, optional
// sign, digits). Hex ("0x1p4"), digit separators ("5_0"), Inf and NaN,
// which strconv.ParseFloat takes, are not.
func decimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	n := 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		n++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			n++
		}
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		e := i
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		}
		if i == e {
			return false
		}
	}
	return i == len(s)
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
