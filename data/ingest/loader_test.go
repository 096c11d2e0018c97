package ingest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"threatmap/data/ingest/ingesttest"
	"threatmap/data/threat"
)

// loadString reads in as a seekable input named name.
func loadString(t *testing.T, name, in string) (*threat.Dataset, *Report) {
	t.Helper()
	d, rep := Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{Name: name})
	checkInvariants(t, d, rep)
	return d, rep
}

// TestColumnsGrow loads the benchmark file's shape: the columns start
// empty and grow as records are claimed, and nothing is lost.
func TestColumnsGrow(t *testing.T) {
	var b strings.Builder
	if err := ingesttest.WriteGeoJSON(&b, 5000, 5000); err != nil {
		t.Fatal(err)
	}
	d, rep := loadString(t, "grow.geojson", b.String())
	if rep.Err != nil || d.Hosts.Len() != 5000 || d.Links.Len() != 5000 || rep.SkippedCount != 0 {
		t.Fatalf("hosts %d links %d, %v %v", d.Hosts.Len(), d.Links.Len(), rep.Err, rep.Skipped)
	}
	if d.Hosts.Lon[4999] == 0 && d.Hosts.Lat[4999] == 0 {
		t.Fatal("last host not placed")
	}
}

// TestDerivedLinksGrowOnce: a file of hosts with server references and no
// link lines: every host gets its derived link, and the link columns grow
// once, to what they hold, not by doubling.
func TestDerivedLinksGrowOnce(t *testing.T) {
	var b strings.Builder
	if err := ingesttest.WriteGeoJSON(&b, 5000, 0); err != nil {
		t.Fatal(err)
	}
	d, rep := loadString(t, "derived.geojson", b.String())
	if rep.Err != nil || d.Hosts.Len() != 5000 || d.Links.Len() != 5000 || rep.Derived != 5000 {
		t.Fatalf("hosts %d links %d derived %d, %v", d.Hosts.Len(), d.Links.Len(), rep.Derived, rep.Err)
	}
	if c := cap(d.Links.Lon0); c > 5000+16 {
		t.Fatalf("link columns hold %d for 5000 links", c)
	}
}

// peakEnv names the file TestPeakHelper loads in a child process.
const peakEnv = "THREATMAP_INGEST_PEAK_FILE"

// TestPeakHelper is the child of loadPeak: it loads the file and prints
// the first report line. It does nothing in a normal test run.
func TestPeakHelper(t *testing.T) {
	p := os.Getenv(peakEnv)
	if p == "" {
		return
	}
	_, reps := LoadFiles(context.Background(), []string{p}, Options{})
	r := reps[0]
	os.Stdout.WriteString("hosts " + itoa(r.Hosts) + "\n")
	if r.Err != nil {
		os.Stdout.WriteString("error: " + r.Err.Error() + "\n")
	}
	for _, w := range r.Warnings {
		os.Stdout.WriteString("warning: " + w.String() + "\n")
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
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no rusage")
	}
	return string(out), float64(ru.Maxrss) / 1024 // KiB on Linux
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
	if rss > 1024 {
		t.Errorf("peak RSS %.0f MiB, want under 1 GiB", rss)
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
	if rss > 1024 {
		t.Errorf("peak RSS %.0f MiB, want under 1 GiB", rss)
	}
}

// TestNULs: NUL bytes end the input at a run of nulRun of them, or at the
// end of input; fewer inside the text are left to the parser.
func TestNULs(t *testing.T) {
	nuls := strings.Repeat("\x00", nulRun)
	for _, c := range []struct {
		name, in string
		hosts    int
		err      string // in Err, or else a warning
	}{
		{"only NULs", nuls + pt, 0, "byte 0: 4096 NUL bytes in a row"},
		{"after a feature", fcHead + pt + "," + nuls + pt + "]}", 1, "4096 NUL bytes in a row"},
		{"a few at the end", pt + "\n" + "\x00\x00", 1, ""},
		{"a few between", pt + "\n" + pt + "\n\x00\x00\n" + pt + "\n", 3, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, rep := loadString(t, "x.geojson", c.in)
			if rep.Hosts != c.hosts {
				t.Errorf("hosts %d, want %d", rep.Hosts, c.hosts)
			}
			got := ""
			if rep.Err != nil {
				got = rep.Err.Error()
			}
			for _, w := range rep.Warnings {
				got += "\n" + w.String()
			}
			if c.err != "" && !strings.Contains(got, c.err) || c.err == "" && strings.Contains(got, "NUL") {
				t.Errorf("err and warnings:\n%s\nwant %q", got, c.err)
			}
		})
	}
}
