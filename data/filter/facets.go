package filter

// Facets holds faceted counts: each list says how many hosts each value
// would keep given the OTHER active constraints of the query, as facet panels
// show. A host that fails no constraint counts in every list; a host that
// fails exactly one counts in that constraint's list only; a host failing two
// or more counts nowhere. So with no constraint on a dimension, its list is
// the visible hosts broken down by value.
//
// Lists are indexed like the dataset: Country by country code
// (ds.Countries), Type by type code (ds.Types), Server by server index.
type Facets struct {
	Total   int // hosts in the dataset
	Visible int // hosts the whole query keeps

	Country []int
	Type    []int
	// Server counts a host toward its primary server and every other server
	// it is linked to, so the list may sum to more than the hosts.
	Server   []int
	NoServer int // hosts with no primary server (the "" server)

	Confidence [4]int // by threat.Confidence
	// Provenance by ProvReported and ProvReconstructed; [ProvAny] is their
	// sum, the hosts meeting every constraint but provenance.
	Provenance [3]int

	Countries int // distinct known countries among visible hosts
	Servers   int // distinct servers among visible hosts, primary or linked
}

// Facets fills f with the faceted counts of the compiled query in one pass
// over the hosts, reusing f's slices.
func (p *Plan) Facets(f *Facets) {
	if p.ds == nil {
		p.Compile(nil, Query{})
	}
	ds := p.ds
	nc, nt, ns := len(ds.Countries), len(ds.Types), len(ds.Servers)+1
	p.op = opFacets
	p.execSized(nc, nt, ns)

	f.Total = ds.Hosts.Len()
	f.Country = zeroed(f.Country, nc)
	f.Type = zeroed(f.Type, nt)
	f.Server = zeroed(f.Server, ns-1)
	f.NoServer, f.Visible = 0, 0
	f.Confidence = [4]int{}
	f.Provenance = [3]int{}
	f.Countries, f.Servers = 0, 0
	for k := range p.parts {
		pt := &p.parts[k]
		f.Visible += pt.n
		for i, c := range pt.country {
			f.Country[i] += c
		}
		for i, c := range pt.typ {
			f.Type[i] += c
		}
		f.NoServer += pt.server[0]
		for i, c := range pt.server[1:] {
			f.Server[i] += c
		}
		for i := range f.Confidence {
			f.Confidence[i] += pt.conf[i]
		}
		f.Provenance[ProvReported] += pt.prov[0]
		f.Provenance[ProvReconstructed] += pt.prov[1]
		if k > 0 {
			for i, s := range pt.seenC {
				p.parts[0].seenC[i] |= s
			}
			for i, s := range pt.seenS {
				p.parts[0].seenS[i] |= s
			}
		}
	}
	f.Provenance[ProvAny] = f.Provenance[ProvReported] + f.Provenance[ProvReconstructed]
	if len(p.parts) > 0 {
		for _, s := range p.parts[0].seenC[1:] {
			f.Countries += int(s)
		}
		for _, s := range p.parts[0].seenS[1:] {
			f.Servers += int(s)
		}
	}
}

// execSized records the dictionaries' sizes (facetPart sizes and clears
// each part's counters), then runs the op.
func (p *Plan) execSized(nc, nt, ns int) {
	p.sizes = [3]int{nc, nt, ns}
	p.exec()
}

// zeroed returns s resized to n zeros, reusing its storage.
func zeroed[T int | uint8](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// facetPart counts part pt. For each host it builds a mask of the
// constraints it fails (bit order of Dim) and adds one to each facet list
// whose dimension is the only failure, or to all lists when there is none.
func (p *Plan) facetPart(pt *part) {
	pt.country = zeroed(pt.country, p.sizes[0])
	pt.typ = zeroed(pt.typ, p.sizes[1])
	pt.server = zeroed(pt.server, p.sizes[2])
	pt.seenC = zeroed(pt.seenC, p.sizes[0])
	pt.seenS = zeroed(pt.seenS, p.sizes[2])
	pt.conf = [256]int{}
	pt.prov = [2]int{}
	if pt.lo >= pt.hi {
		pt.n = 0
		return
	}
	h := &p.ds.Hosts
	ctab, ttab, stab, ftab, ptab := p.country, p.typ, p.server, &p.conf, p.prov
	cc, tc, sc, fc := pt.country, pt.typ, pt.server, &pt.conf
	seenC, seenS := pt.seenC, pt.seenS
	timed := p.active&DimTime != 0
	firstOnly := p.mode == FirstSeen
	from, to := p.from, p.to
	linked := p.linked.w
	// Cursor into the hosts with extra links, from the first one >= pt.lo.
	xh := p.links.host
	x := 0
	for x < len(xh) && int(xh[x]) < pt.lo {
		x++
	}

	country := h.Country[pt.lo:pt.hi]
	typ := h.Type[pt.lo:pt.hi]
	server := h.Server[pt.lo:pt.hi]
	conf := h.Confidence[pt.lo:pt.hi]
	recon := h.Recon[pt.lo:pt.hi]
	var first, last []int64
	if timed {
		first = h.First[pt.lo:pt.hi]
		last = h.Last[pt.lo:pt.hi]
	}
	var prov [2]int
	n := 0
	for j, c := range country {
		i := pt.lo + j
		t, s, cf := typ[j], server[j]+1, conf[j]
		r := b2u(recon[j]&Placement != 0)
		sok := stab[s]
		if len(linked) > 0 {
			sok |= uint8(linked[i>>6]>>(uint(i)&63)) & 1
		}
		fail := uint64(ctab[c]^1) |
			uint64(ttab[t]^1)<<1 |
			uint64(sok^1)<<2 |
			uint64(ftab[cf]^1)<<3 |
			uint64(ptab[r]^1)<<4
		if timed {
			var ok bool
			if firstOnly {
				f := first[j]
				ok = f >= from && f <= to
			} else {
				ok = active(first[j], last[j], from, to)
			}
			fail |= b2u(!ok) << 5
		}
		hasX := x < len(xh) && int(xh[x]) == i
		switch {
		case fail == 0:
			cc[c]++
			tc[t]++
			sc[s]++
			fc[cf]++
			prov[r]++
			n++
			seenC[c] = 1
			seenS[s] = 1
			if hasX {
				for _, e := range p.links.srv[p.links.off[x]:p.links.off[x+1]] {
					sc[e+1]++
					seenS[e+1] = 1
				}
			}
		case fail&(fail-1) != 0: // fails two or more: counts nowhere
		case fail == 1:
			cc[c]++
		case fail == 2:
			tc[t]++
		case fail == 4:
			sc[s]++
			if hasX {
				for _, e := range p.links.srv[p.links.off[x]:p.links.off[x+1]] {
					sc[e+1]++
				}
			}
		case fail == 8:
			fc[cf]++
		case fail == 16:
			prov[r]++
		}
		if hasX {
			x++
		}
	}
	pt.prov = prov
	pt.n = n
}
