package timeline

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// days builds a dataset with one host per (first_seen, type) pair; "" is an
// unknown time.
func days(hosts ...[2]string) *threat.Dataset {
	b := threat.NewBuilder(len(hosts))
	b.TypeCode("mfa")
	b.TypeCode("embassy")
	for _, h := range hosts {
		f := int64(threat.NoTime)
		if h[0] != "" {
			f = unix(h[0])
		}
		b.AddHost(threat.Host{First: f, Last: threat.NoTime, Type: h[1], Server: -1})
	}
	return b.Build()
}

func TestHistogram(t *testing.T) {
	ds := days(
		[2]string{"2009-01-01", "mfa"},
		[2]string{"2009-01-01T23:59:59Z", "embassy"},
		[2]string{"2009-01-02", "mfa"},
		[2]string{"", "mfa"},
		[2]string{"2008-12-31T23:59:59Z", "mfa"},
		[2]string{"2009-01-05", "embassy"},
		[2]string{"2009-02-15", "embassy"},
	)
	set := func(items ...int) *filter.Set {
		s := filter.NewSet(ds.Hosts.Len())
		for _, i := range items {
			s.Add(i)
		}
		return s
	}
	type want struct {
		start, step            int64
		totals                 []int
		mfa                    []int // Counts of type code 1
		before, after, unknown int
	}
	cases := []struct {
		name  string
		build func(h *Histogram)
		want  want
	}{
		{"days, edges and unknown times", func(h *Histogram) {
			h.BuildStep(ds, nil, unix("2009-01-01"), unix("2009-01-04"), Day)
		}, want{unix("2009-01-01"), Day, []int{2, 1, 0, 0}, []int{1, 1, 0, 0}, 1, 2, 1}},
		{"visible subset", func(h *Histogram) {
			h.BuildStep(ds, set(0, 3, 5), unix("2009-01-01"), unix("2009-01-04"), Day)
		}, want{unix("2009-01-01"), Day, []int{1, 0, 0, 0}, []int{1, 0, 0, 0}, 0, 1, 1}},
		{"empty visible set", func(h *Histogram) {
			h.BuildStep(ds, set(), unix("2009-01-01"), unix("2009-01-02"), Day)
		}, want{unix("2009-01-01"), Day, []int{0, 0}, []int{0, 0}, 0, 0, 0}},
		{"start floored to the day", func(h *Histogram) {
			h.BuildStep(ds, nil, unix("2009-01-01T12:00:00Z"), unix("2009-01-02T01:00:00Z"), 0)
		}, want{unix("2009-01-01"), Day, []int{2, 1}, []int{1, 1}, 1, 2, 1}},
		{"months", func(h *Histogram) {
			h.BuildStep(ds, nil, unix("2008-12-15"), unix("2009-02-01"), Month)
		}, want{unix("2008-12-01"), Month, []int{1, 4, 1}, []int{1, 2, 0}, 0, 0, 1}},
		{"equal bins", func(h *Histogram) {
			h.Build(ds, nil, unix("2009-01-01"), unix("2009-01-02T23:59:59Z"), 2)
		}, want{unix("2009-01-01"), Day, []int{2, 1}, []int{1, 1}, 1, 2, 1}},
		{"one second bins, slow path", func(h *Histogram) {
			h.Build(ds, nil, unix("2009-01-01"), unix("2009-01-01")+1, 2)
		}, want{unix("2009-01-01"), 1, []int{1, 0}, []int{1, 0}, 1, 4, 1}},
		{"end before start", func(h *Histogram) {
			h.Build(ds, nil, unix("2009-01-02"), unix("2009-01-01"), 0)
		}, want{unix("2009-01-02"), 1, []int{1}, []int{1}, 3, 2, 1}},
	}
	var h Histogram
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.build(&h)
			w := c.want
			var mfa []int
			for b := range h.Bins {
				mfa = append(mfa, h.Count(b, 1))
			}
			if h.Start != w.start || h.Step != w.step || !slices.Equal(h.Totals, w.totals) || !slices.Equal(mfa, w.mfa) ||
				h.Before != w.before || h.After != w.after || h.Unknown != w.unknown || h.Max != slices.Max(w.totals) {
				t.Errorf("got start %s step %d totals %v mfa %v before %d after %d unknown %d max %d\nwant %+v",
					time.Unix(h.Start, 0).UTC(), h.Step, h.Totals, mfa, h.Before, h.After, h.Unknown, h.Max, w)
			}
		})
	}
	t.Run("0 hosts", func(t *testing.T) {
		var h Histogram
		h.BuildStep(threat.NewBuilder(0).Build(), nil, 0, 10*Day, Day)
		if h.Bins != 11 || h.Max != 0 || len(h.Counts) != 11 {
			t.Errorf("got %+v", h)
		}
	})
	t.Run("bin starts", func(t *testing.T) {
		var h Histogram
		h.BuildStep(ds, nil, unix("2008-11-20"), unix("2009-02-01"), Month)
		if h.Bins != 4 || h.BinStart(1) != unix("2008-12-01") || h.End() != unix("2009-03-01") ||
			h.Bin(unix("2009-02-28T23:59:59Z")) != 3 || h.Bin(unix("2009-03-01")) != -1 || h.Bin(unix("2008-10-31")) != -1 {
			t.Errorf("bins %d, BinStart(1) %d End %d", h.Bins, h.BinStart(1), h.End())
		}
	})
	t.Run("mismatched set panics", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		h.BuildStep(ds, filter.NewSet(3), 0, Day, Day)
	})
}

// synth fills n hosts over two years (1 in 50 with no first_seen) with 12
// types, directly into the columns histograms read.
func synth(n int, seed uint64) *threat.Dataset {
	r := rand.New(rand.NewPCG(seed, 3))
	b := threat.NewBuilder(0)
	for _, t := range []string{"mfa", "embassy", "mission_multilateral", "intl_org", "news_media",
		"tibetan_gov", "tibetan_ngo", "gov_other", "commercial", "academic_research", "private_broadband"} {
		b.TypeCode(t)
	}
	ds := b.Build()
	h := &ds.Hosts
	h.First = make([]int64, n)
	h.Type = make([]uint16, n)
	h.Lon = make([]float32, n) // Len()
	for i := range n {
		h.First[i] = synthStart + r.Int64N(2*365*Day)
		if r.IntN(50) == 0 {
			h.First[i] = threat.NoTime
		}
		h.Type[i] = uint16(r.IntN(len(ds.Types)))
	}
	return ds
}

const synthStart = 1199145600 // 2008-01-01

var (
	bigOnce sync.Once
	big     *threat.Dataset
)

func big1M() *threat.Dataset {
	bigOnce.Do(func() { big = synth(1_000_000, 42) })
	return big
}

// naive recomputes a histogram with time.Time and plain division.
func naive(ds *threat.Dataset, visible *filter.Set, h *Histogram) (counts []int, before, after, unknown int) {
	counts = make([]int, h.Bins*len(ds.Types))
	st := time.Unix(h.Start, 0).UTC()
	for i, f := range ds.Hosts.First {
		if !visible.Has(i) {
			continue
		}
		if f == threat.NoTime {
			unknown++
			continue
		}
		if f < h.Start {
			before++
			continue
		}
		var b int64
		if h.Step > 0 {
			b = (f - h.Start) / h.Step
		} else {
			ft := time.Unix(f, 0).UTC()
			b = (int64(ft.Year()-st.Year())*12 + int64(ft.Month()-st.Month())) / -h.Step
		}
		if b >= int64(h.Bins) {
			after++
			continue
		}
		counts[int(b)*len(ds.Types)+int(ds.Hosts.Type[i])]++
	}
	return
}

// benchHistograms are the histograms BenchmarkHistogram1M times and
// TestHistogram1M pins.
var benchHistograms = []struct {
	name  string
	build func(h *Histogram, ds *threat.Dataset, vis *filter.Set)
}{
	{"week", func(h *Histogram, ds *threat.Dataset, vis *filter.Set) {
		h.BuildStep(ds, vis, synthStart, synthStart+2*365*Day, Week)
	}},
	{"month", func(h *Histogram, ds *threat.Dataset, vis *filter.Set) {
		h.BuildStep(ds, vis, synthStart, synthStart+2*365*Day, Month)
	}},
	{"800bins", func(h *Histogram, ds *threat.Dataset, vis *filter.Set) {
		h.Build(ds, vis, synthStart+30*Day, synthStart+700*Day, 800)
	}},
}

func halfSet(n int) *filter.Set {
	s := filter.NewSet(n)
	r := rand.New(rand.NewPCG(5, 5))
	for i := range n {
		if r.IntN(2) == 0 {
			s.Add(i)
		}
	}
	return s
}

func TestHistogram1M(t *testing.T) {
	if testing.Short() {
		t.Skip("1M hosts")
	}
	ds := big1M()
	for _, vis := range []*filter.Set{nil, halfSet(ds.Hosts.Len())} {
		for _, c := range benchHistograms {
			t.Run(c.name, func(t *testing.T) {
				var h Histogram
				c.build(&h, ds, vis)
				counts, before, after, unknown := naive(ds, vis, &h)
				if !slices.Equal(h.Counts, counts) || h.Before != before || h.After != after || h.Unknown != unknown {
					t.Errorf("histogram differs from reference: before %d/%d after %d/%d unknown %d/%d",
						h.Before, before, h.After, after, h.Unknown, unknown)
				}
				if h.Unknown == 0 || slices.Max(h.Totals) == 0 {
					t.Error("degenerate data")
				}
			})
		}
	}
}

func BenchmarkHistogram1M(b *testing.B) {
	ds := big1M()
	for _, vis := range []struct {
		name string
		set  *filter.Set
	}{{"all", nil}, {"half", halfSet(ds.Hosts.Len())}} {
		for _, c := range benchHistograms {
			b.Run(vis.name+"/"+c.name, func(b *testing.B) {
				var h Histogram
				c.build(&h, ds, vis.set)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					c.build(&h, ds, vis.set)
				}
			})
		}
	}
}
