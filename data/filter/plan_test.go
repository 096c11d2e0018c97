package filter

import (
	"math/rand/v2"
	"slices"
	"testing"

	"threatmap/data/threat"
)

// tiny is a hand-made dataset whose hosts pin the edges of each constraint.
func tiny() *threat.Dataset {
	b := threat.NewBuilder(5)
	for _, id := range []string{"s0", "s1", "s2", "s3"} {
		b.AddServer(threat.Server{ID: id})
	}
	nt := int64(threat.NoTime)
	hosts := []threat.Host{
		{Country: "TW", Type: "mfa", Server: 0, Confidence: threat.ConfHigh, First: 100, Last: 200},
		{Country: "US", Type: "embassy", Server: 1, Confidence: threat.ConfLow, Recon: threat.FieldLocation, First: 300, Last: nt},
		{Country: "", Type: "", Server: -1, First: nt, Last: nt},
		{Country: "IN", Type: "news_media", Server: 0, Confidence: threat.ConfMedium, Recon: threat.FieldName, First: nt, Last: 250},
		{Country: "US", Type: "mfa", Server: 1, Confidence: threat.ConfHigh, Recon: threat.FieldCountry | threat.FieldName, First: 500, Last: 400},
	}
	for i, h := range hosts {
		b.AddHost(h)
		if h.Server >= 0 {
			b.AddLink(threat.Link{Server: h.Server, Host: int32(i), Derived: true})
		}
	}
	b.AddLink(threat.Link{Server: 2, Host: 4})
	b.AddLink(threat.Link{Server: 2, Host: 4})  // duplicate
	b.AddLink(threat.Link{Server: -1, Host: 3}) // unmatched
	b.AddLink(threat.Link{Server: 3, Host: -1}) // unmatched
	return b.Build()
}

func members(s *Set) []int {
	out := []int{}
	for i := range s.Len() {
		if s.Has(i) {
			out = append(out, i)
		}
	}
	return out
}

func TestApplyTiny(t *testing.T) {
	ds := tiny()
	r := newRef(ds)
	cases := []struct {
		name string
		q    Query
		want []int
	}{
		{"zero query keeps all", Query{}, []int{0, 1, 2, 3, 4}},
		{"country", Query{Countries: []string{"TW"}}, []int{0}},
		{"country lower case", Query{Countries: []string{"tw"}}, []int{0}},
		{"countries", Query{Countries: []string{"TW", "US"}}, []int{0, 1, 4}},
		{"unknown country only via empty code", Query{Countries: []string{""}}, []int{2}},
		{"country not in dataset", Query{Countries: []string{"ZZ"}}, []int{}},
		{"type", Query{Types: []string{"mfa"}}, []int{0, 4}},
		{"type empty is unknown", Query{Types: []string{""}}, []int{2}},
		{"type unknown", Query{Types: []string{"unknown"}}, []int{2}},
		{"server primary", Query{Servers: []string{"s0"}}, []int{0, 3}},
		{"server primary or linked", Query{Servers: []string{"s1"}}, []int{1, 4}},
		{"server linked only", Query{Servers: []string{"s2"}}, []int{4}},
		{"server with no victims", Query{Servers: []string{"s3"}}, []int{}},
		{"no server", Query{Servers: []string{""}}, []int{2}},
		{"server not in dataset", Query{Servers: []string{"nope"}}, []int{}},
		{"confidence", Query{Confidence: []threat.Confidence{threat.ConfHigh}}, []int{0, 4}},
		{"confidence unknown", Query{Confidence: []threat.Confidence{threat.ConfUnknown}}, []int{2}},
		{"reported", Query{Provenance: ProvReported}, []int{0, 2, 3}},
		{"reconstructed", Query{Provenance: ProvReconstructed}, []int{1, 4}},
		{"active window edges inclusive", Query{From: At(200), To: At(300)}, []int{0, 1, 3}},
		{"active window just inside edges", Query{From: At(201), To: At(299)}, []int{3}},
		{"active from only, last before first", Query{From: At(450)}, []int{4}},
		{"active to only drops unknown times", Query{To: At(100)}, []int{0}},
		{"first seen window", Query{From: At(100), To: At(300), Mode: FirstSeen}, []int{0, 1}},
		{"first seen up to", Query{To: At(450), Mode: FirstSeen}, []int{0, 1}},
		{"first seen point", Query{From: At(500), To: At(500), Mode: FirstSeen}, []int{4}},
		{"all four", Query{Countries: []string{"US"}, Types: []string{"mfa"}, Servers: []string{"s2"}, From: At(400)}, []int{4}},
		{"all four none", Query{Countries: []string{"TW"}, Types: []string{"mfa"}, Servers: []string{"s1"}, From: At(100)}, []int{}},
	}
	var p Plan
	var out Set
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p.Compile(ds, c.q)
			n := p.Apply(&out)
			if got := members(&out); !slices.Equal(got, c.want) || n != len(c.want) {
				t.Errorf("Apply = %v (n=%d), want %v", got, n, c.want)
			}
			if got := naiveApply(r, c.q); !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
				t.Errorf("reference = %v, want %v", got, c.want)
			}
			if n2 := c.q.Apply(ds, &out); n2 != n {
				t.Errorf("Query.Apply = %d, Plan.Apply = %d", n2, n)
			}
		})
	}
}

// TestApplyEpochZero: 1970-01-01T00:00:00Z is a bound like any other, on
// either side and in both modes; only the zero Bound means "unbounded".
func TestApplyEpochZero(t *testing.T) {
	b := threat.NewBuilder(3)
	for _, first := range []int64{-86400, 0, 86400} { // 1969-12-31, the epoch, 1970-01-02
		b.AddHost(threat.Host{Server: -1, First: first, Last: first})
	}
	ds := b.Build()
	for _, c := range []struct {
		name string
		q    Query
		want []int
	}{
		{"to epoch", Query{To: At(0)}, []int{0, 1}},
		{"from epoch", Query{From: At(0)}, []int{1, 2}},
		{"at epoch", Query{From: At(0), To: At(0)}, []int{1}},
		{"first seen to epoch", Query{To: At(0), Mode: FirstSeen}, []int{0, 1}},
		{"first seen from epoch", Query{From: At(0), Mode: FirstSeen}, []int{1, 2}},
		{"unbounded", Query{From: Bound{}, To: Bound{}}, []int{0, 1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !c.q.Constrains() && len(c.want) != ds.Hosts.Len() {
				t.Fatalf("Constrains() = false for %+v", c.q)
			}
			var out Set
			n := c.q.Apply(ds, &out)
			if got := members(&out); !slices.Equal(got, c.want) || n != len(c.want) {
				t.Errorf("Apply = %v (n=%d), want %v", got, n, c.want)
			}
			if got := naiveApply(newRef(ds), c.q); !slices.Equal(got, c.want) {
				t.Errorf("reference = %v, want %v", got, c.want)
			}
		})
	}
}

func TestApplyEmpty(t *testing.T) {
	q := Query{Countries: []string{"TW"}, From: At(1)}
	for name, ds := range map[string]*threat.Dataset{
		"nil dataset": nil,
		"0 hosts":     threat.NewBuilder(0).Build(),
	} {
		t.Run(name, func(t *testing.T) {
			var p Plan
			var out Set
			p.Compile(ds, q)
			if n := p.Apply(&out); n != 0 || out.Len() != 0 {
				t.Errorf("Apply = %d, Len %d", n, out.Len())
			}
			var f Facets
			p.Facets(&f)
			if f.Total != 0 || f.Visible != 0 || len(f.Country) != 1 || f.Country[0] != 0 {
				t.Errorf("Facets = %+v", f)
			}
		})
	}
	var p Plan // never compiled
	var out Set
	if n := p.Apply(&out); n != 0 {
		t.Errorf("uncompiled Apply = %d", n)
	}
}

// randomQuery draws a query over synth's value space.
func randomQuery(r *rand.Rand, ds *threat.Dataset) Query {
	var q Query
	pick := func(dict []string, k int) []string {
		var out []string
		for range k {
			out = append(out, dict[r.IntN(len(dict))])
		}
		return out
	}
	if r.IntN(2) == 0 {
		q.Countries = pick(ds.Countries, 1+r.IntN(20))
	}
	if r.IntN(2) == 0 {
		q.Types = pick(ds.Types, 1+r.IntN(4))
	}
	if r.IntN(2) == 0 {
		ids := []string{""}
		for _, s := range ds.Servers {
			ids = append(ids, s.ID)
		}
		q.Servers = pick(ids, 1+r.IntN(3))
	}
	if r.IntN(3) == 0 {
		q.Confidence = []threat.Confidence{threat.Confidence(r.IntN(4)), threat.Confidence(r.IntN(4))}
	}
	q.Provenance = Provenance(r.IntN(3))
	if r.IntN(2) == 0 {
		first, last, _ := ds.TimeRange()
		a, b := first+r.Int64N(last-first), first+r.Int64N(last-first)
		q.From, q.To = At(min(a, b)), At(max(a, b))
		switch r.IntN(4) {
		case 0:
			q.From = Bound{}
		case 1:
			q.To = Bound{}
		}
		q.Mode = TimeMode(r.IntN(2))
	}
	return q
}

func TestApplyMatchesReference(t *testing.T) {
	// 70_003 hosts: above parallelMin, not a multiple of 64.
	for _, n := range []int{1, 63, 64, 65, 5000, 70_003} {
		ds := synth(n, uint64(n))
		r := newRef(ds)
		rq := rand.New(rand.NewPCG(7, uint64(n)))
		var p Plan
		var out Set
		for k := range 40 {
			q := randomQuery(rq, ds)
			p.Compile(ds, q)
			p.Apply(&out)
			want := naiveApply(r, q)
			if got := members(&out); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("n=%d query %d %+v: Apply kept %d hosts, reference %d", n, k, q, len(got), len(want))
			}
			// Without the time constraint.
			qt := q
			qt.From, qt.To = Bound{}, Bound{}
			p.ApplyExcept(&out, DimTime)
			want = naiveApply(r, qt)
			if got := members(&out); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("n=%d query %d: ApplyExcept(DimTime) kept %d hosts, reference %d", n, k, len(got), len(want))
			}
		}
	}
}

func TestVictims(t *testing.T) {
	ds := tiny()
	cases := []struct {
		name   string
		server int
		want   []int
	}{
		{"primary", 0, []int{0, 3}},
		{"primary and linked", 1, []int{1, 4}},
		{"linked only", 2, []int{4}},
		{"server with no victims", 3, []int{}},
		{"no server", -1, []int{}},
		{"out of range", 9, []int{}},
	}
	var out Set
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := Victims(ds, c.server, &out)
			if got := members(&out); !slices.Equal(got, c.want) || n != len(c.want) {
				t.Errorf("Victims = %v (n=%d), want %v", got, n, c.want)
			}
		})
	}
}

func TestSetAnd(t *testing.T) {
	a, b := NewSet(130), NewSet(130)
	for _, i := range []int{0, 5, 64, 129} {
		a.Add(i)
	}
	for _, i := range []int{5, 129, 100} {
		b.Add(i)
	}
	if n := a.And(b); n != 2 || !slices.Equal(members(a), []int{5, 129}) {
		t.Errorf("And = %d %v", n, members(a))
	}
	if n := a.And(nil); n != 2 {
		t.Errorf("And(nil) = %d", n)
	}
}
