package ingest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"threatmap/data/ingest/ingesttest"
)

// peakEnv names the file TestPeakHelper loads in a child process;
// peakRangeDB set has it place addresses with ingesttest.RangeDB.
const (
	peakEnv     = "THREATMAP_INGEST_PEAK_FILE"
	peakRangeDB = "THREATMAP_INGEST_PEAK_RANGEDB"
)

// TestPeakHelper is the child of loadPeak: it loads the file and prints
// the first report line. It does nothing in a normal test run.
func TestPeakHelper(t *testing.T) {
	p := os.Getenv(peakEnv)
	if p == "" {
		return
	}
	opt := Options{}
	if os.Getenv(peakRangeDB) != "" {
		opt.GeoIP = ingesttest.RangeDB()
	}
	_, reps := LoadFiles(context.Background(), []string{p}, opt)
	r := reps[0]
	os.Stdout.WriteString("hosts " + itoa(r.Hosts) + "\n")
	if r.Err != nil {
		os.Stdout.WriteString("error: " + r.Err.Error() + "\n")
	}
	for _, w := range r.Warnings {
		os.Stdout.WriteString("warning: " + w.String() + "\n")
	}
	// The child's own peak: its rusage would not do, as Go starts a child
	// with vfork, and Linux carries the parent's peak RSS over the exec.
	status, _ := os.ReadFile("/proc/self/status")
	for l := range strings.Lines(string(status)) {
		if strings.HasPrefix(l, "VmHWM:") {
			os.Stdout.WriteString(l)
		}
	}
}

// loadPeak loads path in a child process (this test binary) and returns
// what it printed and its peak RSS in MiB.
func loadPeak(t *testing.T, path string) (string, float64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPeakHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), peakEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	_, hwm, ok := strings.Cut(string(out), "VmHWM:")
	var kib float64
	if _, err := fmt.Sscan(hwm, &kib); !ok || err != nil {
		t.Fatalf("child printed no VmHWM:\n%s", out)
	}
	return string(out), kib / 1024
}

// TestBlankLinesCSV: a CSV file of two hosts and 300 MB of blank lines
// loads its two hosts in bounded memory (columns were once reserved from
// its newline count: out of memory).
func TestBlankLinesCSV(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300 MB")
	}
	p := filepath.Join(t.TempDir(), "blank.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("id,lat,lon\nh-1,25.04,121.5\n")
	blank := []byte(strings.Repeat("\n", 1<<20))
	for range 300 {
		if _, err := f.Write(blank); err != nil {
			t.Fatal(err)
		}
	}
	f.WriteString("h-2,48.85,2.35\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	out, rss := loadPeak(t, p)
	if !strings.HasPrefix(out, "hosts 2\n") || strings.Contains(out, "error") {
		t.Errorf("child said:\n%s", out)
	}
	if rss > 1024*raceMem {
		t.Errorf("peak RSS %.0f MiB, want under %d MiB", rss, 1024*raceMem)
	}
}

// TestSparseFile: a 100 GB sparse file whose first bytes are a valid
// FeatureCollection start, then NUL bytes, loads its features and stops
// at the NULs with a warning naming the byte, in bounded memory (it was
// reserved from the claimed size: out of memory).
func TestSparseFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sparse.geojson")
	head := fcHead + pt + ","
	if err := os.WriteFile(p, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 100<<30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
	out, rss := loadPeak(t, p)
	want := "byte " + itoa(len(head)) + ": 4096 NUL bytes in a row"
	if !strings.HasPrefix(out, "hosts 1\n") || !strings.Contains(out, want) {
		t.Errorf("child said:\n%s\nwant hosts 1 and a warning with %q", out, want)
	}
	if rss > 1024*raceMem {
		t.Errorf("peak RSS %.0f MiB, want under %d MiB", rss, 1024*raceMem)
	}
}

// TestIPListPeak: a list of 1M addresses loads and is placed in a peak
// RSS under 500 MiB (the target; 220-264 MiB measured).
func TestIPListPeak(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads a list of 1M addresses")
	}
	p, err := ingesttest.EnsureIPList(t.TempDir(), 1000000)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(peakRangeDB, "1")
	out, rss := loadPeak(t, p)
	if !strings.HasPrefix(out, "hosts 1000000\n") || rss > 500*raceMem {
		t.Errorf("peak RSS %.0f MiB (want under %d), output:\n%s", rss, 500*raceMem, out)
	}
	t.Logf("peak RSS %.0f MiB", rss)
}
