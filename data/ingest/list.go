package ingest

import (
	"bytes"
	"fmt"
)

// IP lists (FormatIPList): one IPv4 or IPv6 address, or CIDR network, a
// line, as blocklists and FireHOL netsets/ipsets write them. Blank lines
// and comments (from '#' or ';' to the end of the line) are ignored. Each
// address is a host placed from the IP database (placeIP); a network is
// placed by its network address, its prefix length kept in Props
// ("prefix"). An address listed again (same prefix length) is one host,
// the first line's: the repeats are counted in one warning. A record's
// index is its 0-based line number.

// listProbe is how many data lines (comments and blank lines aside) at
// the start of an input decide whether it is an IP list.
const listProbe = 64

// looksList reports whether the first whole lines of b (up to listProbe
// of them, comments and blank lines aside) are mostly IP addresses or
// networks: at least one, and at least 4 in 5 of them, or half of them
// when every line is one word (a list mixing addresses and host names,
// whose names are then skipped one by one).
func looksList(b []byte) bool {
	ips, lines, words := 0, 0, 0
	for raw, whole := range headLines(b) {
		if lines == listProbe || !whole && lines > 0 {
			break // the last line may be cut: the whole ones decide
		}
		l := listEntry(raw)
		if len(l) == 0 {
			continue
		}
		lines++
		if _, _, ok := parseIP(string(l)); ok {
			ips++
		}
		if bytes.IndexAny(l, " \t,") < 0 {
			words++
		}
	}
	return ips > 0 && (5*ips >= 4*lines || words == lines && 2*ips >= lines)
}

// headLines yields the lines of b from its start, without their '\n',
// and whether each is whole: the last, with no '\n' after it, may be cut
// short by the probe (callers count it only when no whole line counted).
func headLines(b []byte) func(yield func([]byte, bool) bool) {
	return func(yield func([]byte, bool) bool) {
		for len(b) > 0 {
			k := indexByte(b, '\n')
			if k < 0 {
				yield(b, false)
				return
			}
			if !yield(b[:k], true) {
				return
			}
			b = b[k+1:]
		}
	}
}

// listEntry returns a list line without its comment ('#' or ';' to the
// end) and surrounding white space.
func listEntry(l []byte) []byte {
	if k := bytes.IndexAny(l, "#;"); k >= 0 {
		l = l[:k]
	}
	return bytes.TrimSpace(l)
}

// lines hands the input from buf[i] to the workers as jobs of kind k, each
// element a run of whole lines (its line number in elem.line). A line
// longer than maxRecord is skipped, not buffered.
func (rd *reader) lines(i int, k jobKind) {
	s := rd.s
	s.kind = k
	for {
		if e := bytes.LastIndexByte(s.buf[i:s.n], '\n'); e >= 0 {
			s.add(elem{off: i, end: i + e + 1, line: int32(s.line(i))})
			i += e + 1
		} else if s.n-i > maxRecord {
			line := s.line(i)
			rd.issues = append(rd.issues, issue{true, Issue{line - 1, "", fmt.Sprintf("line %d: longer than 1 MiB, skipped", line)}})
			if i = rd.seqDiscard('\n'); i < 0 {
				break
			}
			continue
		}
		sh, ok := s.refill(i)
		i -= sh
		if !ok {
			if i < s.n {
				s.add(elem{off: i, end: s.n, line: int32(s.line(i))})
			}
			break
		}
	}
	s.flush()
}

// eachLine calls f with each line of b (without its line end) and its
// number, the first being line.
func eachLine(b []byte, line int, f func(l []byte, line int)) {
	for len(b) > 0 {
		k := indexByte(b, '\n')
		if k < 0 {
			k = len(b)
		}
		f(b[:k], line)
		b = b[min(k+1, len(b)):]
		line++
	}
}

// listJob reads the lines of an IP list job: a record for each address.
func (ps *parser) listJob(j *job) {
	n := 0
	for _, e := range j.elems {
		n += countNL(j.buf[e.off:e.end]) + 1
	}
	if o := ps.out; cap(o.recs) < n {
		o.recs = make([]rec, 0, n) // once, not by doubling: a job holds 20k short lines
	}
	for _, e := range j.elems {
		eachLine(j.buf[e.off:e.end], int(e.line), func(l []byte, line int) {
			l = listEntry(l)
			if len(l) == 0 {
				return
			}
			ps.line = int32(line)
			ps.begin(int32(line - 1))
			c := ps.cur
			if bytes.IndexAny(l, " \t") >= 0 {
				ps.skipNotIP(string(l))
				return
			}
			c.ip = ps.appendText(string(l))
			placed := false
			if a, ok := addr4(l); ok {
				placed = ps.placeAddr(a, -1, nil) // the common case, parsed without a copy
			} else {
				placed = ps.placeIP(string(l), nil)
			}
			c.keyed = placed
		})
	}
}
