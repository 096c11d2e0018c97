package ingest

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var ioEOF = io.EOF

func writeTemp(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fuzzRead reads b as format (auto-detected when "") and checks the
// invariants. A tiny reader chunk size exercises the buffer boundaries.
func fuzzRead(t *testing.T, b []byte, format Format) {
	d, r := Read(context.Background(), bytes.NewReader(b), int64(len(b)), Options{format: format})
	checkInvariants(t, d, r)
	d2, r2 := Read(context.Background(), &chunkReader{b: b, n: 7}, 0, Options{format: format})
	checkInvariants(t, d2, r2)
	if d.Hosts.Len() != d2.Hosts.Len() || r.SkippedCount != r2.SkippedCount || (r.Err == nil) != (r2.Err == nil) {
		t.Errorf("whole vs chunked read: %d/%d hosts, %d/%d skipped, %v/%v", d.Hosts.Len(), d2.Hosts.Len(), r.SkippedCount, r2.SkippedCount, r.Err, r2.Err)
	}
	// The whole read (seekable) may split at line ends unscanned; the
	// chunked one never does: both must say exactly the same.
	if a, b := reportText(r, d), reportText(r2, d2); a != b {
		t.Errorf("whole vs chunked read differ:\n%s\n%s", a, b)
	}
}

// chunkReader returns at most n bytes per Read.
type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[k:]
	return k, nil
}

func seed(f *testing.F, format Format) {
	// Split at line ends after one one-line feature, so that small inputs
	// take the unscanned split (and its fallback) too. It changes what is
	// fast, never what is read.
	specProbe = 1
	for _, c := range readCases {
		if format == "" || c.format == format || c.format == "" {
			f.Add([]byte(c.in))
		}
	}
	if format == FormatCSV {
		return
	}
	_, bad := badFeatures()
	for _, b := range bad {
		f.Add([]byte(fcHead + pt + ",\n" + b + "\n]}"))
		f.Add([]byte(pt + "\n" + b + "\n"))
	}
	for _, c := range resyncCases {
		in, _, _ := resyncInput(20, false, c.brk)
		f.Add([]byte(in))
	}
	for _, c := range concatCases {
		f.Add([]byte(c.in))
	}
}

func FuzzRead(f *testing.F) {
	seed(f, "")
	f.Fuzz(func(t *testing.T, b []byte) { fuzzRead(t, b, "") })
}

func FuzzGeoJSON(f *testing.F) {
	seed(f, FormatGeoJSON)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzRead(t, b, FormatGeoJSON) })
}

func FuzzGeoJSONSeq(f *testing.F) {
	seed(f, FormatGeoJSONSeq)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzRead(t, b, FormatGeoJSONSeq) })
}

func FuzzCSV(f *testing.F) {
	seed(f, FormatCSV)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzRead(t, b, FormatCSV) })
}

// TestSpecSplit reads every table row with the split at line ends on from
// the first feature, against the scanned chunked read.
func TestSpecSplit(t *testing.T) {
	defer func(n int) { specProbe = n }(specProbe)
	for _, n := range []int{0, 1} {
		specProbe = n
		for _, c := range readCases {
			t.Run(c.name, func(t *testing.T) { fuzzRead(t, []byte(c.in), c.format) })
		}
	}
}
