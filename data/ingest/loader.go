package ingest

import (
	"fmt"
	"math"
	"strings"
	"sync/atomic"

	"github.com/tidwall/gjson"

	"threatmap/data/country"
	"threatmap/data/geoip"
	"threatmap/data/threat"
)

// loader accumulates the features of one or more files into a Dataset,
// then resolves references across them (finish).
type loader struct {
	d     threat.Dataset
	cc    [26 * 26]uint16 // alpha-2 -> index into d.Countries, +1
	types map[string]uint16

	scratch  []byte // server and host ids of references, dropped by finish
	hostSrv  []span // per host: the server ids it references
	linkSrv  []span // per explicit link: its server id
	linkHost []span // per explicit link: its host id
	srvFile  []int  // per server: index into files
	linkProv bool   // the links' provenance columns are kept (linkProvenance)

	files  []*fileState
	cur    *fileState
	full   atomic.Bool  // the current file would take the text past maxText: stop reading
	readTo atomic.Int64 // bytes of the current file read so far
}

// fileState is what the loader knows of one file: its report and where its
// records start and end.
type fileState struct {
	rep            *Report
	h0, h1         int // hosts
	s0, s1         int // servers
	l0, l1         int // explicit links
	derived        int // links derived from its hosts: Links[d0:d0+derived]
	d0             int
	countryDerived int
	countryNone    int
	typesPast      int              // hosts whose new type found the codes full (read as otherTypes)
	text0, scr0    int              // len(Text) and len(scratch) at its start
	stored         int64            // bytes the file takes on disk, 0 when unknown (storedSize)
	rates          [nKinds]kindRate // per kind of column, for foresee
	tooMuchText    bool
	tallies        [nTallies]tally
	placed         [geoip.City + 1]int // records placed from IP, by precision
	notPlaced      map[string]int      // records whose IP was not placed, by why
	seen           addrSet             // the addresses placed so far (not in logs)
	geo            *geolocator         // the file's (its database once used)
}

// The warnings made once per file for many features (tally).
const (
	tLate       = iota // first_seen after last_seen
	tDupHost           // a host id that an earlier host has
	tDupRef            // a host naming the same server twice
	tDupServer         // a server id that an earlier server has
	tDupAddr           // an IP list's address on an earlier line
	tDisagree          // a record naming a country its IP database does not
	tRepeatAddr        // a record (not of a list) placed from an address already placed
	nTallies
)

var tallyWhat = [nTallies]string{
	tLate:       "first_seen after last_seen",
	tDupHost:    "duplicate host id (links by id go to the first host)",
	tDupRef:     "the same server named twice by a host",
	tDupServer:  "duplicate server id (the first server is kept)",
	tDupAddr:    "duplicate address (one host per address: the first line's)",
	tDisagree:   "records name a country the IP database disagrees with (placed in the record's country, country level)",
	tRepeatAddr: "records repeat an address already seen (one host each)",
}

// maxText bounds Dataset.Text (and the references' scratch): threat.Ref
// holds uint32 offsets. A file that would take it further is refused
// (errTooMuchText). A variable so that a test can lower it.
var maxText = int(min(uint64(math.MaxUint32), uint64(math.MaxInt)))

// errTooMuchText is the error of a file refused for maxText.
func errTooMuchText(name string) error {
	return fmt.Errorf("ingest: text of the loaded files passes 4 GiB; %s was not loaded (its ids, names and properties did not fit): load fewer or smaller files at once", name)
}

func newLoader() *loader {
	l := &loader{types: map[string]uint16{"unknown": 0}}
	l.d.Countries = []string{""}
	l.d.Types = []string{"unknown"}
	return l
}

// begin starts a file. The columns grow as records are claimed, from
// what has been read: nothing is reserved from the input's claimed size,
// which a sparse or padded file can make as large as it likes.
func (l *loader) begin(rep *Report, stored int64) {
	f := &fileState{rep: rep, h0: l.d.Hosts.Len(), s0: len(l.d.Servers), l0: l.d.Links.Len(),
		text0: len(l.d.Text), scr0: len(l.scratch), stored: stored}
	l.files = append(l.files, f)
	l.cur = f
	l.full.Store(false)
	l.readTo.Store(0)
}

// end closes the current file's ranges.
func (l *loader) end() {
	f := l.cur
	f.h1, f.s1, f.l1 = l.d.Hosts.Len(), len(l.d.Servers), l.d.Links.Len()
}

// drop removes everything the current file added, and empties its ranges
// (end set them): finish must not resolve what is gone.
func (l *loader) drop() {
	f := l.cur
	h := &l.d.Hosts
	n := f.h0
	h.Lon, h.Lat, h.First, h.Last = h.Lon[:n], h.Lat[:n], h.First[:n], h.Last[:n]
	h.Country, h.Type, h.Server, h.Confidence = h.Country[:n], h.Type[:n], h.Server[:n], h.Confidence[:n]
	h.Recon, h.ID, h.Name, h.IP, h.Source = h.Recon[:n], h.ID[:n], h.Name[:n], h.IP[:n], h.Source[:n]
	h.Props, h.Feature = h.Props[:n], h.Feature[:n]
	l.hostSrv = l.hostSrv[:n]
	l.d.Servers = l.d.Servers[:f.s0]
	l.srvFile = l.srvFile[:f.s0]
	k := f.l0
	lk := &l.d.Links
	lk.Server, lk.Host, lk.Lon0, lk.Lat0 = lk.Server[:k], lk.Host[:k], lk.Lon0[:k], lk.Lat0[:k]
	lk.Lon1, lk.Lat1, lk.First, lk.Derived, lk.Feature = lk.Lon1[:k], lk.Lat1[:k], lk.First[:k], lk.Derived[:k], lk.Feature[:k]
	lk.Recon, lk.Source, lk.Confidence = cut(lk.Recon, k), cut(lk.Source, k), cut(lk.Confidence, k)
	l.linkSrv, l.linkHost = l.linkSrv[:k], l.linkHost[:k]
	l.d.Text, l.scratch = l.d.Text[:f.text0], l.scratch[:f.scr0]
	f.rep.Skipped, f.rep.SkippedCount = nil, 0
	f.rep.Warnings, f.rep.WarningCount = nil, 0
	f.rep.kept = nil
	f.tallies = [nTallies]tally{}
	f.h1, f.s1, f.l1 = f.h0, f.s0, f.l0
}

// grow returns s with room for exactly n more elements, or s itself when
// it has that room already.
func grow[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	t := make([]T, len(s), len(s)+n)
	copy(t, s)
	return t
}

// cut is s[:k], or s when it is shorter (a column not kept).
func cut[T any](s []T, k int) []T { return s[:min(k, len(s))] }

// growLinks makes room for n more links in every link column kept.
func growLinks(lk *threat.Links, n int) {
	lk.Server, lk.Host = grow(lk.Server, n), grow(lk.Host, n)
	lk.Lon0, lk.Lat0, lk.Lon1, lk.Lat1 = grow(lk.Lon0, n), grow(lk.Lat0, n), grow(lk.Lon1, n), grow(lk.Lat1, n)
	lk.First, lk.Derived, lk.Feature = grow(lk.First, n), grow(lk.Derived, n), grow(lk.Feature, n)
	if lk.Recon != nil {
		lk.Recon, lk.Source, lk.Confidence = grow(lk.Recon, n), grow(lk.Source, n), grow(lk.Confidence, n)
	}
}

// linkProvenance keeps the links' provenance columns (Recon, Source,
// Confidence) from the first link that has any, padded with zeros to the
// other columns' length. Until then they stay nil, which the Dataset's
// accessors read as none: 11 bytes a link saved for a feed without them
// (11 MB at 1M links).
func (l *loader) linkProvenance() {
	lk := &l.d.Links
	l.linkProv = true
	if n := lk.Len() - len(lk.Recon); n > 0 {
		lk.Recon = append(lk.Recon, make([]threat.Field, n)...)
		lk.Source = append(lk.Source, make([]threat.Ref, n)...)
		lk.Confidence = append(lk.Confidence, make([]threat.Confidence, n)...)
	}
}

func (l *loader) countryCode(cc [2]byte) uint16 {
	if cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
		return 0
	}
	k := int(cc[0]-'A')*26 + int(cc[1]-'A')
	if c := l.cc[k]; c != 0 {
		return c - 1
	}
	c := uint16(len(l.d.Countries))
	l.d.Countries = append(l.d.Countries, string(cc[:]))
	l.cc[k] = c + 1
	return c
}

// maxTypes is how many target types the uint16 codes hold. Once all but
// one are taken, every new type is read as otherTypes (a feed whose "type"
// is a free string per host could otherwise wrap the codes around).
const (
	maxTypes   = 1 << 16
	otherTypes = "other types (past 65,534)"
)

func (l *loader) typeCode(t string) uint16 {
	if len(t) == 0 {
		return 0
	}
	if c, ok := l.types[t]; ok {
		return c
	}
	if len(l.d.Types) >= maxTypes-1 { // room for the one that takes the rest only
		l.cur.typesPast++
		c, ok := l.types[otherTypes]
		if !ok {
			c = uint16(len(l.d.Types))
			l.types[otherTypes] = c
			l.d.Types = append(l.d.Types, otherTypes)
		}
		return c
	}
	c := uint16(len(l.d.Types))
	s := strings.Clone(t) // t may point into a job's buffer (element made it valid UTF-8)
	l.types[s] = c
	l.d.Types = append(l.d.Types, s)
	return c
}

// placement is where claim put a job's records: the columns as they were
// after the claim (writes through these headers land in the Dataset, as no
// column moves until every claimed job is placed) and the first index of
// each kind.
type placement struct {
	hosts         threat.Hosts
	links         threat.Links
	hostSrv       []span
	linkSrv       []span
	linkHost      []span
	text, scratch []byte
	h0, l0        int
	tbase, sbase  uint32
}

// claim takes the next parsed job, in file order, under pipeline.mu:
// it reports the job's skips and warnings, appends its servers, codes its
// hosts' countries and types, and lengthens the columns by the job's
// records, which place then writes on a worker, in parallel with other
// jobs. wait returns when every job claimed before is placed; it is called
// before a column grows (and moves).
func (l *loader) claim(j *job, wait func()) {
	o := &j.out
	if l.cur.tooMuchText || len(l.d.Text)+len(o.text) > maxText || len(l.scratch)+len(o.scratch) > maxText {
		// Refused (read drops the file): nothing of it is placed.
		l.cur.tooMuchText = true
		l.full.Store(true)
		o.reset()
	}
	nh, nl := 0, 0
	for k := range o.recs {
		r := &o.recs[k]
		l.claimIssues(o, r)
		l.claimPlacement(r)
		switch r.kind {
		case rHost:
			nh++
			l.claimHost(r)
		case rServer:
			l.claimServer(o, r)
		case rLink:
			nl++
			if !l.linkProv && (r.recon != 0 || r.source.n != 0 || r.conf != 0) {
				l.linkProvenance()
			}
		}
	}
	a := &j.at
	a.h0, a.l0 = l.d.Hosts.Len(), l.d.Links.Len()
	a.tbase, a.sbase = uint32(len(l.d.Text)), uint32(len(l.scratch))
	l.extend(nh, nl, len(o.text), len(o.scratch), wait)
	a.hosts, a.links = l.d.Hosts, l.d.Links
	a.hostSrv, a.linkSrv, a.linkHost = l.hostSrv, l.linkSrv, l.linkHost
	a.text, a.scratch = l.d.Text, l.scratch
}

// claimIssues reports r's skip or warnings, and counts it when its
// first_seen comes after its last_seen.
func (l *loader) claimIssues(o *jobOut, r *rec) {
	id := func() string {
		if r.badID != "" {
			return r.badID
		}
		return o.textStr(r.id)
	}
	rep := l.cur.rep
	switch {
	case r.kind == rSkip:
		rep.skip(r.why, int(r.index), id(), r.msg)
		return
	case r.msg != "":
		rep.warn(r.why, int(r.index), id(), r.msg)
	}
	if r.late {
		l.cur.tallies[tLate].add(int(r.index), id)
	}
}

// claimHost codes a host's country and type.
func (l *loader) claimHost(r *rec) {
	r.ccode = l.countryCode(r.cc)
	r.tcode = l.typeCode(r.typ)
	switch r.ccFrom {
	case ccDerived:
		l.cur.countryDerived++
	case ccNone:
		l.cur.countryNone++
	}
}

// claimServer appends a server to the Dataset's.
func (l *loader) claimServer(o *jobOut, r *rec) {
	cc := ""
	if r.cc != [2]byte{} {
		cc = string(r.cc[:])
	}
	l.d.Servers = append(l.d.Servers, threat.Server{
		ID: o.textStr(r.id), Name: o.textStr(r.name), IP: o.textStr(r.ip),
		Network: o.textStr(r.network), Region: o.textStr(r.region), Country: cc,
		Role: r.role, Lon: float64(float32(r.lon)), Lat: float64(float32(r.lat)),
		First: r.first, Last: r.last, Confidence: r.conf, Recon: r.recon,
		Source: o.textStr(r.source), Props: o.textStr(r.props), Feature: r.index,
	})
	l.srvFile = append(l.srvFile, len(l.files)-1)
}

// place writes a claimed job's records into the ranges claim gave it. It
// runs on a worker and touches nothing but those ranges.
func place(j *job) {
	o, a := &j.out, &j.at
	copy(a.text[a.tbase:], o.text)
	copy(a.scratch[a.sbase:], o.scratch)
	base, sbase := a.tbase, a.sbase
	ref := func(s span) threat.Ref {
		if s.n == 0 {
			return threat.Ref{}
		}
		return threat.Ref{Off: base + s.off, Len: s.n}
	}
	sref := func(s span) span {
		if s.n == 0 {
			return span{}
		}
		return span{sbase + s.off, s.n}
	}
	h, lk := &a.hosts, &a.links
	hi, li := a.h0, a.l0
	for k := range o.recs {
		r := &o.recs[k]
		switch r.kind {
		case rHost:
			h.Lon[hi], h.Lat[hi] = float32(r.lon), float32(r.lat)
			h.First[hi], h.Last[hi] = r.first, r.last
			h.Country[hi], h.Type[hi] = r.ccode, r.tcode
			h.Server[hi] = -1
			h.Confidence[hi], h.Recon[hi] = r.conf, r.recon
			h.ID[hi], h.Name[hi], h.IP[hi] = ref(r.id), ref(r.name), ref(r.ip)
			h.Source[hi], h.Props[hi] = ref(r.source), ref(r.props)
			h.Feature[hi] = r.index
			a.hostSrv[hi] = sref(r.srv)
			hi++
		case rLink:
			lk.Server[li], lk.Host[li] = -1, -1
			lk.Lon0[li], lk.Lat0[li] = float32(r.lon), float32(r.lat)
			lk.Lon1[li], lk.Lat1[li] = float32(r.lon1), float32(r.lat1)
			lk.First[li], lk.Derived[li], lk.Feature[li] = r.first, false, r.index
			if r.recon != 0 || r.source.n != 0 || r.conf != 0 { // then kept: claim
				lk.Recon[li], lk.Source[li], lk.Confidence[li] = r.recon, ref(r.source), r.conf
			}
			a.linkSrv[li], a.linkHost[li] = sref(r.srv), sref(r.host)
			li++
		}
	}
}

// extend lengthens every host column by nh, every link column by nl, the
// text by nt and the references' scratch by ns. A column short of
// capacity grows (ext) to what the file is foreseen to need (foresee);
// wait (when not nil) is called once before the first one moves.
func (l *loader) extend(nh, nl, nt, ns int, wait func()) {
	f := l.cur
	e := extender{wait: wait}
	h := &l.d.Hosts
	ph := l.foresee(kHosts, h.Len()-f.h0+nh, f.h0)
	pl := l.foresee(kLinks, l.d.Links.Len()-f.l0+nl, f.l0)
	ext(&e, &h.Lon, nh, ph)
	ext(&e, &h.Lat, nh, ph)
	ext(&e, &h.First, nh, ph)
	ext(&e, &h.Last, nh, ph)
	ext(&e, &h.Country, nh, ph)
	ext(&e, &h.Type, nh, ph)
	ext(&e, &h.Server, nh, ph)
	ext(&e, &h.Confidence, nh, ph)
	ext(&e, &h.Recon, nh, ph)
	ext(&e, &h.ID, nh, ph)
	ext(&e, &h.Name, nh, ph)
	ext(&e, &h.IP, nh, ph)
	ext(&e, &h.Source, nh, ph)
	ext(&e, &h.Props, nh, ph)
	ext(&e, &h.Feature, nh, ph)
	ext(&e, &l.hostSrv, nh, ph)
	lk := &l.d.Links
	ext(&e, &lk.Server, nl, pl)
	ext(&e, &lk.Host, nl, pl)
	ext(&e, &lk.Lon0, nl, pl)
	ext(&e, &lk.Lat0, nl, pl)
	ext(&e, &lk.Lon1, nl, pl)
	ext(&e, &lk.Lat1, nl, pl)
	ext(&e, &lk.First, nl, pl)
	ext(&e, &lk.Derived, nl, pl)
	ext(&e, &lk.Feature, nl, pl)
	if l.linkProv {
		ext(&e, &lk.Recon, nl, pl)
		ext(&e, &lk.Source, nl, pl)
		ext(&e, &lk.Confidence, nl, pl)
	}
	ext(&e, &l.linkSrv, nl, pl)
	ext(&e, &l.linkHost, nl, pl)
	ext(&e, &l.d.Text, nt, l.foresee(kText, len(l.d.Text)-f.text0+nt, f.text0))
	ext(&e, &l.scratch, ns, l.foresee(kScratch, len(l.scratch)-f.scr0+ns, f.scr0))
}

// extender is one extend call's state: whether wait was called.
type extender struct {
	wait   func()
	waited bool
}

// The kinds of column a file's records fill, each from where the first
// of them came (fileState.since).
const (
	kHosts = iota
	kLinks
	kText
	kScratch
	nKinds
)

// Sizing from what has been read: once a kind of column has grown over
// projectFrom bytes of a file, a column of it that must grow is sized
// for the rest of the file, up to its size on disk (storedSize: a sparse
// file's holes take none), at the higher of two rates of that kind: since
// its first record, and over the last two to four times projectFrom
// bytes. A file may hold its hosts first and its links after them, and
// the references' scratch fills slowly with the hosts and fast with the
// links. A margin of projectMargin covers the rest. Doubling alone left a
// chain of old arrays behind, about the columns' final size: 1M hosts and
// links peaked at 428 MiB. Capacity foreseen and not used is address
// space, not memory.
const (
	projectFrom   = 4 << 20
	projectMargin = 1.25
)

// kindRate is what foresee knows of a kind of column in the current
// file: where its first record was read, and two marks (bytes read,
// records) at least 2*projectFrom bytes apart, the later one within the
// last 2*projectFrom bytes.
type kindRate struct {
	started         bool
	first, prev, at rateMark
}

type rateMark struct {
	read int64
	n    int
}

// foresee returns the capacity a column of kind k may grow to: n
// records of the current file so far, from0 before it; 0 when it cannot
// tell yet.
func (l *loader) foresee(k, n, from0 int) int {
	f := l.cur
	read := l.readTo.Load()
	if n == 0 {
		return 0
	}
	r := &f.rates[k]
	if !r.started {
		m := rateMark{read, 0}
		*r = kindRate{started: true, first: m, prev: m, at: m}
	}
	if read-r.at.read >= 2*projectFrom {
		r.prev, r.at = r.at, rateMark{read, n}
	}
	// The reader runs ahead of the claims by up to the pool of jobs: the
	// bytes of this kind are counted short by as much, never long, so
	// that a rate errs high (capacity) rather than low (a copy).
	ahead := int64(poolSize()) * bufSize
	span := read - r.first.read
	if f.stored <= read || span < projectFrom {
		return 0
	}
	// With many cores the pool can exceed the span (8.5 MiB at 16 cores):
	// counting at least half the span keeps the rate within twice the
	// true one, where span-ahead alone divided by almost nothing and
	// reserved 6.8e11 hosts.
	rate := float64(n) / float64(max(span-ahead, span/2))
	if d := read - r.prev.read; d >= 2*projectFrom {
		rate = max(rate, float64(n-r.prev.n)/float64(max(d-ahead, d/2)))
	}
	return from0 + n + int(rate*float64(f.stored-read)*projectMargin)
}

// maxForesee bounds, in times the records the file holds, what foresee
// may reserve for it (TestForeseeManyCores): twice the rate, with the
// margin.
const maxForesee = 4

// ext lengthens *s by n. Short of capacity, it grows to capacity want
// (foresee), or else doubles (append's growth, 1.25x for long slices,
// copied each column four times over: 27% of a 100k load's CPU). Before
// the first column of a claim moves, every job claimed earlier must be
// placed: they write through the old arrays.
func ext[T any](e *extender, s *[]T, n, want int) {
	if cap(*s)-len(*s) < n {
		if !e.waited && e.wait != nil {
			e.wait()
			e.waited = true
		}
		*s = grow(*s, max(n, cap(*s), minColumn, want-len(*s)))
	}
	*s = (*s)[:len(*s)+n]
}

// minColumn is the capacity a column starts with: a job's worth of
// features, so that small files grow a column once or twice.
const minColumn = 1024

// summarize fills the report's counts from the dataset.
func (l *loader) summarize(f *fileState) {
	d := &l.d
	r := f.rep
	if r.Err != nil {
		return
	}
	for k := range f.tallies {
		r.warnTally(&f.tallies[k], tallyWhat[k])
	}
	h := &d.Hosts
	r.Hosts = f.h1 - f.h0
	r.Servers = max(0, f.s1-f.s0)
	r.Derived = f.derived
	r.Links = f.l1 - f.l0 + f.derived
	r.Countries = map[string]int{}
	r.Types = map[string]int{}
	cnt := make([]int, len(d.Countries))
	tcnt := make([]int, len(d.Types))
	first, last := int64(1<<63-1), int64(-1<<63)
	see := func(t int64) {
		if t != threat.NoTime {
			first, last = min(first, t), max(last, t)
		}
	}
	for i := f.h0; i < f.h1; i++ {
		cnt[h.Country[i]]++
		tcnt[h.Type[i]]++
		see(h.First[i])
		see(h.Last[i])
	}
	for i, n := range cnt {
		if n > 0 {
			r.Countries[d.Countries[i]] = n
		}
	}
	for i, n := range tcnt {
		if n > 0 {
			r.Types[d.Types[i]] += n
		}
	}
	for i := f.s0; i < f.s1; i++ {
		s := &d.Servers[i]
		switch s.Role {
		case threat.RoleControl:
			r.Control++
		case threat.RoleCommand:
			r.Command++
		}
		see(s.First)
		see(s.Last)
	}
	for i := f.l0; i < f.l1; i++ {
		see(d.Links.First[i])
	}
	if first <= last {
		r.First, r.Last = first, last
	}
	r.Reconstructed = l.countRecon(f)
	f.placement()
	if r.Loaded() == 0 && r.Err == nil {
		switch {
		case r.SkippedCount > 0:
			r.Err = fmt.Errorf("ingest: %s: no feature could be loaded (%d skipped; the first: %s)", r.File, r.SkippedCount, r.Skipped[0])
		default:
			r.Err = fmt.Errorf("ingest: %s: no features", r.File)
		}
	}
}

// countRecon counts the file's records by what was reconstructed of them
// (Report.Reconstructed).
func (l *loader) countRecon(f *fileState) map[string]int {
	d := &l.d
	var c reconCounter
	for _, x := range d.Hosts.Recon[f.h0:f.h1] {
		c.add(x)
	}
	for i := f.s0; i < f.s1; i++ {
		c.add(d.Servers[i].Recon)
	}
	for i := f.l0; i < f.l1; i++ {
		c.add(d.LinkRecon(i))
	}
	for i := f.d0; i < f.d0+f.derived; i++ {
		c.add(d.LinkRecon(i))
	}
	return c.counts()
}

// readMeta merges a "metadata" foreign member into the dataset's Meta.
func (l *loader) readMeta(raw []byte) {
	v := gjson.ParseBytes(raw)
	if !v.IsObject() {
		return
	}
	m := &l.d.Meta
	if t := v.Get("title"); t.Type == gjson.String && m.Title == "" {
		m.Title = clip2(t.Str, 200)
	}
	if c := v.Get("caveat"); c.Type == gjson.String && m.Caveat == "" {
		m.Caveat = clip2(c.Str, 500)
	}
	if c := v.Get("confidence_note"); c.Type == gjson.String && m.ConfidenceNote == "" {
		m.ConfidenceNote = clip2(c.Str, 500)
	}
	if c := v.Get("host_noun"); c.Type == gjson.String && m.HostNoun == "" {
		m.HostNoun = clip2(c.Str, 60)
	}
	v.Get("sources").ForEach(func(_, s gjson.Result) bool {
		if s.Type == gjson.String && len(m.Sources) < 100 {
			m.Sources = append(m.Sources, clip2(s.Str, 500))
		}
		return true
	})
	if v.Get("reconstructed").Bool() {
		m.Reconstructed = true
	}
	l.reportedCountries(v.Get("reported_countries"))
}

// reportedCountries adds the alpha-2 codes of a "reported_countries"
// metadata member to Meta.ReportedCountries, each once, in canonical
// form (ByAlpha2: "uk" is GB), so that the list is no longer than the
// table of countries; what is not a code is warned of and ignored.
func (l *loader) reportedCountries(v gjson.Result) {
	if !v.Exists() || v.Type == gjson.Null {
		return
	}
	rep := l.cur.rep
	if !v.IsArray() {
		rep.warnf("metadata reported_countries is not an array, ignored")
		return
	}
	m := &l.d.Meta
	var seen [26 * 26]bool
	for _, cc := range m.ReportedCountries {
		seen[int(cc[0]-'A')*26+int(cc[1]-'A')] = true
	}
	var bad []string
	nbad := 0
	v.ForEach(func(_, x gjson.Result) bool {
		c, ok := country.ByAlpha2(strings.TrimSpace(x.Str))
		if x.Type != gjson.String || !ok || len(c.Alpha2) != 2 {
			if nbad++; len(bad) < tallyExamples {
				bad = append(bad, clip(x.Raw))
			}
			return true
		}
		if k := int(c.Alpha2[0]-'A')*26 + int(c.Alpha2[1]-'A'); !seen[k] {
			seen[k] = true
			m.ReportedCountries = append(m.ReportedCountries, c.Alpha2)
		}
		return true
	})
	if nbad > len(bad) {
		bad = append(bad, "...")
	}
	if nbad > 0 {
		rep.warnf("metadata reported_countries: %s ignored (not a country code): %s", count(nbad, "value"), strings.Join(bad, ", "))
	}
}

// clip2 cuts s to at most n bytes on a rune boundary, with valid UTF-8.
func clip2(s string, n int) string {
	if len(s) <= n {
		return validText(s)
	}
	// Cut first: s may be a feature of up to maxFeature bytes.
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return validText(s[:n]) + "..."
}
