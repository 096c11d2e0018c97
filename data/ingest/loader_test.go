package ingest

import (
	"context"
	"fmt"
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

// TestLinkToDuplicateHost: links by id go to the first host of an id, also
// when the host after the last one found has it (the look-up's shortcut).
func TestLinkToDuplicateHost(t *testing.T) {
	pt := func(id string, lon int) string {
		return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%d,1]},"properties":{"id":%q}}`, lon, id)
	}
	ln := `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[5,5]]},"properties":{"host":"x"}}`
	in := pt("x", 1) + "\n" + pt("x", 2) + "\n" + ln + "\n" + ln + "\n"
	d, rep := loadString(t, "dup.geojsonl", in)
	if rep.Err != nil || d.Links.Len() != 2 {
		t.Fatalf("links %d, %v", d.Links.Len(), rep.Err)
	}
	for i := range 2 {
		if h := d.Links.Host[i]; h != 0 {
			t.Errorf("link %d goes to host %d, want the first host of the id", i, h)
		}
	}
}

// TestDropLinks: a file refused after its links were placed (a crs after
// the features) takes them out of every link column, provenance too; the
// next file's links follow the files before it.
func TestDropLinks(t *testing.T) {
	dir := t.TempDir()
	line := func(host, src string) string {
		return `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[121.5,25.04]]},"properties":{"host":"` + host +
			`","source":"` + src + `","confidence":"low","reconstructed":["link"]}}`
	}
	var refused strings.Builder
	refused.WriteString(fcHead)
	for i := range 3000 {
		if i > 0 {
			refused.WriteString(",\n")
		}
		refused.WriteString(line("h-x", "refused"))
	}
	refused.WriteString(`],"crs":{"type":"name","properties":{"name":"EPSG:2056"}}}`)
	x := writeTemp(t, dir, "x.geojson", refused.String())
	y := writeTemp(t, dir, "y.geojson", fcHead+pt+`,`+strings.Replace(line("h-1", "kept"), `"low"`, `"high"`, 1)+`]}`)
	d, reps := LoadFiles(context.Background(), []string{x, y}, Options{})
	if reps[0].Err == nil || reps[1].Err != nil {
		t.Fatalf("errors %v, %v; want the first file refused", reps[0].Err, reps[1].Err)
	}
	checkInvariants(t, d, reps[1])
	if lk := &d.Links; lk.Len() != 1 || len(lk.Recon) != 1 || len(lk.Source) != 1 || len(lk.Confidence) != 1 {
		t.Fatalf("%d links, provenance columns %d/%d/%d; want 1", lk.Len(), len(lk.Recon), len(lk.Source), len(lk.Confidence))
	}
	if d.LinkSource(0) != "kept" || d.LinkConfidence(0) != threat.ConfHigh || d.LinkRecon(0) != threat.FieldLink || d.Links.Host[0] != 0 {
		t.Errorf("link: source %q, confidence %v, recon %v, host %d", d.LinkSource(0), d.LinkConfidence(0), d.LinkRecon(0).Names(), d.Links.Host[0])
	}
}

// TestLinkProvenanceKept: links without provenance keep no provenance
// columns (nil: none, 11 bytes a link saved); the first link with some
// makes them, padded for the links before it.
func TestLinkProvenanceKept(t *testing.T) {
	ln := func(host, props string) string {
		return `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[5,5]]},"properties":{"host":"` + host + `"` + props + `}}` + "\n"
	}
	plain := strings.Repeat(ln("x", ""), 3)
	d, rep := loadString(t, "plain.geojsonl", plain)
	if rep.Err != nil || d.Links.Len() != 3 || d.Links.Recon != nil || d.Links.Source != nil || d.Links.Confidence != nil {
		t.Fatalf("%d links, provenance columns %d/%d/%d, %v", d.Links.Len(), len(d.Links.Recon), len(d.Links.Source), len(d.Links.Confidence), rep.Err)
	}
	d, rep = loadString(t, "mixed.geojsonl", plain+ln("x", `,"source":"s","confidence":"low","reconstructed":["link"]`)+ln("x", ""))
	if rep.Err != nil || d.Links.Len() != 5 || len(d.Links.Recon) != 5 {
		t.Fatalf("%d links, %d provenance, %v", d.Links.Len(), len(d.Links.Recon), rep.Err)
	}
	for i := range 5 {
		want := i == 3
		if got := d.LinkSource(i) == "s" && d.LinkConfidence(i) == threat.ConfLow && d.LinkRecon(i) == threat.FieldLink; got != want {
			t.Errorf("link %d: source %q, confidence %v, recon %v", i, d.LinkSource(i), d.LinkConfidence(i), d.LinkRecon(i).Names())
		}
	}
}
