package ingest

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"threatmap/data/threat"
)

// Logs (FormatLog): each line of a known shape (logline.go) is an event
// of its source address; each distinct address becomes one host, placed
// from the IP database, with first_seen and last_seen from its lines'
// times, an "events" count in Props, and as its index the 0-based number
// of its first line. Workers aggregate their jobs' lines into a map of
// their own (logAgg); the maps are merged once the file is read
// (logHosts): an address's first and last times, count and first line do
// not depend on which worker saw which line.

// logHost is what the lines of one address say.
type logHost struct {
	addr        [16]byte // IPv4 as IPv4-mapped IPv6
	first, last int64    // threat.NoTime when none of its lines had a time
	events      int64
	line        int32 // its first line
}

// logAgg is one worker's hosts and what it did not recognise. The maps
// index hosts by address: IPv4 ones by a uint32, which Go's maps look up
// on a fast path, one look-up a line.
type logAgg struct {
	v4       map[uint32]int32
	v6       map[[16]byte]int32
	hosts    []logHost
	odd      int       // lines of no known shape
	oddFirst []oddLine // the first few of them, by line
	yearless int       // events whose time had no year (RFC 3164)
	noTime   int       // events without a time that reads
	times    *logTimes // shared, read only
}

// oddLine is a line of no known shape, for the report.
type oddLine struct {
	line int
	text string
}

// oddKept is how many unrecognised lines the report names.
const oddKept = tallyExamples

// logJob reads the lines of a log job into the worker's logAgg.
func (ps *parser) logJob(j *job) {
	g := ps.logs
	if g == nil {
		g = newLogAgg(ps.times)
		ps.logs = g
	}
	for _, e := range j.elems {
		eachLine(j.buf[e.off:e.end], int(e.line), g.line)
	}
}

// line adds one line of a log.
func (g *logAgg) line(l []byte, line int) {
	if len(l) > 0 && l[len(l)-1] == '\r' {
		l = l[:len(l)-1]
	}
	if isBlank(l) {
		return
	}
	a, t, yearless, ok := g.times.logLine(l)
	if !ok {
		g.oddLine(line, l)
		return
	}
	switch {
	case t == threat.NoTime:
		g.noTime++
	case yearless:
		g.yearless++
	}
	g.add(a.As16(), logHost{first: t, last: t, events: 1, line: int32(line)})
}

func newLogAgg(lt *logTimes) *logAgg {
	return &logAgg{v4: map[uint32]int32{}, v6: map[[16]byte]int32{}, times: lt}
}

// add adds x's lines to the host of address k.
func (g *logAgg) add(k [16]byte, x logHost) {
	var i int32
	var seen bool
	if [12]byte(k[:12]) == [12]byte{10: 0xff, 11: 0xff} {
		v := uint32(k[12])<<24 | uint32(k[13])<<16 | uint32(k[14])<<8 | uint32(k[15])
		if i, seen = g.v4[v]; !seen {
			g.v4[v] = int32(len(g.hosts))
		}
	} else if i, seen = g.v6[k]; !seen {
		g.v6[k] = int32(len(g.hosts))
	}
	if !seen {
		x.addr = k
		g.hosts = append(g.hosts, x)
		return
	}
	h := &g.hosts[i]
	h.first, h.last = minTime(h.first, x.first), maxTime(h.last, x.last)
	h.line = min(h.line, x.line)
	h.events += x.events
}

// isBlank reports whether l holds only spaces and tabs.
func isBlank(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// oddLine counts a line of no known shape, keeping the first few.
func (g *logAgg) oddLine(line int, l []byte) {
	g.odd++
	if len(g.oddFirst) == oddKept && line > g.oddFirst[oddKept-1].line {
		return
	}
	g.oddFirst = append(g.oddFirst, oddLine{line, clip(validText(string(l)))})
	slices.SortFunc(g.oddFirst, func(a, b oddLine) int { return a.line - b.line })
	g.oddFirst = g.oddFirst[:min(len(g.oddFirst), oddKept)]
}

func minTime(a, b int64) int64 {
	if a == threat.NoTime || (b != threat.NoTime && b < a) {
		return b
	}
	return a
}

func maxTime(a, b int64) int64 {
	if a == threat.NoTime || (b != threat.NoTime && b > a) {
		return b
	}
	return a
}

// merge adds h's hosts and counts to g.
func (g *logAgg) merge(h *logAgg) {
	for _, x := range h.hosts {
		g.add(x.addr, x)
	}
	g.odd += h.odd
	g.yearless += h.yearless
	g.noTime += h.noTime
	for _, o := range h.oddFirst {
		g.oddLine(o.line, []byte(o.text))
		g.odd-- // counted above
	}
}

// logHosts turns the workers' logAggs into hosts, in the order of their
// first lines, claimed and placed as a job's records are, and words the
// file's findings. Nothing when the file was not a log.
func (l *loader) logHosts(p *pipeline, rd *reader) {
	if rd.format != FormatLog {
		return
	}
	g := newLogAgg(nil)
	if len(p.logs) > 0 {
		slices.SortFunc(p.logs, func(a, b *logAgg) int { return len(b.hosts) - len(a.hosts) })
		g = p.logs[0]
		for _, h := range p.logs[1:] {
			g.merge(h)
		}
	}
	rd.logFindings(g)
	if len(g.hosts) == 0 {
		if rd.fatal == nil && rd.s.rerr == nil {
			rd.fatal = fmt.Errorf("ingest: %s: no line names a source address in a known shape (%s read; see the README for the shapes)", rd.name, count(g.odd, "line"))
		}
		return
	}
	all := g.hosts
	g.v4, g.v6 = nil, nil
	slices.SortFunc(all, func(a, b logHost) int { return int(a.line) - int(b.line) })
	ps := parser{geo: p.geo, times: p.times}
	j := &job{}
	ps.out = &j.out
	var pre []byte
	for n, e := range all {
		ps.line = e.line
		ps.begin(e.line - 1)
		c := ps.cur
		s := netip.AddrFrom16(e.addr).Unmap().String()
		c.ip = ps.appendText(s)
		c.first, c.last = e.first, e.last
		pre = strconv.AppendInt(append(pre[:0], `"events":`...), e.events, 10)
		ps.placeIP(s, pre)
		if len(j.out.recs) == 4096 || n == len(all)-1 {
			l.claim(j, nil)
			place(j)
			j.out.reset()
			ps.shared = [len(ps.shared)]span{}
		}
	}
}

// logFindings warns of a log's lines of no known shape, of lines
// without a time, and of the year given to RFC 3164 times.
func (rd *reader) logFindings(g *logAgg) {
	if g.odd > 0 {
		msg := fmt.Sprintf("%s of no known shape, not read (", count(g.odd, "line"))
		for k, o := range g.oddFirst {
			if k > 0 {
				msg += ", "
			}
			msg += fmt.Sprintf("line %d: %q", o.line, o.text)
		}
		if g.odd > len(g.oddFirst) {
			msg += ", ..."
		}
		rd.warn("%s)", msg)
	}
	if g.noTime > 0 {
		rd.warn("%s without a time that reads: counted, not timed", count(g.noTime, "line"))
	}
	if g.yearless > 0 && g.times != nil {
		y := civilYear(g.times.mod)
		rd.warn("syslog times have no year: %s read as %d, the year of the file's modification time (%s), or the year before for dates after it; in UTC",
			count(g.yearless, "line"), y, time.Unix(g.times.mod, 0).UTC().Format("2006-01-02"))
	}
}
