package ingest

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"threatmap/data/geoip"

	"threatmap/data/ingest/ingesttest"
)

// The IP feed benchmarks place with ingesttest.RangeDB, a stand-in whose
// lookups cost about what a real database's do (a binary search over
// 250,000 ranges); the files are generated once into the temp directory.

// loadIPCheck loads path with RangeDB and fails unless it gives hosts
// hosts of format, nothing skipped: a fast wrong answer must not pass.
func loadIPCheck(tb testing.TB, path string, format Format, hosts int) {
	d, reps := LoadFiles(context.Background(), []string{path}, Options{GeoIP: ingesttest.RangeDB()})
	r := reps[0]
	if r.Err != nil || r.Format != format || r.Hosts != hosts || d.Hosts.Len() != hosts || r.SkippedCount != 0 ||
		r.Placement == nil || r.Placement.Country != hosts {
		tb.Fatalf("%s: %d hosts (want %d), %d skipped, placement %+v, err %v, warnings %v", r.Format, r.Hosts, hosts, r.SkippedCount, r.Placement, r.Err, r.Warnings)
	}
}

// TestIPBenchFiles pins what the benchmarks load, on small files of the
// same generators.
func TestIPBenchFiles(t *testing.T) {
	dir := t.TempDir()
	p, err := ingesttest.EnsureIPList(dir, 5000)
	if err != nil {
		t.Fatal(err)
	}
	loadIPCheck(t, p, FormatIPList, 5000)
	p, err = ingesttest.EnsureAccessLog(dir, 1<<20, 997)
	if err != nil {
		t.Fatal(err)
	}
	loadIPCheck(t, p, FormatLog, 997)
}

func benchIPList(b *testing.B, n int) {
	p, err := ingesttest.EnsureIPList(filepath.Join(os.TempDir(), "tmbench"), n)
	if err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		loadIPCheck(b, p, FormatIPList, n)
	}
}

// BenchmarkLoadIPList1M loads and places a list of 1M addresses with the
// stand-in range table (ingesttest.RangeDB).
func BenchmarkLoadIPList1M(b *testing.B) { benchIPList(b, 1000000) }

// BenchmarkLoadIPList1MEmbedded loads and places a list of 1M addresses
// with the embedded database, as 'threatmap validate' does (target: under
// 2 s); BenchmarkLoadIPList1M uses a stand-in range table instead.
func BenchmarkLoadIPList1MEmbedded(b *testing.B) {
	p, err := ingesttest.EnsureIPList(filepath.Join(os.TempDir(), "tmbench"), 1000000)
	if err != nil {
		b.Fatal(err)
	}
	geoip.Embedded().Lookup(netip.MustParseAddr("8.8.8.8")) // unpacked once, as on the app's first IP feed
	b.ReportAllocs()
	for b.Loop() {
		_, reps := LoadFiles(context.Background(), []string{p}, Options{})
		if r := reps[0]; r.Err != nil || r.Hosts+r.SkippedCount != 1000000 || r.Hosts < 990000 {
			b.Fatalf("%v: %d hosts, %d skipped", r.Err, r.Hosts, r.SkippedCount)
		}
	}
}

// BenchmarkLoadIPList1MCity loads and places a list of 1M addresses with
// a city database of about 220,000 networks, each its own record
// (ingesttest.EnsureCityDB; target: under 2 s on the 2-core machine).
func BenchmarkLoadIPList1MCity(b *testing.B) {
	dir := filepath.Join(os.TempDir(), "tmbench")
	p, err := ingesttest.EnsureIPList(dir, 1000000)
	if err != nil {
		b.Fatal(err)
	}
	cp, err := ingesttest.EnsureCityDB(dir)
	if err != nil {
		b.Fatal(err)
	}
	db, err := geoip.Open(cp)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, reps := LoadFiles(context.Background(), []string{p}, Options{GeoIP: db})
		if r := reps[0]; r.Err != nil || r.Placement == nil || r.Placement.City < 990000 {
			b.Fatalf("%v, placement %+v", r.Err, r.Placement)
		}
	}
}

// BenchmarkLoadIPList100k loads and places a list of 100k addresses.
func BenchmarkLoadIPList100k(b *testing.B) { benchIPList(b, 100000) }

// BenchmarkLoadAccessLog256MB loads a 256 MiB access log of 100,003
// addresses (target: 1 GB under 10 s; tmbench -only ipfeeds times 1 GiB).
func BenchmarkLoadAccessLog256MB(b *testing.B) {
	const distinct = 100003
	p, err := ingesttest.EnsureAccessLog(filepath.Join(os.TempDir(), "tmbench"), 256<<20, distinct)
	if err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		loadIPCheck(b, p, FormatLog, distinct)
	}
}
