package timeline_test

import (
	"fmt"
	"time"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/data/timeline"
)

func date(s string) int64 {
	t, _ := time.Parse(time.DateOnly, s)
	return t.Unix()
}

func ExampleHistogram() {
	b := threat.NewBuilder(4)
	for _, h := range []struct{ first, typ string }{
		{"2008-06-03", "mfa"}, {"2008-06-20", "embassy"}, {"2008-08-11", "mfa"}, {"2009-01-05", "mfa"},
	} {
		b.AddHost(threat.Host{First: date(h.first), Last: threat.NoTime, Type: h.typ, Server: -1})
	}
	ds := b.Build()
	mfa := 1 // type code of "mfa": the first type added after "unknown"

	var h timeline.Histogram
	h.BuildStep(ds, nil, date("2008-06-15"), date("2008-09-30"), timeline.Month)
	for bin := range h.Bins {
		fmt.Printf("%s %d (mfa %d)\n", time.Unix(h.BinStart(bin), 0).UTC().Format("2006-01"), h.Totals[bin], h.Count(bin, mfa))
	}
	fmt.Println("after:", h.After)
	// Output:
	// 2008-06 2 (mfa 1)
	// 2008-07 0 (mfa 0)
	// 2008-08 1 (mfa 1)
	// 2008-09 0 (mfa 0)
	// after: 1
}

func ExamplePlayer() {
	p := timeline.NewPlayer(date("2008-06-01"), date("2009-03-01"))
	p.Toggle() // at the end: rewinds to the start and plays
	p.Speed = 14
	p.Advance(time.Second)
	var q filter.Query
	p.Constrain(&q)
	fmt.Println(time.Unix(p.Now, 0).UTC().Format(time.DateOnly), q.From.Set, q.Mode == filter.FirstSeen)

	p.Mode = timeline.Moving
	p.WindowDays = 7
	from, to := p.Window()
	fmt.Println(time.Unix(from, 0).UTC().Format(time.RFC3339), time.Unix(to, 0).UTC().Format(time.DateOnly))
	// Output:
	// 2008-06-15 false true
	// 2008-06-08T00:00:01Z 2008-06-15
}
