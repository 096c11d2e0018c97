package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

const (
	// bufSize is the read buffer of one job: big enough that a job holds
	// about a thousand features (the unit of parallel work and of cancellation
	// checks), small enough that the pool of them stays a few MiB.
	bufSize = 256 << 10
	// maxFeature bounds one feature (one line, one CSV record, one
	// top-level member). A larger one is skipped, not buffered.
	maxFeature = 64 << 20
	// progressStep is how often, in bytes read, Progress is called.
	progressStep = 4 << 20
)

// elem is one feature's bytes in a job's buffer.
type elem struct {
	off, end int
	index    int32
	line     int32  // 1-based line where it starts, for messages (0: unknown)
	check    bool   // not scanned yet: the worker checks structure and depth
	spec     bool   // split at a line end, not scanned: the worker verifies it is one whole value, else sets job.fail
	skip     string // set: skipped for this reason (bytes not kept)
}

// job is the unit of parallel work: a buffer of features.
type job struct {
	buf    []byte
	elems  []elem
	crs    crsKind
	out    jobOut
	at     placement    // where claim put the records
	parsed bool         // guarded by pipeline.mu
	fail   *atomic.Bool // set by a worker when a spec element is not one whole value
	base   int64        // file offset of buf[0]; -1 when buf is not the file's bytes
	kind   jobKind      // what its elements are
}

// jobKind says what a job's elements are.
type jobKind uint8

const (
	jobFeatures jobKind = iota // one GeoJSON feature each (CSV rows made into features)
	jobList                    // whole lines of an IP list (list.go)
	jobLog                     // whole lines of a log (logs.go)
)

// pipeline parses jobs on all cores. The worker that finishes a job
// claims it, and every job after it already parsed, in file order (claim:
// reports, servers, codes, column ranges), then places them (writes the
// columns): no goroutine of its own waits to merge, so none waits to be
// scheduled either (a merger goroutine woken by a busy worker sat in its
// run queue while the pool of jobs drained: workers were idle a third of
// a load).
type pipeline struct {
	work    chan *job
	free    chan *job
	wg      sync.WaitGroup
	placing sync.WaitGroup // claimed jobs not placed yet
	mu      sync.Mutex     // guards queue and job.parsed
	queue   []*job         // submitted and not claimed, in file order
	claim   func(j *job, wait func())
	place   func(*job)
	fail    atomic.Bool // a spec element was not one whole value
	geo     *geolocator // places records by IP address; set before the first submit
	times   *logTimes   // logs: what their times mean; set before the first submit
	logs    []*logAgg   // logs: each worker's hosts, once the workers are done (guarded by mu)
}

// poolSize is how many jobs a pipeline has: two in flight per worker,
// and two more for the reader to fill.
func poolSize() int { return 2*runtime.GOMAXPROCS(0) + 2 }

func newPipeline(claim func(j *job, wait func()), place func(*job)) *pipeline {
	workers := runtime.GOMAXPROCS(0)
	n := poolSize()
	p := &pipeline{
		work:  make(chan *job, n),
		free:  make(chan *job, n),
		claim: claim,
		place: place,
	}
	for range n {
		p.free <- &job{fail: &p.fail, base: -1}
	}
	for range workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			var ps parser
			var mine []*job
			for j := range p.work {
				ps.geo, ps.times = p.geo, p.times
				ps.run(j)
				mine = p.parsed(j, mine[:0])
			}
			if ps.logs != nil {
				p.mu.Lock()
				p.logs = append(p.logs, ps.logs)
				p.mu.Unlock()
			}
		}()
	}
	return p
}

// parsed marks j parsed, claims it and the parsed jobs after it when they
// are next in file order, and places those (mine is scratch).
func (p *pipeline) parsed(j *job, mine []*job) []*job {
	placeMine := func() {
		for _, m := range mine {
			p.placed(m)
		}
		mine = mine[:0]
	}
	p.mu.Lock()
	j.parsed = true
	for len(p.queue) > 0 && p.queue[0].parsed {
		k := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		// Before a column moves, every claimed job must be placed,
		// this worker's own included.
		p.claim(k, func() { placeMine(); p.placing.Wait() })
		p.placing.Add(1)
		mine = append(mine, k)
	}
	p.mu.Unlock()
	placeMine()
	return mine
}

// placed writes a claimed job into the columns and frees it.
func (p *pipeline) placed(j *job) {
	p.place(j)
	p.placing.Done()
	j.elems = j.elems[:0]
	j.out.reset()
	j.parsed, j.base, j.kind = false, -1, jobFeatures
	p.free <- j
}

// get returns a free job whose buffer holds at least n bytes.
func (p *pipeline) get(n int) *job {
	j := <-p.free
	if len(j.buf) < n {
		j.buf = make([]byte, n)
	}
	if j.out.recs == nil {
		// Sized once for a buffer of small features (about 150 bytes
		// each at the least), so the arenas do not grow by copying.
		j.out.recs = make([]rec, 0, len(j.buf)/128)
		j.out.text = make([]byte, 0, len(j.buf))
		j.elems = make([]elem, 0, len(j.buf)/128)
	}
	return j
}

func (p *pipeline) submit(j *job) {
	p.mu.Lock()
	p.queue = append(p.queue, j)
	p.mu.Unlock()
	p.work <- j
}

// close waits for every submitted job to be parsed, claimed and placed.
func (p *pipeline) close() {
	close(p.work)
	p.wg.Wait()
}

// run parses every element of j.
func (ps *parser) run(j *job) {
	ps.out = &j.out
	ps.crs = j.crs
	ps.shared = [len(ps.shared)]span{}
	switch j.kind {
	case jobList:
		ps.listJob(j)
		return
	case jobLog:
		ps.logJob(j)
		return
	}
	for _, e := range j.elems {
		ps.line = e.line // skip names it (a reader's skips too)
		if e.skip != "" {
			ps.begin(e.index)
			ps.skip("%s", e.skip)
			continue
		}
		b := j.buf[e.off:e.end]
		lexed := lexNotTried
		switch {
		case e.spec:
			// A line taken as one feature: it must be exactly one
			// whole value, as the scanner would have found it. lexFeat
			// accepting it proves that; otherwise the scanner checks.
			lexed = ps.tryLex(b)
			if lexed != lexOK {
				if !wholeValue(b) {
					j.fail.Store(true)
					continue
				}
			}
		case e.check:
			if lexed = ps.tryLex(b); lexed == lexOK {
				break // one whole value: checkValue would say ""
			}
			if why := checkValue(b); why != "" {
				ps.begin(e.index)
				ps.skip("%s", why)
				continue
			}
		}
		ps.element(b, e.index, lexed)
		ps.fileBytes(j, e)
	}
}

// fileBytes adds where e is in the file to its skip reason when the
// reason says where in the feature it fails, or nothing: a feature of a
// collection gets its file bytes, and a byte in the feature its file
// offset (a GeoJSONSeq line is named by its line already).
func (ps *parser) fileBytes(j *job, e elem) {
	r := &ps.out.recs[len(ps.out.recs)-1]
	if r.index != e.index || r.kind != rSkip || j.base < 0 {
		return
	}
	pre, msg := "", r.msg
	if e.line > 0 {
		k := strings.Index(msg, ": ")
		if k < 0 || !strings.HasPrefix(msg, "line ") {
			return
		}
		pre, msg = msg[:k+2], msg[k+2:]
	} else {
		pre = fmt.Sprintf("bytes %d-%d: ", j.base+int64(e.off), j.base+int64(e.end)-1)
	}
	var at string
	switch {
	case strings.HasPrefix(msg, "invalid JSON at byte "):
		at = msg[len("invalid JSON at byte "):]
	case strings.HasPrefix(msg, "malformed JSON at byte "):
		at = msg[len("malformed JSON at byte "):]
	case strings.HasPrefix(msg, "not a JSON object"):
		if e.line == 0 {
			r.msg = pre + msg
		}
		return
	default:
		return
	}
	f := strings.Fields(at)
	if len(f) == 0 {
		return
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		return
	}
	r.msg = fmt.Sprintf("%s%s (byte %d of the file)", pre, msg, j.base+int64(e.off)+int64(n))
}

// What run already knows of lexFeat on an element.
const (
	lexNotTried = iota
	lexOK       // p.feat holds lexFeat's result
	lexFailed   // lexFeat declined: use gjsonFeat
)

// tryLex runs lexFeat on b when it is an object. b is viewed as a
// string, not copied (featureText).
func (ps *parser) tryLex(b []byte) int {
	if len(b) == 0 || b[0] != '{' {
		return lexNotTried
	}
	if lexFeat(featureText(b), &ps.feat) {
		return lexOK
	}
	return lexFailed
}

// featureText views a feature's bytes in a job's buffer as a string. It
// is the one view into a reused buffer left: the buffer is reused only
// after claim has copied what outlives the job (textStr, typeCode's
// clone). Copying each feature instead doubled what a 100k load
// allocates (110 -> 217 MB, 2.9k -> 403k allocations a load;
// BenchmarkLoadGeoJSON100k -benchmem), far over the 2% a copy may cost.
func featureText(b []byte) string { return unsafe.String(&b[0], len(b)) }

// wholeValue reports whether b is exactly one complete JSON value (an
// object, array or string) of bounded depth, as the serial scanner would
// have delimited it.
func wholeValue(b []byte) bool {
	var s scanner
	n, done, err := s.scan(b)
	if err != nil || !done || s.deep || s.scalar {
		return false
	}
	for _, c := range b[n:] {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// checkValue reports why b is not exactly one complete JSON value of
// bounded depth, or "".
func checkValue(b []byte) string {
	var s scanner
	n, done, err := s.scan(b)
	switch {
	case err != nil:
		return "malformed JSON at byte " + itoa(n) + " of the feature: " + err.Error()
	case !done && s.scalar && n == len(b):
		return "not a JSON object"
	case !done:
		return "truncated JSON (the feature ends before its closing bracket)"
	case s.deep:
		return "nesting deeper than 64 levels"
	}
	for _, c := range b[n:] {
		if !isSpace(c) {
			return "malformed JSON: more data after the feature at byte " + itoa(n)
		}
	}
	return ""
}

// src streams a reader through a job's buffer, keeping
// the byte offset and line count of what it has passed.
type src struct {
	ctx    context.Context
	r      io.Reader
	p      *pipeline
	j      *job // the job owning buf
	buf    []byte
	n      int   // valid bytes in buf
	base   int64 // file offset of buf[0]
	lines  int   // newlines before buf[0]
	eof    bool
	rerr   error // read error other than EOF
	total  int64
	next   int64 // next progress call at this offset
	prog   func(read, total int64)
	crs    crsKind
	kind   jobKind       // of the jobs submitted
	halt   *atomic.Bool  // set: stop reading, as at the end of input
	readTo *atomic.Int64 // where the bytes read so far end (loader.scale)
}

// offset returns the file offset of buf[i].
func (s *src) offset(i int) int64 { return s.base + int64(i) }

// line returns the 1-based line of buf[i].
func (s *src) line(i int) int { return s.lines + bytes.Count(s.buf[:i], []byte{'\n'}) + 1 }

// refill reads more input, keeping buf[keep:n]. It returns how far the
// kept bytes moved towards the start (subtract it from indices) and false
// at the end of input or on cancellation. When the kept bytes fill the
// buffer it grows, up to maxFeature plus one buffer; callers stop keeping
// before that.
func (s *src) refill(keep int) (shift int, ok bool) {
	if s.eof {
		return 0, false
	}
	if s.ctx.Err() != nil {
		s.rerr = s.ctx.Err()
		s.eof = true
		return 0, false
	}
	if s.halt != nil && s.halt.Load() {
		s.eof = true
		return 0, false
	}
	if s.n == len(s.buf) {
		switch {
		case keep == 0:
			n := 2 * len(s.buf)
			if lim := maxFeature + bufSize; len(s.buf) < lim && n > lim {
				n = lim // doubling past it held up to 128 MiB for one feature
			}
			nb := make([]byte, n)
			copy(nb, s.buf[:s.n])
			s.buf = nb
			if s.j != nil {
				s.j.buf = nb
			}
		case s.j != nil && len(s.j.elems) > 0:
			// Room for the kept bytes and as much again: not the size
			// of this buffer, which one long feature may have grown to
			// 64 MiB (every job after it then took a buffer that size).
			nj := s.p.get(max(bufSize, 2*(s.n-keep)))
			copy(nj.buf, s.buf[keep:s.n])
			s.passed(keep)
			s.j.crs, s.j.base, s.j.kind = s.crs, s.base, s.kind
			s.p.submit(s.j)
			s.j, s.buf = nj, nj.buf
			shift = keep
		default:
			s.passed(keep)
			copy(s.buf, s.buf[keep:s.n])
			shift = keep
		}
		s.n -= shift
		s.base += int64(shift)
	}
	got, zeros, from := false, 0, s.n
	for s.n < len(s.buf) {
		m, err := s.r.Read(s.buf[s.n:])
		if m < 0 || m > len(s.buf)-s.n {
			m, err = 0, io.ErrNoProgress
		}
		s.n += m
		if m > 0 {
			got, zeros = true, 0
		} else if err == nil {
			// A reader returning 0, nil forever must not hang us.
			if zeros++; zeros >= 100 {
				err = io.ErrNoProgress
			}
		}
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			break
		}
	}
	s.stopAtNULs(from)
	if s.readTo != nil {
		s.readTo.Store(s.base + int64(s.n))
	}
	if s.prog != nil && s.base+int64(s.n) >= s.next {
		s.prog(s.base+int64(s.n), s.total)
		s.next = s.base + int64(s.n) + progressStep
	}
	return shift, got
}

// nulRun is how many NUL bytes in a row end the input. Text formats have
// none; a sparse file (truncate -s 100G) or a damaged one has pages of
// them, and reading those as one endless value would take as long as the
// file claims to be.
const nulRun = 4096

// errNULs says where a run of nulRun NUL bytes starts.
type errNULs struct{ at int64 }

func (e errNULs) Error() string {
	return "byte " + itoa(int(e.at)) + ": " + itoa(nulRun) + " NUL bytes in a row, not text (a sparse or damaged file?)"
}

// stopAtNULs ends the input where the bytes read from buf[from:] start a
// run of nulRun NUL bytes: the buffer is cut there and the rest is not
// read. A run split across two reads may be missed; the next is not.
func (s *src) stopAtNULs(from int) {
	for from < s.n {
		k := indexByte(s.buf[from:s.n], 0)
		if k < 0 {
			return
		}
		a := from + k
		e := a
		for e < s.n && e-a < nulRun && s.buf[e] == 0 {
			e++
		}
		if e-a >= nulRun {
			s.n, s.eof, s.rerr = a, true, errNULs{s.base + int64(a)}
			return
		}
		from = e
	}
}

// passed counts the lines of buf[:k], which is about to be dropped.
func (s *src) passed(k int) { s.lines += bytes.Count(s.buf[:k], []byte{'\n'}) }

// flush submits the current job if it holds elements.
func (s *src) flush() {
	if s.j != nil && len(s.j.elems) > 0 {
		s.j.crs, s.j.base, s.j.kind = s.crs, s.base, s.kind
		s.p.submit(s.j)
		s.j = nil
	}
}

// add records an element of the current job.
func (s *src) add(e elem) { s.j.elems = append(s.j.elems, e) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

func indexByte(b []byte, c byte) int { return bytes.IndexByte(b, c) }

func countNL(b []byte) int { return bytes.Count(b, []byte{'\n'}) }
