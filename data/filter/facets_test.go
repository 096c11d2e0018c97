package filter

import (
	"math/rand/v2"
	"testing"

	"threatmap/data/threat"
)

// bruteFacets computes facet counts from their definition: the count of a
// value is the number of hosts the query keeps once that dimension's list is
// replaced by just that value.
func bruteFacets(r *ref, q Query) Facets {
	ds := r.ds
	count := func(q Query) int { return len(naiveApply(r, q)) }
	var f Facets
	f.Total = ds.Hosts.Len()
	f.Visible = count(q)
	for code, cc := range ds.Countries {
		qq := q
		qq.Countries = []string{cc}
		f.Country = append(f.Country, count(qq))
		_ = code
	}
	for _, t := range ds.Types {
		qq := q
		qq.Types = []string{t}
		f.Type = append(f.Type, count(qq))
	}
	for _, s := range ds.Servers {
		qq := q
		qq.Servers = []string{s.ID}
		f.Server = append(f.Server, count(qq))
	}
	qq := q
	qq.Servers = []string{""}
	f.NoServer = count(qq)
	for c := range f.Confidence {
		qq := q
		qq.Confidence = []threat.Confidence{threat.Confidence(c)}
		f.Confidence[c] = count(qq)
	}
	for _, p := range []Provenance{ProvAny, ProvReported, ProvReconstructed} {
		qq := q
		qq.Provenance = p
		f.Provenance[p] = count(qq)
	}
	countries, servers := map[string]bool{}, map[int32]bool{}
	for _, i := range naiveApply(r, q) {
		if c := ds.Country(i); c != "" {
			countries[c] = true
		}
		if s := ds.Hosts.Server[i]; s >= 0 {
			servers[s] = true
		}
		for _, s := range r.linksOf[i] {
			servers[s] = true
		}
	}
	f.Countries, f.Servers = len(countries), len(servers)
	return f
}

// maskFacets computes facet counts from naiveFails masks, for datasets too
// big for bruteFacets.
func maskFacets(r *ref, q Query) Facets {
	ds := r.ds
	f := Facets{
		Total:   ds.Hosts.Len(),
		Country: make([]int, len(ds.Countries)),
		Type:    make([]int, len(ds.Types)),
		Server:  make([]int, len(ds.Servers)),
	}
	countries, servers := map[uint16]bool{}, map[int32]bool{}
	for i := range ds.Hosts.Len() {
		m := naiveFails(r, q, i)
		h := &ds.Hosts
		srv := append([]int32{h.Server[i]}, r.linksOf[i]...)
		seen := map[int32]bool{}
		if m&^DimCountry == 0 {
			f.Country[h.Country[i]]++
		}
		if m&^DimType == 0 {
			f.Type[h.Type[i]]++
		}
		if m&^DimServer == 0 {
			for _, s := range srv {
				if s < 0 {
					f.NoServer++
				} else if !seen[s] {
					seen[s] = true
					f.Server[s]++
				}
			}
		}
		if m&^DimConfidence == 0 {
			f.Confidence[h.Confidence[i]]++
		}
		if m&^DimProvenance == 0 {
			f.Provenance[ProvAny]++
			if h.Recon[i]&Placement != 0 {
				f.Provenance[ProvReconstructed]++
			} else {
				f.Provenance[ProvReported]++
			}
		}
		if m == 0 {
			f.Visible++
			if h.Country[i] != 0 {
				countries[h.Country[i]] = true
			}
			for _, s := range srv {
				if s >= 0 {
					servers[s] = true
				}
			}
		}
	}
	f.Countries, f.Servers = len(countries), len(servers)
	return f
}

func equalFacets(t *testing.T, name string, got, want Facets) {
	t.Helper()
	eq := func(a, b []int) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	if got.Total != want.Total || got.Visible != want.Visible || got.NoServer != want.NoServer ||
		got.Confidence != want.Confidence || got.Provenance != want.Provenance ||
		got.Countries != want.Countries || got.Servers != want.Servers ||
		!eq(got.Country, want.Country) || !eq(got.Type, want.Type) || !eq(got.Server, want.Server) {
		t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
	}
}

func TestFacetsTiny(t *testing.T) {
	ds := tiny()
	r := newRef(ds)
	cases := []struct {
		name string
		q    Query
	}{
		{"zero query", Query{}},
		{"country", Query{Countries: []string{"US"}}},
		{"server linked", Query{Servers: []string{"s2"}}},
		{"server with no victims", Query{Servers: []string{"s3"}}},
		{"two constraints", Query{Countries: []string{"US"}, Types: []string{"embassy"}}},
		{"time window", Query{From: At(200), To: At(300)}},
		{"everything", Query{Countries: []string{"US", "TW"}, Types: []string{"mfa"}, Servers: []string{"s1"},
			Confidence: []threat.Confidence{threat.ConfHigh}, Provenance: ProvReconstructed, From: At(1), Mode: FirstSeen}},
	}
	var p Plan
	var f Facets
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p.Compile(ds, c.q)
			p.Facets(&f)
			equalFacets(t, "brute", f, bruteFacets(r, c.q))
			equalFacets(t, "mask", f, maskFacets(r, c.q))
		})
	}
	// Pin one case by hand: with Countries=[US], the country list still
	// shows every country, the other lists only US hosts.
	p.Compile(ds, Query{Countries: []string{"US"}})
	p.Facets(&f)
	if f.Visible != 2 || f.Country[1] != 1 || f.Type[2] != 1 || f.Server[2] != 1 || f.Servers != 2 || f.Countries != 1 {
		t.Errorf("US facets = %+v (countries %v)", f, ds.Countries)
	}
}

func TestFacetsMatchReference(t *testing.T) {
	for _, n := range []int{100, 3000, 70_003} {
		ds := synth(n, uint64(n)+1)
		r := newRef(ds)
		rq := rand.New(rand.NewPCG(9, uint64(n)))
		var p Plan
		var f Facets
		rounds := 10
		if n > 1000 {
			rounds = 3
		}
		for k := range rounds {
			q := randomQuery(rq, ds)
			p.Compile(ds, q)
			p.Facets(&f)
			want := maskFacets(r, q)
			equalFacets(t, "mask", f, want)
			if n <= 3000 {
				equalFacets(t, "brute", f, bruteFacets(r, q))
			}
			_ = k
		}
	}
}
