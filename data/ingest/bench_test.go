package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/paulmach/orb/geojson"

	"threatmap/data/ingest/ingesttest"
)

// benchFile returns the synthetic file of n hosts and n links (51.2 MB for
// 100k), generated once into the temp directory.
func benchFile(b *testing.B, n int) string {
	b.Helper()
	p, err := ingesttest.EnsureFile(filepath.Join(os.TempDir(), "tmbench"), n, n)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// loadCheck loads path and fails unless the counts are those the
// generator wrote: a fast wrong answer must not pass.
func loadCheck(tb testing.TB, path string, n int) {
	d, reps := LoadFiles(context.Background(), []string{path}, Options{})
	r := reps[0]
	if r.Err != nil || r.Hosts != n || r.Links != n || r.Derived != 0 || r.Servers != ingesttest.Servers ||
		r.SkippedCount != 0 || r.WarningCount != 0 || d.Hosts.Len() != n || d.Links.Len() != n {
		tb.Fatalf("loaded %d hosts %d servers %d links (%d derived), %d skipped, %d warnings, err %v",
			r.Hosts, r.Servers, r.Links, r.Derived, r.SkippedCount, r.WarningCount, r.Err)
	}
	for i := 0; i < n; i += n/97 + 1 {
		if d.Links.Host[i] != int32(i) || d.Links.Server[i] != d.Hosts.Server[i] || d.Hosts.Server[i] < 0 {
			tb.Fatalf("link %d joins host %d server %d; host's server %d", i, d.Links.Host[i], d.Links.Server[i], d.Hosts.Server[i])
		}
	}
	want := ingesttest.CountryCounts(n)
	for cc, k := range want {
		if r.Countries[cc] != k {
			tb.Fatalf("country %s: %d hosts, want %d", cc, r.Countries[cc], k)
		}
	}
}

// TestBenchmarkFile pins what the benchmarks load, on a small file of the
// same generator.
func TestBenchmarkFile(t *testing.T) {
	var buf bytes.Buffer
	if err := ingesttest.WriteGeoJSON(&buf, 2000, 2000); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "f.geojson")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	loadCheck(t, p, 2000)
}

func benchLoad(b *testing.B, n int) {
	p := benchFile(b, n)
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		loadCheck(b, p, n)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/feature")
}

// BenchmarkLoadGeoJSON100k loads 100k hosts and 100k links.
func BenchmarkLoadGeoJSON100k(b *testing.B) { benchLoad(b, 100000) }

// BenchmarkLoadLockedThread100k is BenchmarkLoadGeoJSON100k called from a
// goroutine locked to its OS thread, as main's is in a program that links
// Fyne's driver (it locks it in init): the reader, which runs on the
// caller's goroutine, hands its thread off at every wait. cmd/threatmap
// runs its subcommands on a goroutine of their own for this.
func BenchmarkLoadLockedThread100k(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	benchLoad(b, 100000)
}

// BenchmarkLoadGeoJSON1M loads 1M hosts and 1M links (a 0.5 GB file,
// generated on first use): the per-feature cost should match 100k.
func BenchmarkLoadGeoJSON1M(b *testing.B) { benchLoad(b, 1000000) }

// BenchmarkOrbGeoJSON100k decodes the same file with orb's geojson package
// (encoding/json underneath), for the ratio.
func BenchmarkOrbGeoJSON100k(b *testing.B) {
	p := benchFile(b, 100000)
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(data)
		if err != nil || len(fc.Features) != 200000+ingesttest.Servers {
			b.Fatalf("%v, %d features", err, len(fc.Features))
		}
	}
}
