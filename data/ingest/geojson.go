package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// reader drives one file through the pipeline. It runs on the goroutine
// that called Read; what it finds about the file as a whole is kept here
// and added to the report once every batch is placed.
type reader struct {
	s       *src
	name    string
	index   int32   // features seen so far
	issues  []issue // file-level findings, in order
	unkept  int     // warnings past MaxIssues, counted only
	fatal   error   // the file cannot be read (any further)
	refuse  error   // the whole file must be dropped (e.g. a late crs)
	meta    []byte  // the "metadata" foreign member
	crsMsg  string  // warning about a reprojection
	crsCode string  // the first object's crs code (crsCode), "" for none
	format  Format

	// spec allows splitting the features array at line ends without
	// scanning (the workers verify; on a failure the caller reads the
	// file again without it). It starts after specProbe features in a
	// row were one line each; lineRun counts them.
	spec    bool
	lineRun int
}

// specProbe is how many one-line features in a row turn on the split at
// line ends.
var specProbe = 8

type issue struct {
	skip bool
	Issue
}

// warn records a finding about the file. Past MaxIssues of them only
// their count is kept (the report keeps no more of one kind), so that an
// endless feed of junk between features costs bounded memory.
func (rd *reader) warn(format string, a ...any) {
	if len(rd.issues) >= MaxIssues {
		rd.unkept++
		return
	}
	rd.issues = append(rd.issues, issue{false, Issue{-1, "", fmt.Sprintf(format, a...)}})
}

// at describes position i of the buffer for a message.
func (rd *reader) at(i int) string {
	return fmt.Sprintf("line %d, byte %d", rd.s.line(i), rd.s.offset(i))
}

// fail stops reading with a positional error.
func (rd *reader) fail(i int, what string) {
	rd.fatal = posError(rd.name, rd.s.line(i), rd.s.offset(i), what)
}

// ws skips white space, reading more as needed (keeping nothing of what it
// skipped: a file of blank lines stays in one buffer); false at the end of
// input.
func (rd *reader) ws(i int) (int, bool) { return rd.wsKeep(i, nil) }

// val is one JSON value found in the buffer.
type val struct {
	start, end int
	deep, big  bool // nested too deep; larger than maxFeature (bytes dropped)
	// from and line: the file offset and line of its start, set when it
	// turns big (start then moves on with the bytes dropped).
	from int64
	line int
}

// errEOF is the end of input inside a value.
var errEOF = errors.New("unexpected end of input")

// value finds the end of the JSON value starting at buf[i], reading more
// as needed. A value larger than maxFeature is consumed without being kept.
func (rd *reader) value(i int) (val, error) {
	v, _, err := rd.valueKeep(i, i)
	return v, err
}

// valueKeep is value keeping the bytes from buf[keep] (keep <= i) while it
// reads more; it also returns how far it scanned.
func (rd *reader) valueKeep(i, keep int) (v val, reached int, err error) {
	s := rd.s
	var sc scanner
	v = val{start: i}
	j := i
	for {
		k, done, err := sc.scan(s.buf[j:s.n])
		if err != nil {
			var se *errSyntax
			errors.As(err, &se)
			return v, j + se.at, &posErr{j + se.at, se.what}
		}
		j += k
		if done {
			v.end, v.deep = j, sc.deep
			if !v.big && j-v.start > maxFeature {
				v.big, v.from, v.line = true, s.offset(v.start), s.line(v.start)
			}
			return v, j, nil
		}
		if !v.big && j-v.start >= maxFeature {
			v.big, v.from, v.line = true, s.offset(v.start), s.line(v.start)
		}
		kept := keep
		if v.big {
			kept = j
		}
		sh, ok := s.refill(kept)
		j -= sh
		v.start -= sh
		keep -= sh
		if !ok {
			if sc.scalar && j > v.start && !v.big {
				v.end = j
				return v, j, nil
			}
			return v, j, errEOF
		}
		if v.big {
			v.start, keep = j, j
		}
	}
}

// posErr is a syntax error at a buffer index.
type posErr struct {
	i    int
	what string
}

func (e *posErr) Error() string { return e.what }

// geojson reads a GeoJSON object starting with the '{' at buf[i]: a
// FeatureCollection streamed feature by feature, or a single Feature or
// geometry. FeatureCollections one after another ({...}{...}, or one per
// line) are all read, with a warning saying how many.
func (rd *reader) geojson(i int) {
	s := rd.s
	obj, sawFeatures, typ, end := rd.object(i, 1)
	n, read := 1, 1 // top-level objects, and collections read of them
	for end >= 0 && sawFeatures {
		j, ok := rd.ws(end)
		if ok && s.buf[j] != '{' && rd.fatal == nil && rd.refuse == nil {
			j, ok = rd.between(j)
		}
		end = j
		if !ok || s.buf[j] != '{' || rd.fatal != nil || rd.refuse != nil {
			break
		}
		n++
		var saw bool
		if _, saw, _, end = rd.object(j, n); saw {
			read++
		} else if end >= 0 {
			rd.warn("object %d of the file (at %s) is not a FeatureCollection: ignored", n, rd.at(j))
		}
	}
	if read > 1 {
		rd.warn("%d FeatureCollections one after another in one file: the features of all were read", read)
	}
	if rd.refuse != nil {
		return // the whole file is dropped: nothing to submit
	}
	if end >= 0 {
		rd.trailing(end)
	}
	s.flush()
	if rd.fatal != nil || sawFeatures {
		return
	}
	if typ == "FeatureCollection" {
		rd.warn("the FeatureCollection has no \"features\" member")
		return
	}
	// A bare Feature or geometry: the object itself is the one feature.
	obj = append(obj, '}')
	j := s.p.get(len(obj))
	k := copy(j.buf, obj)
	j.elems = append(j.elems, elem{off: 0, end: k, index: 0})
	j.crs, j.base = s.crs, -1 // a copy, not the file's bytes
	s.p.submit(j)
	rd.index = 1
}

// between skips what lies from buf[i] to the next '{' after a
// FeatureCollection (garbage, a ',' joining two collections), with a
// warning naming its bytes, and returns the index of that '{'. With no
// '{' after it, it returns false and the index of the data (see trailing).
func (rd *reader) between(i int) (int, bool) {
	s := rd.s
	from, line, found := s.offset(i), s.line(i), quoteStart(s.buf[i:s.n])
	to, j := from, i+1
	for {
		k := indexByte(s.buf[j:s.n], '{')
		e := s.n
		if k >= 0 {
			e = j + k
		}
		for m := e - 1; m >= j; m-- {
			if !isSpace(s.buf[m]) {
				to = s.offset(m)
				break
			}
		}
		if k >= 0 {
			rd.warn("bytes %d-%d (line %d): data between top-level objects (found %s): skipped", from, to, line, found)
			return e, true
		}
		j = s.n
		sh, ok := s.refill(j)
		if j -= sh; !ok {
			rd.warn("data after the end of the GeoJSON object at line %d, byte %d (found %s), ignored", line, from, found)
			return j, false
		}
	}
}

// object reads the n-th top-level object of the file (1-based) from the
// '{' at buf[i]: its features array streamed, its other members kept in
// obj (for n == 1 only, for a bare Feature). end is the index after its
// '}', or -1 when reading stopped inside it.
func (rd *reader) object(i, n int) (obj []byte, sawFeatures bool, typ string, end int) {
	s := rd.s
	i++
	end = -1
	if n == 1 {
		obj = []byte{'{'}
	}
	for {
		var ok bool
		if i, ok = rd.ws(i); !ok {
			if sawFeatures {
				rd.warn("input ends before the closing '}' of the FeatureCollection (%s)", rd.at(i))
			} else {
				rd.fail(i, "unexpected end of input inside the top-level object")
			}
			break
		}
		c := s.buf[i]
		if c == '}' {
			end = i + 1
			break
		}
		if c == ',' {
			i++
			continue
		}
		if c != '"' {
			rd.stop(i, sawFeatures, fmt.Sprintf("expected a member name or '}' in the top-level object, found %s", quoteStart(s.buf[i:s.n])))
			break
		}
		key, keyRaw, at, ok := rd.memberName(i, sawFeatures)
		if !ok {
			break
		}
		i = at
		if key == "features" && s.buf[i] == '[' {
			sawFeatures = true
			var cont bool
			if i, cont = rd.features(i + 1); !cont {
				break
			}
			continue
		}
		v, err := rd.value(i)
		if err != nil {
			rd.stop(i, sawFeatures, fmt.Sprintf("malformed value of member %s", clip(keyRaw)))
			break
		}
		if v.big || len(obj)+len(keyRaw)+v.end-v.start > maxFeature {
			rd.stop(i, sawFeatures, fmt.Sprintf("member %s is larger than 64 MiB", clip(keyRaw)))
			break
		}
		raw := s.buf[v.start:v.end]
		if !rd.topMember(key, raw, n, i, &sawFeatures, &typ) {
			return obj, sawFeatures, typ, -1
		}
		if n == 1 {
			if len(obj) > 1 {
				obj = append(obj, ',')
			}
			obj = append(obj, keyRaw...)
			obj = append(obj, ':')
			obj = append(obj, raw...)
		}
		i = v.end
	}
	return obj, sawFeatures, typ, end
}

// badValue goes on after a value where a feature should be that rd.value
// refused with err: bytes that start no value at all are stray bytes
// (garbage), anything else a broken feature (broken). It returns where
// reading goes on, false when it cannot.
func (rd *reader) badValue(v val, err error) (int, bool) {
	if pe, ok := err.(*posErr); ok && pe.i == v.start {
		return rd.garbage(v.start, "expected a feature, found "+quoteStart(rd.s.buf[v.start:rd.s.n]))
	}
	return rd.broken(v, err)
}

// memberName reads the name of a member of the top-level object at buf[i]
// and its ':', and returns the name, as written too, and where its value
// starts; false (reported) when there is none.
func (rd *reader) memberName(i int, sawFeatures bool) (key, keyRaw string, at int, ok bool) {
	s := rd.s
	kv, err := rd.value(i)
	if err != nil || kv.big {
		rd.stop(i, sawFeatures, "malformed member name in the top-level object")
		return "", "", i, false
	}
	keyRaw = string(s.buf[kv.start:kv.end])
	key = gjson.Parse(keyRaw).Str
	if i, ok = rd.ws(kv.end); !ok || s.buf[i] != ':' {
		rd.stop(i, sawFeatures, fmt.Sprintf("expected ':' after %s", clip(keyRaw)))
		return "", "", i, false
	}
	if i, ok = rd.ws(i + 1); !ok {
		rd.stop(i, sawFeatures, "unexpected end of input")
		return "", "", i, false
	}
	return key, keyRaw, i, true
}

// topMember takes what member key of the n-th top-level object says (raw,
// its value at buf[i]): its type, metadata and crs, and a features member
// that is null. False stops reading the file (reported).
func (rd *reader) topMember(key string, raw []byte, n, i int, sawFeatures *bool, typ *string) bool {
	switch key {
	case "features":
		if string(raw) != "null" {
			rd.fail(i, fmt.Sprintf("expected an array for \"features\", found %s", quoteStart(raw)))
			return false
		}
		*sawFeatures = true
	case "type":
		*typ = gjson.ParseBytes(raw).Str
	case "metadata":
		if n == 1 {
			rd.meta = append([]byte(nil), raw...)
		}
	case "crs":
		if n > 1 {
			return rd.laterCRS(raw, n, i, *sawFeatures)
		}
		return rd.setCRS(raw, i, *sawFeatures)
	}
	return true
}

// array reads a top-level JSON array of features from the '[' at buf[i],
// as the features array of a FeatureCollection, with a warning: it is
// not GeoJSON, though some tools write it.
func (rd *reader) array(i int) {
	if j, ok := rd.features(i + 1); ok {
		rd.trailing(j)
	}
	rd.s.flush()
	if rd.index > 0 {
		rd.warn("a JSON array of features, not a FeatureCollection: read as one")
	}
}

// isCollection reports whether the object b is a FeatureCollection.
func isCollection(b []byte) bool {
	return gjson.GetBytes(b, "type").Str == "FeatureCollection"
}

// stop ends reading at a syntax error: fatal before any feature, else a
// warning that the rest of the file was not read.
func (rd *reader) stop(i int, after bool, what string) {
	if !after || rd.index == 0 {
		rd.fail(i, what)
		return
	}
	rd.warn("stopped reading at %s: %s; %s", rd.at(i), what, readBefore(rd.index))
}

// trailing warns about data after the top-level object.
func (rd *reader) trailing(i int) {
	if i, ok := rd.ws(i); ok {
		rd.warn("data after the end of the GeoJSON object at %s (found %s), ignored", rd.at(i), quoteStart(rd.s.buf[i:rd.s.n]))
	}
}

// features reads the elements of the features array after its '['. It
// returns false when reading must stop (truncated or malformed input). A
// syntax error costs the feature it is in, not the rest of the file: see
// resync.
func (rd *reader) features(i int) (int, bool) {
	s := rd.s
	after := false // an element was just read: ',' or ']' must follow
	for {
		var ok bool
		if i, ok = rd.ws(i); !ok {
			rd.warn("input ends inside the features array at %s, after feature %d: the features before it were read", rd.at(i), rd.index-1)
			return i, false
		}
		switch s.buf[i] {
		case ']':
			j, stray := rd.strayClose(i)
			if !stray {
				return j, true
			}
			i, after = j, false
			continue
		case ',':
			i, after = i+1, false
			continue
		case '[':
			if !after {
				if j, stray := rd.strayOpen(i); stray {
					i = j
					continue
				}
			}
		}
		if after {
			if i, ok = rd.garbage(i, fmt.Sprintf("expected ',' or ']' after feature %d, found %s", rd.index-1, quoteStart(s.buf[i:s.n]))); !ok {
				return i, false
			}
			after = false
			continue
		}
		if rd.lineRun >= specProbe {
			if s.p.fail.Load() {
				return i, false // read again without splitting
			}
			if k := indexByte(s.buf[i:s.n], '\n'); k >= 0 {
				e := i + k
				for e > i && isSpace(s.buf[e-1]) {
					e--
				}
				if e > i && s.buf[e-1] == ',' {
					e--
					for e > i && isSpace(s.buf[e-1]) {
						e--
					}
					s.add(elem{off: i, end: e, index: rd.index, spec: true})
					rd.index++
					i += k + 1
					continue
				}
			}
		}
		v, err := rd.value(i)
		if err != nil {
			if i, ok = rd.badValue(v, err); !ok {
				return i, false
			}
			continue
		}
		if !v.big && !jsonScalar(s.buf[v.start:v.end]) {
			// Not a JSON value (garbage, a comment, a BOM): junk
			// between features, not a feature.
			if i, ok = rd.garbage(v.start, "expected a feature, found "+quoteStart(s.buf[v.start:s.n])); !ok {
				return i, false
			}
			continue
		}
		if !v.big {
			var cut bool
			if v, cut = rd.cutShort(v); cut {
				if i, ok = rd.broken(v, errCut); !ok {
					return i, false
				}
				continue
			}
		}
		idx := rd.index
		rd.index++
		e := elem{off: v.start, end: v.end, index: idx}
		switch {
		case v.big:
			e = elem{index: idx, skip: "feature larger than 64 MiB"}
		case v.deep:
			e.skip = "nesting deeper than 64 levels"
		}
		s.add(e)
		i, after = v.end, true
		if rd.spec && rd.lineRun < specProbe {
			rd.probeLine(v)
		}
	}
}

// probeLine counts v towards turning on the split at line ends when it is
// one feature on a line of its own, followed by a comma.
func (rd *reader) probeLine(v val) {
	s := rd.s
	if v.big || v.deep || indexByte(s.buf[v.start:v.end], '\n') >= 0 {
		rd.lineRun = 0
		return
	}
	j := v.end
	for j < s.n && (s.buf[j] == ' ' || s.buf[j] == '\t' || s.buf[j] == '\r') {
		j++
	}
	if j < s.n && s.buf[j] == ',' {
		j++
		for j < s.n && (s.buf[j] == ' ' || s.buf[j] == '\t' || s.buf[j] == '\r') {
			j++
		}
		if j < s.n && s.buf[j] == '\n' {
			rd.lineRun++
			return
		}
	}
	rd.lineRun = 0
}

func describe(err error) string {
	if err == errEOF {
		return "the input ends inside it"
	}
	return err.Error()
}

// readBefore says what was kept of the features before a break.
func readBefore(n int32) string {
	if n == 0 {
		return "no feature came before it"
	}
	verb := "were"
	if n == 1 {
		verb = "was"
	}
	return "the " + count(int(n), "feature") + " before it " + verb + " read"
}

// setCRS applies a crs member. WGS84 names are fine, EPSG:3857 and its
// aliases are reprojected; anything else refuses the file. It returns false
// when reading must stop.
func (rd *reader) setCRS(raw []byte, i int, late bool) bool {
	name := crsName(raw)
	rd.crsCode = crsCode(name)
	switch rd.crsCode {
	case "", "4326", "CRS84", "84", "4979", "CRS83", "4269":
		return true
	case "3857", "900913", "3785", "102100", "102113", "3587", "41001", "54004":
		if late {
			rd.refuse = fmt.Errorf("ingest: %s: crs %s comes after the features; put the crs member before \"features\" or reproject to WGS84", rd.name, name)
			return false
		}
		rd.s.crs = crsMercator
		rd.crsMsg = fmt.Sprintf("crs %s: coordinates reprojected from Web Mercator metres to WGS84 degrees", name)
		return true
	}
	err := fmt.Errorf("ingest: %s: unsupported crs %s at %s: only WGS84 (EPSG:4326, CRS84) and Web Mercator (EPSG:3857) are read; reproject to WGS84 (e.g. ogr2ogr -t_srs EPSG:4326)", rd.name, name, rd.at(i))
	if late {
		rd.refuse = err
	} else {
		rd.fatal = err
	}
	return false
}

// crsOf is what a crs code means for reading: WGS84, Web Mercator, or
// neither (ok false).
func crsOf(code string) (kind crsKind, ok bool) {
	switch code {
	case "", "4326", "CRS84", "84", "4979", "CRS83", "4269":
		return crsWGS84, true
	case "3857", "900913", "3785", "102100", "102113", "3587", "41001", "54004":
		return crsMercator, true
	}
	return 0, false
}

// laterCRS applies the crs of object n > 1 of a file (a collection after
// another). One that reads as the coordinates read so far is fine; another
// WGS84 or Web Mercator one before the object's features is used for them;
// after them (they were read as the earlier crs) the file is refused, as
// for the first object, rather than metres read as degrees; an unsupported
// one ends the reading there, with a warning.
func (rd *reader) laterCRS(raw []byte, n, i int, late bool) bool {
	name := crsName(raw)
	kind, ok := crsOf(crsCode(name))
	switch {
	case !ok:
		rd.warn("object %d of the file (at %s) has crs %s, which is not WGS84 or Web Mercator: it and what follows were not read", n, rd.at(i), clip(name))
		return false
	case kind == rd.s.crs:
		return true
	case late:
		rd.refuse = fmt.Errorf("ingest: %s: object %d's crs %s comes after its features, which were read as the crs before it; put the crs member before \"features\"", rd.name, n, clip(name))
		return false
	}
	rd.s.crs = kind
	if kind == crsMercator {
		rd.crsMsg = fmt.Sprintf("crs %s: coordinates reprojected from Web Mercator metres to WGS84 degrees", name)
	}
	return true
}

// crsName returns the name a crs member gives: properties.name, or for the
// 2008 "EPSG" type properties.code, or a bare string.
func crsName(raw []byte) string {
	v := gjson.ParseBytes(raw)
	switch v.Type {
	case gjson.Null:
		return ""
	case gjson.String:
		return clip(v.Str)
	}
	if n := v.Get("properties.name"); n.Exists() {
		return clip(n.String())
	}
	if n := v.Get("properties.code"); n.Exists() {
		return "EPSG:" + clip(n.String())
	}
	if n := v.Get("properties.href"); n.Exists() {
		return "link " + clip(n.String())
	}
	return clip(string(raw))
}

// crsCode reduces a crs name to its code: "urn:ogc:def:crs:EPSG::3857" and
// "EPSG:3857" give "3857", "urn:ogc:def:crs:OGC:1.3:CRS84" gives "CRS84".
func crsCode(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if k := strings.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	name = strings.ToUpper(strings.TrimSpace(name))
	if _, err := strconv.Atoi(name); err == nil || strings.HasPrefix(name, "CRS") {
		return name
	}
	return "?" + name
}

// seq reads GeoJSONSeq: one feature per line, or RS-separated texts when
// the first byte is RS (RFC 8142).
func (rd *reader) seq(i int, rs bool) {
	s := rd.s
	sep := byte('\n')
	if rs {
		sep = 0x1e
	}
	line := s.line(i)
	for {
		j := indexByte(s.buf[i:s.n], sep)
		if j > maxFeature || j < 0 && s.n-i > maxFeature {
			idx := rd.index
			rd.index++
			s.add(elem{index: idx, line: int32(line), skip: "feature larger than 64 MiB"})
			line++
			if j >= 0 {
				i += j + 1
			} else if i = rd.seqDiscard(sep); i < 0 {
				break
			}
			continue
		}
		if j < 0 {
			sh, ok := s.refill(i)
			i -= sh
			if !ok {
				rd.record(i, s.n, line)
				break
			}
			continue
		}
		rd.record(i, i+j, line)
		if rs {
			line += countNL(s.buf[i : i+j])
		} else {
			line++
		}
		i += j + 1
	}
	s.flush()
}

// seqDiscard drops input up to and including the next sep; it returns the
// index after it, or -1 at the end of input.
func (rd *reader) seqDiscard(sep byte) int {
	s := rd.s
	i := s.n
	for {
		sh, ok := s.refill(i)
		i -= sh
		if !ok {
			return -1
		}
		if j := indexByte(s.buf[i:s.n], sep); j >= 0 {
			return i + j + 1
		}
		i = s.n
	}
}

// record adds buf[a:b] as a GeoJSONSeq element unless it is blank.
func (rd *reader) record(a, b, line int) {
	s := rd.s
	for a < b && (isSpace(s.buf[a]) || s.buf[a] == 0x1e) {
		if s.buf[a] == '\n' {
			line++
		}
		a++
	}
	for b > a && (isSpace(s.buf[b-1]) || s.buf[b-1] == 0x1e) {
		b--
	}
	if bytes.HasPrefix(s.buf[a:b], []byte(bom)) {
		rd.warn("line %d: a byte-order mark inside the file (files joined?): skipped", line)
		a += len(bom)
	}
	if a == b {
		return
	}
	if joined(s.buf[a:b]) {
		rd.values(a, b, line)
		return
	}
	idx := rd.index
	rd.index++
	s.add(elem{off: a, end: b, index: idx, line: int32(line), check: true})
}

// joined reports whether b may hold one object right after another
// ("}{" or "} {"), cheaply: for each '{' but the first, the byte before
// it (white space aside) is looked at. A "}{" inside a string is a false
// alarm, which values sorts out.
func joined(b []byte) bool {
	for k := 1; k < len(b); {
		j := indexByte(b[k:], '{')
		if j < 0 {
			return false
		}
		k += j
		p := k - 1
		for p > 0 && isSpace(b[p]) {
			p--
		}
		if b[p] == '}' {
			return true
		}
		k++
	}
	return false
}

// values adds the GeoJSONSeq record buf[a:b] that holds several values
// one after another (`{...}{...}` on one line) as one element each,
// with a warning; what does not scan as a value is one element, checked
// by the worker.
func (rd *reader) values(a, b, line int) {
	s := rd.s
	n := 0
	for a < b {
		var sc scanner
		k, done, err := sc.scan(s.buf[a:b])
		e := b
		if err == nil && done && !sc.scalar {
			e = a + k
		}
		s.add(elem{off: a, end: e, index: rd.index, line: int32(line), check: true})
		rd.index++
		n++
		for a = e; a < b && isSpace(s.buf[a]); a++ {
		}
	}
	if n > 1 {
		rd.warn("line %d holds %d JSON values one after another: each read as a feature", line, n)
	}
}

// pretty reads whole JSON values one after another, each across lines,
// with no RS between them (pretty-printed GeoJSONSeq): each value is a
// feature, found by the scanner; a syntax error costs the feature it is
// in (see resync).
func (rd *reader) pretty(i int) {
	s := rd.s
	for {
		var ok bool
		if i, ok = rd.ws(i); !ok {
			break
		}
		if s.buf[i] == 0x1e || s.buf[i] == ',' {
			i++
			continue
		}
		v, err := rd.value(i)
		if err == nil && !v.big && !jsonScalar(s.buf[v.start:v.end]) {
			err = &posErr{v.start, "not a JSON value"}
		}
		if err != nil {
			if i, ok = rd.badValue(v, err); !ok {
				break
			}
			continue
		}
		e := elem{off: v.start, end: v.end, index: rd.index, line: int32(s.line(v.start))}
		rd.index++
		switch {
		case v.big:
			e = elem{index: e.index, line: e.line, skip: "feature larger than 64 MiB"}
		case v.deep:
			e.skip = "nesting deeper than 64 levels"
		}
		s.add(e)
		i = v.end
	}
	s.flush()
	if rd.index > 0 {
		rd.warn("features across several lines with no RS (0x1E) before each: read one JSON value after another")
	}
}
