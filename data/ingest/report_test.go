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

// TestIssueKinds: a flood of one kind of issue does not crowd out
// another, and the counts are true.
func TestIssueKinds(t *testing.T) {
	var b strings.Builder
	b.WriteString("lat,lon,name\n")
	const n = MaxIssues + 500
	for range n {
		b.WriteString("95,0,x\n") // out of range
	}
	for range 3 {
		b.WriteString("a,0,x\n") // not a number
	}
	b.WriteString("1,2,ok\n")
	_, r := loadString(t, "kinds.csv", b.String())
	if r.SkippedCount != n+3 || len(r.Skipped) != MaxIssues+3 {
		t.Errorf("skipped %d kept %d, want %d kept %d", r.SkippedCount, len(r.Skipped), n+3, MaxIssues+3)
	}
	if !hasIssue(r.Skipped, fmt.Sprintf("feature %d: line %d: coordinates are not numbers", n+2, n+4)) {
		t.Errorf("the last kind's skips are not kept: %v", r.Skipped[MaxIssues:])
	}
}

// TestTextLimit: a file whose text would pass maxText (4 GiB, lowered
// here) is refused with an error that says so; the files before it stay
// loaded, with their text intact.
func TestTextLimit(t *testing.T) {
	defer func(n int) { maxText = n }(maxText)
	maxText = 20_000
	dir := t.TempDir()
	host := func(i int) string {
		return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":"h-%d","name":"%s","country":"NG"}}`+"\n", i, strings.Repeat("n", 80))
	}
	var small, big strings.Builder
	for i := range 50 { // about 4.5 kB of text
		small.WriteString(host(i))
	}
	for i := range 300 { // about 27 kB
		big.WriteString(host(1000 + i))
	}
	a := writeTemp(t, dir, "a.geojsonl", small.String())
	z := writeTemp(t, dir, "z.geojsonl", big.String())
	d, reps := LoadFiles(context.Background(), []string{a, z, a}, Options{})
	want := "ingest: text of the loaded files passes 4 GiB; " + z + " was not loaded"
	if reps[1].Err == nil || !strings.HasPrefix(reps[1].Err.Error(), want) {
		t.Fatalf("err %v, want %q", reps[1].Err, want)
	}
	if reps[0].Err != nil || reps[2].Err != nil || d.Hosts.Len() != 100 || len(d.Text) > maxText {
		t.Fatalf("errs %v %v, %d hosts, %d bytes of text", reps[0].Err, reps[2].Err, d.Hosts.Len(), len(d.Text))
	}
	for i := range 100 {
		if id := d.Str(d.Hosts.ID[i]); id != fmt.Sprint("h-", i%50) {
			t.Fatalf("host %d: id %q", i, id)
		}
	}
}
