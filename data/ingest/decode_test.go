package ingest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"threatmap/data/threat"
)

// decodeCase is one input that needs decoding and what loading it as the
// file name must give. The same table seeds FuzzDecode.
type decodeCase struct {
	name   string
	file   string // the file's name; "in.dat" when empty
	in     []byte
	format Format
	hosts  int
	err    string   // substring of Report.Err, "" for none
	warn   []string // substrings, each of some warning
	nowarn bool     // no warning from decoding
	skips  bool     // some features are skipped
	check  func(t *testing.T, d *threat.Dataset, r *Report)
}

// rowsCSV is a CSV of n hosts; host i is named h-i, at latitude i%80 and
// longitude i/1000 + 100.5, so that a row read wrong shows.
func rowsCSV(n int, eol string) string {
	var b strings.Builder
	b.WriteString("id,name,lat,lon" + eol)
	for i := range n {
		fmt.Fprintf(&b, "h-%d,host %d,%d,%g%s", i, i, i%80, float64(i)/1000+100.5, eol)
	}
	return b.String()
}

// checkRows checks that every loaded host of a rowsCSV is where its row
// put it.
func checkRows(t *testing.T, d *threat.Dataset) {
	t.Helper()
	for k := range d.Hosts.Len() {
		var i int
		if _, err := fmt.Sscanf(d.Str(d.Hosts.ID[k]), "h-%d", &i); err != nil {
			t.Fatalf("host %d: id %q", k, d.Str(d.Hosts.ID[k]))
		}
		lat, lon := float32(i%80), float32(float64(i)/1000+100.5)
		if d.Hosts.Lat[k] != lat || d.Hosts.Lon[k] != lon {
			t.Fatalf("host %q at %v,%v, want %v,%v", d.Str(d.Hosts.ID[k]), d.Hosts.Lat[k], d.Hosts.Lon[k], lat, lon)
		}
	}
}

// gz compresses each part as one gzip member.
func gz(parts ...string) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		w := gzip.NewWriter(&b)
		w.Write([]byte(p))
		w.Close()
	}
	return b.Bytes()
}

// utf16Bytes encodes s in UTF-16, with a byte order mark when bom.
func utf16Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	var b []byte
	if bom {
		b = order.AppendUint16(b, 0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return b
}

// utf32Bytes encodes s in UTF-32, with a byte order mark when bom.
func utf32Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	var b []byte
	if bom {
		b = order.AppendUint32(b, 0xFEFF)
	}
	for _, r := range s {
		b = order.AppendUint32(b, uint32(r))
	}
	return b
}

// tarOf is a tar archive of one file.
func tarOf(name, content string) []byte {
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	w.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(content))})
	w.Write([]byte(content))
	w.Close()
	return b.Bytes()
}

// names checks the hosts' names, in order.
func names(want ...string) func(t *testing.T, d *threat.Dataset, r *Report) {
	return func(t *testing.T, d *threat.Dataset, r *Report) {
		t.Helper()
		for i, w := range want {
			if i >= d.Hosts.Len() {
				t.Fatalf("%d hosts, want %d", d.Hosts.Len(), len(want))
			}
			if n := d.Str(d.Hosts.Name[i]); n != w {
				t.Errorf("host %d: name %q, want %q", i, n, w)
			}
		}
	}
}

const (
	cp1252CSV = "id,name,lat,lon\nh-1,Soci\xe9t\xe9 G\xe9n\xe9rale,48.87,2.33\nh-2,M\xfcller \x80 Co,52.52,13.40\n"
	utf8CSV   = "id,name,lat,lon\nh-1,Société Générale,48.87,2.33\nh-2,Müller € Co,52.52,13.40\n"
	seqLine   = `{"type":"Feature","geometry":{"type":"Point","coordinates":[2.33,48.87]},"properties":{"id":"h-%d"}}`
)

// seqLines is a GeoJSONSeq of n features, each line ended by eol.
func seqLines(n int, eol string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, seqLine+eol, i)
	}
	return b.String()
}

// truncated is a gzip of rowsCSV(n) cut at half its length.
func truncated(n int) []byte {
	z := gz(rowsCSV(n, "\n"))
	return z[:len(z)/2]
}

var decodeCases = []decodeCase{
	{name: "gzip geojson", file: "hosts.geojson.gz", format: FormatGeoJSON, hosts: 1,
		in: gz(fcHead + pt + `]}`), warn: []string{"decompressed (gzip)"}},
	{name: "gzip whatever its name", file: "hosts.csv", format: FormatCSV, hosts: 3,
		in: gz(rowsCSV(3, "\n")), warn: []string{"decompressed (gzip)"}},
	{name: "gzip of two members", file: "hosts.csv.gz", format: FormatCSV, hosts: 5,
		in:    gz(rowsCSV(3, "\n"), "h-3,host 3,3,100.503\nh-4,host 4,4,100.504\n"),
		check: func(t *testing.T, d *threat.Dataset, r *Report) { checkRows(t, d) }},
	{name: "gzip member ends mid-row", file: "hosts.csv.gz", format: FormatCSV, hosts: 2,
		in:    gz("id,name,lat,lon\nh-0,host 0,0,10", "0.5\nh-1,host 1,1,100.501\n"),
		check: func(t *testing.T, d *threat.Dataset, r *Report) { checkRows(t, d) }},
	{name: "gzip with zeros after it", file: "hosts.csv.gz", format: FormatCSV, hosts: 3,
		in:   append(gz(rowsCSV(3, "\n")), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		warn: []string{"data after the gzip stream, at byte", "is not gzip; the features before it were read"},
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if strings.Contains(fmt.Sprint(r.Warnings), "partial line") {
				t.Errorf("a whole member's last line dropped: %v", r.Warnings)
			}
		}},
	// The cut falls inside a row: the rows before it load, exactly, and
	// the partial one is dropped, not read as a shorter number.
	{name: "gzip truncated", file: "hosts.csv.gz", format: FormatCSV, hosts: -1, in: truncated(2000),
		warn: []string{"gzip data truncated after", "the features before it were read", "the partial line at the cut ("},
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if n := d.Hosts.Len(); n < 400 || n >= 2000 {
				t.Errorf("%d hosts loaded from half the file", n)
			}
			checkRows(t, d)
			want := fmt.Sprintf("gzip data truncated after %d bytes of the file", len(truncated(2000)))
			if !strings.Contains(fmt.Sprint(r.Warnings), want) {
				t.Errorf("warnings %v, want %q", r.Warnings, want)
			}
		}},
	{name: "gzip truncated before any row", file: "hosts.csv.gz", in: gz(rowsCSV(2000, "\n"))[:30],
		err: "gzip data truncated after 30 bytes of the file"},
	// gzip checks a member only at its end: the rows came out right
	// here, and the user is told that they may not have.
	{name: "gzip checksum wrong", file: "hosts.csv.gz", format: FormatCSV, hosts: 500,
		in: func() []byte {
			z := gz(rowsCSV(500, "\n"))
			z[len(z)-8] ^= 0x55
			return z
		}(),
		warn:  []string{"gzip data corrupt (checksum mismatch at byte ", "the lines before it may be wrong"},
		check: func(t *testing.T, d *threat.Dataset, r *Report) { checkRows(t, d) }},
	{name: "gzip corrupt", file: "hosts.csv.gz", format: FormatCSV, hosts: -1, skips: true,
		in: func() []byte {
			z := gz(rowsCSV(2000, "\n"))
			for i := len(z) / 2; i < len(z)/2+64; i++ {
				z[i] ^= 0x55
			}
			return z
		}(),
		warn: []string{"gzip data corrupt", "the lines before it may be wrong"}},
	// Found by FuzzDecode: the whole read sized its first buffer by the
	// compressed size and stopped before the cut that the chunked read
	// reached.
	{name: "gzip of binary, cut", in: []byte("\x1f\x8b\bA000000ZX0\n0,8020\x17"),
		err: "ingest: in.dat: line 1, byte 0: expected GeoJSON ('{'), GeoJSONSeq or CSV header with latitude/longitude or ip columns, an IP list, or a log with source addresses, found \"¡pppppppppppppp\" (and a read error at byte 568: gzip data truncated after 21 bytes of the file"},
	{name: "gzip header only", in: []byte("\x1f\x8b\x00\x00"), err: "ingest: in.dat: not a valid gzip stream"},
	{name: "gzip of a tar", file: "hosts.tar.gz", in: gz(string(tarOf("hosts.csv", rowsCSV(3, "\n")))),
		err: "ingest: hosts.tar.gz is a gzip-compressed tar archive; extract it and open the .geojson or .csv inside"},
	{name: "gzip twice", file: "hosts.csv.gz.gz", in: gz(string(gz(rowsCSV(3, "\n")))),
		err: "ingest: hosts.csv.gz.gz is gzip-compressed gzip, compressed twice; decompress it and open the result"},
	{name: "zip", file: "hosts.zip", in: []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"),
		err: "ingest: hosts.zip is a zip archive; extract it and open the .geojson or .csv inside"},
	{name: "xlsx", file: "hosts.xlsx", in: []byte("PK\x03\x04\x14\x00\x06\x00"),
		err: "ingest: hosts.xlsx is a spreadsheet workbook; save the sheet as CSV (UTF-8) and open that"},
	{name: "xls", file: "hosts.xls", in: []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"),
		err: "ingest: hosts.xls is an OLE2 document (an old Excel .xls?); save the sheet as CSV"},
	{name: "tar", file: "hosts.tar", in: tarOf("hosts.csv", rowsCSV(3, "\n")),
		err: "ingest: hosts.tar is a tar archive; extract it"},
	{name: "bzip2", file: "hosts.csv.bz2", in: []byte("BZh91AY&SY\x00\x01"),
		err: "ingest: hosts.csv.bz2 is bzip2-compressed, which is not supported; decompress it, or compress it with gzip"},
	{name: "a header that starts like bzip2", file: "hosts.csv", format: FormatCSV, hosts: 1,
		in: []byte("BZh,lat,lon\nx,1,2\n")},
	{name: "xz", file: "hosts.csv.xz", in: []byte("\xfd7zXZ\x00\x00\x04"), err: "is xz-compressed, which is not supported"},
	{name: "zstd", file: "hosts.csv.zst", in: []byte("\x28\xb5\x2f\xfd\x04\x00"), err: "is zstd-compressed, which is not supported"},
	{name: "7z", file: "hosts.7z", in: []byte("7z\xbc\xaf\x27\x1c\x00\x04"), err: "is a 7z archive; extract it"},
	{name: "windows-1252 csv", file: "hosts.csv", format: FormatCSV, hosts: 2, in: []byte(cp1252CSV),
		warn:  []string{"read as Windows-1252: not valid UTF-8 (byte 24 is 0xE9)"},
		check: names("Société Générale", "Müller € Co")},
	// ASCII for 70 kB, past the sample of the line ends, then the first
	// name that is not: the encoding is decided there.
	{name: "windows-1252 after 70 kB of ascii", file: "hosts.csv", format: FormatCSV, hosts: 3001, in: []byte(rowsCSV(3000, "\n") + "h-9,Soci\xe9t\xe9 G\xe9n\xe9rale,48.87,2.33\n"),
		warn: []string{"read as Windows-1252: not valid UTF-8"},
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if n := d.Str(d.Hosts.Name[3000]); n != "Société Générale" {
				t.Errorf("name %q", n)
			}
		}},
	// A file that mixes encodings cannot be read right; it is said.
	{name: "windows-1252 then utf-8", file: "hosts.csv", format: FormatCSV, hosts: 3, in: []byte(cp1252CSV + "h-3,Müller,1,2\n"),
		warn:  []string{"read as Windows-1252: not valid UTF-8", fmt.Sprintf("read as Windows-1252, but 1 character (the first at byte %d) would be valid UTF-8: the file may mix encodings", len(cp1252CSV)+5)},
		check: names("Société Générale", "Müller € Co", "MÃ¼ller")},
	{name: "gzip of windows-1252 cr-only", file: "hosts.csv.gz", format: FormatCSV, hosts: 2,
		in:    gz(strings.ReplaceAll(cp1252CSV, "\n", "\r")),
		warn:  []string{"decompressed (gzip)", "read as Windows-1252", "line ends are CR alone"},
		check: names("Société Générale", "Müller € Co")},
	{name: "utf-8", file: "hosts.csv", format: FormatCSV, hosts: 2, in: []byte(utf8CSV), nowarn: true,
		check: names("Société Générale", "Müller € Co")},
	// UTF-8 from the first name on, a stray byte later: read as U+FFFD,
	// and said, with where.
	{name: "utf-8 then an invalid byte", file: "hosts.csv", format: FormatCSV, hosts: 3,
		in:    []byte(utf8CSV + "h-3,Caf\xe9,1,2\n"),
		warn:  []string{fmt.Sprintf("not valid UTF-8: 1 byte (the first at byte %d) read as U+FFFD", len(utf8CSV)+7)},
		check: names("Société Générale", "Müller € Co", "Caf\uFFFD")},
	{name: "utf-32le bom", file: "hosts.csv", format: FormatCSV, hosts: 2, in: utf32Bytes(utf8CSV, binary.LittleEndian, true),
		warn: []string{"read as UTF-32LE: transcoded to UTF-8"}, check: names("Société Générale", "Müller € Co")},
	{name: "utf-32be bom", file: "hosts.csv", format: FormatCSV, hosts: 2, in: utf32Bytes(utf8CSV, binary.BigEndian, true),
		warn: []string{"read as UTF-32BE"}, check: names("Société Générale", "Müller € Co")},
	{name: "utf-32le", file: "hosts.geojson", format: FormatGeoJSON, hosts: 1, in: utf32Bytes(fcHead+pt+`]}`, binary.LittleEndian, false),
		warn: []string{"read as UTF-32LE"}},
	{name: "utf-32be", file: "hosts.csv", format: FormatCSV, hosts: 2, in: utf32Bytes(utf8CSV, binary.BigEndian, false),
		warn: []string{"read as UTF-32BE"}, check: names("Société Générale", "Müller € Co")},
	{name: "utf-16 still named", file: "hosts.csv", in: []byte("\xff\xfei\x00d\x00"), err: `expected GeoJSON ('{'), GeoJSONSeq or CSV header with latitude/longitude or ip columns, an IP list, or a log with source addresses, found "id"`,
		warn: []string{"read as UTF-16LE: transcoded to UTF-8"}},
	{name: "utf-16le bom", file: "hosts.csv", format: FormatCSV, hosts: 2, in: utf16Bytes(utf8CSV, binary.LittleEndian, true),
		warn: []string{"read as UTF-16LE: transcoded to UTF-8"}, check: names("Société Générale", "Müller € Co")},
	{name: "utf-16be bom", file: "hosts.csv", format: FormatCSV, hosts: 2, in: utf16Bytes(utf8CSV, binary.BigEndian, true),
		warn: []string{"read as UTF-16BE"}, check: names("Société Générale", "Müller € Co")},
	{name: "utf-16le", file: "hosts.geojson", format: FormatGeoJSON, hosts: 1, in: utf16Bytes(fcHead+pt+`]}`, binary.LittleEndian, false),
		warn: []string{"read as UTF-16LE"}},
	{name: "utf-16be", file: "hosts.csv", format: FormatCSV, hosts: 2, in: utf16Bytes(utf8CSV, binary.BigEndian, false),
		warn: []string{"read as UTF-16BE"}, check: names("Société Générale", "Müller € Co")},
	// Windows PowerShell 5: Get-Content list.txt > blocklist.txt
	{name: "utf-16le bom crlf ip list", file: "blocklist.txt", format: FormatIPList, hosts: 2, in: utf16Bytes("8.8.8.8\r\n1.1.1.1\r\n", binary.LittleEndian, true),
		warn: []string{"read as UTF-16LE"}},
	// An emoji takes a surrogate pair; a lone surrogate reads as U+FFFD.
	{name: "utf-16le surrogates", file: "hosts.csv", format: FormatCSV, hosts: 2,
		in: slices.Concat(utf16Bytes("id,name,lat,lon\nh-1,\U0001F600,1,2\nh-2,", binary.LittleEndian, true),
			[]byte{0x00, 0xD8}, utf16Bytes("x,3,4\n", binary.LittleEndian, false)),
		warn: []string{"read as UTF-16LE"}, check: names("\U0001F600", "\uFFFDx")},
	{name: "cr-only csv", file: "hosts.csv", format: FormatCSV, hosts: 500, in: []byte(rowsCSV(500, "\r")),
		warn:  []string{"line ends are CR alone (classic Mac OS): read as LF"},
		check: func(t *testing.T, d *threat.Dataset, r *Report) { checkRows(t, d) }},
	{name: "cr-only geojsonseq", file: "hosts.geojsonl", format: FormatGeoJSONSeq, hosts: 500, in: []byte(seqLines(500, "\r")),
		warn: []string{"line ends are CR alone"}},
	{name: "crlf csv left alone", file: "hosts.csv", format: FormatCSV, hosts: 500, in: []byte(rowsCSV(500, "\r\n")), nowarn: true,
		check: func(t *testing.T, d *threat.Dataset, r *Report) { checkRows(t, d) }},
	{name: "crlf geojsonseq left alone", file: "hosts.geojsonl", format: FormatGeoJSONSeq, hosts: 500, in: []byte(seqLines(500, "\r\n")), nowarn: true},
}

// decodeWarnings are words of every warning decoding gives.
var decodeWarnings = []string{"gzip", "read as", "UTF-8", "line ends"}

// TestDecodeLoad loads every case from a file, as LoadFiles does for the
// command line and the window, and checks what the user is told.
func TestDecodeLoad(t *testing.T) {
	dir := t.TempDir()
	for i, c := range decodeCases {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = "in.dat"
			}
			p := writeTemp(t, dir, fmt.Sprintf("%d-%s", i, file), string(c.in))
			d, reps := LoadFiles(context.Background(), []string{p}, Options{})
			r := reps[0]
			r.File = file
			if r.Err != nil {
				r.Err = fmt.Errorf("%s", strings.ReplaceAll(r.Err.Error(), p, file))
			}
			checkDecoded(t, c, d, r)
		})
	}
}

// checkDecoded checks what loading c gave.
func checkDecoded(t *testing.T, c decodeCase, d *threat.Dataset, r *Report) {
	t.Helper()
	checkInvariants(t, d, r)
	switch {
	case c.err != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), c.err)):
		t.Fatalf("err %v, want %q", r.Err, c.err)
	case c.err == "" && r.Err != nil:
		t.Fatalf("err %v", r.Err)
	}
	if r.Format != c.format {
		t.Errorf("format %q, want %q", r.Format, c.format)
	}
	if c.hosts >= 0 && r.Hosts != c.hosts {
		t.Errorf("%d hosts, want %d (warnings %v, skipped %v)", r.Hosts, c.hosts, r.Warnings, r.Skipped)
	}
	if r.SkippedCount != 0 && !c.skips {
		t.Errorf("skipped %v", r.Skipped)
	}
	got := fmt.Sprint(r.Warnings)
	for _, w := range c.warn {
		if !strings.Contains(got, w) {
			t.Errorf("warnings %s, want %q", got, w)
		}
	}
	for _, w := range decodeWarnings {
		if c.nowarn && strings.Contains(got, w) {
			t.Errorf("warnings %s, want none from decoding", got)
		}
	}
	if c.check != nil {
		c.check(t, d, r)
	}
}

// TestDecodeRead reads every case through Read, whole and 7 bytes at a
// time: both must say exactly the same.
func TestDecodeRead(t *testing.T) {
	for _, c := range decodeCases {
		t.Run(c.name, func(t *testing.T) { fuzzRead(t, c.in, "") })
	}
}

// decodeAll decodes r, up to 4 MiB (a fuzzed gzip stream may inflate a
// thousandfold), and returns the decoded bytes and what the report says
// of them.
func decodeAll(r io.Reader) ([]byte, string, *decoder) {
	prog, size, rep := func(int64, int64) {}, int64(0), newReport("in")
	dr, d := decode(r, rep, &size, &prog)
	out, err := io.ReadAll(io.LimitReader(dr, 4<<20))
	d.report(rep)
	return out, fmt.Sprintf("%v %v %v", err, rep.Err, rep.Warnings), d
}

// TestDecodePassThrough checks that UTF-8 comes out as it went in, and
// that after the sample the caller's buffer goes to the input's Read
// itself: nothing is copied or transcoded.
func TestDecodePassThrough(t *testing.T) {
	in := []byte(strings.Repeat(utf8CSV, 4000)) // 330 kB
	out, rep, _ := decodeAll(bytes.NewReader(in))
	if !bytes.Equal(out, in) || rep != "<nil> <nil> []" {
		t.Fatalf("%d bytes out of %d, %s", len(out), len(in), rep)
	}
	src := &bufSpy{r: bytes.NewReader(in)}
	prog, size := func(int64, int64) {}, int64(len(in))
	dr, _ := decode(src, newReport("in"), &size, &prog)
	buf := make([]byte, 256<<10)
	direct := 0
	for {
		before := src.reads
		_, err := dr.Read(buf)
		if src.reads > before {
			if &src.last[0] != &buf[0] {
				t.Fatalf("read %d: the input was given another buffer than the caller's", src.reads)
			}
			direct++
		}
		if err != nil {
			break
		}
	}
	if direct < 2 {
		t.Fatalf("%d reads went to the input directly", direct)
	}
}

// bufSpy records the buffer of the last Read.
type bufSpy struct {
	r     io.Reader
	last  []byte
	reads int
}

func (s *bufSpy) Read(p []byte) (int, error) {
	s.reads++
	s.last = p
	return s.r.Read(p)
}

// TestDecodeChunks checks that where reads end does not change what is
// decoded or said, nor where an invalid byte is placed.
func TestDecodeChunks(t *testing.T) {
	for _, c := range decodeCases {
		t.Run(c.name, func(t *testing.T) { decodeChunked(t, c.in) })
	}
}

// decodeChunked decodes b whole and 1, 3 and 7 bytes at a time, and
// checks that all agree and that transcoded output is UTF-8.
func decodeChunked(t *testing.T, b []byte) {
	out, rep, d := decodeAll(bytes.NewReader(b))
	for _, n := range []int{1, 3, 7} {
		o, r, _ := decodeAll(&chunkReader{b: b, n: n})
		if !bytes.Equal(o, out) || r != rep {
			t.Fatalf("%d bytes at a time: %q %s\nwhole: %q %s", n, head200(o), r, head200(out), rep)
		}
	}
	if d.text != nil && d.text.mode == textCP1252 && !utf8.Valid(out) {
		t.Fatalf("transcoded to invalid UTF-8: %q", head200(out))
	}
	if d.refuse == nil && d.gz == nil && !d.cr && d.text != nil && d.text.mode != textCP1252 && !bytes.Equal(out, b) {
		t.Fatalf("UTF-8 changed: %q to %q", head200(b), head200(out))
	}
}

// head200 is what a failure shows of b.
func head200(b []byte) []byte { return b[:min(len(b), 200)] }

func FuzzDecode(f *testing.F) {
	for _, c := range decodeCases {
		f.Add(c.in)
	}
	f.Add([]byte("id,lat,lon\r\n\xe9\r"))
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeChunked(t, b)
		fuzzRead(t, b, "")
	})
}

// BenchmarkDecodeUTF8 reads 50 MB of UTF-8 GeoJSONSeq (a name with é on
// every line) through a 256 KiB buffer, straight from memory and through
// decode: the difference is what the UTF-8 check costs, as nothing is
// copied (TestDecodePassThrough pins that).
func BenchmarkDecodeUTF8(b *testing.B) {
	line := `{"type":"Feature","geometry":{"type":"Point","coordinates":[2.33,48.87]},"properties":{"id":"h-1","name":"Société Générale"}}` + "\n"
	in := []byte(strings.Repeat(line, 50e6/len(line)))
	buf := make([]byte, 256<<10)
	drain := func(b *testing.B, r io.Reader) {
		n := 0
		for {
			m, err := r.Read(buf)
			n += m
			if err != nil {
				break
			}
		}
		if n != len(in) {
			b.Fatalf("%d bytes of %d", n, len(in))
		}
	}
	b.Run("ascii", func(b *testing.B) {
		ascii := bytes.ReplaceAll(bytes.ReplaceAll(in, []byte("é"), []byte("e:")), []byte("Gé"), []byte("Ge:"))
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			prog, size := func(int64, int64) {}, int64(len(ascii))
			r, _ := decode(bytes.NewReader(ascii), newReport("in"), &size, &prog)
			drain(b, r)
		}
	})
	b.Run("direct", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			drain(b, bytes.NewReader(in))
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			prog, size := func(int64, int64) {}, int64(len(in))
			r, _ := decode(bytes.NewReader(in), newReport("in"), &size, &prog)
			drain(b, r)
		}
	})
}

// TestDecodeProgress checks that the progress of a gzip file counts its
// compressed bytes and ends at its size, never past it.
func TestDecodeProgress(t *testing.T) {
	in := gz(rowsCSV(20000, "\n"))
	var last, total int64 = -1, -1
	_, r := Read(context.Background(), bytes.NewReader(in), int64(len(in)), Options{Progress: func(read, size int64) {
		if read < last || read > size {
			t.Errorf("progress %d of %d after %d", read, size, last)
		}
		last, total = read, size
	}})
	if r.Err != nil || r.Hosts != 20000 {
		t.Fatalf("%d hosts, err %v", r.Hosts, r.Err)
	}
	if last != int64(len(in)) || total != int64(len(in)) {
		t.Errorf("progress ended at %d of %d, want %d of %d", last, total, len(in), len(in))
	}
}
