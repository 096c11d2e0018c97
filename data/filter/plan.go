package filter

import (
	"math"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"threatmap/data/threat"
)

// Plan is a Query compiled against one Dataset into lookup tables: one byte
// per country code, type code, server and confidence level saying whether the
// value is kept. Compile it again whenever the query or the dataset changes;
// it reuses its storage, so a warm Plan compiles and applies without
// allocating.
//
// The zero Plan, and a Plan compiled against a nil dataset, describe an
// empty dataset. A Plan is not safe for concurrent use; distinct Plans may be
// used from distinct goroutines at once. The dataset must be well formed
// (every code within its dictionary, every server index < len(Servers)), as
// package ingest's loader guarantees; a malformed one makes Apply panic.
type Plan struct {
	ds     *threat.Dataset
	active Dim // dimensions the query constrains

	country []uint8 // by country code: 1 kept, 0 dropped
	typ     []uint8 // by type code
	server  []uint8 // by primary server index + 1 (0 = no server)
	conf    [256]uint8
	prov    [2]uint8 // by "placement reconstructed" (0 or 1)
	from    int64    // inclusive; math.MinInt64+1 when unbounded, so NoTime fails
	to      int64    // inclusive
	mode    TimeMode

	links  linkIndex // links to servers other than the host's primary one
	linked Set       // hosts with such a link to a kept server (DimServer only)

	// Execution state of the current Apply or Facets call.
	op     uint8
	except Dim
	out    *Set
	sizes  [3]int // facet list lengths: countries, types, servers+1
	parts  []part
	wg     sync.WaitGroup
}

const (
	opApply uint8 = iota
	opFacets
)

// part is one worker's share of a call: a host range starting on a word
// boundary, so no two parts write the same word of the output set, and its
// own counters, merged by the caller.
type part struct {
	lo, hi  int
	n       int // hosts kept
	country []int
	typ     []int
	server  []int
	conf    [256]int
	prov    [2]int
	seenC   []uint8 // country seen among visible hosts
	seenS   []uint8 // server (index + 1) seen among visible hosts
	_       [64]byte
}

// Compile prepares p to apply q to ds, reusing p's storage. It costs time
// proportional to the dictionaries and the query's lists, plus, once per
// dataset, an index of the links (O(links log links) when links are not in
// host order).
func (p *Plan) Compile(ds *threat.Dataset, q Query) {
	if ds == nil {
		ds = &empty
	}
	p.ds = ds
	p.active = 0
	p.compileCountries(q.Countries)
	p.compileTypes(q.Types)
	p.compileServers(q.Servers)
	p.compileConfidence(q.Confidence)
	p.compileProvenance(q.Provenance)
	p.compileTime(q)
	p.links.build(ds)
	p.compileLinked()
}

// compileCountries marks the country codes the query keeps.
func (p *Plan) compileCountries(want []string) {
	p.country = p.compileDict(p.country, p.ds.Countries, want, "", DimCountry)
}

// compileTypes marks the target type codes the query keeps ("" is unknown).
func (p *Plan) compileTypes(want []string) {
	p.typ = p.compileDict(p.typ, p.ds.Types, want, "unknown", DimType)
}

// compileDict returns t resized to dict, marking the codes whose entry is
// one of want (ignoring case; "" stands for empty), all when want is
// empty; a non-empty want makes dim active.
func (p *Plan) compileDict(t []uint8, dict, want []string, empty string, dim Dim) []uint8 {
	t = table(t, len(dict), len(want) == 0)
	if len(want) == 0 {
		return t
	}
	p.active |= dim
	if len(want)*len(dict) > 1<<12 {
		return markFolded(t, dict, want, empty)
	}
	for _, w := range want {
		if w == "" {
			w = empty
		}
		for code, d := range dict {
			if strings.EqualFold(d, w) {
				t[code] = 1
			}
		}
	}
	return t
}

// markFolded is compileDict's loop for long lists (a feed's 65,000 target
// types, all but one ticked: 4 billion comparisons the plain way): the
// dictionary indexed by foldKey, which equal-folding strings share.
func markFolded(t []uint8, dict, want []string, empty string) []uint8 {
	byKey := make(map[string][]int32, len(dict))
	for code, d := range dict {
		k := foldKey(d)
		byKey[k] = append(byKey[k], int32(code))
	}
	for _, w := range want {
		if w == "" {
			w = empty
		}
		for _, code := range byKey[foldKey(w)] {
			t[code] = 1
		}
	}
	return t
}

// foldKey maps s to one representative rune per simple case-folding
// orbit (foldRep): strings.EqualFold(a, b) exactly when foldKey(a) ==
// foldKey(b). ASCII without upper case is returned as it is.
func foldKey(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, foldRep(r))
	}
	return string(b)
}

// foldRep is the representative of r's simple folding orbit: its lower-case
// ASCII letter when it has one (the Kelvin sign is k), else its smallest rune.
func foldRep(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < utf8.RuneSelf {
			return foldRep(f)
		}
		m = min(m, f)
	}
	return m
}

// compileServers marks the servers the query keeps, by index + 1; "" (0)
// is hosts with no server.
func (p *Plan) compileServers(want []string) {
	ds := p.ds
	p.server = table(p.server, len(ds.Servers)+1, len(want) == 0)
	if len(want) == 0 {
		return
	}
	p.active |= DimServer
	for _, w := range want {
		if w == "" {
			p.server[0] = 1
			continue
		}
		for i := range ds.Servers {
			if ds.Servers[i].ID == w {
				p.server[i+1] = 1
			}
		}
	}
}

// compileConfidence marks the confidence values the query keeps.
func (p *Plan) compileConfidence(want []threat.Confidence) {
	if len(want) == 0 {
		for i := range p.conf {
			p.conf[i] = 1
		}
		return
	}
	p.active |= DimConfidence
	clear(p.conf[:])
	for _, c := range want {
		p.conf[c] = 1
	}
}

// compileProvenance keeps reported or reconstructed positions, or both.
func (p *Plan) compileProvenance(prov Provenance) {
	p.prov = [2]uint8{1, 1}
	switch prov {
	case ProvReported:
		p.active |= DimProvenance
		p.prov[1] = 0
	case ProvReconstructed:
		p.active |= DimProvenance
		p.prov[0] = 0
	}
}

// compileTime sets the time window; an unset bound is open.
func (p *Plan) compileTime(q Query) {
	p.from, p.to, p.mode = math.MinInt64+1, math.MaxInt64, q.Mode
	if !q.Timed() {
		return
	}
	p.active |= DimTime
	if q.From.Set {
		p.from = max(q.From.Unix, math.MinInt64+1)
	}
	if q.To.Set {
		p.to = q.To.Unix
	}
}

// compileLinked marks, with a server filter, the hosts linked to a kept
// server (the link index built).
func (p *Plan) compileLinked() {
	p.linked.Reset(0)
	if p.active&DimServer == 0 || len(p.links.host) == 0 {
		return
	}
	p.linked.Reset(p.ds.Hosts.Len())
	for j, h := range p.links.host {
		for _, s := range p.links.srv[p.links.off[j]:p.links.off[j+1]] {
			if p.server[s+1] != 0 {
				p.linked.Add(int(h))
				break
			}
		}
	}
}

var empty = threat.Dataset{Countries: []string{""}, Types: []string{"unknown"}}

// table returns t resized to n entries, all 1 when all is true, else all 0.
func table(t []uint8, n int, all bool) []uint8 {
	if cap(t) < n {
		t = make([]uint8, n)
	}
	t = t[:n]
	v := uint8(0)
	if all {
		v = 1
	}
	for i := range t {
		t[i] = v
	}
	return t
}

// Dataset returns the dataset p was compiled against: nil before Compile,
// an empty dataset after Compile(nil, q).
func (p *Plan) Dataset() *threat.Dataset { return p.ds }

// Apply fills out (resized to the dataset's hosts) with the hosts the query
// keeps and returns their number.
func (p *Plan) Apply(out *Set) int { return p.ApplyExcept(out, 0) }

// ApplyExcept is Apply ignoring the constraints in except: for instance
// ApplyExcept(out, DimTime) gives the hosts a timeline should show whatever
// the selected window.
func (p *Plan) ApplyExcept(out *Set, except Dim) int {
	if p.ds == nil {
		p.Compile(nil, Query{})
	}
	out.Reset(p.hosts())
	p.op, p.except, p.out = opApply, except, out
	p.exec()
	p.out = nil
	n := 0
	for k := range p.parts {
		n += p.parts[k].n
	}
	return n
}

func (p *Plan) hosts() int {
	if p.ds == nil {
		return 0
	}
	return p.ds.Hosts.Len()
}

// applyPart writes the words of the output set covering part k.
func (p *Plan) applyPart(pt *part) {
	act := p.active &^ p.except
	h := &p.ds.Hosts
	w := p.out.w
	n := 0
	for lo := pt.lo; lo < pt.hi; lo += 64 {
		hi := min(lo+64, pt.hi)
		m := ^uint64(0) >> (64 - uint(hi-lo))
		if act&DimCountry != 0 {
			m &= bits16(p.country, h.Country[lo:hi])
		}
		if m != 0 && act&DimType != 0 {
			m &= bits16(p.typ, h.Type[lo:hi])
		}
		if m != 0 && act&DimServer != 0 {
			sm := bitsServer(p.server, h.Server[lo:hi])
			if len(p.linked.w) > 0 {
				sm |= p.linked.w[lo>>6]
			}
			m &= sm
		}
		if m != 0 && act&DimConfidence != 0 {
			m &= bitsConf(&p.conf, h.Confidence[lo:hi])
		}
		if m != 0 && act&DimProvenance != 0 {
			m &= bitsProv(p.prov, h.Recon[lo:hi])
		}
		if m != 0 && act&DimTime != 0 {
			if p.mode == FirstSeen {
				m &= bitsFirst(h.First[lo:hi], p.from, p.to)
			} else {
				m &= bitsActive(h.First[lo:hi], h.Last[lo:hi], p.from, p.to)
			}
		}
		w[lo>>6] = m
		n += bits.OnesCount64(m)
	}
	pt.n = n
}

// The bitsX helpers turn up to 64 values of one column into a word, bit j
// for value j. Shifts are masked with &63 so the compiler emits a bare shift.

func bits16(tab []uint8, col []uint16) uint64 {
	var b uint64
	for j, c := range col {
		b |= uint64(tab[c]) << (uint(j) & 63)
	}
	return b
}

func bitsServer(tab []uint8, col []int32) uint64 {
	var b uint64
	for j, s := range col {
		b |= uint64(tab[s+1]) << (uint(j) & 63)
	}
	return b
}

func bitsConf(tab *[256]uint8, col []threat.Confidence) uint64 {
	var b uint64
	for j, c := range col {
		b |= uint64(tab[c]) << (uint(j) & 63)
	}
	return b
}

func bitsProv(tab [2]uint8, col []threat.Field) uint64 {
	var b uint64
	for j, r := range col {
		b |= uint64(tab[b2u(r&Placement != 0)]) << (uint(j) & 63)
	}
	return b
}

func bitsFirst(first []int64, from, to int64) uint64 {
	var b uint64
	for j, f := range first {
		b |= b2u(f >= from && f <= to) << (uint(j) & 63)
	}
	return b
}

func bitsActive(first, last []int64, from, to int64) uint64 {
	var b uint64
	last = last[:len(first)]
	for j, f := range first {
		b |= b2u(active(f, last[j], from, to)) << (uint(j) & 63)
	}
	return b
}

// active reports whether a host seen from f to l (either may be NoTime) was
// active at some instant of [from, to]. from > NoTime, so a host with no
// known time fails.
func active(f, l, from, to int64) bool {
	if f == threat.NoTime {
		f = l
	}
	if l == threat.NoTime {
		l = f
	}
	return max(f, l) >= from && min(f, l) <= to
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
