package timeline

import (
	"math/bits"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// MaxBins caps a histogram's bins (and so its memory: MaxBins × types
// counters); a finer step leaves the later hosts in After.
const MaxBins = 1 << 16

// Histogram counts hosts by the bin their first_seen falls in, stacked by
// target type. Build it again whenever the visible set or the range changes;
// it reuses its buffers, so a warm rebuild does not allocate.
//
// Bin b covers [BinStart(b), BinStart(b+1)).
type Histogram struct {
	Start int64 // start of bin 0
	Step  int64 // bin width in seconds, or -k for k calendar months (Month, Quarter, Year)
	Bins  int
	Types int // type codes per bin: len(ds.Types)

	// Counts[b*Types+t] is the number of visible hosts of type code t first
	// seen in bin b; Totals[b] sums them.
	Counts []int
	Totals []int
	Max    int // largest Totals entry, for scaling bars

	Before  int // visible hosts first seen before Start
	After   int // visible hosts first seen at or after the end of the last bin
	Unknown int // visible hosts with no first_seen

	dayBin []int32 // month steps: bin of each day since Start
}

// Build bins the hosts of visible (nil = all) into bins equal bins covering
// [start, end]: Start = start and Step = ceil((end-start+1)/bins) seconds, at
// least 1. bins < 1 counts as 1, bins > MaxBins as MaxBins, end < start as
// end = start.
func (h *Histogram) Build(ds *threat.Dataset, visible *filter.Set, start, end int64, bins int) {
	bins = min(max(bins, 1), MaxBins)
	end = max(end, start)
	span := uint64(end-start) + 1
	h.Start = start
	h.Step = int64((span + uint64(bins) - 1) / uint64(bins))
	h.Bins = bins
	h.count(ds, visible)
}

// BuildStep bins the hosts of visible (nil = all) into calendar-aligned bins
// of width step (Day, Week, Month, ... or any positive number of seconds)
// from the bin holding start to the bin holding end. step == 0 means Day.
func (h *Histogram) BuildStep(ds *threat.Dataset, visible *filter.Set, start, end, step int64) {
	if step == 0 {
		step = Day
	}
	end = max(end, start)
	h.Start = Floor(start, step)
	h.Step = step
	var bins int64
	if step > 0 {
		bins = (end-h.Start)/step + 1
	} else {
		bins = (monthIndex(end)-monthIndex(h.Start))/(-step) + 1
	}
	h.Bins = int(min(bins, MaxBins))
	h.count(ds, visible)
}

// BinStart returns the start of bin b (b may be Bins, giving the end).
func (h *Histogram) BinStart(b int) int64 { return Add(h.Start, h.Step, b) }

// End returns the end of the last bin (exclusive).
func (h *Histogram) End() int64 { return h.BinStart(h.Bins) }

// Bin returns the bin holding t, or -1 when t is outside the histogram.
func (h *Histogram) Bin(t int64) int {
	if t < h.Start || t == threat.NoTime {
		return -1
	}
	var b int64
	if h.Step > 0 {
		b = (t - h.Start) / h.Step
	} else {
		b = (monthIndex(t) - monthIndex(h.Start)) / (-h.Step)
	}
	if b >= int64(h.Bins) {
		return -1
	}
	return int(b)
}

// Count returns the number of hosts of type code t in bin b.
func (h *Histogram) Count(b, t int) int { return h.Counts[b*h.Types+t] }

func (h *Histogram) count(ds *threat.Dataset, visible *filter.Set) {
	h.Types = len(ds.Types)
	h.Counts = zeroed(h.Counts, h.Bins*h.Types)
	h.Totals = zeroed(h.Totals, h.Bins)
	h.Max, h.Before, h.After, h.Unknown = 0, 0, 0, 0

	first, types := ds.Hosts.First, ds.Hosts.Type
	n := len(first)
	if visible != nil && visible.Len() != n {
		panic("timeline: visible set does not match the dataset's hosts")
	}
	// Bin numbers by multiplication: for n, d < 2^32, n/d equals the high
	// word of n * ceil(2^64/d) (Lemire, Kaser, Kurz 2019), far cheaper than a
	// 64-bit division per host. Month steps divide by a day the same way and
	// look the day up in a table of bins. Spans of 2^32 s or more (136 years)
	// take the slow path.
	div := uint64(h.Step)
	span := uint64(h.Step) * uint64(h.Bins)
	h.dayBin = h.dayBin[:0]
	if h.Step < 0 {
		div = uint64(Day)
		span = uint64(h.End() - h.Start)
		if span < 1<<32 {
			for b := range h.Bins {
				for d := h.BinStart(b); d < h.BinStart(b+1); d += Day {
					h.dayBin = append(h.dayBin, int32(b))
				}
			}
		}
	}
	fast := div > 1 && div < 1<<32 && span < 1<<32
	var magic uint64
	if fast {
		magic = ^uint64(0)/div + 1
	}
	var dayBin []int32
	if h.Step < 0 {
		dayBin = h.dayBin
	}
	var before, unknown, after int
	counts, totals, nt := h.Counts, h.Totals, h.Types
	words := []uint64(nil)
	if visible != nil {
		words = visible.Words()
	}
	for w := 0; w*64 < n; w++ {
		m := ^uint64(0)
		if words != nil {
			m = words[w]
		}
		if r := n - w*64; r < 64 {
			m &= 1<<uint(r) - 1
		}
		base := w * 64
		for m != 0 {
			i := base + bits.TrailingZeros64(m)
			m &= m - 1
			f := first[i]
			if f == threat.NoTime {
				unknown++
				continue
			}
			if f < h.Start {
				before++
				continue
			}
			var b int
			if fast {
				d := uint64(f - h.Start)
				if d >= span {
					after++
					continue
				}
				hi, _ := bits.Mul64(d, magic)
				b = int(hi)
				if dayBin != nil {
					b = int(dayBin[b])
				}
			} else if b = h.Bin(f); b < 0 {
				after++
				continue
			}
			counts[b*nt+int(types[i])]++
			totals[b]++
		}
	}
	h.Before, h.After, h.Unknown = before, after, unknown
	for _, t := range totals {
		h.Max = max(h.Max, t)
	}
}

func zeroed(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}
