package ingest

import (
	"context"
	"runtime"
	"strings"
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

// TestForeseeManyCores: with a pool of jobs larger than the bytes read
// (many cores), the columns are sized from what was placed, not from a
// rate divided by almost nothing (which reserved 6.8e11 hosts at
// GOMAXPROCS=16 and ran out of memory).
func TestForeseeManyCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(32))
	var b strings.Builder
	if err := ingesttest.WriteGeoJSON(&b, 60000, 0); err != nil {
		t.Fatal(err)
	}
	if b.Len() < 3*projectFrom {
		t.Fatalf("file of %d bytes does not reach the projection", b.Len())
	}
	d, rep := loadString(t, "cores.geojson", b.String())
	if rep.Err != nil || d.Hosts.Len() != 60000 {
		t.Fatalf("hosts %d, %v", d.Hosts.Len(), rep.Err)
	}
	if c := cap(d.Hosts.Lon); c > maxForesee*60000 {
		t.Fatalf("host columns hold %d for 60000 hosts", c)
	}
	if c := cap(d.Text); c > maxForesee*len(d.Text)+projectFrom {
		t.Fatalf("text holds %d for %d bytes", c, len(d.Text))
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

// TestHostIndex: every id finds its first host, later hosts with the same
// id are duplicates, empty ids are not indexed, unknown ids find nothing.
func TestHostIndex(t *testing.T) {
	b := threat.NewBuilder(0)
	const n = 5000
	for i := range n {
		id := ""
		if i%7 != 0 {
			id = "h-" + itoa(i%3000) // ids 0-1999 come twice
		}
		b.AddHost(threat.Host{ID: id, Lon: 1, Lat: 2})
	}
	d := b.Build()
	x := newHostIndex(d)
	dups := 0
	for i := range n {
		if x.add(int32(i)) {
			dups++
		}
	}
	want := 0
	for i := 3000; i < n; i++ {
		if i%7 != 0 && (i-3000)%7 != 0 {
			want++ // its first, i-3000, has the id
		}
	}
	if dups != want {
		t.Errorf("%d duplicates, want %d", dups, want)
	}
	for i := range n {
		id := d.Str(d.Hosts.ID[i])
		if id == "" {
			continue
		}
		if k := x.find([]byte(id)); d.Str(d.Hosts.ID[k]) != id || int(k) > i {
			t.Fatalf("find(%q) = %d (id %q), host %d has it", id, k, d.Str(d.Hosts.ID[k]), i)
		}
	}
	for _, id := range []string{"", "h-3000", "x"} {
		if k := x.find([]byte(id)); k != -1 {
			t.Errorf("find(%q) = %d, want -1", id, k)
		}
	}
}
