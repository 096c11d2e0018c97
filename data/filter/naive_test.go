package filter

import (
	"math"
	"slices"
	"strings"

	"threatmap/data/threat"
)

// ref is a dataset with the servers each host is linked to, for naiveFails.
type ref struct {
	ds      *threat.Dataset
	linksOf [][]int32
}

func newRef(ds *threat.Dataset) *ref {
	r := &ref{ds: ds, linksOf: make([][]int32, ds.Hosts.Len())}
	for k, s := range ds.Links.Server {
		if h := ds.Links.Host[k]; s >= 0 && int(s) < len(ds.Servers) && h >= 0 && int(h) < len(r.linksOf) {
			r.linksOf[h] = append(r.linksOf[h], s)
		}
	}
	return r
}

// naiveApply returns the hosts q keeps, by naiveFails.
func naiveApply(r *ref, q Query) []int {
	var out []int
	for i := range r.ds.Hosts.Len() {
		if naiveFails(r, q, i) == 0 {
			out = append(out, i)
		}
	}
	return out
}

// naiveFails is the reference the fast paths are checked against: for host
// i of ds it returns the constraints of q the host fails, computed the slow,
// obvious way from strings.
func naiveFails(r *ref, q Query, i int) Dim {
	ds := r.ds
	var fail Dim
	h := &ds.Hosts
	if len(q.Countries) > 0 && !slices.ContainsFunc(q.Countries, func(c string) bool {
		return strings.EqualFold(c, ds.Country(i))
	}) {
		fail |= DimCountry
	}
	if len(q.Types) > 0 && !slices.ContainsFunc(q.Types, func(t string) bool {
		if t == "" {
			t = "unknown"
		}
		return strings.EqualFold(t, ds.Type(i))
	}) {
		fail |= DimType
	}
	if len(q.Servers) > 0 {
		ids := []string{""}
		if s := h.Server[i]; s >= 0 {
			ids[0] = ds.Servers[s].ID
		}
		for _, s := range r.linksOf[i] {
			ids = append(ids, ds.Servers[s].ID)
		}
		ok := false
		for _, id := range ids {
			ok = ok || slices.Contains(q.Servers, id)
		}
		if !ok {
			fail |= DimServer
		}
	}
	if len(q.Confidence) > 0 && !slices.Contains(q.Confidence, h.Confidence[i]) {
		fail |= DimConfidence
	}
	recon := h.Recon[i]&(threat.FieldLocation|threat.FieldCountry) != 0
	if q.Provenance == ProvReported && recon || q.Provenance == ProvReconstructed && !recon {
		fail |= DimProvenance
	}
	if q.From.Set || q.To.Set {
		from, to := int64(math.MinInt64+1), int64(math.MaxInt64)
		if q.From.Set {
			from = q.From.Unix
		}
		if q.To.Set {
			to = q.To.Unix
		}
		f, l := h.First[i], h.Last[i]
		var ok bool
		if q.Mode == FirstSeen {
			ok = f != threat.NoTime && f >= from && f <= to
		} else {
			var known []int64
			for _, t := range []int64{f, l} {
				if t != threat.NoTime {
					known = append(known, t)
				}
			}
			ok = len(known) > 0 && slices.Max(known) >= from && slices.Min(known) <= to
		}
		if !ok {
			fail |= DimTime
		}
	}
	return fail
}
