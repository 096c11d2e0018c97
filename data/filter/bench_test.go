package filter

import (
	"slices"
	"testing"
)

// benchQueries are the combinations the benchmarks time and TestApply1M pins.
var benchQueries = []struct {
	name string
	q    Query
}{
	{"country", Query{Countries: []string{"AA", "AB", "BC", "CD", "DE", "EF", "FG", "GH", "HI", "IJ"}}},
	{"type", Query{Types: []string{"mfa", "embassy", "news_media"}}},
	{"server", Query{Servers: []string{"s3", "s7"}}},
	{"time", Query{From: At(1214870400), To: At(1222819200)}}, // 2008-07-01 .. 2008-10-01
	{"all", Query{Countries: []string{"AA", "AB", "BC", "CD", "DE", "EF", "FG", "GH", "HI", "IJ"},
		Types: []string{"mfa", "embassy", "news_media"}, Servers: []string{"s3", "s7"},
		From: At(1214870400), To: At(1222819200)}},
}

func TestApply1M(t *testing.T) {
	if testing.Short() {
		t.Skip("1M hosts")
	}
	ds := big1M(t)
	r := newRef(ds)
	var p Plan
	var out Set
	var f Facets
	for _, c := range benchQueries {
		t.Run(c.name, func(t *testing.T) {
			p.Compile(ds, c.q)
			n := p.Apply(&out)
			want := naiveApply(r, c.q)
			if got := members(&out); !slices.Equal(got, want) || n != len(want) {
				t.Fatalf("Apply kept %d hosts, reference %d", n, len(want))
			}
			if n == 0 || n == ds.Hosts.Len() {
				t.Fatalf("degenerate benchmark query: keeps %d", n)
			}
			if c.name == "all" {
				p.Facets(&f)
				equalFacets(t, "mask", f, maskFacets(r, c.q))
			}
		})
	}
}

func TestWarmNoAlloc(t *testing.T) {
	ds := synth(70_003, 3) // parallel path
	var p Plan
	var out Set
	var f Facets
	q := benchQueries[len(benchQueries)-1].q
	p.Compile(ds, q)
	p.Apply(&out)
	p.Facets(&f)
	if a := testing.AllocsPerRun(20, func() {
		p.Compile(ds, q)
		p.Apply(&out)
		p.ApplyExcept(&out, DimTime)
		p.Facets(&f)
		Victims(ds, 3, &out)
	}); a != 0 {
		t.Errorf("warm Compile+Apply+Facets+Victims: %v allocs/op, want 0", a)
	}
}

func BenchmarkApply1M(b *testing.B) {
	ds := big1M(b)
	for _, c := range benchQueries {
		b.Run(c.name, func(b *testing.B) {
			var p Plan
			var out Set
			p.Compile(ds, c.q)
			p.Apply(&out)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				p.Compile(ds, c.q)
				p.Apply(&out)
			}
		})
	}
}

func BenchmarkFacets1M(b *testing.B) {
	ds := big1M(b)
	for _, c := range []struct {
		name string
		q    Query
	}{{"none", Query{}}, benchQueries[len(benchQueries)-1]} {
		b.Run(c.name, func(b *testing.B) {
			var p Plan
			var f Facets
			p.Compile(ds, c.q)
			p.Facets(&f)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				p.Facets(&f)
			}
		})
	}
}

func BenchmarkVictims1M(b *testing.B) {
	ds := big1M(b)
	var out Set
	Victims(ds, 3, &out)
	b.ReportAllocs()
	for b.Loop() {
		Victims(ds, 3, &out)
	}
}
