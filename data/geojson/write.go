// Package geojson writes a threat.Dataset, or the part of it a filter keeps,
// as an RFC 7946 FeatureCollection that data/ingest reads back to the same
// dataset: the canonical properties of data/ingest/README.md, each record's
// other properties (its Props) and the collection's metadata.
//
// The output is streamed feature by feature through one reused buffer: a
// million hosts take no tree and no more memory than an index of the links
// by host (8 bytes a host and a link).
package geojson

import (
	"bufio"
	"context"
	"errors"
	"io"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

// Options says what Write writes.
type Options struct {
	// Visible holds the hosts to write (a filter result); nil writes all.
	// A link is written when its host is (a link without a host only when
	// Visible is nil), as the map draws them. Every server is written.
	Visible *filter.Set
	// Progress, when set, is called now and then (every progressStep
	// features, and at the end) with the features written and the total,
	// on the goroutine that called Write.
	Progress func(done, total int)
}

// Keep returns the hosts q keeps, as Options.Visible holds them: nil when
// q keeps every host.
func Keep(ds *threat.Dataset, q *filter.Query) *filter.Set {
	if !q.Constrains() {
		return nil
	}
	vis := filter.NewSet(ds.Hosts.Len())
	q.Apply(ds, vis)
	return vis
}

// Counts says how many records Write wrote. Links counts the links a
// reader gets back: those written as LineStrings and those derived from a
// written host's server references.
type Counts struct {
	Hosts, Servers, Links int
}

// progressStep is how many features pass between Progress calls and
// context checks: about 10 ms of writing.
const progressStep = 1 << 15

// Write writes the hosts, servers and links of ds that opt selects to w as
// one GeoJSON FeatureCollection, one feature a line: a "metadata" member,
// the servers, the hosts, then the links from server to host.
//
// What makes a second read give back the same dataset:
//   - coordinates are written as the columns hold them (the shortest
//     decimal that reads back to the same float32; servers' float64);
//   - a host's "server" names its primary server first, then the servers
//     of its links;
//   - a derived link (made from a host's server references) is not
//     written as a LineString: the host's "server" makes it again;
//   - times are RFC 3339 in UTC (epoch milliseconds outside years 0-9999);
//   - the record's Props follow the canonical properties; a key in both
//     (a source's own spelling of a country, say) appears twice, canonical
//     first, which is how the reader tells them apart.
//
// Feature indices and the names of the loaded files are not kept. Write
// stops with ctx.Err() when ctx is done; w then holds part of a
// collection, so write to a render.Output and Abort it.
func Write(ctx context.Context, w io.Writer, ds *threat.Dataset, opt Options) (Counts, error) {
	if ds == nil {
		return Counts{}, errors.New("geojson: no dataset")
	}
	if opt.Visible != nil && opt.Visible.Len() != ds.Hosts.Len() {
		return Counts{}, errors.New("geojson: visible set does not match the dataset's hosts")
	}
	e := newEncoder(w, ds, opt)
	if err := e.run(ctx); err != nil {
		return Counts{}, err
	}
	return e.n, nil
}

// encoder is the state of one Write.
type encoder struct {
	w     *bufio.Writer
	ds    *threat.Dataset
	opt   Options
	links linksByHost
	b     []byte // the feature being written
	ids   []int32
	n     Counts
	done  int // features written
	total int // features to write, for Progress
	first bool
}

func newEncoder(w io.Writer, ds *threat.Dataset, opt Options) *encoder {
	return &encoder{w: bufio.NewWriterSize(w, 256<<10), ds: ds, opt: opt, first: true}
}

// run writes the collection.
func (e *encoder) run(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ds := e.ds
	e.links.build(ds)
	e.total = len(ds.Servers) + e.hostCount() + e.explicitLinks()
	e.b = appendMeta(e.b[:0], &ds.Meta)
	if err := e.flush(); err != nil {
		return err
	}
	for i := range ds.Servers {
		e.b = appendServer(e.sep(), ds, &ds.Servers[i])
		if err := e.feature(ctx); err != nil {
			return err
		}
	}
	e.n.Servers = len(ds.Servers)
	if err := e.hosts(ctx); err != nil {
		return err
	}
	if err := e.linkFeatures(ctx); err != nil {
		return err
	}
	e.b = append(e.b[:0], "\n]}\n"...)
	if err := e.flush(); err != nil {
		return err
	}
	if err := e.w.Flush(); err != nil {
		return err
	}
	if e.opt.Progress != nil {
		e.opt.Progress(e.done, e.total)
	}
	return nil
}

// hosts writes the visible hosts and counts the links derived from them.
func (e *encoder) hosts(ctx context.Context) error {
	ds, vis := e.ds, e.opt.Visible
	for i := range ds.Hosts.Len() {
		if vis != nil && !vis.Has(i) {
			continue
		}
		e.ids = e.hostServers(i, e.ids[:0])
		e.b = appendHost(e.sep(), ds, i, e.ids)
		e.n.Hosts++
		for _, l := range e.links.of(i) {
			if ds.Links.Derived[l] {
				e.n.Links++
			}
		}
		if err := e.feature(ctx); err != nil {
			return err
		}
	}
	return nil
}

// linkFeatures writes the explicit links of the visible hosts.
func (e *encoder) linkFeatures(ctx context.Context) error {
	ds := e.ds
	for l := range ds.Links.Len() {
		if !e.writesLink(l) {
			continue
		}
		e.b = appendLink(e.sep(), ds, l)
		e.n.Links++
		if err := e.feature(ctx); err != nil {
			return err
		}
	}
	return nil
}

// writesLink reports whether link l is written as a LineString: it was
// not derived and its host is written.
func (e *encoder) writesLink(l int) bool {
	lk := &e.ds.Links
	if lk.Derived[l] {
		return false
	}
	h := int(lk.Host[l])
	if h < 0 || h >= e.ds.Hosts.Len() {
		return e.opt.Visible == nil
	}
	return e.opt.Visible == nil || e.opt.Visible.Has(h)
}

// hostCount is the number of hosts written.
func (e *encoder) hostCount() int {
	if e.opt.Visible == nil {
		return e.ds.Hosts.Len()
	}
	return e.opt.Visible.Count()
}

// explicitLinks is the number of links written as LineStrings.
func (e *encoder) explicitLinks() int {
	n := 0
	for l := range e.ds.Links.Len() {
		if e.writesLink(l) {
			n++
		}
	}
	return n
}

// hostServers appends to out the servers host i reports to: its primary
// server, then those of its links, each once.
func (e *encoder) hostServers(i int, out []int32) []int32 {
	ds := e.ds
	add := func(s int32) {
		if s < 0 || int(s) >= len(ds.Servers) {
			return
		}
		for _, x := range out {
			if x == s {
				return
			}
		}
		out = append(out, s)
	}
	add(ds.Hosts.Server[i])
	for _, l := range e.links.of(i) {
		add(ds.Links.Server[l])
	}
	return out
}

// sep starts the next feature in e.b, after a separator unless first.
func (e *encoder) sep() []byte {
	if e.first {
		e.first = false
		return append(e.b[:0], '\n')
	}
	return append(e.b[:0], ",\n"...)
}

// feature writes e.b, counts it, and now and then reports progress and
// checks ctx.
func (e *encoder) feature(ctx context.Context) error {
	if err := e.flush(); err != nil {
		return err
	}
	e.done++
	if e.done%progressStep == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.opt.Progress != nil {
			e.opt.Progress(e.done, e.total)
		}
	}
	return nil
}

func (e *encoder) flush() error {
	_, err := e.w.Write(e.b)
	return err
}

// linksByHost lists the links of each host (compressed rows: the links of
// host h are idx[off[h]:off[h+1]], in link order).
type linksByHost struct {
	off, idx []int32
}

func (x *linksByHost) build(ds *threat.Dataset) {
	n := ds.Hosts.Len()
	x.off = make([]int32, n+2)
	lh := ds.Links.Host
	for _, h := range lh {
		if h >= 0 && int(h) < n {
			x.off[h+2]++
		}
	}
	for h := 2; h < len(x.off); h++ {
		x.off[h] += x.off[h-1]
	}
	x.idx = make([]int32, x.off[n+1])
	for l, h := range lh {
		if h >= 0 && int(h) < n {
			x.idx[x.off[h+1]] = int32(l)
			x.off[h+1]++
		}
	}
	x.off = x.off[:n+1]
}

// of returns the links of host h.
func (x *linksByHost) of(h int) []int32 { return x.idx[x.off[h]:x.off[h+1]] }
