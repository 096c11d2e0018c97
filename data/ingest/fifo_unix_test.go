//go:build unix

package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestEndlessBadRows reads bad rows from a FIFO, as from a feed that does
// not end: the report keeps the first MaxIssues of each kind and counts
// every one, so its size does not grow with the stream.
func TestEndlessBadRows(t *testing.T) {
	p := filepath.Join(t.TempDir(), "feed.csv")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	const bad, late = 150_000, 3000
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		fmt.Fprintf(f, "id,lat,lon,first_seen,last_seen\n")
		for i := range bad {
			fmt.Fprintf(f, "b-%d,95,%d,,\n", i, i%180) // latitude out of range
		}
		for i := range late {
			fmt.Fprintf(f, "l-%d,10,%d,2009-01-02,2009-01-01\n", i, i%180)
		}
	}()
	d, reps := LoadFiles(context.Background(), []string{p}, Options{})
	r := reps[0]
	checkInvariants(t, d, r)
	if r.Err != nil || r.Hosts != late {
		t.Fatalf("hosts %d, err %v", r.Hosts, r.Err)
	}
	if r.SkippedCount != bad || len(r.Skipped) != MaxIssues {
		t.Errorf("skipped %d kept %d, want %d kept %d", r.SkippedCount, len(r.Skipped), bad, MaxIssues)
	}
	if s := r.Skipped[MaxIssues-1]; s.Index != MaxIssues-1 || s.ID != fmt.Sprint("b-", MaxIssues-1) || !strings.Contains(s.Reason, "coordinates out of range") {
		t.Errorf("last kept skip %v", s)
	}
	want := fmt.Sprintf(`first_seen after last_seen: %d features (feature %d (id "l-0"), feature %d (id "l-1"), feature %d (id "l-2"), ...)`, late, bad, bad+1, bad+2)
	if !hasIssue(r.Warnings, want) {
		t.Errorf("warnings %v\nwant %q", r.Warnings, want)
	}
}

// TestFIFOSplitWrong: a FeatureCollection from a pipe whose one-feature
// lines stop after a while (a feature broken across lines) loads whole:
// lines are taken unscanned only from a file that can be read again.
func TestFIFOSplitWrong(t *testing.T) {
	p := filepath.Join(t.TempDir(), "feed.geojson")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	var b strings.Builder
	b.WriteString("{\"type\":\"FeatureCollection\",\"features\":[\n")
	for i := range 20 {
		fmt.Fprintf(&b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%d,1]},\"properties\":{\"id\":\"h%d\"}},\n", i, i)
	}
	b.WriteString("{\"type\":\"Feature\",\n\"geometry\":{\"type\":\"Point\",\"coordinates\":[30,1]},\n\"properties\":{\"id\":\"split\"}}\n]}\n")
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString(b.String())
	}()
	d, reps := LoadFiles(context.Background(), []string{p}, Options{})
	if r := reps[0]; r.Err != nil || d.Hosts.Len() != 21 || r.SkippedCount != 0 {
		t.Fatalf("hosts %d, skipped %d, err %v", d.Hosts.Len(), r.SkippedCount, r.Err)
	}
}
