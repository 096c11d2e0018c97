package ghostnet

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"threatmap/data/threat"
)

// The timeline runs over 23 months, May 2007 (from the 22nd) to March 2009
// (to the 12th). Month indexes count from May 2007.
const (
	numMonths = 23
	monthDec  = 7  // December 2007
	monthAug  = 15 // August 2008
	month2008 = 8  // January 2008
	month2009 = 20 // January 2009
	monthMar  = 22 // March 2009
)

// otherMonths is our spread of the 717 infections outside the two spikes
// (not reported): rising through 2007, steady in 2008 and falling in 2009
// ("a reduction in new infections", R p.44). Spike months hold 0 here.
var otherMonths = [numMonths]int{
	8, 22, 26, 30, 34, 38, 40, 0, // May–Dec 2007 (May from the 22nd)
	42, 40, 42, 40, 42, 44, 46, 0, 44, 42, 38, 34, // 2008
	30, 24, 11, // January–March 2009 (March to the 12th)
}

// Selection sizes for the 422 hosts seen 1–12 March 2009 beyond the 373
// first seen in 2008 (reported): all 11 first seen in March 2009, 24 of
// January–February 2009 and 14 of 2007 (ours).
const (
	activeFrom2009 = 24
	activeFrom2007 = 14
)

// fieldDates are the two time fields.
const fieldDates = threat.FieldFirstSeen | threat.FieldLastSeen

func day(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

var (
	dayFirst = day(2007, 5, 22)
	dayMar1  = day(2009, 3, 1)
	dayLast  = day(2009, 3, 12)
	dayFeb28 = dayMar1 - 1
)

// monthRange returns the first and last day of month i that a first
// infection may fall on.
func monthRange(i int) (lo, hi int) {
	y, m := 2007, time.Month(5+i)
	lo = day(y, m, 1)
	hi = day(y, m+1, 1) - 1
	switch i {
	case 0:
		lo = dayFirst
	case monthMar:
		hi = dayLast - 2 // leave room for a span of at least 2 days
	}
	return lo, hi
}

// monthLabel returns "2008-08" for a month index.
func monthLabel(i int) string {
	return time.Date(2007, time.Month(5+i), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}

func monthIndex(label string) int {
	for i := range numMonths {
		if monthLabel(i) == label {
			return i
		}
	}
	panic("ghostnet: month out of range: " + label)
}

// assignTimes sets first and last (days) of every host so that every
// reported figure of R p.44 holds exactly (see the package doc).
func assignTimes(rng *rand.Rand, hosts []*Host) {
	for _, h := range hosts {
		h.month = -1
	}
	free := func(h *Host) bool { return h.month < 0 }

	// The earliest infection: one unitemised host, seen for 660 days.
	var early *Host
	for _, i := range rng.Perm(len(hosts)) {
		if hosts[i].Kind != KindTable2 && hosts[i].Kind != KindHighValue {
			early = hosts[i]
			break
		}
	}
	early.month, early.first, early.last, early.dates = 0, dayFirst, dayLast, true
	early.Recon &^= fieldDates
	early.Source += srcEarliest

	// Named spike members.
	for _, p := range pins {
		n := 0
		for _, h := range hosts {
			if n < p.N && free(h) && h.Org >= 0 && Table2[h.Org].Name == p.Org && (p.Country == "" || h.Country == p.Country) {
				h.month, h.FirstMonth, h.LastMonth = monthIndex(p.Month), p.Month, p.Last
				n++
			}
		}
		if n != p.N {
			panic(fmt.Sprintf("ghostnet: pin %q: %d hosts, want %d", p.Org, n, p.N))
		}
	}

	spike(rng, hosts, monthDec, DecSpikeHosts, DecSpikeCounts, "TW", DecSpikeTW, nil)
	spike(rng, hosts, monthAug, AugSpikeHosts, AugSpikeCounts, "", 0, func(h *Host) float64 {
		// The August spike is reported to include PetroVietnam and the
		// Vietnamese ministry: favour their other hosts (ours).
		if h.Org >= 0 && h.Country == "VN" {
			return 4
		}
		return 1
	})

	// Everyone else: the monthly spread, dealt at random.
	var rest []*Host
	for _, h := range hosts {
		if free(h) {
			rest = append(rest, h)
		}
	}
	rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	counts := otherMonths
	counts[0]-- // the earliest host
	for m, n := range counts {
		if n > len(rest) {
			panic("ghostnet: too few hosts for the monthly spread")
		}
		for _, h := range rest[:n] {
			h.month = m
		}
		rest = rest[n:]
	}
	if len(rest) != 0 {
		panic(fmt.Sprintf("ghostnet: %d hosts left without a month", len(rest)))
	}

	for _, h := range hosts {
		if h != early {
			lo, hi := monthRange(h.month)
			h.first = lo + rng.IntN(hi-lo+1)
		}
	}
	assignSpans(rng, hosts, early)
}

// spike makes exactly n hosts first seen in month m, in exactly k countries,
// exactly nc of them in country cc (when cc != ""). Hosts already pinned to
// m count; weight, when non-nil, favours some hosts when filling up.
func spike(rng *rand.Rand, hosts []*Host, m, n, k int, cc string, nc int, weight func(*Host) float64) {
	in := map[string]bool{}
	freeBy := map[string][]*Host{}
	var order []string // countries in first-seen order, for determinism
	count := 0
	for _, h := range hosts {
		switch {
		case h.month == m:
			in[h.Country] = true
			count++
		case h.month < 0:
			if freeBy[h.Country] == nil {
				order = append(order, h.Country)
			}
			freeBy[h.Country] = append(freeBy[h.Country], h)
		}
	}
	take := func(h *Host) {
		h.month = m
		count++
		list := freeBy[h.Country]
		freeBy[h.Country] = slices.DeleteFunc(list, func(x *Host) bool { return x == h })
	}

	// More countries, favouring those with more free hosts.
	if cc != "" && !in[cc] {
		in[cc] = true
	}
	for len(in) < k {
		var cand []string
		var w []float64
		for _, c := range order {
			if !in[c] && len(freeBy[c]) > 0 {
				cand = append(cand, c)
				w = append(w, math.Sqrt(float64(len(freeBy[c]))))
			}
		}
		if len(cand) == 0 {
			panic("ghostnet: not enough countries for a spike")
		}
		in[cand[pick(rng, w)]] = true
	}
	if len(in) != k {
		panic(fmt.Sprintf("ghostnet: spike in month %d has %d countries already, want %d", m, len(in), k))
	}

	// One host in every country of the spike, then cc up to nc.
	have := map[string]int{}
	for _, h := range hosts {
		if h.month == m {
			have[h.Country]++
		}
	}
	for _, c := range order {
		if in[c] && have[c] == 0 {
			list := freeBy[c]
			h := list[rng.IntN(len(list))]
			take(h)
			have[c]++
		}
	}
	for cc != "" && have[cc] < nc {
		list := freeBy[cc]
		if len(list) == 0 {
			panic("ghostnet: not enough hosts in " + cc)
		}
		take(list[rng.IntN(len(list))])
		have[cc]++
	}
	if cc != "" && have[cc] != nc {
		panic(fmt.Sprintf("ghostnet: %d spike hosts in %s, want %d", have[cc], cc, nc))
	}

	// Fill up from the spike's other countries.
	var pool []*Host
	for _, c := range order {
		if in[c] && c != cc {
			pool = append(pool, freeBy[c]...)
		}
	}
	w := make([]float64, len(pool))
	for i, h := range pool {
		w[i] = 1
		if weight != nil {
			w[i] = weight(h)
		}
	}
	for _, i := range sampleWeighted(rng, w, n-count) {
		take(pool[i])
	}
	if count != n {
		panic(fmt.Sprintf("ghostnet: spike in month %d has %d hosts, want %d", m, count, n))
	}
}

// sampleWeighted returns k distinct indexes drawn with probability
// proportional to w (Efraimidis–Spirakis), in increasing order.
func sampleWeighted(rng *rand.Rand, w []float64, k int) []int {
	if k < 0 || k > len(w) {
		panic(fmt.Sprintf("ghostnet: cannot draw %d of %d", k, len(w)))
	}
	type keyed struct {
		key float64
		i   int
	}
	keys := make([]keyed, len(w))
	for i, x := range w {
		keys[i] = keyed{math.Pow(rng.Float64(), 1/x), i}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if a.key != b.key {
			if a.key > b.key {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	out := make([]int, k)
	for j := range out {
		out[j] = keys[j].i
	}
	slices.Sort(out)
	return out
}

// assignSpans sets last (days) for every host given first. Groups:
//
//	A: the 422 seen 1–12 March 2009 (373 first seen in 2008);
//	B: 145 − |A over 400 days| more of 2007, last seen 401+ days later;
//	C: 90 seen for exactly one day, and the hosts whose last month is
//	   reported (a day in that month);
//	D: the rest, 2–400 days, last seen by 28 February 2009, with the
//	   total chosen so that the mean span is exactly 145 days.
func assignSpans(rng *rand.Rand, hosts []*Host, early *Host) {
	const (
		none = iota
		groupA
		groupB
		groupC
	)
	group := map[*Host]int{early: groupA}
	pinnedLast := func(h *Host) bool { return h.LastMonth != "" }

	choose := func(n int, ok func(*Host) bool, w func(*Host) float64) {
		var cand []*Host
		var ws []float64
		for _, h := range hosts {
			if group[h] == none && !pinnedLast(h) && ok(h) {
				cand = append(cand, h)
				x := 1.0
				if w != nil {
					x = w(h)
				}
				ws = append(ws, x)
			}
		}
		for _, i := range sampleWeighted(rng, ws, n) {
			group[cand[i]] = groupA
		}
	}

	// Group A.
	n2009 := 0
	for _, h := range hosts {
		if h.month == monthMar || (h.month >= month2009 && h.first > dayFeb28-3) {
			group[h] = groupA
			if h.month != monthMar {
				n2009++
			}
		}
	}
	choose(activeFrom2009-n2009, func(h *Host) bool { return h.month >= month2009 && h.month < monthMar }, nil)
	choose(activeFrom2007-1, func(h *Host) bool { return h.month < month2008 }, nil)
	// Later infections are likelier to be still active (ours).
	choose(MarchFrom2008, func(h *Host) bool { return h.month >= month2008 && h.month < month2009 },
		func(h *Host) float64 { return 1 + float64(h.month-month2008)/6 })
	long := 0
	for _, h := range hosts {
		if group[h] != groupA || h == early {
			continue
		}
		lo := max(h.first+2, dayMar1)
		h.last = lo + rng.IntN(dayLast-lo+1)
	}
	for _, h := range hosts {
		if group[h] == groupA && h.last-h.first > LongDays {
			long++
		}
	}

	// Group B: long infections that ended before March 2009.
	var cand []*Host
	for _, h := range hosts {
		if group[h] == none && !pinnedLast(h) && h.first+LongDays+1 <= dayFeb28 {
			cand = append(cand, h)
		}
	}
	for _, i := range sampleWeighted(rng, ones(len(cand)), LongHosts-long) {
		h := cand[i]
		group[h] = groupB
		lo, hi := h.first+LongDays+1, min(h.first+MaxSpanDays, dayFeb28)
		h.last = lo + rng.IntN(hi-lo+1)
	}

	// Group C: one day.
	cand = cand[:0]
	for _, h := range hosts {
		if group[h] == none && !pinnedLast(h) && h.first+1 <= dayFeb28 {
			cand = append(cand, h)
		}
	}
	for _, i := range sampleWeighted(rng, ones(len(cand)), OneDayHosts) {
		h := cand[i]
		group[h] = groupC
		h.last = h.first + 1
	}

	// Hosts whose last month is reported: a day of that month.
	for _, h := range hosts {
		if group[h] == none && pinnedLast(h) {
			a, b := monthRange(monthIndex(h.LastMonth))
			a = max(a, h.first+2)
			if a > b {
				panic("ghostnet: reported last month before first month")
			}
			h.last = a + rng.IntN(b-a+1)
			group[h] = groupC
		}
	}

	// Group D: the rest, to the exact mean.
	total := MeanSpanDays * NumHosts
	var rest []*Host
	var lo, hi []int
	for _, h := range hosts {
		if group[h] != none {
			total -= h.last - h.first
			continue
		}
		l, u := 2, min(LongDays, dayFeb28-h.first)
		if l > u {
			panic(fmt.Sprintf("ghostnet: no span fits a host first seen on day %d", h.first))
		}
		rest = append(rest, h)
		lo, hi = append(lo, l), append(hi, u)
	}
	span := make([]int, len(rest))
	mean := float64(total) / float64(len(rest))
	sum := 0
	for i := range rest {
		// Most infections are short: an exponential spread (ours).
		span[i] = min(max(int(math.Round(rng.ExpFloat64()*mean)), lo[i]), hi[i])
		sum += span[i]
	}
	for diff := total - sum; diff != 0; {
		step := max(1, abs(diff)/len(rest))
		moved := false
		for _, i := range rng.Perm(len(rest)) {
			if diff == 0 {
				break
			}
			d := min(step, abs(diff))
			if diff > 0 {
				d = min(d, hi[i]-span[i])
				span[i] += d
				diff -= d
			} else {
				d = min(d, span[i]-lo[i])
				span[i] -= d
				diff += d
			}
			moved = moved || d > 0
		}
		if !moved {
			panic(fmt.Sprintf("ghostnet: cannot reach the mean span (off by %d days)", diff))
		}
	}
	for i, h := range rest {
		h.last = h.first + span[i]
	}
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
