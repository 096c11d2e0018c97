package ingest

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

const (
	// magicLen is what is read ahead to recognise a container: enough for
	// the "ustar" of a tar header at byte 257.
	magicLen = 512
	// headLen is the sample that decides the line ends: many lines of any
	// CSV or GeoJSONSeq file.
	headLen = 64 << 10
)

// decoder is the input as the format readers see it: decompressed (gzip),
// in UTF-8 (Windows-1252, UTF-16 and UTF-32 transcoded) and with LF line ends
// where the input had CR alone. Plain UTF-8 passes through untouched and
// uncopied after the first 64 KiB; it is only scanned for invalid bytes.
// What it did goes into the Report (report), one warning each.
type decoder struct {
	name   string
	out    io.Reader // the decoded stream, starting with the sample head
	cr     bool      // translate CR to LF
	refuse error     // set: the input is not read at all, this is why
	notes  []string  // warnings not in the report yet
	raw    *counter  // bytes taken from the input
	gz     *gunzip   // nil unless the input is gzip
	utf    bool      // transcoded from UTF-16 or UTF-32
	text   *textReader
}

// decode wraps r, whose report is rep, before its format is detected.
// It reads up to 64 KiB ahead, and what that shows goes into rep at once,
// before what reading finds (report adds the rest). *size, the input's
// size (0: unknown), becomes the decoded stream's: exact when it ended
// within those 64 KiB, 0 for a larger compressed or UTF-16/32 one. When
// *progress is set it is replaced by one that reports the input's bytes
// consumed and its size, so that progress never runs past the input's
// size.
func decode(r io.Reader, rep *Report, size *int64, progress *func(read, total int64)) (io.Reader, *decoder) {
	d := &decoder{name: rep.File, raw: &counter{r: r}}
	if p, total := *progress, *size; p != nil {
		*progress = func(_, _ int64) { p(d.raw.n, total) }
	}
	in := d.open()
	if d.refuse != nil {
		return d, d
	}
	head, out := peek(nil, in, headLen)
	d.out = out
	switch {
	case out.err != nil:
		*size = int64(len(head))
	case d.gz != nil || d.utf:
		*size = 0
	}
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		d.cr = true
		d.notes = append(d.notes, "line ends are CR alone (classic Mac OS): read as LF")
	}
	d.tell(rep)
	return d, d
}

// open recognises what the input holds and returns the stream of its text.
func (d *decoder) open() io.Reader {
	m, in := peek(nil, d.raw, magicLen)
	what := container(m)
	if what == "gzip" {
		g, err := newGunzip(in, d.raw)
		if err != nil {
			d.refuse = fmt.Errorf("ingest: %s: not a valid gzip stream: %w", d.name, err)
			return nil
		}
		d.gz = g
		d.notes = append(d.notes, "decompressed (gzip)")
		m, in = peek(nil, d.gz, magicLen)
		if what = container(m); what != "" {
			d.refuse = d.unsupported("gzip-compressed " + what)
			return nil
		}
	}
	if what != "" {
		d.refuse = d.unsupported(what)
		return nil
	}
	if order, ok := utf32Order(m); ok {
		d.utf = true
		d.notes = append(d.notes, "read as UTF-32"+order.name+": transcoded to UTF-8")
		return transform.NewReader(in, utf32.UTF32(order.e, utf32.UseBOM).NewDecoder())
	}
	if name, e, ok := utf16Order(m); ok {
		d.utf = true
		d.notes = append(d.notes, "read as UTF-16"+name+": transcoded to UTF-8")
		return transform.NewReader(in, unicode.UTF16(e, unicode.UseBOM).NewDecoder())
	}
	d.text = &textReader{r: in}
	return d.text
}

// unsupported is the refusal of a container the readers cannot open.
func (d *decoder) unsupported(what string) error {
	ext := strings.ToLower(filepath.Ext(d.name))
	switch {
	case what == "zip archive" && (ext == ".xlsx" || ext == ".ods"):
		return fmt.Errorf("ingest: %s is a spreadsheet workbook; save the sheet as CSV (UTF-8) and open that", d.name)
	case what == "OLE2 document":
		return fmt.Errorf("ingest: %s is an OLE2 document (an old Excel .xls?); save the sheet as CSV (UTF-8) and open that", d.name)
	case strings.HasSuffix(what, "archive"):
		return fmt.Errorf("ingest: %s is a %s; extract it and open the .geojson or .csv inside", d.name, what)
	case strings.HasPrefix(what, "gzip-compressed"):
		return fmt.Errorf("ingest: %s is %s, compressed twice; decompress it and open the result", d.name, what)
	}
	return fmt.Errorf("ingest: %s is %s, which is not supported; decompress it, or compress it with gzip", d.name, what)
}

// container names what the first bytes of an input say it is, or "" for
// anything else (text, or binary the format detection will refuse). Every
// magic has a byte no text has (NUL or a control), or is long enough that
// a CSV header cannot start with it by chance.
func container(m []byte) string {
	for _, c := range containers {
		if bytes.HasPrefix(m, []byte(c.magic)) {
			return c.what
		}
	}
	if len(m) >= 265 && (string(m[257:263]) == "ustar\x00" || string(m[257:265]) == "ustar  \x00") {
		return "tar archive" // POSIX, or GNU
	}
	if len(m) >= 10 && string(m[:3]) == "BZh" && m[3] >= '1' && m[3] <= '9' &&
		(string(m[4:10]) == "1AY&SY" || string(m[4:10]) == "\x17rE8P\x90") {
		return "bzip2-compressed" // a block, or the end of an empty stream
	}
	return ""
}

var containers = []struct{ magic, what string }{
	{"\x1f\x8b", "gzip"},
	{"PK\x03\x04", "zip archive"},
	{"PK\x05\x06", "zip archive"}, // empty
	{"\xfd7zXZ\x00", "xz-compressed"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed"},
	{"7z\xbc\xaf\x27\x1c", "7z archive"},
	{"Rar!\x1a\x07", "RAR archive"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document"},
}

type byteOrder struct {
	name string
	e    utf32.Endianness
}

// utf32Order recognises UTF-32 by its byte order mark or, without one, by
// the zeros around the first character (the first character of any input
// the readers accept is ASCII).
func utf32Order(m []byte) (byteOrder, bool) {
	if len(m) < 4 {
		return byteOrder{}, false
	}
	switch {
	case m[0] == 0 && m[1] == 0 && (m[2] == 0xFE && m[3] == 0xFF || m[2] == 0 && m[3] != 0):
		return byteOrder{"BE", utf32.BigEndian}, true
	case m[3] == 0 && m[2] == 0 && (m[0] == 0xFF && m[1] == 0xFE || m[1] == 0 && m[0] != 0):
		return byteOrder{"LE", utf32.LittleEndian}, true
	}
	return byteOrder{}, false
}

// utf16Order recognises UTF-16 (what Windows PowerShell 5's `>` and
// Out-File write) by its byte order mark or, without one, by the zeros
// beside the first two characters, which are ASCII in any input the
// readers accept. After utf32Order: FF FE 00 00 is UTF-32LE's mark.
func utf16Order(m []byte) (string, unicode.Endianness, bool) {
	switch {
	case len(m) >= 2 && m[0] == 0xFF && m[1] == 0xFE,
		len(m) >= 4 && m[0] != 0 && m[1] == 0 && m[2] != 0 && m[3] == 0:
		return "LE", unicode.LittleEndian, true
	case len(m) >= 2 && m[0] == 0xFE && m[1] == 0xFF,
		len(m) >= 4 && m[0] == 0 && m[1] != 0 && m[2] == 0 && m[3] != 0:
		return "BE", unicode.BigEndian, true
	}
	return "", unicode.BigEndian, false
}

// Read reads the decoded input.
func (d *decoder) Read(p []byte) (int, error) {
	if d.refuse != nil {
		return 0, d.refuse
	}
	n, err := d.out.Read(p)
	if d.cr {
		crToLF(p[:n])
	}
	return n, err
}

// crToLF replaces every CR in b with LF.
func crToLF(b []byte) {
	for i := bytes.IndexByte(b, '\r'); i >= 0; i = bytes.IndexByte(b, '\r') {
		b[i] = '\n'
		b = b[i+1:]
	}
}

// tell adds to rep what decoding found so far and has not said yet.
func (d *decoder) tell(rep *Report) {
	for _, n := range d.notes {
		rep.warn("decode", -1, "", n)
	}
	d.notes = d.notes[:0]
	if t := d.text; t != nil && t.note != "" {
		rep.warn("encoding", -1, "", t.note)
		t.note = ""
	}
}

// report adds to rep what decoding did and decode did not say: a refusal
// replaces rep's error; a cut gzip stream and the invalid UTF-8 found are
// one warning each. It is called once the input has been read.
func (d *decoder) report(rep *Report) {
	if d.refuse != nil {
		rep.Err = d.refuse
		return
	}
	d.tell(rep)
	if d.gz != nil && d.gz.cut > 0 {
		rep.warnf("the partial line at the cut (%s) was not read", count(d.gz.cut, "byte"))
	}
	if t := d.text; t != nil {
		t.flush()
		if t.bad > 0 {
			rep.warnf("not valid UTF-8: %s (the first at byte %d) read as U+FFFD", count(t.bad, "byte"), t.firstBad)
		}
		if t.mixed > 0 {
			rep.warnf("read as Windows-1252, but %s (the first at byte %d) would be valid UTF-8: the file may mix encodings", count(t.mixed, "character"), t.firstMixed)
		}
	}
}

// counter counts the bytes read from r.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n < 0 || n > len(p) {
		n, err = 0, io.ErrNoProgress // a broken reader; read must not panic
	}
	c.n += int64(n)
	return n, err
}

// peek reads from r after pre until n bytes are held or r ends, and returns
// them with a reader that gives them again, then the rest of r (or the
// error that ended it, its err).
func peek(pre []byte, r io.Reader, n int) ([]byte, *replay) {
	b := append(make([]byte, 0, max(n, len(pre))), pre...)
	var err error
	for zeros := 0; len(b) < n && err == nil; {
		var m int
		m, err = r.Read(b[len(b):n])
		b = b[:len(b)+m]
		if m == 0 && err == nil {
			if zeros++; zeros >= 100 {
				err = io.ErrNoProgress
			}
		}
	}
	return b, &replay{b: b, r: r, err: err}
}

// replay gives b, then err if set, else the rest of r.
type replay struct {
	b   []byte
	r   io.Reader
	err error
}

func (p *replay) Read(q []byte) (int, error) {
	if len(p.b) > 0 {
		n := copy(q, p.b)
		p.b = p.b[n:]
		return n, nil
	}
	if p.err != nil {
		return 0, p.err
	}
	return p.r.Read(q)
}
