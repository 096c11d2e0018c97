package ingest

import (
	"bytes"
	"hash/maphash"
	"slices"
	"sort"
	"sync"

	"threatmap/data/threat"
)

// finish resolves references, derives links and fills the reports, and
// returns the Dataset. The loader must not be used afterwards.
func (l *loader) finish() *threat.Dataset {
	byID := l.resolveServers()
	hosts := l.indexHosts()
	var miss misses
	l.resolveHostServers(byID, &miss)
	hasLink := l.resolveLinks(byID, hosts, &miss)
	l.deriveLinks(byID, hasLink)
	l.reportMissing(&miss)
	l.scratch, l.hostSrv, l.linkSrv, l.linkHost = nil, nil, nil, nil
	for _, f := range l.files {
		l.summarize(f)
	}
	l.placementMeta()
	return &l.d
}

// resolveServers keeps the first server of each id (the others are
// counted in their file's tDupServer), sets each file's range of
// servers, and returns the index of each id.
func (l *loader) resolveServers() map[string]int32 {
	d := &l.d
	byID := make(map[string]int32, len(d.Servers))
	keep, keepFile := d.Servers[:0], l.srvFile[:0]
	for i, s := range d.Servers {
		f := l.files[l.srvFile[i]]
		if s.ID != "" {
			if _, dup := byID[s.ID]; dup {
				f.tallies[tDupServer].add(int(s.Feature), func() string { return s.ID })
				continue
			}
			byID[s.ID] = int32(len(keep))
		}
		keep = append(keep, s)
		keepFile = append(keepFile, l.srvFile[i])
	}
	d.Servers, l.srvFile = keep, keepFile
	for _, f := range l.files {
		f.s0, f.s1 = len(d.Servers), 0
	}
	for i, fi := range l.srvFile {
		f := l.files[fi]
		f.s0, f.s1 = min(f.s0, i), max(f.s1, i+1)
	}
	return byID
}

// indexHosts indexes the hosts by id, the first of each id; later ones
// are counted in their file's tDupHost.
func (l *loader) indexHosts() *hostIndex {
	x := newHostIndex(&l.d)
	for _, f := range l.files {
		for i := f.h0; i < f.h1; i++ {
			if x.add(int32(i)) {
				f.tallies[tDupHost].add(int(l.d.Hosts.Feature[i]), func() string { return l.d.Str(l.d.Hosts.ID[i]) })
			}
		}
	}
	return x
}

// miss is a reference to a server id that no server has.
type miss struct {
	file int
	id   string
}

// misses counts references to unknown servers, one map per half (halves).
type misses [2]map[miss]int

func (m *misses) add(part, file int, id []byte) {
	if m[part] == nil {
		m[part] = map[miss]int{}
	}
	m[part][miss{file, string(id)}]++
}

// resolveHostServers sets each host's server to the first one it names
// that exists, two halves of each file's hosts at once.
func (l *loader) resolveHostServers(byID map[string]int32, miss *misses) {
	h := &l.d.Hosts
	for fi, f := range l.files {
		var dup [2]tally
		halves(f.h0, f.h1, func(part, lo, hi int) {
			for i := lo; i < hi; i++ {
				s := l.hostSrv[i]
				if s.n == 0 {
					continue
				}
				l.eachID(s, func(id []byte) bool {
					if k, ok := byID[string(id)]; !ok {
						miss.add(part, fi, id)
					} else if h.Server[i] < 0 {
						h.Server[i] = k
					}
					return true
				})
				if l.namesTwice(s) {
					dup[part].add(int(h.Feature[i]), func() string { return l.d.Str(h.ID[i]) })
				}
			}
		})
		f.tallies[tDupRef].merge(&dup[0])
		f.tallies[tDupRef].merge(&dup[1])
	}
}

// namesTwice reports whether the ids of s name one server twice.
func (l *loader) namesTwice(s span) bool {
	b := l.scratch[s.off : s.off+s.n]
	if bytes.IndexByte(b, 0) < 0 {
		return false // one id, the common case
	}
	var seen [][]byte
	twice := false
	l.eachID(s, func(id []byte) bool {
		for _, x := range seen {
			if bytes.Equal(x, id) {
				twice = true
				return false
			}
		}
		seen = append(seen, id)
		return len(seen) < 64 // a longer list is not checked further
	})
	return twice
}

// eachID calls f with each NUL-separated id of s until f returns false.
func (l *loader) eachID(s span, f func(id []byte) bool) {
	b := l.scratch[s.off : s.off+s.n]
	for len(b) > 0 {
		k := bytes.IndexByte(b, 0)
		if k < 0 {
			f(b)
			return
		}
		if !f(b[:k]) {
			return
		}
		b = b[k+1:]
	}
}

// firstID returns the first id of s.
func (l *loader) firstID(s span) []byte {
	b := l.scratch[s.off : s.off+s.n]
	if k := bytes.IndexByte(b, 0); k >= 0 {
		return b[:k]
	}
	return b
}

// halves calls f(0, lo, mid) and f(1, mid, hi) at once on two
// goroutines, or f(0, lo, hi) alone for a range too short to be worth it.
func halves(lo, hi int, f func(part, lo, hi int)) {
	if hi-lo < 1<<13 {
		f(0, lo, hi)
		return
	}
	mid := lo + (hi-lo)/2
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(1, mid, hi)
	}()
	f(0, lo, mid)
	<-done
}

// linkEnds finds the server and host of explicit links: by id, else by
// the exact coordinates of the link's end. The maps by end point are made
// on first need, once for both halves.
type linkEnds struct {
	l              *loader
	byID           map[string]int32
	hosts          *hostIndex
	srvAt, hostAt  map[[2]float32]int32
	srvOnce, hOnce sync.Once
}

// server returns the server of link i, or -1.
func (e *linkEnds) server(i, part, file int, miss *misses) int32 {
	l, lk := e.l, &e.l.d.Links
	if s := l.linkSrv[i]; s.n > 0 {
		id := l.firstID(s)
		if k, ok := e.byID[string(id)]; ok {
			return k
		}
		miss.add(part, file, id)
	}
	e.srvOnce.Do(func() {
		sv := l.d.Servers
		e.srvAt = make(map[[2]float32]int32, len(sv))
		for k := len(sv) - 1; k >= 0; k-- {
			e.srvAt[[2]float32{float32(sv[k].Lon), float32(sv[k].Lat)}] = int32(k)
		}
	})
	if k, ok := e.srvAt[[2]float32{lk.Lon0[i], lk.Lat0[i]}]; ok {
		return k
	}
	return -1
}

// host returns the host of link i, or -1. *hint is the host after the
// one found last: links in the order of their hosts need no look-up.
func (e *linkEnds) host(i int, hint *int) int32 {
	l, lk, h := e.l, &e.l.d.Links, &e.l.d.Hosts
	if s := l.linkHost[i]; s.n > 0 {
		id := l.firstID(s)
		// The host after the last one found, unless an earlier host has
		// its id: links by id go to the first host of an id.
		if *hint < h.Len() && !e.hosts.dup[int32(*hint)] && bytes.Equal(e.hosts.id(int32(*hint)), id) {
			*hint++
			return int32(*hint - 1)
		}
		if k := e.hosts.find(id); k >= 0 {
			*hint = int(k) + 1
			return k
		}
	}
	e.hOnce.Do(func() {
		e.hostAt = make(map[[2]float32]int32, h.Len())
		for k := h.Len() - 1; k >= 0; k-- {
			e.hostAt[[2]float32{h.Lon[k], h.Lat[k]}] = int32(k)
		}
	})
	if k, ok := e.hostAt[[2]float32{lk.Lon1[i], lk.Lat1[i]}]; ok {
		return k
	}
	return -1
}

// resolveLinks sets each explicit link's server and host, two halves of
// each file's links at once, and gives a host without a server reference
// of its own its first link's server. A link to a host whose server was
// reconstructed is reconstructed (FieldLink). It returns which hosts have
// a link.
func (l *loader) resolveLinks(byID map[string]int32, hosts *hostIndex, miss *misses) []bool {
	e := &linkEnds{l: l, byID: byID, hosts: hosts}
	h, lk := &l.d.Hosts, &l.d.Links
	hasLink := make([]bool, h.Len())
	for fi, f := range l.files {
		var noSrv, noHost [2]int
		halves(f.l0, f.l1, func(part, lo, hi int) {
			// Links in their hosts' order, one each, are the common case:
			// the half's first link then names the host at this index.
			hint := min(f.h0+lo-f.l0, h.Len())
			for i := lo; i < hi; i++ {
				lk.Server[i], lk.Host[i] = e.server(i, part, fi, miss), e.host(i, &hint)
				if lk.Server[i] < 0 {
					noSrv[part]++
				}
				if lk.Host[i] < 0 {
					noHost[part]++
				}
			}
		})
		for i := f.l0; i < f.l1; i++ {
			if host, srv := lk.Host[i], lk.Server[i]; host >= 0 {
				hasLink[host] = true
				if h.Recon[host]&threat.FieldServer != 0 {
					l.linkProvenance()
					lk.Recon[i] |= threat.FieldLink // the host's server was filled in
				}
				if h.Server[host] < 0 && srv >= 0 {
					h.Server[host] = srv
				}
			}
		}
		if n := noSrv[0] + noSrv[1]; n > 0 {
			f.rep.warnf("%s no server (by id or end point); drawn from %s coordinates", count(n, "link")+matchVerb(n), theirIts(n))
		}
		if n := noHost[0] + noHost[1]; n > 0 {
			f.rep.warnf("%s no host (by id or end point); drawn from %s coordinates", count(n, "link")+matchVerb(n), theirIts(n))
		}
	}
	return hasLink
}

// deriveLinks adds a link from each server a host names to the host, for
// hosts without an explicit link: one per server, however often named.
// A derived link is reconstructed (FieldLink, and the host's
// reconstructed server and first_seen, which it takes) and has the host's
// source and confidence. The link columns grow once, to what they then
// hold: appended one by one, they doubled and left their old arrays
// behind.
func (l *loader) deriveLinks(byID map[string]int32, hasLink []bool) {
	d := &l.d
	h, lk := &d.Hosts, &d.Links
	n := 0
	for i := range h.Len() {
		if s := l.hostSrv[i]; s.n > 0 && !hasLink[i] {
			n += 1 + bytes.Count(l.scratch[s.off:s.off+s.n], []byte{0})
		}
	}
	growLinks(lk, n)
	for _, f := range l.files {
		f.d0 = lk.Len()
		for i := f.h0; i < f.h1; i++ {
			s := l.hostSrv[i]
			if s.n == 0 || hasLink[i] {
				continue
			}
			first := lk.Len()
			l.eachID(s, func(id []byte) bool {
				k, ok := byID[string(id)]
				if !ok || slices.Contains(lk.Server[first:], k) {
					return true // one link per server a host names
				}
				sv := &d.Servers[k]
				if !l.linkProv {
					l.linkProvenance() // a derived link has the host's provenance
				}
				lk.Server = append(lk.Server, k)
				lk.Host = append(lk.Host, int32(i))
				lk.Lon0, lk.Lat0 = append(lk.Lon0, float32(sv.Lon)), append(lk.Lat0, float32(sv.Lat))
				lk.Lon1, lk.Lat1 = append(lk.Lon1, h.Lon[i]), append(lk.Lat1, h.Lat[i])
				lk.First = append(lk.First, h.First[i])
				lk.Derived = append(lk.Derived, true)
				lk.Feature = append(lk.Feature, -1)
				lk.Recon = append(lk.Recon, threat.FieldLink|h.Recon[i]&(threat.FieldServer|threat.FieldFirstSeen))
				lk.Source = append(lk.Source, h.Source[i])
				lk.Confidence = append(lk.Confidence, h.Confidence[i])
				f.derived++
				return true
			})
		}
	}
}

// reportMissing warns, per file and in the order of the ids, of the
// references to servers that are not in the data.
func (l *loader) reportMissing(m *misses) {
	all := m[0]
	for k, n := range m[1] {
		if all == nil {
			all = map[miss]int{}
		}
		all[k] += n
	}
	keys := make([]miss, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].file != keys[b].file {
			return keys[a].file < keys[b].file
		}
		return keys[a].id < keys[b].id
	})
	for _, k := range keys {
		l.files[k.file].rep.warnf("%s to server %q, which is not in the data", count(all[k], "reference"), clip(k.id))
	}
}

// hostIndex finds hosts by id: an open-addressing table of host
// indices (plus one; 0 is empty) by the id's hash, at most two thirds
// full, holding the first host of each id. The ids stay in Dataset.Text:
// 4 bytes a slot, where a Go map by hash took about 20 bytes a host and
// its inserts 0.3 s of a 1M load's CPU.
type hostIndex struct {
	d     *threat.Dataset
	seed  maphash.Seed
	slots []int32
	mask  uint64
	dup   map[int32]bool // hosts whose id an earlier host has (few)
}

func newHostIndex(d *threat.Dataset) *hostIndex {
	n := d.Hosts.Len()
	size := 1
	for size < n+n/2+1 {
		size <<= 1
	}
	return &hostIndex{d: d, seed: maphash.MakeSeed(), slots: make([]int32, size), mask: uint64(size - 1)}
}

// id returns host i's id, in the Dataset's text.
func (x *hostIndex) id(i int32) []byte {
	r := x.d.Hosts.ID[i]
	return x.d.Text[r.Off : r.Off+r.Len]
}

// add indexes host i and reports whether an earlier host has its id.
func (x *hostIndex) add(i int32) (dup bool) {
	id := x.id(i)
	if len(id) == 0 {
		return false
	}
	for s := maphash.Bytes(x.seed, id) & x.mask; ; s = (s + 1) & x.mask {
		k := x.slots[s]
		if k == 0 {
			x.slots[s] = i + 1
			return false
		}
		if bytes.Equal(x.id(k-1), id) {
			if x.dup == nil {
				x.dup = map[int32]bool{}
			}
			x.dup[i] = true
			return true
		}
	}
}

// find returns the first host with this id, or -1.
func (x *hostIndex) find(id []byte) int32 {
	if len(id) == 0 {
		return -1
	}
	for s := maphash.Bytes(x.seed, id) & x.mask; ; s = (s + 1) & x.mask {
		k := x.slots[s]
		if k == 0 {
			return -1
		}
		if bytes.Equal(x.id(k-1), id) {
			return k - 1
		}
	}
}
