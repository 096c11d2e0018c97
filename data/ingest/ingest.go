// Package ingest reads infection maps into a threat.Dataset: GeoJSON
// (RFC 7946: a FeatureCollection, a Feature or a bare geometry), GeoJSONSeq
// (RFC 8142, one feature per line, with or without the RS separator) and
// CSV with latitude and longitude columns. The format is detected from the
// content.
//
// Point features are hosts, or servers when their role says so
// (control or command); LineString and MultiLineString features are links
// from a server (first point) to a host (last point). Properties are
// matched by canonical name or a common alias (see README.md); what no
// column holds exactly (unknown ones included) is kept verbatim in the
// feature's Props object.
//
// Reading never panics or hangs on bad input and never drops a good
// feature silently: every skipped feature and every caveat is in the
// Report, with the feature's index and id. Memory is bounded by the size
// of the input: the file is streamed through a few reused buffers, one
// feature is at most 64 MiB and 64 levels deep.
//
// Large files are parsed on all cores: a scanner finds feature boundaries,
// workers parse batches of features (a one-pass lexer, gjson for what it
// declines), and each batch is claimed and placed into the columns in file
// order, so host indices do not depend on scheduling.
package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"threatmap/assets"
	"threatmap/data/geoip"
	"threatmap/data/threat"
)

// Options adjusts Read and LoadFiles. The zero value is ready to use.
type Options struct {
	// Progress, when set, is called now and then (about every 4 MiB, and
	// at the end) with the bytes read so far and the input's size (0 when
	// unknown), on the goroutine that called Read.
	Progress func(read, total int64)
	// Name names the input in reports and errors (Read; LoadFiles uses the
	// paths). Its extension is a hint when the content is ambiguous.
	Name string
	// GeoIP places hosts that have an IP address and no coordinates (IP
	// lists, logs, records with an ip column). Nil means the embedded
	// country database (geoip.Embedded).
	GeoIP *geoip.DB

	format  Format    // tests and fuzzers: read as this format, no detection
	modTime time.Time // the file's modification time (LoadFiles sets it; Read asks an *os.File): the year of syslog times
}

// Read reads one input of the given size (0 when unknown, only a hint)
// and returns its Dataset and Report. The Dataset is never nil: when
// nothing could be loaded it is empty and Report.Err says why. On
// cancellation of ctx it stops early and Report.Err is the context's error.
func Read(ctx context.Context, r io.Reader, size int64, opt Options) (*threat.Dataset, *Report) {
	l := newLoader()
	rs, spec := r.(io.Seeker)
	var start int64
	if spec {
		var err error
		start, err = rs.Seek(0, io.SeekCurrent)
		spec = err == nil
	}
	l, rep := l.readChecked(ctx, r, rs, start, size, opt, spec)
	if cancelled(ctx, []*Report{rep}) {
		return threat.NewBuilder(0).Build(), rep
	}
	d := l.finish()
	d.Meta.Files = []string{rep.File}
	setHostNoun(&d.Meta, []*Report{rep})
	return d, rep
}

// setHostNoun names what the hosts are when every file read says so
// alike: a log's "source address" (its lines' senders, maybe attackers,
// not victims), an IP list's "listed address", and "address" for records
// that had only an IP address. A collection's own metadata (host_noun)
// wins; mixed files keep the default (compromised host).
func setHostNoun(m *threat.Meta, reps []*Report) {
	if m.HostNoun != "" {
		return
	}
	noun := ""
	for _, r := range reps {
		if r.Err != nil {
			continue
		}
		n := hostNoun(r)
		if n == "" || noun != "" && n != noun {
			return
		}
		noun = n
	}
	m.HostNoun = noun
}

// hostNoun is what r's hosts are, "" for the default.
func hostNoun(r *Report) string {
	switch {
	case r.Format == FormatLog:
		return "source address"
	case r.Format == FormatIPList:
		return "listed address"
	case r.Placement != nil && r.Hosts > 0 && r.Placement.Country+r.Placement.City == r.Hosts:
		return "address"
	}
	return ""
}

// cancelled reports whether ctx was cancelled; if so, every report without
// an error gets the context's. A cancelled load keeps nothing: its columns
// may stop mid-feature, so they are not cross-referenced.
func cancelled(ctx context.Context, reps []*Report) bool {
	err := ctx.Err()
	if err == nil {
		return false
	}
	for _, r := range reps {
		if r.Err == nil {
			r.Err = fmt.Errorf("ingest: %s: %w", r.File, err)
		}
	}
	return true
}

// LoadFiles reads several files into one Dataset, one Report per path, in
// order. References are resolved across files after all are read, so hosts
// may come from one file and links or servers from another; servers with
// the same id are kept once (the first). A file that cannot be opened gets
// a Report with Err set.
func LoadFiles(ctx context.Context, paths []string, opt Options) (*threat.Dataset, []*Report) {
	l := newLoader()
	reps := make([]*Report, 0, len(paths))
	// failed records a file that could not be read at all.
	failed := func(p string, err error) { reps = append(reps, l.failed(p, err)) }
	for _, p := range paths {
		o := opt
		o.Name = p
		f, err := os.Open(p)
		if err != nil {
			failed(p, fmt.Errorf("ingest: %w", err))
			continue
		}
		var size int64
		regular := false
		if st, err := f.Stat(); err == nil {
			if st.IsDir() {
				f.Close()
				failed(p, fmt.Errorf("ingest: %s: is a directory", p))
				continue
			}
			size, regular = st.Size(), st.Mode().IsRegular()
			o.modTime = st.ModTime()
		}
		// The first file may be split at line ends unscanned (the
		// workers verify); when that fails, it is read again, scanned,
		// into a fresh loader: only a regular file can be read again (a
		// pipe, /dev/stdin or <(zcat ...) cannot seek back).
		var rep *Report
		l, rep = l.readChecked(ctx, f, f, 0, size, o, regular && len(l.files) == 0)
		reps = append(reps, rep)
		f.Close()
	}
	if cancelled(ctx, reps) {
		return threat.NewBuilder(0).Build(), reps
	}
	d := l.finish()
	for _, r := range reps {
		if r.Err == nil {
			d.Meta.Files = append(d.Meta.Files, r.File)
		}
	}
	setHostNoun(&d.Meta, reps)
	return d, reps
}

// DefaultName names the embedded default dataset in reports.
const DefaultName = "ghostnet.geojson (embedded)"

// Default reads the embedded default dataset (GhostNet, reconstructed).
func Default() (*threat.Dataset, *Report) {
	return Read(context.Background(), bytes.NewReader(assets.GhostNet), int64(len(assets.GhostNet)), Options{Name: DefaultName})
}

// failed records an input that could not be read at all.
func (l *loader) failed(name string, err error) *Report {
	rep := newReport(name)
	rep.Err = err
	l.begin(rep, 0)
	l.end()
	return rep
}

// readChecked reads r into l; with spec, the features may be split at line
// ends unscanned, and when that split was wrong somewhere, r is read again
// from start, scanned, into a fresh loader. It returns the loader that
// holds the input and its report.
func (l *loader) readChecked(ctx context.Context, r io.Reader, rs io.Seeker, start, size int64, opt Options, spec bool) (*loader, *Report) {
	rep, wrong := l.read(ctx, r, size, opt, spec)
	if !wrong {
		return l, rep
	}
	l = newLoader()
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return l, l.failed(rep.File, fmt.Errorf("ingest: %s: reading again: %w", rep.File, err))
	}
	rep, _ = l.read(ctx, r, size, opt, false)
	return l, rep
}

// read reads one input into the loader and returns its report. With spec,
// the features array may be split at line ends unscanned; failed then
// says the split was wrong somewhere and the loader must be discarded (the
// input is to be read again without spec).
func (l *loader) read(ctx context.Context, r io.Reader, size int64, opt Options, spec bool) (rep *Report, failed bool) {
	name := opt.Name
	if name == "" {
		name = "input"
	}
	rep = newReport(name)
	stored, given := storedSize(r, size), size     // of the file itself, before decoding
	mod := modTime(r, opt.modTime)                 // of the file itself, before decoding: syslog years
	r, dec := decode(r, rep, &size, &opt.Progress) // gzip, encodings, CR line ends: decode.go
	defer dec.report(rep)
	if size != given {
		stored = size // decoding changed what the input's size means
	}
	l.begin(rep, stored)
	first := bufSize
	if size > 0 && size < bufSize {
		first = int(size) + 64
	}
	p := newPipeline(l.claim, place)
	p.geo = &geolocator{given: opt.GeoIP}
	p.times = &logTimes{mod: mod.Unix()}
	l.cur.geo = p.geo
	j := p.get(first)
	s := &src{ctx: ctx, r: r, p: p, j: j, buf: j.buf, total: size, prog: opt.Progress, halt: &l.full, readTo: &l.readTo}
	rd := &reader{s: s, name: name, spec: spec}
	s.refill(0)
	rd.dispatch(strings.ToLower(filepath.Ext(name)), opt.format)
	p.close()
	l.logHosts(p, rd)
	l.end()
	l.cur.seen = addrSet{}
	if p.fail.Load() {
		return rep, true
	}
	rep.Format = rd.format
	rep.Bytes = s.base + int64(s.n)
	if opt.Progress != nil {
		opt.Progress(rep.Bytes, size)
	}
	l.fileWarnings(rd)
	l.outcome(ctx, rd)
	if rep.Err == nil && rd.meta != nil {
		l.readMeta(rd.meta)
	}
	return rep, false
}

// modTime is the input's modification time: given, else an *os.File's,
// else now.
func modTime(r io.Reader, given time.Time) time.Time {
	if !given.IsZero() {
		return given
	}
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return st.ModTime()
		}
	}
	return time.Now()
}

// loaded returns how many features of the current file were loaded.
func (l *loader) loaded() int {
	f := l.cur
	return f.h1 - f.h0 + f.s1 - f.s0 + f.l1 - f.l0
}

// fileWarnings reports what the reader found about the current file and
// the counts of hosts whose country was derived or not found.
func (l *loader) fileWarnings(rd *reader) {
	f := l.cur
	rep := f.rep
	for _, is := range rd.issues {
		// The reader's findings are few (once per file, or tallied).
		if is.skip {
			rep.skip("reader", is.Index, is.ID, is.Reason)
		} else {
			rep.warn("reader", is.Index, is.ID, is.Reason)
		}
	}
	rep.WarningCount += rd.unkept
	if rd.crsMsg != "" && l.loaded() > 0 {
		rep.warn("crs", -1, "", rd.crsMsg)
	}
	if f.countryDerived > 0 {
		rep.warnf("country derived from the location for %s", count(f.countryDerived, "host"))
	}
	if f.typesPast > 0 {
		rep.warnf("more than %d distinct target types: %s read as %q", maxTypes-2, count(f.typesPast, "host"), otherTypes)
	}
	if f.countryNone > 0 {
		rep.warnf("no country for %s: none given and the location is in no country", count(f.countryNone, "host"))
	}
}

// outcome sets the current file's error, or warns of what ended the read
// early when features were loaded before it. A cancelled or refused file
// is dropped whole.
func (l *loader) outcome(ctx context.Context, rd *reader) {
	rep, s, name := l.cur.rep, rd.s, rd.name
	loaded := l.loaded()
	switch {
	case s.rerr != nil && ctx.Err() != nil:
		l.drop()
		rep.Err = fmt.Errorf("ingest: %s: %w", name, ctx.Err())
	case l.cur.tooMuchText:
		l.drop()
		rep.Err = errTooMuchText(name)
	case rd.refuse != nil:
		l.drop()
		rep.Err = rd.refuse
	case rd.format == "" && rd.fatal != nil:
		rep.Err = rd.fatal // not a format read here: say so first
		if s.rerr != nil && ctx.Err() == nil {
			rep.Err = fmt.Errorf("%w (and a read error at byte %d: %v)", rd.fatal, rep.Bytes, s.rerr)
		}
	case s.rerr != nil:
		err := fmt.Errorf("ingest: %s: read error at byte %d: %w", name, rep.Bytes, s.rerr)
		if _, nul := s.rerr.(errNULs); nul {
			err = fmt.Errorf("ingest: %s: %w", name, s.rerr)
		}
		if loaded == 0 {
			rep.Err = err
		} else {
			rep.warn("read error", -1, "", err.Error()+"; the features before it were read")
		}
	case rd.fatal != nil:
		if loaded == 0 {
			rep.Err = rd.fatal
		} else {
			rep.warn("fatal", -1, "", rd.fatal.Error())
		}
	}
}

// dispatch detects the format at the start of the input and reads it.
func (rd *reader) dispatch(ext string, force Format) {
	s := rd.s
	i := 0
	if bytes.HasPrefix(s.buf[:s.n], []byte("\xEF\xBB\xBF")) {
		i = 3
	}
	i, ok := rd.ws(i)
	if !ok {
		if s.rerr != nil {
			return
		}
		rd.fail(i, "empty input: "+expectedFormats)
		return
	}
	if c := s.buf[i]; c != '{' && c != 0x1e {
		i = rd.wholeLine(i) // a CSV header may be longer than the first read
	}
	b := s.buf[i:s.n]
	switch force {
	case FormatGeoJSON:
		rd.format = force
		switch b[0] {
		case '{':
			rd.geojson(i)
		case '[':
			rd.array(i)
		default:
			rd.fail(i, fmt.Sprintf("expected GeoJSON ('{'), found %s", quoteStart(b)))
		}
		return
	case FormatGeoJSONSeq:
		rd.format = force
		rd.seq(i, b[0] == 0x1e)
		return
	case FormatCSV:
		rd.format = force
		rd.csv(i)
		return
	case FormatIPList:
		rd.format = force
		rd.lines(i, jobList)
		return
	case FormatLog:
		rd.format = force
		rd.lines(i, jobLog)
		return
	}
	switch {
	case b[0] == 0x1e:
		rd.format = FormatGeoJSONSeq
		rd.seq(i, true)
	case b[0] == '[':
		rd.format = FormatGeoJSON
		rd.array(i)
	case b[0] == '{':
		switch kind, n := seqKind(b, ext); kind {
		case seqByLine:
			rd.format = FormatGeoJSONSeq
			rd.seq(i, false)
		case seqPretty:
			rd.format = FormatGeoJSONSeq
			rd.pretty(i)
		case seqAfterEmpty:
			rd.format = FormatGeoJSONSeq
			rd.warn("line %d: an empty FeatureCollection before one feature per line: skipped, the lines read as GeoJSONSeq", s.line(i))
			rd.seq(i+n, false)
		default:
			rd.format = FormatGeoJSON
			rd.geojson(i)
		}
	case looksCSV(b):
		rd.format = FormatCSV
		rd.csv(i)
	case mostlyLines(b):
		// A bad first line (a comment, garbage) before one feature a
		// line: the bad lines are skipped, each by its line number.
		rd.format = FormatGeoJSONSeq
		rd.seq(i, false)
	case looksList(b):
		rd.format = FormatIPList
		rd.lines(i, jobList)
	case looksLog(b):
		rd.format = FormatLog
		rd.lines(i, jobLog)
	default:
		rd.fail(i, fmt.Sprintf("%s, found %s", expectedFormats, quoteStart(b)))
	}
}

// expectedFormats says what an input that is none of them should have
// been: every format dispatch detects.
const expectedFormats = "expected GeoJSON ('{'), GeoJSONSeq or CSV header with latitude/longitude or ip columns, an IP list, or a log with source addresses"

// wholeLine reads until the line at buf[i] ends in the buffer, or the
// input does, or it passes maxRecord, and returns where it now starts.
func (rd *reader) wholeLine(i int) int {
	s := rd.s
	for indexByte(s.buf[i:s.n], '\n') < 0 && !s.eof && s.n-i <= maxRecord {
		sh, _ := s.refill(i)
		i -= sh
	}
	return i
}

// What seqKind finds at the start of an input that starts with '{'.
const (
	notSeq        = iota // GeoJSON
	seqByLine            // GeoJSONSeq, one value a line
	seqPretty            // whole values one after another across lines, no RS
	seqAfterEmpty        // an empty FeatureCollection line, then one feature a line
)

// seqKind tells GeoJSONSeq from GeoJSON when the input starts with '{': a
// first value that ends and is followed by another one is a sequence
// (unless the first is a FeatureCollection: concatenated collections are
// all read by geojson), and so is a buffer whose lines are mostly one
// object each, whatever the first holds. n is the first value's length.
func seqKind(b []byte, ext string) (kind, n int) {
	var sc scanner
	n, done, err := sc.scan(b)
	if err == nil && done {
		gap := b[n : len(b)-len(bytes.TrimLeft(b[n:], " \t\r\n"))]
		rest := bytes.TrimPrefix(b[n+len(gap):], []byte(bom))
		next := len(rest) > 0 && (rest[0] == '{' || rest[0] == 0x1e)
		switch {
		case isCollection(b[:n]):
			if next && emptyCollection(b[:n]) && bytes.IndexByte(gap, '\n') >= 0 && mostlyLines(rest) {
				return seqAfterEmpty, n
			}
			return notSeq, n // concatenated collections: geojson reads them all
		case next && bytes.IndexByte(b[:n], '\n') >= 0 && !mostlyLines(b):
			return seqPretty, n
		case next:
			return seqByLine, n
		case len(rest) > 0:
			if mostlyLines(b) {
				return seqByLine, n
			}
			return notSeq, n
		}
	} else if mostlyLines(b) {
		return seqByLine, 0
	}
	switch ext {
	case ".geojsonl", ".geojsons", ".geojsonseq", ".jsonl", ".ndjson", ".jsonseq":
		return seqByLine, n
	}
	return notSeq, n
}

const bom = "\xEF\xBB\xBF"

// emptyCollection reports whether the FeatureCollection b has no features.
func emptyCollection(b []byte) bool {
	f := gjson.GetBytes(b, "features")
	return !f.Exists() || f.IsArray() && len(f.Array()) == 0
}

// mostlyLines reports whether most whole lines of b (blank ones aside,
// at least two) are one object each: '{' to '}' (a byte-order mark
// before it allowed).
func mostlyLines(b []byte) bool {
	objs, lines := 0, 0
	for {
		k := indexByte(b, '\n')
		if k < 0 {
			break
		}
		l := bytes.TrimPrefix(bytes.TrimSpace(b[:k]), []byte(bom))
		b = b[k+1:]
		if len(l) == 0 {
			continue
		}
		lines++
		if l[0] == '{' && l[len(l)-1] == '}' {
			objs++
		}
	}
	return objs >= 2 && 2*objs > lines
}
