package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

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

// TestIssueClipped: a skipped feature's megabyte id is kept as its first
// bytes, so that the report stays small whatever the features hold.
func TestIssueClipped(t *testing.T) {
	r := newReport("x")
	long := strings.Repeat("é", 1<<20)
	r.skip("k", 1, long, long)
	r.warn("k", 1, long, long)
	for _, is := range append(r.Skipped, r.Warnings...) {
		if len(is.ID) > 100 || len(is.Reason) > maxReason+10 || !utf8.ValidString(is.ID) || !utf8.ValidString(is.Reason) {
			t.Errorf("kept %d-byte id, %d-byte reason", len(is.ID), len(is.Reason))
		}
	}
}
