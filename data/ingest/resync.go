package ingest

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/tidwall/gjson"
)

// broken handles a feature the scanner found malformed (err) from v.start:
// it is skipped, and reading goes on at the next feature (resync). With
// none, reading stops there, and the report says so.
func (rd *reader) broken(v val, err error) (int, bool) {
	s := rd.s
	idx := rd.index
	rd.index++
	defer func() { rd.lineRun = 0 }()
	if v.big || v.start < 0 {
		// Its bytes were not kept: nothing to resync in.
		if !v.big {
			v.start = max(v.start, 0)
			v.from, v.line = s.offset(v.start), s.line(v.start)
		}
		s.add(elem{index: idx, skip: fmt.Sprintf("the feature starting at line %d, byte %d: %v", v.line, v.from, describe(err))})
		rd.warn("malformed JSON in feature %d (%s): stopped reading; %s", idx, describe(err), readBefore(idx))
		return v.start, false
	}
	why := describe(err)
	if pe, ok := err.(*posErr); ok {
		why += fmt.Sprintf(" at byte %d", s.offset(pe.i))
	}
	if err == errCut {
		why = fmt.Sprintf("its object closes at byte %d, before its members end (an extra '}'?)", s.offset(v.end-1))
	}
	c, reg, found := rd.resync(v.start, v.start+1)
	if found && reg.to == reg.from {
		// A lone '{' before a feature (an extra one): junk between
		// features, not a feature.
		rd.index--
		a := max(c-int(s.offset(c)-reg.from), 0)
		rd.warn("bytes %d-%d (line %d): invalid JSON between features: expected a feature, found %s; skipped to the next feature", reg.from, reg.to, reg.line, quoteStart(s.buf[a:min(a+int(reg.to-reg.from)+1, c)]))
		return c, true
	}
	if found {
		if reg.why != "" && err != errCut {
			why = reg.why
		}
		rd.lost(idx, reg, "invalid JSON: "+why)
		return c, true
	}
	line := reg.line
	s.add(elem{index: idx, skip: fmt.Sprintf("the feature starting at line %d, byte %d: %v", line, reg.from, describe(err))})
	lost := ""
	if reg.features > 1 {
		lost = fmt.Sprintf(" (the bytes after it hold at least %d more \"Feature\" types, none whole)", reg.features-1)
	}
	if err == errEOF {
		rd.warn("input ends inside feature %d (line %d, byte %d)%s; %s", idx, line, s.offset(s.n), lost, readBefore(idx))
	} else {
		rd.warn("malformed JSON in feature %d at line %d, byte %d (%s), and no whole feature after it: the rest was skipped%s; %s", idx, line, reg.from, why, lost, readBefore(idx))
	}
	return c, false
}

// garbage handles stray bytes at buf[i] where a feature or a ',' should
// be: they are skipped up to the next feature (resync) with a warning, and
// any feature they hold is counted as skipped.
func (rd *reader) garbage(i int, what string) (int, bool) {
	c, reg, found := rd.resync(i, i)
	switch {
	case !found:
		rd.warn("stopped reading at line %d, byte %d: %s; %s", reg.line, reg.from, what, readBefore(rd.index))
		return c, false
	case reg.to < reg.from:
		rd.warn("line %d, byte %d: %s (a missing ','?); read on", reg.line, reg.from, what)
	default:
		rd.warn("bytes %d-%d (line %d): invalid JSON between features: %s; skipped to the next feature", reg.from, reg.to, reg.line, what)
	}
	if reg.features > 0 {
		idx := rd.index
		rd.index++
		rd.lost(idx, reg, "invalid JSON: "+what)
	}
	return c, true
}

// lost records feature idx as skipped for why, with the bytes reg it was
// in, and one more skipped feature for each further "Feature" reg holds.
func (rd *reader) lost(idx int32, reg region, why string) {
	s := rd.s
	if reg.features > 1 {
		why += fmt.Sprintf(" (these bytes hold %d \"Feature\" types: counted as %d skipped features, a guess)", reg.features, reg.features)
	}
	s.add(elem{index: idx, skip: fmt.Sprintf("bytes %d-%d (line %d): %s; skipped", reg.from, reg.to, reg.line, why)})
	for k := 1; k < reg.features; k++ {
		s.add(elem{index: rd.index, skip: fmt.Sprintf("bytes %d-%d (line %d): lost in the syntax error of feature %d; skipped", reg.from, reg.to, reg.line, idx)})
		rd.index++
	}
	rd.lineRun = 0
}

// region is the stretch of a file resync skipped: file offsets of its
// first and last bytes (commas and white space at its end left out), the
// line it starts on, how many "Feature" strings it holds, and what is
// wrong with it ("" when unknown).
type region struct {
	from, to int64
	line     int
	features int
	why      string
}

// jsonScalar reports whether b, a bare scalar the scanner delimited, is
// a JSON value: a number, true, false or null. Anything else (garbage, a
// "//" comment, a byte-order mark) is not an element of the array at all.
func jsonScalar(b []byte) bool {
	if len(b) == 0 || b[0] == '{' || b[0] == '[' || b[0] == '"' {
		return true // not a scalar: the scanner checked it
	}
	switch string(b) {
	case "true", "false", "null":
		return true
	}
	i := 0
	if b[i] == '-' {
		i++
	}
	digits := func() int {
		k := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - k
	}
	switch n := digits(); {
	case n == 0, n > 1 && b[i-n] == '0':
		return false
	}
	if i < len(b) && b[i] == '.' {
		if i++; digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

// resyncBudget bounds the bytes resync scans in candidates that turn out
// not to be features, so that no input makes it quadratic.
const resyncBudget = 4 * maxFeature

// resync finds where reading can go on after a syntax error in the bytes
// from buf[a]. The rule: the next '{' at or after buf[from] that opens an
// object the scanner ends, with a "type" member "Feature". That object is
// where the features array goes on: the rule needs no line structure, and
// a nested geometry or properties object (whose type is not "Feature") is
// not taken for it. It returns the object's index and what lay before it;
// false at the end of input, when the skipped bytes pass maxFeature, or
// past resyncBudget of scanning.
func (rd *reader) resync(a, from int) (int, region, bool) {
	s := rd.s
	reg := region{from: s.offset(a), to: s.offset(a) - 1, line: s.line(a)}
	counted, p, spent := a, from, 0 // buf[a:counted] is in reg; search from p
	// account adds buf[counted:e] to the region. A "Feature" is counted
	// where it starts, once, wherever the buffer ends.
	account := func(e int) {
		reg.features += bytes.Count(s.buf[counted:min(e+8, s.n)], []byte(`"Feature"`))
		for j := e - 1; j >= counted; j-- {
			if !isSpace(s.buf[j]) && s.buf[j] != ',' {
				reg.to = s.offset(j)
				break
			}
		}
		counted = e
	}
	for {
		k := indexByte(s.buf[p:s.n], '{')
		if k < 0 {
			account(max(counted, s.n-8))
			keep := counted
			if a >= 0 && s.n-a < maxFeature {
				keep = a // for whyBroken
			} else {
				a = -1
			}
			sh, ok := s.refill(keep)
			counted -= sh
			if a >= 0 {
				a -= sh
			}
			if !ok {
				account(s.n)
				return s.n, reg, false
			}
			p = counted
			continue
		}
		c := p + k
		account(c)
		keep := counted
		if a >= 0 && c-a < maxFeature {
			keep = a
		} else {
			a = -1
		}
		v, reached, err := rd.valueKeep(c, keep)
		if sh := c - v.start; sh != 0 {
			counted, reached = counted-sh, reached-sh
			if a >= 0 {
				a -= sh
			}
		}
		c = v.start
		if v.big {
			return s.n, reg, false
		}
		if err == nil && !memberValue(s.buf[:c]) && isFeature(s.buf[v.start:v.end]) {
			if a >= 0 {
				reg.why = whyBroken(s.buf[a:c])
			}
			return c, reg, true
		}
		if spent += reached - c; spent > resyncBudget {
			return s.n, reg, false
		}
		p = c + 1
	}
}

// memberValue reports whether an object that starts after b is a member's
// value (b ends in ':' and white space): a Feature nested in the broken
// one's properties, not the next element of the features array.
func memberValue(b []byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		if !isSpace(b[i]) {
			return b[i] == ':'
		}
	}
	return false
}

// isFeature reports whether the object b has the "type" "Feature".
func isFeature(b []byte) bool {
	return gjson.GetBytes(b, "type").Str == "Feature"
}

// whyBroken says what is wrong with b, the bytes of one feature resync
// skipped (up to the next feature), or "" when it cannot tell.
func whyBroken(b []byte) string {
	b = bytes.TrimRight(b, " \t\r\n,")
	var sc scanner
	n, done, err := sc.scan(b)
	switch {
	case err != nil:
		return err.Error() + " at byte " + itoa(err.(*errSyntax).at) + " of the feature"
	case !done && sc.inStr:
		return "a string is not closed"
	case !done && !sc.scalar:
		return "the feature ends before its closing bracket"
	case done && n < len(b):
		return "unexpected data at byte " + itoa(n) + " of the feature"
	}
	return ""
}

// errCut says that a feature's object closed early: members follow it.
var errCut = errors.New("the feature's object closes before its members end (an extra '}'?)")

// wsKeep is ws keeping buf[*keep:] (keep <= i) while it reads more, and
// moving *keep with the buffer; a nil keep keeps nothing before i.
func (rd *reader) wsKeep(i int, keep *int) (int, bool) {
	s := rd.s
	for {
		for i < s.n && isSpace(s.buf[i]) {
			i++
		}
		if i < s.n {
			return i, true
		}
		from := i
		if keep != nil {
			from = *keep
		}
		sh, ok := s.refill(from)
		i -= sh
		if keep != nil {
			*keep -= sh
		}
		if !ok {
			return i, false
		}
	}
}

// cutShort reports whether the bytes after the feature v continue an
// object: a member name and ':', after any ',' and '}'. Then v closed
// early (`"properties":{"id":"h1"}},"country":"DE"}}`: an extra '}') and
// loading it would drop the members after it; the caller skips it whole.
// v's bytes are kept; it returns v moved with the buffer.
func (rd *reader) cutShort(v val) (val, bool) {
	s := rd.s
	keep := v.start
	at := func(j int) (int, bool) {
		j, ok := rd.wsKeep(j, &keep)
		sh := v.start - keep
		v.start, v.end = keep, v.end-sh
		return j, ok
	}
	j, ok := at(v.end)
	for ok && (s.buf[j] == ',' || s.buf[j] == '}') {
		j, ok = at(j + 1)
	}
	if !ok || s.buf[j] != '"' {
		return v, false
	}
	// A member name: a short string, then ':'.
	for {
		k := j + 1
		for k < s.n && s.buf[k] != '"' && s.buf[k] != '\n' {
			if s.buf[k] == '\\' {
				k++
			}
			k++
		}
		if k < s.n {
			if s.buf[k] == '\n' {
				return v, false
			}
			j, ok = at(k + 1)
			return v, ok && s.buf[j] == ':'
		}
		if k-j > 4096 {
			return v, false
		}
		sh, ok := s.refill(keep)
		keep -= sh
		v.start, v.end, j = v.start-sh, v.end-sh, j-sh
		if !ok {
			return v, false
		}
	}
}

// strayClose handles the ']' at buf[i]. It ends the features array unless
// more features follow it (',' and '{', or '{'): then it is stray, and a
// warning names its byte. It returns where reading goes on and whether
// the ']' was stray.
func (rd *reader) strayClose(i int) (int, bool) {
	s := rd.s
	keep := i
	j, ok := rd.wsKeep(i+1, &keep)
	if ok && s.buf[j] == ',' {
		j, ok = rd.wsKeep(j+1, &keep)
	}
	if !ok || s.buf[j] != '{' {
		return keep + 1, false
	}
	rd.warn("stray ']' at %s: features follow it, so it does not end the features array; read on", rd.at(keep))
	return j, true
}

// strayOpen handles a '[' at buf[i] where a feature should start: when a
// '{' follows it, it is stray (`,[{"type":"Feature",...`), skipped with a
// warning naming its byte.
func (rd *reader) strayOpen(i int) (int, bool) {
	s := rd.s
	keep := i
	j, ok := rd.wsKeep(i+1, &keep)
	if !ok || s.buf[j] != '{' {
		return keep, false
	}
	rd.warn("stray '[' at %s before a feature: skipped", rd.at(keep))
	return j, true
}
