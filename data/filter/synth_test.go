package filter

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"threatmap/data/threat"
)

// synth builds a seeded dataset of n hosts: 100 countries, 12 target types,
// 10 servers, two years of times, with a few unknown countries, types,
// servers and times, and extra links from some hosts to a second server.
func synth(n int, seed uint64) *threat.Dataset {
	r := rand.New(rand.NewPCG(seed, 1))
	b := threat.NewBuilder(n)
	for i := range 10 {
		b.AddServer(threat.Server{ID: fmt.Sprintf("s%d", i), Country: "CN"})
	}
	types := []string{"mfa", "embassy", "mission_multilateral", "intl_org", "news_media",
		"tibetan_gov", "tibetan_ngo", "gov_other", "commercial", "academic_research",
		"private_broadband", "unknown"}
	const start = 1199145600 // 2008-01-01
	const span = 2 * 365 * 86400
	for i := range n {
		h := threat.Host{First: threat.NoTime, Last: threat.NoTime, Server: -1}
		if r.IntN(50) != 0 {
			c := r.IntN(100)
			h.Country = string(rune('A'+c/10)) + string(rune('A'+c%10))
		}
		h.Type = types[r.IntN(len(types))]
		if r.IntN(30) != 0 {
			h.Server = int32(r.IntN(10))
		}
		switch r.IntN(50) {
		case 0: // no time
		case 1: // last only
			h.Last = start + r.Int64N(span)
		default:
			h.First = start + r.Int64N(span)
			if r.IntN(10) != 0 {
				h.Last = h.First + r.Int64N(200*86400)
			}
		}
		h.Confidence = threat.Confidence(r.IntN(4))
		if r.IntN(5) == 0 {
			h.Recon = threat.Field(1) << r.IntN(9)
		}
		b.AddHost(h)
		if h.Server >= 0 {
			b.AddLink(threat.Link{Server: h.Server, Host: int32(i), First: h.First, Derived: true, Feature: -1})
		}
		if r.IntN(100) == 0 {
			b.AddLink(threat.Link{Server: int32(r.IntN(10)), Host: int32(i), First: h.First, Feature: -1})
		}
	}
	return b.Build()
}

var (
	bigOnce sync.Once
	big     *threat.Dataset
)

// big1M returns the shared 1M-host dataset, built once per test binary.
func big1M(tb testing.TB) *threat.Dataset {
	tb.Helper()
	bigOnce.Do(func() { big = synth(1_000_000, 42) })
	return big
}
