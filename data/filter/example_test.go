package filter_test

import (
	"fmt"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

func exampleDataset() *threat.Dataset {
	b := threat.NewBuilder(4)
	b.AddServer(threat.Server{ID: "c2-a"})
	b.AddServer(threat.Server{ID: "c2-b"})
	day := int64(86400)
	t0 := int64(1214870400) // 2008-07-01
	b.AddHost(threat.Host{Country: "TW", Type: "mfa", Server: 0, First: t0, Last: t0 + 30*day})
	b.AddHost(threat.Host{Country: "IN", Type: "embassy", Server: 0, First: t0 + 60*day, Last: threat.NoTime})
	b.AddHost(threat.Host{Country: "IN", Type: "tibetan_ngo", Server: 1, First: t0 + 90*day, Last: threat.NoTime,
		Recon: threat.FieldLocation})
	b.AddHost(threat.Host{Country: "", Type: "", Server: -1, First: threat.NoTime, Last: threat.NoTime})
	return b.Build()
}

func Example() {
	ds := exampleDataset()
	var p filter.Plan
	var visible filter.Set
	var f filter.Facets

	// India, active from mid-July 2008 on. The TW host, active in July, fails
	// only the country constraint, so the country list counts it.
	p.Compile(ds, filter.Query{Countries: []string{"IN"}, From: filter.At(1216080000)})
	n := p.Apply(&visible)
	p.Facets(&f)
	fmt.Printf("%d of %d hosts, %d countries, %d servers\n", n, f.Total, f.Countries, f.Servers)
	for code, c := range f.Country {
		if c > 0 {
			fmt.Printf("country %q would show %d\n", ds.Countries[code], c)
		}
	}
	for i, c := range f.Server {
		fmt.Printf("server %s: %d\n", ds.Servers[i].ID, c)
	}
	fmt.Println("reported, reconstructed:", f.Provenance[filter.ProvReported], f.Provenance[filter.ProvReconstructed])
	// Output:
	// 2 of 4 hosts, 1 countries, 2 servers
	// country "TW" would show 1
	// country "IN" would show 2
	// server c2-a: 1
	// server c2-b: 1
	// reported, reconstructed: 1 1
}

func ExampleVictims() {
	ds := exampleDataset()
	var victims filter.Set
	n := filter.Victims(ds, ds.ServerIndex("c2-a"), &victims)
	fmt.Println(n, victims.Has(0), victims.Has(2))
	// Output: 2 true false
}

func ExampleQuery_Apply() {
	ds := exampleDataset()
	var s filter.Set
	fmt.Println(filter.Query{Countries: []string{""}}.Apply(ds, &s))                                   // unknown country
	fmt.Println(filter.Query{Provenance: filter.ProvReconstructed}.Apply(ds, &s))                      // placement filled in
	fmt.Println(filter.Query{To: filter.At(1214870400 + 86400), Mode: filter.FirstSeen}.Apply(ds, &s)) // first seen by 2008-07-02
	// Output:
	// 1
	// 1
	// 1
}
